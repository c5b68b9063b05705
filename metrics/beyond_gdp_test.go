package metrics

import (
	"fmt"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// scoredIndex builds an index by hand: each region as "code index gdp", "-" for none, listed in
// index order. Ranks are given as ComputeIndex would.
func scoredIndex(t *testing.T, rows ...string) Index {
	t.Helper()
	var idx Index
	for _, row := range rows {
		var code, index, gdp string
		if _, err := fmt.Sscan(row, &code, &index, &gdp); err != nil {
			t.Fatalf("row %q: %v", row, err)
		}
		rs := RegionScore{Region: data.Region{Code: code, Name: code, Country: "XXX"}}
		if index != "-" {
			v := mustFloat(t, index)
			rs.Index = &v
		}
		if gdp != "-" {
			v := mustFloat(t, gdp)
			rs.Comparator = &v
		}
		idx.Regions = append(idx.Regions, rs)
	}
	rankRegions(idx.Regions)
	return idx
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var v float64
	if _, err := fmt.Sscan(s, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func gaps(gs []GDPGap) string {
	var s []string
	for _, g := range gs {
		s = append(s, fmt.Sprintf("%s:%d/%d/%+d", g.Region.Code, g.IndexRank, g.GDPRank, g.Gap))
	}
	return strings.Join(s, " ")
}

func TestCompareGDP(t *testing.T) {
	// E has no GDP and F no index: both left out. Among A–D, by index: A 1, B 2, C 3, D 4; by GDP
	// (40, 30, 30, 10): B 1, C and D tie at 2, A 4. Gaps GDP − index: A 4−1 = +3, B 1−2 = −1,
	// C 2−3 = −1, D 2−4 = −2. The default threshold is ⌈4/4⌉ = 1.
	idx := scoredIndex(t, "A 8 10", "B 6 40", "C 4 30", "D 2 30", "E 9 -", "F - 50")
	tests := []struct {
		name                string
		idx                 Index
		threshold           int
		wantAll, wantBetter string
		wantWorse           string
		wantThreshold       int
	}{
		{"default threshold", idx, 0, "A:1/4/+3 B:2/1/-1 C:3/2/-1 D:4/2/-2", "A:1/4/+3", "D:4/2/-2 B:2/1/-1 C:3/2/-1", 1},
		{"threshold 2", idx, 2, "A:1/4/+3 B:2/1/-1 C:3/2/-1 D:4/2/-2", "A:1/4/+3", "D:4/2/-2", 2},
		// index ties (both 5) share rank 1 whatever their GDP: gaps 0 and +1
		{"index tie", scoredIndex(t, "A 5 10", "B 5 20"), 0, "A:1/2/+1 B:1/1/+0", "A:1/2/+1", "", 1},
		{"single region", scoredIndex(t, "A 5 10"), 0, "A:1/1/+0", "", "", 1},
		{"no GDP", scoredIndex(t, "A 5 -"), 0, "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CompareGDP(tt.idx, tt.threshold)
			if gaps(got.Regions) != tt.wantAll || gaps(got.Better) != tt.wantBetter || gaps(got.Worse) != tt.wantWorse || got.Threshold != tt.wantThreshold {
				t.Fatalf("got all %q better %q worse %q threshold %d", gaps(got.Regions), gaps(got.Better), gaps(got.Worse), got.Threshold)
			}
		})
	}
}
