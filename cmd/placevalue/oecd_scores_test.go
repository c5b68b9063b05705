package main

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/ingest"
	"github.com/placevalue/placevalue/metrics"
)

// TestIndexOfOECDTopicScoresIsTheirMean checks the index against the OECD's own work: with equal
// weights and the OECD's published 0–10 topic scores (sheet Score_Last) taken as the dimension
// scores, every region's index must be the mean of its available topic scores, read here straight
// from the workbook.
func TestIndexOfOECDTopicScoresIsTheirMean(t *testing.T) {
	realFiles(t)
	path := filepath.Join(realData, "oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx")
	b, err := ingest.ReadFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	in := metrics.Input{}
	opt := metrics.Options{Normalisation: metrics.NormaliseGoalposts, Goalposts: map[string]metrics.Goalpost{}}
	for _, ind := range b.Indicators {
		dim, ok := strings.CutPrefix(ind.ID, "oecd.score.")
		if !ok {
			continue
		}
		// The scores are already on 0–10: goalposts at 0 and 10 leave them as published.
		ind.Dimension, ind.Direction = dim, data.HigherIsBetter
		in.Indicators = append(in.Indicators, ind)
		opt.Goalposts[ind.ID] = metrics.Goalpost{Low: 0, High: 10}
	}
	if len(in.Indicators) != 11 {
		t.Fatalf("found %d OECD topic scores, want 11", len(in.Indicators))
	}
	for _, r := range b.Regions {
		if r.Level == data.LevelOECDTL2 || r.Level == data.LevelITL1 {
			in.Regions = append(in.Regions, r)
		}
	}
	for _, o := range b.Observations {
		if strings.HasPrefix(o.Indicator, "oecd.score.") && o.Value != nil {
			in.Values = append(in.Values, metrics.Value{Region: o.Region, Indicator: o.Indicator, Period: o.Period, Value: *o.Value})
		}
	}
	idx := metrics.ComputeIndex(in, opt)
	byCode := map[string]metrics.RegionScore{}
	for _, r := range idx.Regions {
		byCode[r.Region.Code] = r
	}

	geo, err := data.UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Score_Last", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, row := range rows[8:] { // data from row 9: B country, C region, D code, E.. scores
		if len(row) < 5 || row[1] == "" || row[3] == "" {
			continue // footnotes and whole-country rows
		}
		code := row[3]
		if c, ok := geo.Canonical(code); ok {
			code = c.Code
		}
		var sum float64
		var n int
		for _, cell := range row[4:] {
			if v, err := strconv.ParseFloat(cell, 64); err == nil {
				sum += v
				n++
			}
		}
		got, ok := byCode[code]
		if n == 0 {
			if ok && got.Index != nil {
				t.Errorf("%s has no published scores but an index %v", code, *got.Index)
			}
			continue
		}
		if !ok || got.Index == nil {
			t.Errorf("%s (%s): no index, want the mean of %d scores", code, row[2], n)
			continue
		}
		if want := sum / float64(n); math.Abs(*got.Index-want) > 1e-9 {
			t.Errorf("%s (%s): index %v, mean of its %d topic scores %v", code, row[2], *got.Index, n, want)
		}
		checked++
	}
	if checked < 400 {
		t.Fatalf("checked only %d regions", checked)
	}
}
