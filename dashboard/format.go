package dashboard

import (
	"math"
	"strconv"
)

// noData is what a table shows where a region has no value.
const noData = "no data"

// formatCount writes a whole number with thousands separators: "1,000".
func formatCount(n int) string {
	v := float64(n)
	return formatAmount(&v)
}

// formatAmount writes a published amount such as GDP per head rounded to a whole number with
// thousands separators ("56,431"); noData for none.
func formatAmount(v *float64) string {
	if v == nil {
		return noData
	}
	n := math.Round(*v)
	s := strconv.FormatFloat(math.Abs(n), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n < 0 {
		s = "-" + s
	}
	return s
}
