package metrics

import (
	"math"
	"testing"
)

func TestAggregate(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		scores  []float64
		weights []float64
		agg     Aggregation
		p       float64
		want    float64
	}{
		{"arithmetic", []float64{10, 0}, nil, AggregateArithmetic, 0, 5},
		{"default is arithmetic", []float64{10, 0}, nil, "", 0, 5},
		// (3×10 + 1×0)/4
		{"arithmetic weighted", []float64{10, 0}, []float64{3, 1}, AggregateArithmetic, 0, 7.5},
		{"zero weight leaves a score out", []float64{10, 0}, []float64{1, 0}, AggregateArithmetic, 0, 10},
		{"missing score left out", []float64{nan, 4}, nil, AggregateArithmetic, 0, 4},
		{"all weights zero", []float64{10, 0}, []float64{0, 0}, AggregateArithmetic, 0, nan},
		{"single", []float64{7}, nil, AggregateArithmetic, 0, 7},
		{"all equal", []float64{6, 6, 6}, nil, AggregateArithmetic, 0, 6},
		{"weights do not match", []float64{6, 6}, []float64{1}, AggregateArithmetic, 0, nan},
		// lifted onto [0.1, 10]: 10 and 0.1; √(10×0.1) = 1; back: (1 − 0.1)/0.99 = 0.909091
		{"geometric", []float64{10, 0}, nil, AggregateGeometric, 0, 0.909091},
		// 10^(3/4) × 0.1^(1/4) = 10^(0.75−0.25) = √10 = 3.162278; (3.162278 − 0.1)/0.99 = 3.093210
		{"geometric weighted", []float64{10, 0}, []float64{3, 1}, AggregateGeometric, 0, 3.093210},
		{"geometric zero weight", []float64{10, 0}, []float64{1, 0}, AggregateGeometric, 0, 10},
		// 6 lifts to 6.04, whose geometric mean with itself is 6.04, back to 6
		{"geometric all equal", []float64{6, 6}, nil, AggregateGeometric, 0, 6},
		{"geometric all zero", []float64{0, 0, 0}, nil, AggregateGeometric, 0, 0},
		{"geometric all ten", []float64{10, 10}, nil, AggregateGeometric, 0, 10},
		{"geometric single", []float64{4}, nil, AggregateGeometric, 0, 4},
		{"generalised p=1 is arithmetic", []float64{10, 0}, nil, AggregateGeneralised, 1, 5},
		{"generalised p=0 is geometric", []float64{10, 0}, nil, AggregateGeneralised, 0, 0.909091},
		// √((10² + 0.1²)/2) = √50.005 = 7.071421; (7.071421 − 0.1)/0.99 = 7.041840
		{"generalised p=2", []float64{10, 0}, nil, AggregateGeneralised, 2, 7.041840},
		// harmonic: 2/(1/10 + 1/0.1) = 2/10.1 = 0.198020; (0.198020 − 0.1)/0.99 = 0.099010
		{"generalised p=-1", []float64{10, 0}, nil, AggregateGeneralised, -1, 0.099010},
		// (3×10^(-1) + 1×0.1^(-1))/4 = (0.3 + 10)/4 = 2.575; 1/2.575 = 0.388350; (0.388350 − 0.1)/0.99 = 0.291263
		{"generalised p=-1 weighted", []float64{10, 0}, []float64{3, 1}, AggregateGeneralised, -1, 0.291263},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Aggregate(tt.scores, tt.weights, tt.agg, tt.p)
			if !closeTo(got, tt.want, 1e-6) {
				t.Fatalf("got %.7f, want %.7f", got, tt.want)
			}
		})
	}
}

func TestParseAggregation(t *testing.T) {
	tests := []struct {
		in      string
		want    Aggregation
		wantErr string
	}{
		{"", AggregateArithmetic, ""},
		{"Geometric", AggregateGeometric, ""},
		{"generalised", AggregateGeneralised, ""},
		{"median", "", `unknown aggregation "median"; known: arithmetic, geometric, generalised`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAggregation(tt.in)
			if errString(err) != tt.wantErr || got != tt.want {
				t.Fatalf("got %q, %v; want %q, %q", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
