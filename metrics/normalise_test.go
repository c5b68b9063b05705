package metrics

import (
	"testing"

	"github.com/placevalue/placevalue/data"
)

const (
	higher = data.HigherIsBetter
	lower  = data.LowerIsBetter
)

func TestMinMax(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		dir    data.Direction
		want   []float64
	}{
		// lo 10, hi 30: 10×(v−10)/20
		{"higher", []float64{10, 20, 30}, higher, []float64{0, 5, 10}},
		// reversed: 10×(30−v)/20
		{"lower", []float64{10, 20, 30}, lower, []float64{10, 5, 0}},
		// 10×(15−10)/20 = 2.5 for both tied values
		{"ties", []float64{10, 15, 15, 30}, higher, []float64{0, 2.5, 2.5, 10}},
		{"single region", []float64{7}, higher, []float64{5}},
		{"all equal", []float64{3, 3, 3}, lower, []float64{5, 5, 5}},
		{"no values", nil, higher, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScores(t, MinMax(tt.values, tt.dir), tt.want) })
	}
}

func TestGoalposts(t *testing.T) {
	g := Goalpost{Low: 0, High: 20}
	tests := []struct {
		name   string
		values []float64
		dir    data.Direction
		g      Goalpost
		want   []float64
	}{
		// 10×v/20
		{"higher", []float64{0, 5, 10, 20}, higher, g, []float64{0, 2.5, 5, 10}},
		// 10×(20−v)/20
		{"lower", []float64{0, 5, 10, 20}, lower, g, []float64{10, 7.5, 5, 0}},
		// −5/20 = −0.25 → clamped to 0; 25/20 = 1.25 → clamped to 10
		{"beyond the bounds", []float64{-5, 25}, higher, g, []float64{0, 10}},
		// lower: 10×(20−(−5))/20 = 12.5 → 10; 10×(20−25)/20 = −2.5 → 0
		{"beyond the bounds, lower", []float64{-5, 25}, lower, g, []float64{10, 0}},
		// a single region scores against the bounds, not against itself: 10×8/20 = 4
		{"single region", []float64{8}, higher, g, []float64{4}},
		{"all equal", []float64{8, 8, 8}, higher, g, []float64{4, 4, 4}},
		// 10×5/20 = 2.5, 10×15/20 = 7.5
		{"ties", []float64{5, 5, 15}, higher, g, []float64{2.5, 2.5, 7.5}},
		{"bounds without spread", []float64{1, 2}, higher, Goalpost{3, 3}, []float64{5, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScores(t, Goalposts(tt.values, tt.dir, tt.g), tt.want) })
	}
}

func TestZScore(t *testing.T) {
	// mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4, sd 2;
	// z = −1.5, −0.5, −0.5, −0.5, 0, 0, 1, 2; score 5 + z×5/3
	values := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	// 16 zeros and a one: mean 1/17; squared deviations 16×(1/17)² + (16/17)² = 272/289, /17 =
	// 16/289, sd 4/17; z(1) = (16/17)/(4/17) = 4 → 5 + 20/3 = 11.67, clamped to 10;
	// z(0) = −(1/17)/(4/17) = −0.25 → 5 − 1.25/3 = 4.5833
	outlier := make([]float64, 17)
	outlier[16] = 1
	wantOutlier := make([]float64, 17)
	for i := range 16 {
		wantOutlier[i] = 4.583333
	}
	wantOutlier[16] = 10
	tests := []struct {
		name   string
		values []float64
		dir    data.Direction
		want   []float64
	}{
		{"higher", values, higher, []float64{2.5, 4.166667, 4.166667, 4.166667, 5, 5, 6.666667, 8.333333}},
		// z reversed: 5 − z×5/3
		{"lower", values, lower, []float64{7.5, 5.833333, 5.833333, 5.833333, 5, 5, 3.333333, 1.666667}},
		{"clamped", outlier, higher, wantOutlier},
		{"single region", []float64{3}, higher, []float64{5}},
		// 0.1 three times: the mean of equal values may differ from them in the last bit, which
		// must not turn into a spread
		{"all equal", []float64{0.1, 0.1, 0.1}, higher, []float64{5, 5, 5}},
		{"no values", nil, higher, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScores(t, ZScore(tt.values, tt.dir), tt.want) })
	}
}

func TestPercentileRank(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		dir    data.Direction
		want   []float64
	}{
		// from the worst: 1,1 share ranks 1 and 2 → 1.5; 3 → 3; 4 → 4; 5 → 5; score 10×(r−1)/4
		{"higher with ties", []float64{3, 1, 4, 1, 5}, higher, []float64{5, 1.25, 7.5, 1.25, 10}},
		// from the worst: 5 → 1, 4 → 2, 3 → 3, the 1s share 4 and 5 → 4.5; 10×(r−1)/4
		{"lower with ties", []float64{3, 1, 4, 1, 5}, lower, []float64{5, 8.75, 2.5, 8.75, 0}},
		{"two", []float64{2, 1}, higher, []float64{10, 0}},
		{"single region", []float64{9}, higher, []float64{5}},
		// all share ranks 1..3 → 2 → 10×1/2
		{"all equal", []float64{2, 2, 2}, lower, []float64{5, 5, 5}},
		{"no values", nil, higher, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScores(t, PercentileRank(tt.values, tt.dir), tt.want) })
	}
}

func TestDistanceToTarget(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		dir    data.Direction
		target float64
		want   []float64
	}{
		// shortfalls 8−v: 6, 3, 0, 0 (10 is beyond); largest 6; 10×(1 − s/6)
		{"higher", []float64{2, 5, 8, 10}, higher, 8, []float64{0, 5, 10, 10}},
		// shortfalls v−5: 0 (2 is beyond), 0, 3, 5; 10×(1 − s/5)
		{"lower", []float64{2, 5, 8, 10}, lower, 5, []float64{10, 10, 4, 0}},
		{"all at or beyond", []float64{9, 12}, higher, 8, []float64{10, 10}},
		{"single region short", []float64{3}, higher, 8, []float64{0}},
		{"all equal and short", []float64{3, 3}, higher, 8, []float64{0, 0}},
		// shortfalls 3, 3, 0
		{"ties", []float64{2, 2, 5}, higher, 5, []float64{0, 0, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkScores(t, DistanceToTarget(tt.values, tt.dir, tt.target), tt.want) })
	}
}

func TestParseNormalisation(t *testing.T) {
	tests := []struct {
		in      string
		want    Normalisation
		wantErr string
	}{
		{"", NormaliseMinMax, ""},
		{"minmax", NormaliseMinMax, ""},
		{" Rank ", NormaliseRank, ""},
		{"goalposts", NormaliseGoalposts, ""},
		{"zscore", NormaliseZScore, ""},
		{"target", NormaliseTarget, ""},
		{"z", "", `unknown normalisation "z"; known: minmax, goalposts, zscore, rank, target`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNormalisation(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
