package metrics

import (
	"math"

	"github.com/placevalue/placevalue/data"
)

// table is an Input laid out for scoring, once: one row per region and one column per scored
// indicator, with NaN where a region has no value. The index and every draw of Uncertainty score
// from it without maps.
type table struct {
	regions    []data.Region
	inds       []data.Indicator // scored indicators, in Input order
	dims       []data.Dimension // dimensions with a scored indicator, in the framework's order
	indDim     []int            // position in dims of each scored indicator's dimension
	raw        [][]float64      // raw[k][r]: region r's value of indicator k
	period     [][]string       // period[k][r]: the period of raw[k][r]
	status     [][]data.Status  // status[k][r]: the status of raw[k][r]
	latest     []string         // latest[k]: the latest period of indicator k among the regions
	comparator []float64        // each region's value of Input.Comparator
}

// newTable keeps the indicators that can be scored (a dimension in the options' framework, a
// direction, not the comparator, values for at least Options.MinIndicatorShare of the regions),
// each with its dimension in the framework. A region with two values of one indicator keeps the
// one for the latest period (of two for the same period, the later in Values).
func newTable(in Input, opt Options) *table {
	dimensions, dimensionOf := frameworkOf(opt)
	n := len(in.Regions)
	rows := make(map[string][]int, n)
	for r, reg := range in.Regions {
		rows[reg.Code] = append(rows[reg.Code], r)
	}
	col := map[string]int{}
	var cands []data.Indicator
	for _, ind := range in.Indicators {
		if ind.ID == in.Comparator || ind.Direction == data.Neutral || ind.Direction == "" {
			continue
		}
		dim, ok := dimensionOf(ind)
		if !ok {
			continue
		}
		if _, dup := col[ind.ID]; dup {
			continue
		}
		ind.Dimension = dim
		col[ind.ID] = len(cands)
		cands = append(cands, ind)
	}
	raw := make([][]float64, len(cands))
	period := make([][]string, len(cands))
	status := make([][]data.Status, len(cands))
	for k := range cands {
		raw[k] = nanSlice(n)
		period[k] = make([]string, n)
		status[k] = make([]data.Status, n)
	}
	comparator := nanSlice(n)
	comparatorPeriod := make([]string, n)
	for _, v := range in.Values {
		rs, ok := rows[v.Region]
		if !ok || math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			continue
		}
		if in.Comparator != "" && v.Indicator == in.Comparator {
			for _, r := range rs {
				if math.IsNaN(comparator[r]) || v.Period >= comparatorPeriod[r] {
					comparator[r], comparatorPeriod[r] = v.Value, v.Period
				}
			}
			continue
		}
		k, ok := col[v.Indicator]
		if !ok {
			continue
		}
		for _, r := range rs {
			if math.IsNaN(raw[k][r]) || v.Period >= period[k][r] {
				raw[k][r], period[k][r], status[k][r] = v.Value, v.Period, v.Status
			}
		}
	}

	t := &table{regions: in.Regions, comparator: comparator}
	hasDim := map[string]bool{}
	for k, ind := range cands {
		count, latest := 0, ""
		for r, v := range raw[k] {
			if !math.IsNaN(v) {
				count++
				latest = max(latest, period[k][r])
			}
		}
		if count == 0 || float64(count) < opt.MinIndicatorShare*float64(n) {
			continue
		}
		t.inds = append(t.inds, ind)
		t.raw = append(t.raw, raw[k])
		t.period = append(t.period, period[k])
		t.status = append(t.status, status[k])
		t.latest = append(t.latest, latest)
		hasDim[ind.Dimension] = true
	}
	pos := map[string]int{}
	for _, d := range dimensions {
		if hasDim[d.ID] {
			pos[d.ID] = len(t.dims)
			t.dims = append(t.dims, d)
		}
	}
	t.indDim = make([]int, len(t.inds))
	for k, ind := range t.inds {
		t.indDim[k] = pos[ind.Dimension]
	}
	return t
}

// frameworkOf gives the dimensions of the options' framework, in order, and the dimension an
// indicator counts in under it.
func frameworkOf(opt Options) ([]data.Dimension, func(data.Indicator) (string, bool)) {
	if f := opt.Framework; f != nil {
		return f.Dimensions, func(ind data.Indicator) (string, bool) { return f.DimensionOf(ind.ID) }
	}
	return data.Dimensions, func(ind data.Indicator) (string, bool) {
		_, ok := data.DimensionByID(ind.Dimension)
		return ind.Dimension, ok
	}
}

// dimScores normalises every indicator with the options' method and averages each region's
// indicator scores per dimension: the result's [r*len(dims)+d] is region r's score on dimension d,
// NaN when it has no indicator of d. capped[k], when capped is not nil, lists the regions (rows)
// whose value of indicator k was capped as an outlier.
func (t *table) dimScores(opt Options) (scores []float64, notes []string, capped [][]int) {
	n, nd := len(t.regions), len(t.dims)
	sums := make([]float64, n*nd)
	counts := make([]int, n*nd)
	vals := make([]float64, 0, n)
	at := make([]int, 0, n)
	for k, ind := range t.inds {
		vals, at = vals[:0], at[:0]
		for r, v := range t.raw[k] {
			if !math.IsNaN(v) {
				vals = append(vals, v)
				at = append(at, r)
			}
		}
		s, indNotes, cappedAt := scoreIndicator(ind, vals, opt)
		notes = append(notes, indNotes...)
		if len(cappedAt) > 0 {
			if capped == nil {
				capped = make([][]int, len(t.inds))
			}
			for _, i := range cappedAt {
				capped[k] = append(capped[k], at[i])
			}
		}
		for i, r := range at {
			c := r*nd + t.indDim[k]
			sums[c] += s[i]
			counts[c]++
		}
	}
	for c := range sums {
		if counts[c] == 0 {
			sums[c] = math.NaN()
			continue
		}
		sums[c] /= float64(counts[c])
	}
	return sums, notes, capped
}

// thinDimensions flags each dimension on which region r has values for some, but fewer than
// half, of the table's indicators of that dimension.
func (t *table) thinDimensions(r int) []Flag {
	have := make([]int, len(t.dims))
	of := make([]int, len(t.dims))
	for k := range t.inds {
		d := t.indDim[k]
		of[d]++
		if !math.IsNaN(t.raw[k][r]) {
			have[d]++
		}
	}
	var out []Flag
	for d, dim := range t.dims {
		if have[d] > 0 && 2*have[d] < of[d] {
			out = append(out, Flag{Kind: FlagThinDimension, Dimension: dim.ID, Have: have[d], Of: of[d]})
		}
	}
	return out
}

// weights are the weights of the table's dimensions, in order.
func (t *table) weights(w Weights) []float64 {
	out := make([]float64, len(t.dims))
	for d, dim := range t.dims {
		out[d] = w.Of(dim.ID)
	}
	return out
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
