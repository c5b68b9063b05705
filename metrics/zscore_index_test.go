package metrics

import (
	"testing"

	"github.com/placevalue/placevalue/data"
)

// zscoreInput is four regions with a higher-is-better income indicator and a lower-is-better
// health indicator that D has no value of:
//
//	indicator  dimension  direction  A  B  C  D
//	inc        income     higher     1  3  3  9
//	pm25       health     lower      2  2  5  -
//
// inc: mean 16/4 = 4, deviations −3, −1, −1, 5, variance (9+1+1+25)/4 = 9, sd 3;
// z = −1, −1/3, −1/3, 5/3; score 5 + z×5/3: A 10/3 = 3.333333, B and C 40/9 = 4.444444,
// D 70/9 = 7.777778.
// pm25 over A, B, C only (D's missing value is not a zero): mean 3, deviations −1, −1, 2,
// variance 6/3 = 2, sd √2; z = −1/√2, −1/√2, √2, reversed because lower is better:
// A and B 5 + 5/(3√2) = 5 + 1.178511 = 6.178511, C 5 − 10/(3√2) = 5 − 2.357023 = 2.642977.
func zscoreInput() Input {
	reg := func(code string) data.Region { return data.Region{Code: code, Name: code + "land", Country: "XXX"} }
	val := func(region, indicator string, v float64) Value {
		return Value{Region: region, Indicator: indicator, Period: "2022", Value: v, Status: data.StatusPublished}
	}
	return Input{
		Regions: []data.Region{reg("A"), reg("B"), reg("C"), reg("D")},
		Indicators: []data.Indicator{
			{ID: "inc", Dimension: "income", Direction: higher},
			{ID: "pm25", Dimension: "health", Direction: lower},
		},
		Values: []Value{
			val("A", "inc", 1), val("B", "inc", 3), val("C", "inc", 3), val("D", "inc", 9),
			val("A", "pm25", 2), val("B", "pm25", 2), val("C", "pm25", 5),
		},
	}
}

func TestComputeIndexZScore(t *testing.T) {
	z := Options{Normalisation: NormaliseZScore}
	tests := []struct {
		name string
		opt  Options
		want string
		// wantDims is each region's income and health scores, "-" for none
		wantDims map[string][2]string
	}{
		// A (3.333333 + 6.178511)/2 = 4.755922; B (4.444444 + 6.178511)/2 = 5.311478;
		// C (4.444444 + 2.642977)/2 = 3.543711; D income alone, 7.777778
		{"equal weights", z, "D:1:7.7778 B:2:5.3115 A:3:4.7559 C:4:3.5437", map[string][2]string{
			"A": {"3.3333", "6.1785"}, "B": {"4.4444", "6.1785"}, "C": {"4.4444", "2.643"}, "D": {"7.7778", "-"},
		}},
		// income 3, health 1: A (3×3.333333 + 6.178511)/4 = 4.044628; B (3×4.444444 + 6.178511)/4
		// = 4.877961; C (3×4.444444 + 2.642977)/4 = 3.994078; D 7.777778
		{"income weighs 3", withOpt(z, func(o *Options) { o.Weights = Weights{"income": 3} }),
			"D:1:7.7778 B:2:4.878 A:3:4.0446 C:4:3.9941", nil},
		// health left out: the income z-scores alone; B and C tie
		{"health weighs 0", withOpt(z, func(o *Options) { o.Weights = Weights{"health": 0} }),
			"D:1:7.7778 B:2:4.4444 C:2:4.4444 A:4:3.3333", nil},
		// D covers 1 of 2 dimensions, below 0.6: no index; the others as with equal weights
		{"D below the minimum coverage", withOpt(z, func(o *Options) { o.MinCoverage = 0.6 }),
			"B:1:5.3115 A:2:4.7559 C:3:3.5437 D:0:-", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := ComputeIndex(zscoreInput(), tt.opt)
			if got := ranking(idx); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
			for _, rs := range idx.Regions {
				want, ok := tt.wantDims[rs.Region.Code]
				if !ok {
					continue
				}
				for k, dim := range []string{"income", "health"} {
					got := "-"
					if s, ok := rs.Dimensions[dim]; ok {
						got = strconvG(s)
					}
					if got != want[k] {
						t.Errorf("%s %s score %s, want %s", rs.Region.Code, dim, got, want[k])
					}
				}
			}
			if len(idx.Notes) != 0 {
				t.Errorf("notes %q", idx.Notes)
			}
		})
	}
}
