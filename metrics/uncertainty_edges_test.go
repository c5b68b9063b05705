package metrics

import (
	"math"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// incomeRow is one region's income (higher is better) and unemployment rate (lower is better, in
// the jobs dimension); a negative value means none.
type incomeRow struct {
	code               string
	income, unemployed float64
}

func incomeAndUnemployment(rows ...incomeRow) Input {
	in := Input{Indicators: []data.Indicator{
		{ID: "inc", Dimension: "income", Direction: higher},
		{ID: "unemp", Dimension: "jobs", Direction: lower},
	}}
	for _, r := range rows {
		in.Regions = append(in.Regions, data.Region{Code: r.code, Name: r.code})
		if r.income >= 0 {
			in.Values = append(in.Values, Value{Region: r.code, Indicator: "inc", Value: r.income})
		}
		if r.unemployed >= 0 {
			in.Values = append(in.Values, Value{Region: r.code, Indicator: "unemp", Value: r.unemployed})
		}
	}
	return in
}

func TestUncertaintyLowerIsBetter(t *testing.T) {
	tests := []struct {
		name      string
		in        Input
		weights   Weights
		want      string
		wantHard  string  // "above>below" of the only hard choice, "" for none
		wantShare float64 // of that hard choice
	}{
		// P has the most income and the least unemployment, R the least income and the most
		// unemployment, Q is between on both. Min-max, z-score and rank all keep that order on
		// both dimensions (direction-aware: unemployment 2 scores best), and every weighted
		// arithmetic or geometric mean of scores that are higher on both dimensions is higher,
		// whatever the positive weights: each rank is certain. Read the wrong way round,
		// unemployment would put R above P on jobs and make their order depend on the weights.
		{"order certain whatever the weights",
			incomeAndUnemployment(incomeRow{"P", 30, 2}, incomeRow{"Q", 20, 5}, incomeRow{"R", 10, 9}),
			nil, "P rank 1 (1–1); Q rank 2 (2–2); R rank 3 (3–3); ", "", 0},
		// income, on which P is worst, weighs 0 and stays 0 in every draw: the order is
		// unemployment's alone, lowest first, in every draw. S has only income, all of whose
		// weight is 0: no index, so it is not drawn for.
		{"income weighs 0",
			incomeAndUnemployment(incomeRow{"P", 10, 2}, incomeRow{"Q", 20, 5}, incomeRow{"R", 30, 9}, incomeRow{"S", 40, -1}),
			Weights{"income": 0}, "P rank 1 (1–1); Q rank 2 (2–2); R rank 3 (3–3); ", "", 0},
		// P is best and R worst on both, certain 1st and 4th. X has more income than Y (3 against
		// 1) and more unemployment (3 against 1): their scores mirror each other under every
		// normalisation (min-max income P 10, X 7.5, Y 2.5, R 0 and jobs P 10, X 2.5, Y 7.5, R 0;
		// z-score deviations ±2, ±1 likewise; ranks likewise), so X is above Y exactly when income
		// weighs more than jobs in the draw: 1.5×2^U1 > 2^U2 with U uniform on [−1, 1]. As in
		// TestUncertainty's "hard choice", Y is above in (2 − log2 1.5)²/8 = 0.2503 of the draws:
		// X is 2nd in three quarters and 3rd in one (median 2, 95th percentile 3), Y the reverse
		// (5th percentile 2, median 3).
		{"hard choice between certain first and last",
			incomeAndUnemployment(incomeRow{"P", 4, 0}, incomeRow{"X", 3, 3}, incomeRow{"Y", 1, 1}, incomeRow{"R", 0, 4}),
			Weights{"income": 1.5}, "P rank 1 (1–1); X rank 2 (2–3); Y rank 3 (2–3); R rank 4 (4–4); ", "X>Y", 0.2503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Uncertainty(tt.in, Options{Weights: tt.weights}, 4000, 11)
			if got := ranksOf(res); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if tt.wantHard == "" {
				if len(res.HardChoices) != 0 {
					t.Fatalf("hard choices %+v, want none", res.HardChoices)
				}
				return
			}
			if len(res.HardChoices) != 1 {
				t.Fatalf("hard choices %+v, want only %s", res.HardChoices, tt.wantHard)
			}
			h := res.HardChoices[0]
			if got := h.Above.Code + ">" + h.Below.Code; got != tt.wantHard || math.Abs(h.Flipped-tt.wantShare) > 0.02 {
				t.Errorf("hard choice %s flipped in %.4f, want %s in %.4f", got, h.Flipped, tt.wantHard, tt.wantShare)
			}
		})
	}
}
