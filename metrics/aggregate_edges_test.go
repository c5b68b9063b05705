package metrics

import (
	"math"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// Every expectation below is worked by hand on the lifted scale: a score s lifts to
// 0.1 + 0.99s (0 → 0.1, 2 → 2.08, 4 → 4.06, 5 → 5.05, 9 → 9.01, 10 → 10), the weighted power
// mean of the lifted scores is taken, and m unlifts to (m − 0.1)/0.99.
func TestAggregateGeneralised(t *testing.T) {
	nan := math.NaN()
	spread := []float64{2, 5, 9}
	spreadW := []float64{1, 2, 1}
	tests := []struct {
		name    string
		scores  []float64
		weights []float64
		p       float64
		want    float64
	}{
		// (√10 + √0.1)²/4 = (10 + 0.1 + 2√1)/4 = 3.025; (3.025 − 0.1)/0.99 = 2.954545
		{"p=0.5", []float64{10, 0}, nil, 0.5, 2.954545},
		// ((10³ + 0.1³)/2)^(1/3) = 500.0005^(1/3) = 7.937008; (7.937008 − 0.1)/0.99 = 7.916170
		{"p=3", []float64{10, 0}, nil, 3, 7.916170},
		// the missing score is left out: as 10 and 0 alone, √((10² + 0.1²)/2) = 7.071421 → 7.041840
		{"p=2 missing dimension", []float64{10, nan, 0}, nil, 2, 7.041840},
		// as 10 and 0 alone: 2/(1/10 + 1/0.1) = 0.198020 → 0.099010
		{"p=-1 missing dimension", []float64{nan, 10, 0}, nil, -1, 0.099010},
		{"p=3 every dimension missing", []float64{nan, nan}, nil, 3, nan},
		// the 0 weighs nothing: (1×10²/1)^(1/2) = 10
		{"p=2 zero weight", []float64{10, 0}, []float64{1, 0}, 2, 10},
		// the 0 weighs nothing: 2/(1/4.06 + 1/10) = 2/(0.246305 + 0.1) = 5.775249;
		// (5.775249 − 0.1)/0.99 = 5.732575
		{"p=-1 zero weight", []float64{4, 0, 10}, []float64{1, 0, 1}, -1, 5.732575},
		{"p=0.5 every weight zero", []float64{4, 6}, []float64{0, 0}, 0.5, nan},
		// one score: (x^p)^(1/p) = x, so 7 lifts to 7.03 and back to 7
		{"p=3 single", []float64{7}, nil, 3, 7},
		{"p=-1 single zero", []float64{0}, nil, -1, 0},
		{"p=0.5 single ten", []float64{10}, []float64{4}, 0.5, 10},
		// all equal: the mean of x^p is x^p, whatever the weights
		{"p=-1 all equal", []float64{6, 6, 6}, nil, -1, 6},
		{"p=0.5 all equal weighted", []float64{2.5, 2.5}, []float64{1, 4}, 0.5, 2.5},
		{"p=3 all zero", []float64{0, 0}, nil, 3, 0},
		{"p=2 all ten", []float64{10, 10, 10}, nil, 2, 10},
		// 2, 5, 9 weighted 1, 2, 1 (lifted 2.08, 5.05, 9.01), over the weight 4:
		// (1/2.08 + 2/5.05 + 1/9.01)/4 = (0.480769 + 0.396040 + 0.110988)/4 = 0.246949;
		// 1/0.246949 = 4.049417; (4.049417 − 0.1)/0.99 = 3.989310
		{"p=-1 spread", spread, spreadW, -1, 3.989310},
		// (2.08 × 5.05² × 9.01)^(1/4) = 477.937252^(1/4) = 4.675658; (4.675658 − 0.1)/0.99 = 4.621877
		{"p=0 spread", spread, spreadW, 0, 4.621877},
		// (√2.08 + 2√5.05 + √9.01)/4 = (1.442221 + 4.494441 + 3.001666)/4 = 2.234582;
		// 2.234582² = 4.993356; (4.993356 − 0.1)/0.99 = 4.942784
		{"p=0.5 spread", spread, spreadW, 0.5, 4.942784},
		// the arithmetic mean: (2 + 2×5 + 9)/4 = 21/4
		{"p=1 spread", spread, spreadW, 1, 5.25},
		// (2.08² + 2×5.05² + 9.01²)/4 = (4.3264 + 51.005 + 81.1801)/4 = 34.127875;
		// √34.127875 = 5.841907; (5.841907 − 0.1)/0.99 = 5.799906
		{"p=2 spread", spread, spreadW, 2, 5.799906},
		// (2.08³ + 2×5.05³ + 9.01³)/4 = (8.998912 + 257.57525 + 731.432701)/4 = 249.501716;
		// 249.501716^(1/3) = 6.295417; (6.295417 − 0.1)/0.99 = 6.257997
		{"p=3 spread", spread, spreadW, 3, 6.257997},
		// only the weights' proportions count: 2, 4, 2 is 1, 2, 1
		{"p=3 spread, weights doubled", spread, []float64{2, 4, 2}, 3, 6.257997},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Aggregate(tt.scores, tt.weights, AggregateGeneralised, tt.p)
			if !closeTo(got, tt.want, 1e-6) {
				t.Fatalf("got %.7f, want %.7f", got, tt.want)
			}
		})
	}
}

// TestGeneralisedMeanLimits checks that the generalised mean meets the means it is special-cased
// to: p=1 and p=0 are computed as the arithmetic and geometric means, and powers just either side
// of them, computed by the power formula, must land on the same values. Across powers the mean
// never decreases (the power mean inequality) and stays between the lowest and highest score.
func TestGeneralisedMeanLimits(t *testing.T) {
	scores, weights := []float64{2, 5, 9}, []float64{1, 2, 1}
	arith := Aggregate(scores, weights, AggregateArithmetic, 0)
	geo := Aggregate(scores, weights, AggregateGeometric, 0)
	// hand values from TestAggregateGeneralised: 21/4 and 4.621877
	if !closeTo(arith, 5.25, 1e-12) || !closeTo(geo, 4.621877, 1e-6) {
		t.Fatalf("arithmetic %v, geometric %v", arith, geo)
	}
	if got := Aggregate(scores, weights, AggregateGeneralised, 1); got != arith {
		t.Errorf("p=1: %v, arithmetic %v", got, arith)
	}
	if got := Aggregate(scores, weights, AggregateGeneralised, 0); got != geo {
		t.Errorf("p=0: %v, geometric %v", got, geo)
	}
	for _, p := range []float64{1 - 1e-9, 1 + 1e-9} {
		if got := Aggregate(scores, weights, AggregateGeneralised, p); !closeTo(got, arith, 1e-6) {
			t.Errorf("p=%v: %.9f, arithmetic %.9f", p, got, arith)
		}
	}
	for _, p := range []float64{-1e-9, 1e-9} {
		if got := Aggregate(scores, weights, AggregateGeneralised, p); !closeTo(got, geo, 1e-6) {
			t.Errorf("p=%v: %.9f, geometric %.9f", p, got, geo)
		}
	}
	prev := math.Inf(-1)
	for _, p := range []float64{-MaxPower, -10, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 10, MaxPower} {
		got := Aggregate(scores, weights, AggregateGeneralised, p)
		if got < prev-1e-12 || got < 2 || got > 9 {
			t.Errorf("p=%v: %v, after %v; want non-decreasing and within [2, 9]", p, got, prev)
		}
		prev = got
	}
}

// TestComputeIndexSingleRegionGeneralised: a lone region's indicators score 0 or 10 against their
// targets, so its index under each aggregation is that aggregation of 10 and 0.
func TestComputeIndexSingleRegionGeneralised(t *testing.T) {
	in := Input{
		Regions: []data.Region{{Code: "A", Name: "Aland"}},
		Indicators: []data.Indicator{
			{ID: "inc", Dimension: "income", Direction: higher},
			{ID: "pm25", Dimension: "health", Direction: lower},
		},
		// income 25 is beyond its target 20: 10; pm2.5 8 is 3 short of 5, the furthest short: 0
		Values: []Value{{Region: "A", Indicator: "inc", Value: 25}, {Region: "A", Indicator: "pm25", Value: 8}},
	}
	target := Options{Normalisation: NormaliseTarget, Targets: map[string]float64{"inc": 20, "pm25": 5}}
	tests := []struct {
		name string
		agg  Aggregation
		p    float64
		want string
	}{
		// (10 + 0)/2
		{"arithmetic", AggregateArithmetic, 0, "A:1:5"},
		// as TestAggregate: √(10×0.1) = 1 → 0.909091
		{"geometric", AggregateGeometric, 0, "A:1:0.9091"},
		// as TestAggregateGeneralised "p=0.5": 2.954545
		{"p=0.5", AggregateGeneralised, 0.5, "A:1:2.9545"},
		// as TestAggregate "generalised p=2": 7.041840
		{"p=2", AggregateGeneralised, 2, "A:1:7.0418"},
		// as TestAggregateGeneralised "p=3": 7.916170
		{"p=3", AggregateGeneralised, 3, "A:1:7.9162"},
		// as TestAggregate "generalised p=-1": 0.099010
		{"p=-1", AggregateGeneralised, -1, "A:1:0.099"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := withOpt(target, func(o *Options) { o.Aggregation, o.Power = tt.agg, tt.p })
			if got := ranking(ComputeIndex(in, opt)); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestGeneralisedMeanTinyPower: as p tends to 0 the generalised mean tends to the geometric mean,
// and differs from it by about G × (p/2) × the weighted variance of the logs of the lifted scores
// (here 4.675658 × p/2 × 0.275 on the lifted scale, under 1e-12 for |p| ≤ 1e-11). Every power that
// Options.Validate accepts (|p| ≤ 100) must give a mean within the scores, near the geometric mean
// for tiny p.
func TestGeneralisedMeanTinyPower(t *testing.T) {
	scores, weights := []float64{2, 5, 9}, []float64{1, 2, 1}
	geo := Aggregate(scores, weights, AggregateGeometric, 0) // 4.621877, by hand in TestAggregateGeneralised
	for _, p := range []float64{1e-11, 1e-13, 1e-15, 1e-16, 1e-17, -1e-17, 1e-300} {
		if got := Aggregate(scores, weights, AggregateGeneralised, p); !closeTo(got, geo, 1e-6) {
			t.Errorf("p=%g: %.6f, want the geometric mean %.6f", p, got, geo)
		}
	}
	// through the index: regions with different scores must not all tie
	opt := withOpt(DefaultOptions, func(o *Options) { o.Aggregation, o.Power = AggregateGeneralised, 1e-17 })
	if err := opt.Validate(); err != nil {
		t.Fatal(err)
	}
	geoOpt := withOpt(DefaultOptions, func(o *Options) { o.Aggregation = AggregateGeometric })
	if got, want := ranking(ComputeIndex(smallInput(), opt)), ranking(ComputeIndex(smallInput(), geoOpt)); got != want {
		t.Errorf("p=1e-17: got  %s\nwant the geometric %s", got, want)
	}
}
