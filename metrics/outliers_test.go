package metrics

import (
	"math"
	"slices"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func span(from, to float64) []float64 {
	var out []float64
	for v := from; v <= to; v++ {
		out = append(out, v)
	}
	return out
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func powersOfTen(from, to int) []float64 {
	var out []float64
	for k := from; k <= to; k++ {
		out = append(out, math.Pow(10, float64(k)))
	}
	return out
}

// The moments, worked by hand (a spreadsheet's SKEW.P, and KURT's population form less 3) for
// 10, 11, ..., 29 and 1000: mean 66.19, m2 = 41,438.4, m3 = 3.540e7, m4 = 2.751e10.
func TestSkewnessAndKurtosis(t *testing.T) {
	tests := []struct {
		name           string
		values         []float64
		skew, kurtosis float64 // NaN: undefined
	}{
		{"one far above", append(span(10, 29), 1000), 4.243418, 16.022577},
		{"one far below", append([]float64{-1000}, span(10, 29)...), -4.243801, 16.024633},
		{"symmetric", []float64{1, 2, 3, 4, 5}, 0, -1.3},
		{"all equal", []float64{3, 3, 3, 3}, math.NaN(), math.NaN()},
		{"two values", []float64{1, 2}, math.NaN(), math.NaN()},
		{"three values: no kurtosis", []float64{1, 2, 6}, 0.595170, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s := Skewness(tt.values); !sameOrBothNaN(s, tt.skew, 1e-6) {
				t.Errorf("Skewness = %g, want %g", s, tt.skew)
			}
			if k := ExcessKurtosis(tt.values); !sameOrBothNaN(k, tt.kurtosis, 1e-6) {
				t.Errorf("ExcessKurtosis = %g, want %g", k, tt.kurtosis)
			}
		})
	}
}

func sameOrBothNaN(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return closeTo(got, want, tol)
}

// Winsorise caps the most extreme value at the next one in, while skewness is above 2 and excess
// kurtosis above 3.5, capping at most five values and a quarter of them. The steps were worked
// with the moments above.
func TestWinsorise(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   []float64
		capped []int
	}{
		// 1000 -> 29: skewness -0.04 after; done.
		{"one high outlier", append(span(10, 29), 1000), append(span(10, 29), 29), []int{20}},
		{"one low outlier", append([]float64{-1000}, span(10, 29)...), append([]float64{10}, span(10, 29)...), []int{0}},
		// 400 -> 200 leaves skewness 2.35 and kurtosis 3.58, still outlying; 200 (twice) -> 15.
		{"two in a row", append(span(1, 15), 200, 400), append(span(1, 15), 15, 15), []int{15, 16}},
		// Thirty ones, a 2 and three equal extremes (skewness 2.90, kurtosis 6.43): all three are
		// capped in one step, at 2. Thirty ones and four 2s are still outlying (skewness 2.37,
		// kurtosis 3.63), but capping again would leave nothing but ones. With twenty ones
		// (skewness 2.27, kurtosis 3.14) none is capped.
		{"tied extremes", append(repeat(1, 30), 2, 500, 500, 500), append(repeat(1, 30), 2, 2, 2, 2), []int{31, 32, 33}},
		{"tied extremes, fewer ones", append(repeat(1, 20), 2, 500, 500, 500), append(repeat(1, 20), 2, 500, 500, 500), nil},
		// 1 to 7 and 100: skewness 2.25 but kurtosis 3.10, under 3.5: not outlying.
		{"skewed but not heavy-tailed", append(span(1, 7), 100), append(span(1, 7), 100), nil},
		{"symmetric", []float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 5}, nil},
		{"too few", []float64{1, 1000}, []float64{1, 1000}, nil},
		// Forty ones and 10 to 10^12: each step caps the largest at the next power of ten, and
		// after five the sixth would pass the limit, so 10^8 remains, five times.
		{"limit of five", append(repeat(1, 40), powersOfTen(1, 12)...),
			append(append(repeat(1, 40), powersOfTen(1, 7)...), repeat(1e7, 5)...), []int{47, 48, 49, 50, 51}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.values)
			got, capped := Winsorise(tt.values)
			if !slices.Equal(got, tt.want) || !slices.Equal(capped, tt.capped) {
				t.Errorf("Winsorise = %v, capped %v\nwant %v, capped %v", got, capped, tt.want, tt.capped)
			}
			if !slices.Equal(in, tt.values) {
				t.Error("Winsorise changed its input")
			}
		})
	}
}

// TestOutliersInTheIndex: with outliers kept, an outlying indicator is named in a note; when
// winsorised, the outlier is capped before min-max scoring, the other regions spread over the
// scale, and the capped value is flagged on its region. Rank scoring is left alone.
func TestOutliersInTheIndex(t *testing.T) {
	// Twenty-one regions: income from 10 to 29 and R20 at 1000.
	var in Input
	values := append(span(10, 29), 1000)
	for i, v := range values {
		code := "R" + itoa(i)
		in.Regions = append(in.Regions, data.Region{Code: code, Name: code, Level: data.LevelOECDTL2, Country: "XXX"})
		in.Values = append(in.Values, Value{Region: code, Indicator: "inc", Period: "2021", Value: v, Status: data.StatusPublished})
	}
	in.Indicators = []data.Indicator{{ID: "inc", Name: "Household income", Dimension: "income", Direction: data.HigherIsBetter}}

	score := func(idx Index, code string) float64 {
		for _, r := range idx.Regions {
			if r.Region.Code == code {
				return r.Dimensions["income"]
			}
		}
		t.Fatalf("no %s", code)
		return 0
	}
	kept := ComputeIndex(in, DefaultOptions)
	// R19 (29): (29-10)/(1000-10) × 10 = 0.1919...
	if s := score(kept, "R19"); !closeTo(s, 190.0/990, 1e-9) {
		t.Errorf("kept: R19 scores %g, want 0.19", s)
	}
	wantNote := "Household income: a few extreme values (skewness 4.2) squeeze the other regions into a small part of the scale; capping outliers (winsorise) or scaling by rank would spread them"
	if !slices.Equal(kept.Notes, []string{wantNote}) {
		t.Errorf("kept: notes %q, want %q", kept.Notes, wantNote)
	}

	capped := ComputeIndex(in, withOpt(DefaultOptions, func(o *Options) { o.Outliers = OutliersWinsorise }))
	// 1000 is capped at 29: R19 and R20 both score 10, R0 0, R10 (20) (20-10)/19 × 10.
	for code, want := range map[string]float64{"R20": 10, "R19": 10, "R0": 0, "R10": 100.0 / 19} {
		if s := score(capped, code); !closeTo(s, want, 1e-9) {
			t.Errorf("winsorised: %s scores %g, want %g", code, s, want)
		}
	}
	if want := []string{"Household income: 1 extreme value capped at the next value in (winsorised) before scoring"}; !slices.Equal(capped.Notes, want) {
		t.Errorf("winsorised: notes %q, want %q", capped.Notes, want)
	}
	for _, r := range capped.Regions {
		want := ""
		if r.Region.Code == "R20" {
			want = "inc for 2021 is an outlier, capped before scoring"
		}
		if got := flagText(r.Flags); got != want {
			t.Errorf("winsorised: %s flags %q, want %q", r.Region.Code, got, want)
		}
	}

	ranked := ComputeIndex(in, withOpt(DefaultOptions, func(o *Options) {
		o.Outliers, o.Normalisation = OutliersWinsorise, NormaliseRank
	}))
	if len(ranked.Notes) != 0 || score(ranked, "R20") != 10 || score(ranked, "R19") != 9.5 {
		t.Errorf("rank scoring: notes %q, R20 %g, R19 %g; want no notes, 10 and 9.5", ranked.Notes, score(ranked, "R20"), score(ranked, "R19"))
	}
}

func TestParseOutliers(t *testing.T) {
	for in, want := range map[string]Outliers{"": OutliersKeep, "keep": OutliersKeep, " Winsorise ": OutliersWinsorise, "winsorize": OutliersWinsorise} {
		if got, err := ParseOutliers(in); err != nil || got != want {
			t.Errorf("ParseOutliers(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseOutliers("trim"); err == nil || err.Error() != `unknown outlier treatment "trim"; known: keep, winsorise` {
		t.Errorf("ParseOutliers(trim) error %v", err)
	}
	if err := (Options{Outliers: "trim"}).Validate(); err == nil {
		t.Error("Validate accepted outliers=trim")
	}
}

// TestOutliersWithFixedBounds: against fixed goalposts or a target, capping moves no bound, so
// the scores stay as they are and a note names the outlying indicator either way.
func TestOutliersWithFixedBounds(t *testing.T) {
	var in Input
	for i, v := range append(span(10, 29), 1000) {
		code := "R" + itoa(i)
		in.Regions = append(in.Regions, data.Region{Code: code, Name: code, Level: data.LevelOECDTL2, Country: "XXX"})
		in.Values = append(in.Values, Value{Region: code, Indicator: "inc", Period: "2021", Value: v, Status: data.StatusPublished})
	}
	in.Indicators = []data.Indicator{{ID: "inc", Name: "Household income", Dimension: "income", Direction: data.HigherIsBetter}}
	for _, tt := range []struct {
		norm  Normalisation
		bound string
	}{{NormaliseGoalposts, "goalposts"}, {NormaliseTarget, "target"}} {
		t.Run(tt.bound, func(t *testing.T) {
			opt := withOpt(DefaultOptions, func(o *Options) {
				o.Normalisation = tt.norm
				o.Goalposts = map[string]Goalpost{"inc": {Low: 10, High: 1000}}
				o.Targets = map[string]float64{"inc": 1000}
			})
			kept := ComputeIndex(in, opt)
			opt.Outliers = OutliersWinsorise
			capped := ComputeIndex(in, opt)
			want := "Household income: a few extreme values (skewness 4.2) may set the " + tt.bound + " and squeeze the other regions; capping outliers (winsorise) does not move fixed " + tt.bound + ", scaling by rank would spread them"
			for name, idx := range map[string]Index{"kept": kept, "winsorised": capped} {
				if !slices.Equal(idx.Notes, []string{want}) {
					t.Errorf("%s: notes %q, want %q", name, idx.Notes, want)
				}
			}
			if ranking(kept) != ranking(capped) {
				t.Errorf("winsorising moved scores against fixed bounds: %s vs %s", ranking(kept), ranking(capped))
			}
			for _, r := range capped.Regions {
				if len(r.Flags) != 0 {
					t.Errorf("%s flagged %q, want nothing capped", r.Region.Code, flagText(r.Flags))
				}
			}
		})
	}
}
