package metrics

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func dimensionGaps(gs []DimensionGap) string {
	var s []string
	for _, g := range gs {
		s = append(s, fmt.Sprintf("%s%+g", g.Dimension, math.Round(g.Difference*1000)/1000))
	}
	return strings.Join(s, " ")
}

func TestStrengthsAndWeaknesses(t *testing.T) {
	rs := RegionScore{Dimensions: map[string]float64{"income": 8, "jobs": 5, "education": 7, "health": 2, "safety": 6}}
	ref := map[string]float64{"income": 5, "jobs": 5, "education": 4, "health": 4, "safety": 5, "housing": 3}
	// income 8−5 = +3 and education 7−4 = +3 tie (income first, in the OECD's order); safety +1;
	// jobs 0 is neither; health 2−4 = −2; housing has no score and is left out
	s, w := StrengthsAndWeaknesses(rs, ref, data.Dimensions)
	if got := dimensionGaps(s); got != "income+3 education+3 safety+1" {
		t.Errorf("strengths %s", got)
	}
	if got := dimensionGaps(w); got != "health-2" {
		t.Errorf("weaknesses %s", got)
	}
	if s, w := StrengthsAndWeaknesses(rs, nil, data.Dimensions); s != nil || w != nil {
		t.Errorf("no reference: %v %v", s, w)
	}
	// ties keep the order of the dimensions given: education before income
	order := []data.Dimension{{ID: "education"}, {ID: "income"}, {ID: "safety"}, {ID: "health"}}
	if s, _ := StrengthsAndWeaknesses(rs, ref, order); dimensionGaps(s) != "education+3 income+3 safety+1" {
		t.Errorf("strengths in another order %s", dimensionGaps(s))
	}
}

// profileIndex has four dimensions and regions given as dimension scores.
func profileIndex() Index {
	dims := []data.Dimension{{ID: "income"}, {ID: "jobs"}, {ID: "health"}, {ID: "safety"}}
	region := func(code string, index float64, scores map[string]float64) RegionScore {
		return RegionScore{Region: data.Region{Code: code, Name: code}, Index: &index, Dimensions: scores}
	}
	idx := Index{Dimensions: dims, Regions: []RegionScore{
		region("S", 5, map[string]float64{"income": 5, "jobs": 5, "health": 5, "safety": 5}),
		region("P", 5.75, map[string]float64{"income": 5, "jobs": 5, "health": 5, "safety": 8}),
		region("Q", 6, map[string]float64{"income": 6, "jobs": 6, "health": 6, "safety": 6}),
		region("U", 6, map[string]float64{"income": 6, "jobs": 6, "health": 6, "safety": 6}),
		region("R", 6, map[string]float64{"income": 5, "jobs": 7}),
		region("T", 9, map[string]float64{"income": 9}),
	}}
	rankRegions(idx.Regions)
	return idx
}

func TestSimilarRegions(t *testing.T) {
	// from S (5, 5, 5, 5), over 4 dimensions:
	// Q and U (6, 6, 6, 6): √(1+1+1+1) = 2, tied, by name;
	// R shares 2 of 4 (half: enough): √((0² + 2²) × 4/2) = √8 = 2.828;
	// P (5, 5, 5, 8): √9 = 3; T shares 1 of 4: left out
	tests := []struct {
		k    int
		want string
	}{
		{3, "Q:2 U:2 R:2.828"},
		{0, "Q:2 U:2 R:2.828 P:3"},
		{1, "Q:2"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.k), func(t *testing.T) {
			got, err := SimilarRegions(profileIndex(), "S", tt.k)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, n := range got {
				s = append(s, fmt.Sprintf("%s:%g", n.Region.Code, math.Round(n.Distance*1000)/1000))
			}
			if strings.Join(s, " ") != tt.want {
				t.Fatalf("got %s, want %s", strings.Join(s, " "), tt.want)
			}
		})
	}
	if _, err := SimilarRegions(profileIndex(), "ZZ", 3); err == nil || err.Error() != `region "ZZ" is not in the index` {
		t.Fatalf("error %v", err)
	}
	// alone in its index, a region has no neighbours
	one := Index{Dimensions: profileIndex().Dimensions, Regions: profileIndex().Regions[:1]}
	if got, err := SimilarRegions(one, one.Regions[0].Region.Code, 3); err != nil || len(got) != 0 {
		t.Fatalf("single region: %v %v", got, err)
	}
}

func TestDistanceToBest(t *testing.T) {
	// T (9) ranks first: it has income only
	idx := profileIndex()
	got, err := DistanceToBest(idx, "S")
	if err != nil || got.Best.Code != "T" || dimensionGaps(got.Dimensions) != "income-4" {
		t.Fatalf("got %+v, %v", got, err)
	}
	// without T, Q, R and U tie at 6; Q comes first by name. R (5, 7) against Q (6, 6, 6, 6):
	// income −1, jobs +1 (the best overall need not lead every dimension)
	idx.Regions = idx.Regions[1:]
	got, err = DistanceToBest(idx, "R")
	if err != nil || got.Best.Code != "Q" || dimensionGaps(got.Dimensions) != "income-1 jobs+1" {
		t.Fatalf("got %+v, %v", got, err)
	}
	// the best against itself
	got, err = DistanceToBest(idx, "Q")
	if err != nil || dimensionGaps(got.Dimensions) != "income+0 jobs+0 health+0 safety+0" {
		t.Fatalf("got %+v, %v", got, err)
	}
	unranked := Index{Regions: []RegionScore{{Region: data.Region{Code: "A"}}}}
	if _, err := DistanceToBest(unranked, "A"); err == nil || err.Error() != "no region in the index is ranked" {
		t.Fatalf("error %v", err)
	}
}

func TestCountryDisparity(t *testing.T) {
	tests := []struct {
		name    string
		rows    []string
		want    string
		wantErr string
	}{
		// 7 regions: a fifth is 1. Top 9, bottom 3: difference 6, ratio 3. X (no index) is left out.
		{"seven", []string{"A 9 -", "B 8 -", "C 7 -", "D 6 -", "E 5 -", "F 4 -", "G 3 -", "X - -"}, "7 regions, 1 each: 9 vs 3, +6, ratio 3", ""},
		// 10 regions: 2 each. Top (10+9)/2 = 9.5, bottom (2+1)/2 = 1.5: +8, ratio 6.333
		{"ten", []string{"A 10 -", "B 9 -", "C 8 -", "D 7 -", "E 6 -", "F 5 -", "G 4 -", "H 3 -", "I 2 -", "J 1 -"}, "10 regions, 2 each: 9.5 vs 1.5, +8, ratio 6.333", ""},
		// all equal: no gap
		{"all equal", []string{"A 4 -", "B 4 -", "C 4 -", "D 4 -", "E 4 -"}, "5 regions, 1 each: 4 vs 4, +0, ratio 1", ""},
		// bottom 0: no ratio
		{"bottom zero", []string{"A 4 -", "B 3 -", "C 2 -", "D 1 -", "E 0 -"}, "5 regions, 1 each: 4 vs 0, +4, ratio none", ""},
		{"too few", []string{"A 4 -", "B 3 -", "C 2 -", "D 1 -", "E - -"}, "", "disparity within XXX needs at least 5 regions with an index, found 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := CountryDisparity(scoredIndex(t, tt.rows...), "XXX")
			if errString(err) != tt.wantErr {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			ratio := "none"
			if d.Ratio != nil {
				ratio = fmt.Sprint(math.Round(*d.Ratio*1000) / 1000)
			}
			got := fmt.Sprintf("%d regions, %d each: %g vs %g, %+g, ratio %s", d.Regions, d.Group, d.Top, d.Bottom, d.Difference, ratio)
			if got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
			if len(d.TopRegions) != d.Group || len(d.BottomRegions) != d.Group || d.TopRegions[0].Code != "A" {
				t.Fatalf("groups %+v", d)
			}
		})
	}
}

func TestTrendBetween(t *testing.T) {
	obs := func(period string, v float64, bounds ...float64) data.Observation {
		o := data.Observation{Region: "A", Indicator: "i1", Period: period, Value: data.Float(v)}
		if len(bounds) == 2 {
			o.Lower, o.Upper = data.Float(bounds[0]), data.Float(bounds[1])
		}
		return o
	}
	tests := []struct {
		name           string
		earlier, later data.Observation
		want           string
		wantErr        string
	}{
		// [9, 11] then [12, 14]: 11 < 12, apart
		{"up, significant", obs("2019", 10, 9, 11), obs("2021", 13, 12, 14), "↑ +3 significant: confidence intervals do not overlap", ""},
		{"down, significant", obs("2019", 13, 12, 14), obs("2021", 10, 9, 11), "↓ -3 significant: confidence intervals do not overlap", ""},
		// [8, 12] and [7, 11] overlap
		{"down, overlapping", obs("2019", 10, 8, 12), obs("2021", 9, 7, 11), "↓ -1 not significant: confidence intervals overlap: the change may be noise, not significant", ""},
		// [9, 11] and [11, 13] touch at 11: overlap
		{"touching", obs("2019", 10, 9, 11), obs("2021", 12, 11, 13), "↑ +2 not significant: confidence intervals overlap: the change may be noise, not significant", ""},
		{"no bounds", obs("2019", 10), obs("2021", 20), "↑ +10 not significant: no confidence interval published for both periods, so significance is not tested (a full count, such as Ofcom's of every premises, has no sampling error; a survey estimate may be noise)", ""},
		{"one side without bounds", obs("2019", 10, 9, 11), obs("2021", 20), "↑ +10 not significant: no confidence interval published for both periods, so significance is not tested (a full count, such as Ofcom's of every premises, has no sampling error; a survey estimate may be noise)", ""},
		{"unchanged", obs("2019/2020", 10, 9, 11), obs("2021", 10, 9, 11), "→ +0 not significant: confidence intervals overlap: the change may be noise, not significant", ""},
		{"out of order", obs("2021", 10), obs("2019", 10), "", `trend of i1 in A: period "2021" is not before "2019"`},
		{"no value", obs("2019", 10), data.Observation{Region: "A", Indicator: "i1", Period: "2021"}, "", "trend of i1 in A: no value for 2019 or 2021"},
		{"other region", obs("2019", 10), data.Observation{Region: "B", Indicator: "i1", Period: "2021"}, "", "trend needs two observations of one region and indicator, got A i1 and B i1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := TrendBetween(tt.earlier, tt.later)
			if errString(err) != tt.wantErr {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			sig := "not significant"
			if tr.Significant {
				sig = "significant"
			}
			if got := fmt.Sprintf("%s %+g %s: %s", tr.Arrow, tr.Change, sig, tr.Note); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
