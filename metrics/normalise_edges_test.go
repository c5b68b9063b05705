package metrics

import (
	"slices"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// normalisers are the five methods, goalposts at 0 and 20 and target 5.
var normalisers = map[string]func(values []float64, dir data.Direction) []float64{
	"minmax":    MinMax,
	"goalposts": func(v []float64, dir data.Direction) []float64 { return Goalposts(v, dir, Goalpost{Low: 0, High: 20}) },
	"zscore":    ZScore,
	"rank":      PercentileRank,
	"target":    func(v []float64, dir data.Direction) []float64 { return DistanceToTarget(v, dir, 5) },
}

// TestNormalisationsSingleAndEqual covers, for each method, a single value and values that are all
// equal, each way round (the cases TestMinMax and its neighbours leave out).
func TestNormalisationsSingleAndEqual(t *testing.T) {
	tests := []struct {
		method string
		name   string
		values []float64
		dir    data.Direction
		want   []float64
	}{
		// no spread: the middle of the scale, whichever way the indicator runs
		{"minmax", "single, lower", []float64{7}, lower, []float64{5}},
		{"minmax", "all equal, higher", []float64{-2.5, -2.5}, higher, []float64{5, 5}},
		// against the bounds, not the other values: 10×(20 − 8)/20 = 6
		{"goalposts", "single, lower", []float64{8}, lower, []float64{6}},
		{"goalposts", "all equal, lower", []float64{8, 8, 8}, lower, []float64{6, 6, 6}},
		// on the best bound, lower is better: 10×(20 − 0)/20 = 10; on the worst, 0
		{"goalposts", "single on the best bound, lower", []float64{0}, lower, []float64{10}},
		{"goalposts", "all on the worst bound, lower", []float64{20, 20}, lower, []float64{0, 0}},
		// no spread, no standard deviation: the mean, 5
		{"zscore", "single, lower", []float64{-4}, lower, []float64{5}},
		{"zscore", "all equal, lower", []float64{4, 4}, lower, []float64{5, 5}},
		// one value, or every value sharing the ranks 1..n: the middle rank, 5
		{"rank", "single, lower", []float64{9}, lower, []float64{5}},
		{"rank", "all equal, higher", []float64{2, 2, 2, 2}, higher, []float64{5, 5, 5, 5}},
		// lower is better, target 5: 8 is 3 short, the furthest short, so 0
		{"target", "single short, lower", []float64{8}, lower, []float64{0}},
		// 3 is below the target, which for lower-is-better is beyond it: 10
		{"target", "single beyond, lower", []float64{3}, lower, []float64{10}},
		{"target", "single on the target, lower", []float64{5}, lower, []float64{10}},
		{"target", "single on the target, higher", []float64{5}, higher, []float64{10}},
		// all 2 short of 5, all the furthest short: 0
		{"target", "all equal and short, lower", []float64{7, 7}, lower, []float64{0, 0}},
		{"target", "all equal and beyond, lower", []float64{2, 2, 2}, lower, []float64{10, 10, 10}},
		{"target", "all equal and beyond, higher", []float64{9, 9}, higher, []float64{10, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.name, func(t *testing.T) {
			score, ok := normalisers[tt.method]
			if !ok {
				t.Fatalf("no method %q", tt.method)
			}
			checkScores(t, score(tt.values, tt.dir), tt.want)
		})
	}
}

// TestNormalisationsLowerIsBetter scores one lower-is-better indicator with every method: values
// unsorted, negative and fractional, 2.5, −1.5, 4.5, 0.5, 1.5 (best −1.5, worst 4.5).
func TestNormalisationsLowerIsBetter(t *testing.T) {
	values := []float64{2.5, -1.5, 4.5, 0.5, 1.5}
	tests := []struct {
		name  string
		score func([]float64, data.Direction) []float64
		want  []float64
	}{
		// lo −1.5, hi 4.5, spread 6: 10×(4.5 − v)/6 = 20/6, 60/6, 0, 40/6, 30/6
		{"minmax", MinMax, []float64{3.333333, 10, 0, 6.666667, 5}},
		// bounds −3 and 5, spread 8: 10×(5 − v)/8 = 25/8, 65/8, 5/8, 45/8, 35/8
		{"goalposts", func(v []float64, dir data.Direction) []float64 { return Goalposts(v, dir, Goalpost{-3, 5}) },
			[]float64{3.125, 8.125, 0.625, 5.625, 4.375}},
		// mean 7.5/5 = 1.5; deviations 1, −3, 3, −1, 0; variance (1+9+9+1+0)/5 = 4, sd 2;
		// z = 0.5, −1.5, 1.5, −0.5, 0, reversed; 5 − z×5/3
		{"zscore", ZScore, []float64{4.166667, 7.5, 2.5, 5.833333, 5}},
		// from the worst: 4.5 rank 1, 2.5 rank 2, 1.5 rank 3, 0.5 rank 4, −1.5 rank 5; 10×(r − 1)/4
		{"rank", PercentileRank, []float64{2.5, 10, 0, 7.5, 5}},
		// target 1: shortfalls v − 1 where above it: 1.5, 0, 3.5, 0, 0.5; largest 3.5;
		// 10×(1 − s/3.5) = 20/3.5, 10, 0, 10, 30/3.5
		{"target", func(v []float64, dir data.Direction) []float64 { return DistanceToTarget(v, dir, 1) },
			[]float64{5.714286, 10, 0, 10, 8.571429}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(values)
			checkScores(t, tt.score(in, lower), tt.want)
			if !slices.Equal(in, values) {
				t.Errorf("values changed to %v", in)
			}
		})
	}
}

// TestNormalisationsMirror: scoring values lower-is-better must give what scoring their negatives
// higher-is-better gives, with the goalposts and the target negated too: every method reads the
// direction the same way.
func TestNormalisationsMirror(t *testing.T) {
	values := []float64{2.5, -1.5, 4.5, 0.5, 1.5, 0.5, 30}
	neg := make([]float64, len(values))
	for i, v := range values {
		neg[i] = -v
	}
	g := Goalpost{Low: -3, High: 5}
	tests := []struct {
		name              string
		lowerOf, higherOf []float64
	}{
		{"minmax", MinMax(values, lower), MinMax(neg, higher)},
		{"goalposts", Goalposts(values, lower, g), Goalposts(neg, higher, Goalpost{Low: -g.High, High: -g.Low})},
		{"zscore", ZScore(values, lower), ZScore(neg, higher)},
		{"rank", PercentileRank(values, lower), PercentileRank(neg, higher)},
		{"target", DistanceToTarget(values, lower, 1), DistanceToTarget(neg, higher, -1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScores(t, tt.lowerOf, tt.higherOf) })
	}
}
