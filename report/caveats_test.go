package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// TestCaveatsAreShownNotHidden: a stale figure, an estimated one and a dimension without data
// reach the index CSV's caveat columns and the words the pages show.
//
//	                 life expectancy      homicide rate       employment rate
//	TLC              80 (2021)            1.0 (2019: stale)   70 (2021, estimated)
//	TLD              81 (2021)            1.5 (2021)          72 (2021)
//	TLE              82 (2021)            -                   74 (2021)
func TestCaveatsAreShownNotHidden(t *testing.T) {
	ctx := context.Background()
	obs := func(region, ind, period string, v float64, st data.Status) data.Observation {
		return data.Observation{Region: region, Indicator: ind, Period: period, Value: data.Float(v), Status: st,
			Cell: data.Cell{File: "f.xlsx", Sheet: "S", Ref: "B2"}}
	}
	const pub = data.StatusPublished
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "OECD", Title: "t", FileName: "f.xlsx", SHA256: "c", Vintage: "2023", Licence: "CC BY 4.0"},
		Regions: []data.Region{
			{Code: "TLC", Name: "North East", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLD", Name: "North West", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLE", Name: "Yorkshire and The Humber", Level: data.LevelITL1, Country: "GBR"},
		},
		Indicators: []data.Indicator{
			{ID: "oecd.life_expectancy", Name: "Life expectancy", Unit: "years", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "oecd.homicide_rate", Name: "Homicide rate", Unit: "per 100 000", Direction: data.LowerIsBetter, Source: "test"},
			{ID: "oecd.employment_rate", Name: "Employment rate", Unit: "%", Direction: data.HigherIsBetter, Source: "test"},
		},
		Observations: []data.Observation{
			obs("TLC", "oecd.life_expectancy", "2021", 80, pub), obs("TLD", "oecd.life_expectancy", "2021", 81, pub), obs("TLE", "oecd.life_expectancy", "2021", 82, pub),
			obs("TLC", "oecd.homicide_rate", "2019", 1, pub), obs("TLD", "oecd.homicide_rate", "2021", 1.5, pub),
			obs("TLC", "oecd.employment_rate", "2021", 70, data.StatusEstimated), obs("TLD", "oecd.employment_rate", "2021", 72, pub),
			obs("TLE", "oecd.employment_rate", "2021", 74, pub),
		},
	}
	w := loadBatches(t, b)
	q := DefaultIndexQuery(data.LevelITL1)
	q.Draws = 0
	v, err := BuildIndex(ctx, w, q)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteIndexViewCSV(&buf, v); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), byteOrderMark))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	caveats := map[string]string{}
	for _, r := range rows[1:] {
		caveats[r[1]] = strings.Join(r[len(r)-5:], "|")
	}
	want := map[string]string{
		"TLC": "||oecd.homicide_rate@2019|oecd.employment_rate:estimated|",
		"TLD": "||||",
		"TLE": "safety||||",
	}
	for code, w := range want {
		if caveats[code] != w {
			t.Errorf("%s caveat columns = %q, want %q", code, caveats[code], w)
		}
	}
	var texts []string
	for _, code := range []string{"TLC", "TLE"} {
		for _, rs := range v.Index.Regions {
			if rs.Region.Code != code {
				continue
			}
			for _, c := range Caveats(rs, v.Index) {
				texts = append(texts, code+": "+c.Text)
			}
		}
	}
	wantTexts := []string{
		"TLC: Homicide rate: the latest figure is for 2019; other regions have figures for 2021.",
		"TLC: Employment rate for 2021 is an estimate.",
		"TLE: No data for Safety: the index is the weighted mean of the other dimensions, as if this one matched them.",
	}
	if strings.Join(texts, "\n") != strings.Join(wantTexts, "\n") {
		t.Errorf("caveats:\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(wantTexts, "\n"))
	}
}

func TestThinDimensionCaveat(t *testing.T) {
	idx := metrics.Index{Dimensions: []data.Dimension{{ID: "education", Name: "Education"}}}
	rs := metrics.RegionScore{Flags: []metrics.Flag{{Kind: metrics.FlagThinDimension, Dimension: "education", Have: 1, Of: 6}}}
	if got := strings.Join(caveatColumns(rs), "|"); got != "|education:1/6|||" {
		t.Errorf("caveat columns %q", got)
	}
	if got := Caveats(rs, idx); len(got) != 1 || got[0].Text != "Education rests on 1 of the 6 indicators the index scores in it." {
		t.Errorf("caveats %+v", got)
	}
}

func TestCappedOutlierCaveat(t *testing.T) {
	idx := metrics.Index{Indicators: []data.Indicator{{ID: "ons_sni.gdhi_per_head", Name: "Household income"}}}
	rs := metrics.RegionScore{Flags: []metrics.Flag{
		{Kind: metrics.FlagCapped, Indicator: "ons_sni.gdhi_per_head", Period: "2021"},
		{Kind: metrics.FlagMissingDimension, Dimension: "safety"},
	}}
	if got := strings.Join(caveatColumns(rs), "|"); got != "safety||||ons_sni.gdhi_per_head@2021" {
		t.Errorf("caveat columns %q", got)
	}
	cs := Caveats(rs, idx)
	want := "Household income for 2021 is an outlier among these regions: it was capped at the next value in before scoring (outliers=winsorise)."
	if len(cs) != 2 || cs[1].Text != want {
		t.Errorf("caveats %+v, want the missing dimension first, then %q", cs, want)
	}
}
