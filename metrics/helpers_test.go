package metrics

import (
	"math"
	"strconv"
	"testing"
)

// closeTo compares hand-computed expectations, written to a few decimals, with results.
func closeTo(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

func checkScores(t *testing.T, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d scores %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if !closeTo(got[i], want[i], 1e-4) {
			t.Errorf("score %d = %.6f, want %.6f (all: %v)", i, got[i], want[i], got)
		}
	}
}

// strconvG writes a score to four decimals without trailing zeros.
func strconvG(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64)
}

func itoa(i int) string { return strconv.Itoa(i) }
