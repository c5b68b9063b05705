package report

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// Bound is what one indicator is scored against under the goalposts or target normalisation,
// shown beside the index so that a user can see (and dispute) every bound.
type Bound struct {
	Indicator data.Indicator
	// Low and High are the goalposts (NormaliseGoalposts); Target is the target (NormaliseTarget).
	Low, High, Target float64
	// Basis says where the bound comes from: the periods it was taken over, or the policy that
	// sets the target.
	Basis string
}

// withBounds gives the options the goalposts or targets their normalisation needs, taken from
// the warehouse, and lists them; other normalisations are returned unchanged. Bounds the caller
// already set are kept.
//
// Goalposts are held across years: the lowest and highest value any current region of the level
// had in any loaded period, so that a region's score moves only when its own value does. A target
// is the published policy target from data/targets.csv where one exists, otherwise the best value
// any region of the level reached in any loaded period.
func withBounds(ctx context.Context, w *data.Warehouse, level data.Level, indicators []data.Indicator, opt metrics.Options) (metrics.Options, []Bound, error) {
	if opt.Normalisation != metrics.NormaliseGoalposts && opt.Normalisation != metrics.NormaliseTarget {
		return opt, nil, nil
	}
	ranges, err := w.ValueRanges(ctx, level.Members()...)
	if err != nil {
		return opt, nil, err
	}
	targets, err := data.Targets()
	if err != nil {
		return opt, nil, err
	}
	// Copies, so that filling them never changes the caller's options.
	goalposts := make(map[string]metrics.Goalpost, len(ranges))
	maps.Copy(goalposts, opt.Goalposts)
	targetValues := make(map[string]float64, len(ranges))
	maps.Copy(targetValues, opt.Targets)
	framework := opt.Framework
	if framework == nil {
		framework = data.DefaultFramework()
	}
	var bounds []Bound
	for _, ind := range indicators {
		r, ok := ranges[ind.ID]
		dim, scored := framework.DimensionOf(ind.ID)
		if !ok || !scored || ind.Direction == data.Neutral || ind.ID == Comparator {
			continue
		}
		ind.Dimension = dim
		over := r.FirstPeriod
		if r.LastPeriod != r.FirstPeriod {
			over += "–" + r.LastPeriod
		}
		b := Bound{Indicator: ind}
		switch opt.Normalisation {
		case metrics.NormaliseGoalposts:
			if g, set := goalposts[ind.ID]; set {
				b.Low, b.High, b.Basis = g.Low, g.High, "given"
			} else if r.Low < r.High {
				b.Low, b.High = r.Low, r.High
				b.Basis = fmt.Sprintf("lowest and highest of any region in %s", over)
				goalposts[ind.ID] = metrics.Goalpost{Low: r.Low, High: r.High}
			} else {
				continue // every value the same: scored min-max, and the index notes say so
			}
		case metrics.NormaliseTarget:
			if t, set := targetValues[ind.ID]; set {
				b.Target, b.Basis = t, "given"
			} else if t, ok := targets[ind.ID]; ok {
				b.Target, b.Basis = t.Value, t.Basis
				targetValues[ind.ID] = t.Value
			} else {
				b.Target = r.High
				if ind.Direction == data.LowerIsBetter {
					b.Target = r.Low
				}
				b.Basis = fmt.Sprintf("no published target: the best of any region in %s", over)
				targetValues[ind.ID] = b.Target
			}
		}
		bounds = append(bounds, b)
	}
	slices.SortFunc(bounds, func(a, b Bound) int {
		return cmp.Or(cmp.Compare(dimensionOrder(framework, a.Indicator.Dimension), dimensionOrder(framework, b.Indicator.Dimension)),
			cmp.Compare(a.Indicator.ID, b.Indicator.ID))
	})
	opt.Goalposts, opt.Targets = goalposts, targetValues
	return opt, bounds, nil
}

// dimensionOrder is the position of a dimension in a framework; after them all when it is not
// one of its dimensions.
func dimensionOrder(f *data.Framework, id string) int {
	for i, d := range f.Dimensions {
		if d.ID == id {
			return i
		}
	}
	return len(f.Dimensions)
}
