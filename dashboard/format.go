package dashboard

import (
	"math"
	"strconv"
	"strings"
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
	s := groupThousands(strconv.FormatFloat(math.Abs(n), 'f', 0, 64))
	if n < 0 {
		s = "-" + s
	}
	return s
}

// formatPublished writes a published value with all its decimals and thousands separators
// ("16,934", "7.29"), to at most 15 significant digits, so that a spreadsheet's arithmetic such
// as 65.10000000000001 reads as the 65.1 the publisher showed.
func formatPublished(v float64) string {
	// FormatFloat's output always parses.
	shown, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	s := groupThousands(strconv.FormatFloat(math.Abs(shown), 'f', -1, 64))
	if shown < 0 {
		s = "-" + s
	}
	return s
}

// groupThousands puts thousands separators into the whole part of an unsigned decimal number:
// "1234567.25" becomes "1,234,567.25".
func groupThousands(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if hasFrac {
		return whole + "." + frac
	}
	return whole
}
