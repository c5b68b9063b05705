package metrics_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/ingest"
	"github.com/placevalue/placevalue/metrics"
)

// realData is the folder of real published files, beside the repository.
const realData = "../../shared/data/real"

// realOECDInput is the input of the OECD TL2 ranking from the OECD Regional Well-Being data file,
// read with placevalue's own reader: the regions of the level (the UK's as its ITL1 regions), the
// indicators of the Indicator_Last sheet with their catalogue dimension and direction, and their
// values. The OECD's own topic scores (Score_Last) are left out, as the ranking leaves them out.
func realOECDInput(b *testing.B) metrics.Input {
	b.Helper()
	if _, err := os.Stat(realData); err != nil {
		b.Skipf("real published files not found at %s (they sit beside the repository in ../shared): %v", realData, err)
	}
	batch, err := ingest.ReadFile(context.Background(), filepath.Join(realData, "oecd", "OECD-Regional-Well-Being-Data-File_2025.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	var in metrics.Input
	members := data.LevelOECDTL2.Members()
	for _, r := range batch.Regions {
		if slices.Contains(members, r.Level) {
			in.Regions = append(in.Regions, r)
		}
	}
	used := map[string]bool{}
	for _, o := range batch.Observations {
		if o.Cell.Sheet != "Indicator_Last" || o.Value == nil {
			continue
		}
		used[o.Indicator] = true
		in.Values = append(in.Values, metrics.Value{Region: o.Region, Indicator: o.Indicator, Period: o.Period, Value: *o.Value, Status: o.Status})
	}
	for _, ind := range batch.Indicators {
		if used[ind.ID] {
			in.Indicators = append(in.Indicators, ind)
		}
	}
	return in
}

// BenchmarkUncertainty1000RealOECD is BenchmarkUncertainty1000 on the real OECD TL2 data: it
// times the plain index on the same input in the same run, and reports how many plain indexes
// 1,000 draws cost ("x-plain") and the plain index's time ("plain-ms").
func BenchmarkUncertainty1000RealOECD(b *testing.B) {
	in := realOECDInput(b)
	idx := metrics.ComputeIndex(in, metrics.DefaultOptions)
	ranked := 0
	for _, r := range idx.Regions {
		if r.Index != nil {
			ranked++
		}
	}
	// the 2025 file ranks 468 regions on 15 indicators over all 11 dimensions: far fewer means the
	// file was misread, and the figures would time something else
	if ranked < 400 || len(idx.Indicators) < 12 || len(idx.Dimensions) != len(data.Dimensions) {
		b.Fatalf("%d regions ranked on %d indicators in %d dimensions", ranked, len(idx.Indicators), len(idx.Dimensions))
	}
	const plainRuns = 200
	start := time.Now()
	for range plainRuns {
		metrics.ComputeIndex(in, metrics.DefaultOptions)
	}
	plain := float64(time.Since(start).Nanoseconds()) / plainRuns
	b.ResetTimer()
	for b.Loop() {
		metrics.Uncertainty(in, metrics.DefaultOptions, 1000, 42)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/plain, "x-plain")
	b.ReportMetric(plain/1e6, "plain-ms")
	b.ReportMetric(float64(ranked), "regions")
}
