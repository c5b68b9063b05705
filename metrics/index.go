// Package metrics computes placevalue's flourishing indicators: normalisation, weighting,
// aggregation, ranks and coverage. It is pure: plain Go values in, plain Go values out, no database
// and no HTTP, so that every method can be tested exhaustively.
package metrics

import (
	"cmp"
	"fmt"
	"maps"
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
	// Framework says which dimensions there are and which indicators count in each; nil counts
	// each indicator in the dimension stored with it (Indicator.Dimension, set from the default
	// framework at ingest), in the default framework's order.
	Framework *data.Framework
	// MinIndicatorShare leaves out of the index any indicator that has values for fewer than this
	// share of the regions, so that an indicator published for a handful of regions does not decide
	// a ranking of hundreds. 0 keeps every indicator.
	MinIndicatorShare float64
	// MinCoverage gives no index to a region with data for less than this share of the index's
	// dimensions, counted by weight (with equal weights, the share of the dimensions). 0 ranks
	// every region with any data.
	MinCoverage float64
	// Normalisation puts each indicator on 0–10; "" is NormaliseMinMax.
	Normalisation Normalisation
	// Goalposts are the fixed bounds of each indicator (by id) for NormaliseGoalposts.
	Goalposts map[string]Goalpost
	// Targets are the target values of each indicator (by id) for NormaliseTarget.
	Targets map[string]float64
	// Weights rate the dimensions 0–5; nil weighs every dimension 1.
	Weights Weights
	// Aggregation combines a region's dimension scores into its index; "" is AggregateArithmetic.
	Aggregation Aggregation
	// Power is p of AggregateGeneralised (1 arithmetic, 0 geometric), from -MaxPower to MaxPower;
	// other aggregations ignore it.
	Power float64
	// Outliers says how an indicator's extreme values are treated before min-max or z-score
	// scoring; "" is OutliersKeep.
	Outliers Outliers
}

// MaxPower bounds the power of the generalised mean: beyond ±100 it is, to a few decimals, the
// lowest or the highest score, and lifted scores to such powers would overflow.
const MaxPower = 100.0

// Validate checks options that come from users: a known normalisation and aggregation (as their
// ids: ParseNormalisation and ParseAggregation read what people type), a power within ±MaxPower,
// valid weights, goalposts with a low bound below the high bound, finite targets.
func (opt Options) Validate() error {
	if opt.Normalisation != "" && !slices.Contains(normalisations, opt.Normalisation) {
		return unknownNormalisation(string(opt.Normalisation))
	}
	if opt.Aggregation != "" && !slices.Contains(aggregations, opt.Aggregation) {
		return unknownAggregation(string(opt.Aggregation))
	}
	if opt.Outliers != "" && !slices.Contains(outlierTreatments, opt.Outliers) {
		return unknownOutliers(string(opt.Outliers))
	}
	if opt.Aggregation == AggregateGeneralised && !(math.Abs(opt.Power) <= MaxPower) {
		return fmt.Errorf("power of the generalised mean is %g, expected a number from -%g to %g", opt.Power, MaxPower, MaxPower)
	}
	if err := opt.Weights.Validate(opt.Framework); err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(opt.Goalposts)) {
		g := opt.Goalposts[id]
		if !(g.Low < g.High) || math.IsInf(g.Low, 0) || math.IsInf(g.High, 0) {
			return fmt.Errorf("goalposts for %s are %g to %g, expected a finite low bound below the high bound", id, g.Low, g.High)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(opt.Targets)) {
		if t := opt.Targets[id]; math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("target for %s is %g, expected a finite number", id, t)
		}
	}
	return nil
}

// DefaultOptions are the options the dashboard and export use unless told otherwise.
var DefaultOptions = Options{MinIndicatorShare: 0.5, MinCoverage: 0.5}

// RegionScore is one region's place in an index.
type RegionScore struct {
	Region data.Region
	// Index combines the region's dimension scores with the options' weights and aggregation
	// (by default the equal-weight mean), 0–10; nil when the region's coverage is below
	// Options.MinCoverage or the options are not valid.
	Index *float64
	// Rank is 1 for the best index; tied indexes share a rank; 0 when Index is nil.
	Rank int
	// Coverage is the share of the index's dimensions, by weight, for which the region has a score.
	Coverage float64
	// Dimensions maps dimension id to the region's 0–10 score; a dimension without data is absent.
	Dimensions map[string]float64
	// Comparator is the region's value of Input.Comparator, nil when it has none.
	Comparator *float64
	// Flags are the caveats on the region's score: too little coverage, dimensions without data,
	// stale and qualified values.
	Flags []Flag
}

// Index is a ranking of the regions of one level.
type Index struct {
	// Dimensions are the dimensions with at least one scored indicator, in the framework's order.
	Dimensions []data.Dimension
	// Indicators are the indicators that were scored, with their dimension in the framework.
	Indicators []data.Indicator
	// Regions are sorted by rank (regions without an index last), then by name.
	Regions []RegionScore
	// Options are the options the index was computed with.
	Options Options
	// Notes say where the index departs from its options: options that are not valid, indicators
	// scored min-max for want of goalposts or a target.
	Notes []string
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

// ComputeIndex scores each indicator across the input's regions with the options' normalisation
// (direction-aware; min-max by default), averages the indicator scores of each dimension, and
// combines the dimensions with the options' weights and aggregation (by default the equal-weight
// arithmetic mean) into the index. A region's index covers the dimensions it has, reweighted
// among them; its coverage is their share of the weight. The comparator and indicators without a
// dimension or direction are never scored; of two values of one indicator for a region, the one for
// the later period counts. Each region is flagged for missing dimensions, too little coverage,
// values older than the indicator's latest period, and values a publisher qualified. Options that
// are not valid rank no region and say why in Index.Notes.
func ComputeIndex(in Input, opt Options) Index {
	idx, _ := computeIndex(newTable(in, opt), opt)
	return idx
}

// idleWeights are notes on the weights a user chose for dimensions without data among the regions
// (none of their indicators is published for the level): such a weight changes nothing, and a
// user who raised it should be told so rather than find the index unmoved.
func idleWeights(opt Options, scored []data.Dimension) []string {
	var notes []string
	for _, d := range dimensionsOf(opt.Framework) {
		w := opt.Weights.Of(d.ID)
		if w == DefaultWeight || w == 0 || slices.ContainsFunc(scored, func(s data.Dimension) bool { return s.ID == d.ID }) {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s has no data for these regions, so its weight of %g changes nothing", d.Name, w))
	}
	return notes
}

// computeIndex also returns, for each of the index's regions, its row in t.
func computeIndex(t *table, opt Options) (Index, []int) {
	out := Index{Dimensions: t.dims, Indicators: t.inds, Options: opt}
	valid := opt.Validate()
	if valid != nil {
		out.Notes = append(out.Notes, "options: "+valid.Error()+"; no region is ranked")
	}
	scores, notes, capped := t.dimScores(opt)
	out.Notes = append(out.Notes, notes...)
	weights := t.weights(opt.Weights)
	var total float64
	for _, w := range weights {
		total += w
	}
	if valid == nil && len(t.dims) > 0 && total == 0 {
		out.Notes = append(out.Notes, "every dimension with data has weight 0; no region is ranked")
	}
	out.Notes = append(out.Notes, idleWeights(opt, t.dims)...)
	agg := newAggregator(opt.Aggregation, opt.Power)
	nd := len(t.dims)
	regions := make([]RegionScore, len(t.regions))
	var terms []float64
	for r, reg := range t.regions {
		rs := RegionScore{Region: reg, Dimensions: make(map[string]float64, nd)}
		if c := t.comparator[r]; !math.IsNaN(c) {
			rs.Comparator = &c
		}
		row := scores[r*nd : (r+1)*nd]
		var covered float64
		var missing []Flag
		for d, s := range row {
			if math.IsNaN(s) {
				// A dimension the user weighs 0 counts for nothing: its absence is no caveat.
				if weights[d] > 0 {
					missing = append(missing, Flag{Kind: FlagMissingDimension, Dimension: t.dims[d].ID})
				}
				continue
			}
			rs.Dimensions[t.dims[d].ID] = s
			covered += weights[d]
		}
		if total > 0 {
			rs.Coverage = covered / total
		}
		if valid == nil {
			switch {
			case covered > 0 && rs.Coverage >= opt.MinCoverage:
				terms = agg.terms(row, terms[:0])
				v := agg.combine(terms, weights)
				rs.Index = &v
			case len(rs.Dimensions) > 0:
				rs.Flags = append(rs.Flags, Flag{Kind: FlagLowCoverage})
			}
		}
		rs.Flags = append(rs.Flags, missing...)
		rs.Flags = append(rs.Flags, t.thinDimensions(r)...)
		for k, ind := range t.inds {
			if math.IsNaN(t.raw[k][r]) {
				continue
			}
			p := t.period[k][r]
			if st := t.status[k][r]; qualified(st) {
				rs.Flags = append(rs.Flags, Flag{Kind: FlagStatus, Indicator: ind.ID, Period: p, Status: st})
			}
			if p < t.latest[k] {
				rs.Flags = append(rs.Flags, Flag{Kind: FlagStale, Indicator: ind.ID, Period: p, Latest: t.latest[k]})
			}
			if capped != nil && slices.Contains(capped[k], r) {
				rs.Flags = append(rs.Flags, Flag{Kind: FlagCapped, Indicator: ind.ID, Period: p})
			}
		}
		regions[r] = rs
	}
	rows := rankRegions(regions)
	out.Regions = regions
	return out, rows
}

// rankRegions sorts by index, best first, and gives tied indexes the same (competition) rank. It
// returns, for each sorted position, the region's position before sorting.
func rankRegions(rs []RegionScore) []int {
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := rs[i], rs[j]
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
	sorted := make([]RegionScore, len(rs))
	for p, i := range order {
		sorted[p] = rs[i]
	}
	copy(rs, sorted)
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
	return order
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
