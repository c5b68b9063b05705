// Package metrics computes placevalue's flourishing indicators: normalisation, weighting,
// aggregation, ranks and coverage. It is pure: plain Go values in, plain Go values out, no database
// and no HTTP, so that every method can be tested exhaustively.
package metrics

import (
	"cmp"
	"math"
	"slices"

	"github.com/placevalue/placevalue/data"
)

// MaxScore is the top of the 0–10 scale every score is expressed on.
const MaxScore = 10.0

// Value is one region's latest value of one indicator.
type Value struct {
	Region    string
	Indicator string
	Period    string
	Value     float64
	Status    data.Status
}

// Input is what an index is computed from: the regions of one level, the indicators, and each
// region's latest value of each indicator.
type Input struct {
	Regions    []data.Region
	Indicators []data.Indicator
	Values     []Value
	// Comparator is the indicator kept apart from the index for comparison (GDP per head); "" for
	// none. It is never scored into a dimension, whatever its catalogue entry says.
	Comparator string
}

// Options controls how an index is computed.
type Options struct {
	// MinIndicatorShare leaves out of the index any indicator that has values for fewer than this
	// share of the regions, so that an indicator published for a handful of regions does not decide
	// a ranking of hundreds. 0 keeps every indicator.
	MinIndicatorShare float64
	// MinCoverage gives no index to a region with data for fewer than this share of the index's
	// dimensions. 0 ranks every region with any data.
	MinCoverage float64
}

// DefaultOptions are the options the dashboard and export use unless told otherwise.
var DefaultOptions = Options{MinIndicatorShare: 0.5, MinCoverage: 0.5}

// RegionScore is one region's place in an index.
type RegionScore struct {
	Region data.Region
	// Index is the equal-weight mean of the region's dimension scores, 0–10; nil when the region's
	// coverage is below Options.MinCoverage.
	Index *float64
	// Rank is 1 for the best index; tied indexes share a rank; 0 when Index is nil.
	Rank int
	// Coverage is the share of the index's dimensions for which the region has a score.
	Coverage float64
	// Dimensions maps dimension id to the region's 0–10 score; a dimension without data is absent.
	Dimensions map[string]float64
	// Comparator is the region's value of Input.Comparator, nil when it has none.
	Comparator *float64
}

// Index is a ranking of the regions of one level.
type Index struct {
	// Dimensions are the dimensions with at least one scored indicator, in data.Dimensions order.
	Dimensions []data.Dimension
	// Indicators are the indicators that were scored, with their dimension.
	Indicators []data.Indicator
	// Regions are sorted by rank (regions without an index last), then by name.
	Regions []RegionScore
}

// MinMax scores values on 0–10 by their position between the lowest and the highest, reversed
// for lower-is-better indicators. When every value is equal there is no spread to place them on,
// and each scores the middle of the scale.
func MinMax(values []float64, dir data.Direction) []float64 {
	out := make([]float64, len(values))
	if len(values) == 0 {
		return out
	}
	lo, hi := slices.Min(values), slices.Max(values)
	for i, v := range values {
		if hi == lo {
			out[i] = MaxScore / 2
			continue
		}
		s := (v - lo) / (hi - lo)
		if dir == data.LowerIsBetter {
			s = 1 - s
		}
		out[i] = MaxScore * s
	}
	return out
}

// Mean is the arithmetic mean; NaN for no values.
func Mean(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	var sum float64
	for _, v := range values {
		sum += v
	}
	return sum / float64(len(values))
}

// ComputeIndex scores each indicator min-max across the input's regions (direction-aware), averages
// the indicator scores of each dimension, and averages the dimensions with equal weights into the
// index. The comparator and indicators without a dimension or direction are never scored.
func ComputeIndex(in Input, opt Options) Index {
	inRegions := make(map[string]bool, len(in.Regions))
	for _, r := range in.Regions {
		inRegions[r.Code] = true
	}
	byIndicator := map[string][]Value{}
	comparator := map[string]float64{}
	for _, v := range in.Values {
		if !inRegions[v.Region] || math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			continue
		}
		if in.Comparator != "" && v.Indicator == in.Comparator {
			comparator[v.Region] = v.Value
			continue
		}
		byIndicator[v.Indicator] = append(byIndicator[v.Indicator], v)
	}

	// indicator scores per region, grouped by dimension
	dimScores := map[string]map[string][]float64{} // dimension -> region -> indicator scores
	var scored []data.Indicator
	for _, ind := range in.Indicators {
		if ind.ID == in.Comparator || ind.Dimension == "" || ind.Direction == data.Neutral || ind.Direction == "" {
			continue
		}
		vals := byIndicator[ind.ID]
		if len(vals) == 0 || float64(len(vals)) < opt.MinIndicatorShare*float64(len(in.Regions)) {
			continue
		}
		raw := make([]float64, len(vals))
		for i, v := range vals {
			raw[i] = v.Value
		}
		scores := MinMax(raw, ind.Direction)
		if dimScores[ind.Dimension] == nil {
			dimScores[ind.Dimension] = map[string][]float64{}
		}
		for i, v := range vals {
			dimScores[ind.Dimension][v.Region] = append(dimScores[ind.Dimension][v.Region], scores[i])
		}
		scored = append(scored, ind)
	}

	var dims []data.Dimension
	for _, d := range data.Dimensions {
		if dimScores[d.ID] != nil {
			dims = append(dims, d)
		}
	}

	out := Index{Dimensions: dims, Indicators: scored, Regions: make([]RegionScore, 0, len(in.Regions))}
	for _, r := range in.Regions {
		rs := RegionScore{Region: r, Dimensions: map[string]float64{}}
		if c, ok := comparator[r.Code]; ok {
			rs.Comparator = &c
		}
		var means []float64
		for _, d := range dims {
			if s, ok := dimScores[d.ID][r.Code]; ok {
				m := Mean(s)
				rs.Dimensions[d.ID] = m
				means = append(means, m)
			}
		}
		if len(dims) > 0 {
			rs.Coverage = float64(len(means)) / float64(len(dims))
		}
		if len(means) > 0 && rs.Coverage >= opt.MinCoverage {
			idx := Mean(means)
			rs.Index = &idx
		}
		out.Regions = append(out.Regions, rs)
	}
	rankRegions(out.Regions)
	return out
}

// rankRegions sorts by index, best first, and gives tied indexes the same (competition) rank.
func rankRegions(rs []RegionScore) {
	slices.SortStableFunc(rs, func(a, b RegionScore) int {
		switch {
		case a.Index == nil && b.Index == nil:
			return cmp.Compare(a.Region.Name, b.Region.Name)
		case a.Index == nil:
			return 1
		case b.Index == nil:
			return -1
		}
		if c := cmp.Compare(*b.Index, *a.Index); c != 0 {
			return c
		}
		return cmp.Compare(a.Region.Name, b.Region.Name)
	})
	for i := range rs {
		if rs[i].Index == nil {
			continue
		}
		if i > 0 && rs[i-1].Index != nil && *rs[i-1].Index == *rs[i].Index {
			rs[i].Rank = rs[i-1].Rank
		} else {
			rs[i].Rank = i + 1
		}
	}
}

// CountryAverage is the mean, per dimension, of the scores of the regions of one country in an
// index: the "national average" a region is compared with.
func CountryAverage(idx Index, country string) map[string]float64 {
	sums := map[string][]float64{}
	for _, r := range idx.Regions {
		if r.Region.Country != country {
			continue
		}
		for d, s := range r.Dimensions {
			sums[d] = append(sums[d], s)
		}
	}
	out := make(map[string]float64, len(sums))
	for d, s := range sums {
		out[d] = Mean(s)
	}
	return out
}
