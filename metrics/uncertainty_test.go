package metrics

import (
	"math"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestRankIntervalString(t *testing.T) {
	if got := (RankInterval{Median: 7, RankLow: 5, RankHigh: 11}).String(); got != "rank 7 (5–11)" {
		t.Fatalf("got %q", got)
	}
}

func TestIntervals(t *testing.T) {
	// 20 draws: rank 1 once, 2 nine times, 3 nine times, 4 once; cumulative 1, 10, 19, 20.
	// 5th percentile: first rank with cum×100 ≥ 5×20 = 100 → rank 1 (1×100);
	// median: cum×100 ≥ 1000 → rank 2 (10×100); 95th: cum×100 ≥ 1900 → rank 3 (19×100).
	// lo: last rank with fewer than 5% (1 draw) better: rank 1 (0 better; rank 2 has 1 better);
	// hi: first rank with fewer than 5% worse: rank 4 (rank 3 has 1 worse, not fewer than 1).
	iv, lo, hi := intervals([]int{0, 1, 9, 9, 1}, 20)
	if iv != (RankInterval{Median: 2, RankLow: 1, RankHigh: 3}) || lo != 1 || hi != 4 {
		t.Fatalf("got %v, lo %d, hi %d", iv, lo, hi)
	}
}

// twoRegions are X, strong on income and weak on health, and Y, the reverse. Under every
// normalisation and aggregation a draw offers, their scores mirror each other, so X ranks above Y
// exactly when income weighs more than health in the draw.
func twoRegions() Input {
	return Input{
		Regions: []data.Region{{Code: "X", Name: "X"}, {Code: "Y", Name: "Y"}},
		Indicators: []data.Indicator{
			{ID: "inc", Dimension: "income", Direction: higher},
			{ID: "hea", Dimension: "health", Direction: higher},
		},
		Values: []Value{
			{Region: "X", Indicator: "inc", Value: 10}, {Region: "X", Indicator: "hea", Value: 0},
			{Region: "Y", Indicator: "inc", Value: 0}, {Region: "Y", Indicator: "hea", Value: 10},
		},
	}
}

// ranksOf writes each region's interval.
func ranksOf(res UncertaintyResult) string {
	s := ""
	for _, r := range res.Regions {
		s += r.Region.Code + " " + r.String() + "; "
	}
	return s
}

func TestUncertainty(t *testing.T) {
	same := twoRegions()
	same.Values[2].Value, same.Values[3].Value = 10, 0 // Y now equals X
	one := twoRegions()
	one.Regions = one.Regions[:1]
	tests := []struct {
		name      string
		in        Input
		weights   Weights
		draws     int
		want      string
		wantHard  int
		wantShare float64 // of the first hard choice
	}{
		// income 5 × at least ½ = 2.5 always beats health 1 × at most 2 = 2: no flip
		{"clear winner", twoRegions(), Weights{"income": 5}, 1000, "X rank 1 (1–1); Y rank 2 (2–2); ", 0, 0},
		// Y ranks above X when 1.5×2^U1 < 2^U2, U uniform on [−1, 1]: U2 − U1 > log2 1.5 = 0.585.
		// U2 − U1 is triangular on [−2, 2]: P = (2 − 0.585)²/8 = 0.2503. X is 2nd in a quarter of
		// the draws (median 1, 95th percentile 2), Y 1st in a quarter (5th percentile 1, median 2).
		{"hard choice", twoRegions(), Weights{"income": 1.5}, 4000, "X rank 1 (1–2); Y rank 2 (1–2); ", 1, 0.2503},
		// income weighs 0 and stays 0: Y, better on health, always wins
		{"zero weight", twoRegions(), Weights{"income": 0}, 1000, "Y rank 1 (1–1); X rank 2 (2–2); ", 0, 0},
		// equal regions tie in every draw: a tie is no flip, so no hard choice
		{"all equal", same, nil, 1000, "X rank 1 (1–1); Y rank 1 (1–1); ", 0, 0},
		{"single region", one, nil, 1000, "X rank 1 (1–1); ", 0, 0},
		// no draws: the intervals are the user's ranks
		{"no draws", twoRegions(), Weights{"income": 1.5}, 0, "X rank 1 (1–1); Y rank 2 (2–2); ", 0, 0},
		{"invalid options", twoRegions(), Weights{"jobs": 9}, 1000, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Uncertainty(tt.in, Options{Weights: tt.weights}, tt.draws, 1)
			if got := ranksOf(res); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if len(res.HardChoices) != tt.wantHard {
				t.Fatalf("%d hard choices, want %d: %+v", len(res.HardChoices), tt.wantHard, res.HardChoices)
			}
			if tt.wantHard > 0 {
				h := res.HardChoices[0]
				if h.Above.Code != "X" || h.Below.Code != "Y" || math.Abs(h.Flipped-tt.wantShare) > 0.02 {
					t.Errorf("hard choice %+v, want X over Y flipped in %.4f", h, tt.wantShare)
				}
			}
		})
	}
}

func TestUncertaintyMissingData(t *testing.T) {
	in := twoRegions()
	in.Regions = append(in.Regions, data.Region{Code: "Z", Name: "Z"})
	// Z has income only, midway: its index is its income score, 5 (min-max, z-score and rank all
	// put the middle of three at 5). With income weighing 5 × [½, 2] and health 1 × [½, 2]:
	// arithmetic, X = 10×wi/(wi+wh) ≥ 10×2.5/4.5 = 5.56 > 5, so X leads; Y = 10×wh/(wi+wh) ≤ 4.44,
	// always last. Geometric with min-max or rank scores (a third of the draws), X's lifted index
	// 10^((wi−wh)/(wi+wh)) is below Z's lifted 5.05 when wi/wh < 5.74, i.e. when
	// U1 − U2 < log2(5.74/5) = 0.199: P = 1 − (2 − 0.199)²/8 = 0.595. (With z-scores X scores
	// 7.04 and 3.33 and leads whenever wi/wh > 1.17, always.) So Z leads X in 0.595/3 ≈ 20%.
	in.Values = append(in.Values, Value{Region: "Z", Indicator: "inc", Value: 5})
	res := Uncertainty(in, Options{Weights: Weights{"income": 5}}, 1000, 3)
	if got, want := ranksOf(res), "X rank 1 (1–2); Z rank 2 (1–2); Y rank 3 (3–3); "; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if len(res.HardChoices) != 1 || res.HardChoices[0].Below.Code != "Z" || math.Abs(res.HardChoices[0].Flipped-0.198) > 0.04 {
		t.Fatalf("hard choices %+v", res.HardChoices)
	}
	if res.Draws != 1000 || res.Seed != 3 || res.Index.Regions[0].Region.Code != "X" {
		t.Fatalf("result %+v", res)
	}
}
