package metrics

import (
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestThinDimensions: a dimension scored from fewer than half of its indicators is flagged; half
// or more is not, and none at all is a missing dimension, not a thin one.
//
//	health indicators   h1  h2  h3  h4      jobs: j1
//	A                   x   x   x   x       x
//	B                   x   x   -   -       x     2 of 4: not thin
//	C                   x   -   -   -       x     1 of 4: thin
//	D                   -   -   -   -       x     0 of 4: missing
func TestThinDimensions(t *testing.T) {
	var in Input
	for _, code := range []string{"A", "B", "C", "D"} {
		in.Regions = append(in.Regions, data.Region{Code: code, Name: code})
	}
	has := map[string][]string{"A": {"h1", "h2", "h3", "h4"}, "B": {"h1", "h2"}, "C": {"h1"}}
	for _, id := range []string{"h1", "h2", "h3", "h4"} {
		in.Indicators = append(in.Indicators, data.Indicator{ID: id, Dimension: "health", Direction: higher})
	}
	in.Indicators = append(in.Indicators, data.Indicator{ID: "j1", Dimension: "jobs", Direction: higher})
	for i, r := range in.Regions {
		in.Values = append(in.Values, Value{Region: r.Code, Indicator: "j1", Period: "2023", Value: float64(i), Status: data.StatusPublished})
		for _, id := range has[r.Code] {
			in.Values = append(in.Values, Value{Region: r.Code, Indicator: id, Period: "2023", Value: float64(i), Status: data.StatusPublished})
		}
	}
	// Every health indicator has values for at least a quarter of the regions.
	idx := ComputeIndex(in, Options{MinIndicatorShare: 0.25})
	want := map[string]string{"A": "", "B": "", "C": "health rests on 1 of 4 indicators", "D": "no data for health"}
	for _, r := range idx.Regions {
		if got := flagText(r.Flags); got != want[r.Region.Code] {
			t.Errorf("%s flags %q, want %q", r.Region.Code, got, want[r.Region.Code])
		}
	}
}
