package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Outliers names how extreme raw values are treated before an indicator is normalised.
type Outliers string

// The outlier treatments placevalue offers; "" means OutliersKeep.
const (
	// OutliersKeep scores every value as published. One extreme value (the City of London's
	// household income, eight times the median district's) then sets an end of a min-max scale and
	// squeezes every other region into a sliver of it; the index says so in a note.
	OutliersKeep Outliers = "keep"
	// OutliersWinsorise caps the most extreme values of a strongly skewed indicator at the next
	// value in (see Winsorise) before min-max or z-score scoring, and flags each capped value.
	OutliersWinsorise Outliers = "winsorise"
)

var outlierTreatments = []Outliers{OutliersKeep, OutliersWinsorise}

// ParseOutliers checks an outlier treatment id from a user; "" keeps outliers.
func ParseOutliers(s string) (Outliers, error) {
	o := Outliers(strings.ToLower(strings.TrimSpace(s)))
	switch {
	case o == "":
		return OutliersKeep, nil
	case o == "winsorize":
		return OutliersWinsorise, nil
	case slices.Contains(outlierTreatments, o):
		return o, nil
	}
	return "", unknownOutliers(s)
}

func unknownOutliers(s string) error {
	return fmt.Errorf("unknown outlier treatment %q; known: keep, winsorise", s)
}

func (o Outliers) orDefault() Outliers {
	if o == "" {
		return OutliersKeep
	}
	return o
}

// The rule of the JRC's composite-indicator practice (the COIN tool): an indicator whose values
// have an absolute skewness above 2 and an excess kurtosis above 3.5 has outliers that distort
// its scale. Winsorising caps at most MaxWinsorised values, and never more than a quarter of them.
const (
	outlierSkewness = 2.0
	outlierKurtosis = 3.5
	MaxWinsorised   = 5
)

// Skewness is the (population) skewness of values: positive when a long tail runs to high
// values. NaN for fewer than three values or no spread.
func Skewness(values []float64) float64 {
	m2, m3, _ := moments(values)
	if len(values) < 3 || m2 == 0 {
		return math.NaN()
	}
	return m3 / math.Pow(m2, 1.5)
}

// ExcessKurtosis is the (population) kurtosis of values less 3, the normal distribution's: large
// when a few values lie far out. NaN for fewer than four values or no spread.
func ExcessKurtosis(values []float64) float64 {
	m2, _, m4 := moments(values)
	if len(values) < 4 || m2 == 0 {
		return math.NaN()
	}
	return m4/(m2*m2) - 3
}

// moments are the second, third and fourth central moments of values.
func moments(values []float64) (m2, m3, m4 float64) {
	if len(values) == 0 {
		return 0, 0, 0
	}
	mean := Mean(values)
	for _, v := range values {
		d := v - mean
		m2 += d * d
		m3 += d * d * d
		m4 += d * d * d * d
	}
	n := float64(len(values))
	return m2 / n, m3 / n, m4 / n
}

// HasOutliers reports whether values are skewed and heavy-tailed enough, by the JRC's rule, for a
// few of them to distort a min-max or z-score scale.
func HasOutliers(values []float64) bool {
	s, k := Skewness(values), ExcessKurtosis(values)
	return math.Abs(s) > outlierSkewness && k > outlierKurtosis
}

// Winsorise returns a copy of values with the most extreme ones capped, and the positions of the
// capped values. While the values have outliers (HasOutliers), the value furthest out on the side
// of the skew, with any equal to it, is set to the next value in; it stops before capping more
// than MaxWinsorised values or a quarter of them, and before leaving a single value (a few regions
// with 2 among many with 1 keep their difference). Values without outliers come back unchanged.
func Winsorise(values []float64) (out []float64, capped []int) {
	out = slices.Clone(values)
	limit := min(MaxWinsorised, len(values)/4)
	for HasOutliers(out) {
		high := Skewness(out) > 0
		extreme := slices.Min(out)
		if high {
			extreme = slices.Max(out)
		}
		// The next value in: the largest below the maximum, or the smallest above the minimum.
		next, found := 0.0, false
		var at []int
		for i, v := range out {
			switch {
			case v == extreme:
				at = append(at, i)
			case !found || (high && v > next) || (!high && v < next):
				next, found = v, true
			}
		}
		fresh := slices.DeleteFunc(slices.Clone(at), func(i int) bool { return slices.Contains(capped, i) })
		if !found || len(capped)+len(fresh) > limit || distinct(out) < 3 {
			break
		}
		for _, i := range at {
			out[i] = next
		}
		capped = append(capped, fresh...)
	}
	slices.Sort(capped)
	return out, capped
}

// distinct counts the different values.
func distinct(values []float64) int {
	s := slices.Clone(values)
	slices.Sort(s)
	return len(slices.Compact(s))
}
