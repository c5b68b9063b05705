package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/placevalue/placevalue/data"
)

// Normalisation names how an indicator's raw values are put on the 0–10 scale. Every method is
// direction-aware: the best value scores highest whichever way the indicator runs.
type Normalisation string

// The normalisations placevalue offers; "" means NormaliseMinMax.
const (
	// NormaliseMinMax places each value between this year's lowest and highest (see MinMax).
	NormaliseMinMax Normalisation = "minmax"
	// NormaliseGoalposts places each value between fixed bounds the caller gives per indicator
	// (Options.Goalposts), so that scores stay comparable across years (see Goalposts).
	NormaliseGoalposts Normalisation = "goalposts"
	// NormaliseZScore scores standard deviations from the mean, mapped onto 0–10 (see ZScore).
	NormaliseZScore Normalisation = "zscore"
	// NormaliseRank scores the percentile rank among the regions (see PercentileRank).
	NormaliseRank Normalisation = "rank"
	// NormaliseTarget scores the distance to a target the caller gives per indicator
	// (Options.Targets) (see DistanceToTarget).
	NormaliseTarget Normalisation = "target"
)

var normalisations = []Normalisation{NormaliseMinMax, NormaliseGoalposts, NormaliseZScore, NormaliseRank, NormaliseTarget}

// ParseNormalisation checks a normalisation id from a user; "" is min-max.
func ParseNormalisation(s string) (Normalisation, error) {
	n := Normalisation(strings.ToLower(strings.TrimSpace(s)))
	if n == "" {
		return NormaliseMinMax, nil
	}
	if slices.Contains(normalisations, n) {
		return n, nil
	}
	return "", unknownNormalisation(s)
}

func unknownNormalisation(s string) error {
	return fmt.Errorf("unknown normalisation %q; known: minmax, goalposts, zscore, rank, target", s)
}

func (n Normalisation) orDefault() Normalisation {
	if n == "" {
		return NormaliseMinMax
	}
	return n
}

// Goalpost holds the fixed bounds of one indicator's raw values, in the indicator's own unit. Low
// must be below High; the indicator's direction says which bound is the best.
type Goalpost struct {
	Low, High float64
}

// Goalposts scores values by their position between fixed bounds, reversed for lower-is-better
// indicators, and clamps values beyond the bounds to 0 or 10. Unlike MinMax a value's score does
// not depend on the other regions, so a region that improves between years scores higher even if
// every region improved. Bounds without a spread (High ≤ Low) score the middle of the scale.
func Goalposts(values []float64, dir data.Direction, g Goalpost) []float64 {
	out := make([]float64, len(values))
	for i, v := range values {
		if g.High <= g.Low {
			out[i] = MaxScore / 2
			continue
		}
		s := (v - g.Low) / (g.High - g.Low)
		if dir == data.LowerIsBetter {
			s = 1 - s
		}
		out[i] = clampScore(MaxScore * s)
	}
	return out
}

// zSpread is how many standard deviations either side of the mean reach the ends of the scale.
const zSpread = 3

// ZScore scores values by their distance from the mean in (population) standard deviations, z,
// reversed for lower-is-better indicators, and maps z onto 0–10 as 5 + z×5/3: the mean scores 5,
// three standard deviations either side reach 0 and 10, and the rare value further out is clamped.
// The mapping keeps every score on the same non-negative scale as the other methods, so the
// geometric and generalised means need no special case for z scores. When every value is equal
// there is no spread and each scores 5.
func ZScore(values []float64, dir data.Direction) []float64 {
	out := make([]float64, len(values))
	if len(values) == 0 {
		return out
	}
	if slices.Min(values) == slices.Max(values) {
		for i := range out {
			out[i] = MaxScore / 2
		}
		return out
	}
	mean := Mean(values)
	var ss float64
	for _, v := range values {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(values)))
	for i, v := range values {
		z := (v - mean) / sd
		if dir == data.LowerIsBetter {
			z = -z
		}
		out[i] = clampScore(MaxScore/2 + z*MaxScore/(2*zSpread))
	}
	return out
}

// PercentileRank scores values by their rank from worst (0) to best (10): 10×(r−1)/(n−1) for the
// r-th of n values counted from the worst. Tied values share the mean of the ranks they span, so
// ties score equally and the scores of n values always sum to 5n. A single value, and values that
// are all equal, score 5.
func PercentileRank(values []float64, dir data.Direction) []float64 {
	n := len(values)
	out := make([]float64, n)
	if n == 0 {
		return out
	}
	if n == 1 {
		out[0] = MaxScore / 2
		return out
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	worse := func(a, b int) int { return cmp.Compare(values[a], values[b]) }
	if dir == data.LowerIsBetter {
		worse = func(a, b int) int { return cmp.Compare(values[b], values[a]) }
	}
	slices.SortFunc(order, worse)
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && values[order[hi]] == values[order[lo]] {
			hi++
		}
		// positions lo..hi-1 (0-based) hold ranks lo+1..hi; their mean is (lo+1+hi)/2
		r := float64(lo+1+hi) / 2
		for _, i := range order[lo:hi] {
			out[i] = MaxScore * (r - 1) / float64(n-1)
		}
		lo = hi
	}
	return out
}

// DistanceToTarget scores values by how far they fall short of a target: 10 at or beyond the
// target, 0 for the region furthest short of it, and in between in proportion to the shortfall
// (10×(1 − shortfall/largest shortfall)). "Beyond" follows the direction: above the target for
// higher-is-better indicators, below it for lower-is-better ones. When no region falls short every
// value scores 10; a single region short of the target is also the furthest short, and scores 0.
func DistanceToTarget(values []float64, dir data.Direction, target float64) []float64 {
	out := make([]float64, len(values))
	short := make([]float64, len(values))
	var most float64
	for i, v := range values {
		s := target - v
		if dir == data.LowerIsBetter {
			s = v - target
		}
		short[i] = max(s, 0)
		most = max(most, short[i])
	}
	for i, s := range short {
		if most == 0 {
			out[i] = MaxScore
			continue
		}
		out[i] = MaxScore * (1 - s/most)
	}
	return out
}

func clampScore(s float64) float64 {
	return min(max(s, 0), MaxScore)
}

// scoreIndicator normalises one indicator's values with the options' method. A missing goalpost
// or target falls back to min-max and says so in a note. Before a scale that depends on the spread
// of the values (min-max, z-score), an indicator with outliers (HasOutliers) has them capped when
// the options winsorise, reported in capped (positions in values), or else is named in a note;
// scored against fixed goalposts or a target, which capping does not move, it is named in a note.
func scoreIndicator(ind data.Indicator, values []float64, opt Options) (scores []float64, notes []string, capped []int) {
	norm := opt.Normalisation.orDefault()
	switch norm {
	case NormaliseGoalposts:
		if g, ok := opt.Goalposts[ind.ID]; ok {
			return Goalposts(values, ind.Direction, g), fixedBoundNote(ind, values, "goalposts"), nil
		}
		notes = append(notes, fmt.Sprintf("%s: no goalposts given, scored min-max on this year's values", ind.ID))
	case NormaliseTarget:
		if t, ok := opt.Targets[ind.ID]; ok {
			return DistanceToTarget(values, ind.Direction, t), fixedBoundNote(ind, values, "target"), nil
		}
		notes = append(notes, fmt.Sprintf("%s: no target given, scored min-max (the best value as the target)", ind.ID))
	case NormaliseRank:
		return PercentileRank(values, ind.Direction), nil, nil
	}
	if HasOutliers(values) {
		name := cmp.Or(ind.Name, ind.ID)
		if opt.Outliers.orDefault() == OutliersWinsorise {
			values, capped = Winsorise(values)
		}
		if len(capped) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d extreme %s capped at the next value in (winsorised) before scoring", name, len(capped), plural(len(capped), "value", "values")))
		} else {
			notes = append(notes, fmt.Sprintf("%s: a few extreme values (skewness %.1f) squeeze the other regions into a small part of the scale; capping outliers (winsorise) or scaling by rank would spread them",
				name, Skewness(values)))
		}
	}
	if norm == NormaliseZScore {
		return ZScore(values, ind.Direction), notes, capped
	}
	return MinMax(values, ind.Direction), notes, capped
}

// fixedBoundNote names an indicator with outliers (HasOutliers) scored against fixed goalposts
// or a target, which capping outliers does not change: one extreme value can still set a bound
// and squeeze the other regions.
func fixedBoundNote(ind data.Indicator, values []float64, bound string) []string {
	if !HasOutliers(values) {
		return nil
	}
	return []string{fmt.Sprintf("%s: a few extreme values (skewness %.1f) may set the %s and squeeze the other regions; capping outliers (winsorise) does not move fixed %s, scaling by rank would spread them",
		cmp.Or(ind.Name, ind.ID), Skewness(values), bound, bound)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
