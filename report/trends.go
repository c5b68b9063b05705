package report

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// What a trend's move means for well-being, in the words of the region page and the trends CSV.
const (
	ForWellbeingBetter    = "better"
	ForWellbeingWorse     = "worse"
	ForWellbeingUnchanged = "unchanged"
	// ForWellbeingNotComparable: a break in the series or a change of definition lies between
	// the two figures.
	ForWellbeingNotComparable = "not comparable"
	// ForWellbeingNone is the word for context: a neutral indicator such as population, or one
	// outside every well-being dimension such as GDP per head, which the index is set against.
	// Their moves are neither better nor worse for well-being.
	ForWellbeingNone = "no direction"
)

// IndicatorTrend is how one indicator of a region moved from its earliest period with a value to
// its latest, and what that move means for well-being.
type IndicatorTrend struct {
	Indicator data.Indicator
	Trend     metrics.Trend
	// Earlier and Later are the observations compared, with their confidence intervals and cells.
	Earlier, Later data.Observation
	// ForWellbeing is ForWellbeingBetter, ForWellbeingWorse, ForWellbeingUnchanged or
	// ForWellbeingNone: the direction of the move read through the indicator's direction, whether
	// or not the move is significant; ForWellbeingNone outside the well-being dimensions.
	ForWellbeing string
}

// Trends compares, for each indicator of a region's history (the region's current observations
// with values, as data.Warehouse.RegionHistory gives them), the earliest period with the latest.
// Indicators with a value for one period only are left out, and so are context figures that are
// neither better higher nor lower (population, output by industry: hundreds of them in the ONS
// accounts) and indicators missing from indicators. The trends are ordered by dimension (in the
// default framework's order; indicators outside every dimension last), then indicator name and id.
func Trends(history []data.Observation, indicators []data.Indicator) ([]IndicatorTrend, error) {
	type series struct{ first, last data.Observation }
	type key struct{ region, indicator string }
	var order []key
	byKey := map[key]*series{}
	for _, o := range history {
		if o.Value == nil {
			continue
		}
		k := key{o.Region, o.Indicator}
		s, ok := byKey[k]
		if !ok {
			byKey[k] = &series{first: o, last: o}
			order = append(order, k)
			continue
		}
		if o.Period < s.first.Period {
			s.first = o
		}
		if o.Period > s.last.Period {
			s.last = o
		}
	}
	catalogue := make(map[string]data.Indicator, len(indicators))
	for _, ind := range indicators {
		catalogue[ind.ID] = ind
	}
	var out []IndicatorTrend
	for _, k := range order {
		s := byKey[k]
		if s.first.Period == s.last.Period {
			continue
		}
		t, err := metrics.TrendBetween(s.first, s.last)
		if err != nil {
			return nil, err
		}
		ind, ok := catalogue[k.indicator]
		if !ok || (ind.Direction != data.HigherIsBetter && ind.Direction != data.LowerIsBetter) {
			continue
		}
		out = append(out, IndicatorTrend{Indicator: ind, Trend: t, Earlier: s.first, Later: s.last,
			ForWellbeing: forWellbeing(ind, t)})
	}
	def := data.DefaultFramework()
	slices.SortStableFunc(out, func(a, b IndicatorTrend) int {
		return cmp.Or(cmp.Compare(dimensionOrder(def, a.Indicator.Dimension), dimensionOrder(def, b.Indicator.Dimension)),
			cmp.Compare(a.Indicator.Name, b.Indicator.Name), cmp.Compare(a.Indicator.ID, b.Indicator.ID),
			cmp.Compare(a.Trend.Region, b.Trend.Region))
	})
	return out, nil
}

// forWellbeing reads a change through the direction of an indicator of a well-being dimension.
func forWellbeing(ind data.Indicator, t metrics.Trend) string {
	change := t.Change
	switch {
	case ind.Dimension == "" || (ind.Direction != data.HigherIsBetter && ind.Direction != data.LowerIsBetter):
		return ForWellbeingNone
	case t.Incomparable:
		return ForWellbeingNotComparable
	case change == 0:
		return ForWellbeingUnchanged
	case (change > 0) == (ind.Direction == data.HigherIsBetter):
		return ForWellbeingBetter
	}
	return ForWellbeingWorse
}

// RegionTrends gives the trends of a region, current or superseded, from the warehouse's current
// view. A region the warehouse does not hold is ErrNotFound.
func RegionTrends(ctx context.Context, w *data.Warehouse, code string) (data.Region, []IndicatorTrend, error) {
	r, ok, err := w.Region(ctx, code)
	if err != nil {
		return data.Region{}, nil, err
	}
	if !ok {
		return data.Region{}, nil, fmt.Errorf("region %q: %w", code, ErrNotFound)
	}
	indicators, err := w.Indicators(ctx)
	if err != nil {
		return data.Region{}, nil, err
	}
	trends, err := regionTrends(ctx, w, code, indicators)
	return r, trends, err
}

// PublishedFigure is the latest figure published for a region of one indicator.
type PublishedFigure struct {
	Indicator   data.Indicator
	Observation data.Observation
}

// LatestPublished gives, for each indicator of a region's history that is better higher or
// lower, its latest figure with a value, in the order of Trends: by dimension, then by name.
func LatestPublished(history []data.Observation, indicators []data.Indicator) []PublishedFigure {
	byID := make(map[string]data.Indicator, len(indicators))
	for _, ind := range indicators {
		byID[ind.ID] = ind
	}
	latest := map[string]data.Observation{}
	for _, o := range history {
		ind, ok := byID[o.Indicator]
		if o.Value == nil || !ok || (ind.Direction != data.HigherIsBetter && ind.Direction != data.LowerIsBetter) {
			continue
		}
		if prev, seen := latest[o.Indicator]; !seen || o.Period > prev.Period {
			latest[o.Indicator] = o
		}
	}
	out := make([]PublishedFigure, 0, len(latest))
	for id, o := range latest {
		out = append(out, PublishedFigure{Indicator: byID[id], Observation: o})
	}
	def := data.DefaultFramework()
	slices.SortFunc(out, func(a, b PublishedFigure) int {
		return cmp.Or(cmp.Compare(dimensionOrder(def, a.Indicator.Dimension), dimensionOrder(def, b.Indicator.Dimension)),
			cmp.Compare(a.Indicator.Name, b.Indicator.Name), cmp.Compare(a.Indicator.ID, b.Indicator.ID))
	})
	return out
}

func regionTrends(ctx context.Context, w *data.Warehouse, code string, indicators []data.Indicator) ([]IndicatorTrend, error) {
	history, err := w.RegionHistory(ctx, code)
	if err != nil {
		return nil, err
	}
	return Trends(history, indicators)
}

// Change formats a trend's change at the precision of the two published values, so that 7.29 −
// 7.08 reads 0.21, not 0.20999999999999996.
func Change(t metrics.Trend) string {
	return strconv.FormatFloat(t.Change, 'f', max(decimals(t.Before), decimals(t.After)), 64)
}

// decimals counts the digits after the point of the shortest form of v that reads back as v.
func decimals(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// TrendsHeader is the header of a region's trends CSV: the two observations compared, with their
// published confidence intervals (empty where none is published), then the change (after −
// before), its arrow (the direction of the value), what it means for well-being, and whether it
// is significant: true only when both intervals are published and do not overlap.
var TrendsHeader = []string{"region_code", "region_name", "indicator_id", "indicator_name", "dimension", "unit", "direction",
	"from_period", "to_period", "before", "before_lower", "before_upper", "after", "after_lower", "after_upper",
	"change", "arrow", "for_wellbeing", "significant", "note"}

// WriteTrendsCSV writes a region's trends: exactly what the region page's "Change over time"
// table shows.
func WriteTrendsCSV(w io.Writer, r data.Region, trends []IndicatorTrend) error {
	c := newCSV(w, TrendsHeader...)
	for _, t := range trends {
		c.row(Text(r.Code), Text(r.Name), t.Indicator.ID, Text(t.Indicator.Name), t.Indicator.Dimension, Text(t.Indicator.Unit),
			string(t.Indicator.Direction), Text(t.Trend.From), Text(t.Trend.To),
			Number(t.Earlier.Value), Number(t.Earlier.Lower), Number(t.Earlier.Upper),
			Number(t.Later.Value), Number(t.Later.Lower), Number(t.Later.Upper),
			Change(t.Trend), t.Trend.Arrow, t.ForWellbeing, strconv.FormatBool(t.Trend.Significant), t.Trend.Note)
	}
	return c.close()
}
