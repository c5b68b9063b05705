package metrics

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
)

// Weights rate how much each dimension of a framework counts in the index, keyed by dimension
// id, from 0 (left out) to 5, as in the OECD Better Life Index. A dimension that is not in the
// map, and every dimension of a nil map, weighs DefaultWeight.
type Weights map[string]float64

// The range of a dimension's weight.
const (
	DefaultWeight = 1.0
	MaxWeight     = 5.0
)

// Of is the weight of a dimension.
func (w Weights) Of(dimension string) float64 {
	if v, ok := w[dimension]; ok {
		return v
	}
	return DefaultWeight
}

// dimensionsOf are a framework's dimensions; nil is the default framework.
func dimensionsOf(f *data.Framework) []data.Dimension {
	if f == nil {
		return data.Dimensions
	}
	return f.Dimensions
}

// ParseWeights reads weights for the dimensions of a framework (nil: the default), written as
// "income=5,jobs=3,life_satisfaction=0". A dimension left out keeps the default weight of 1; the
// result holds every dimension of the framework. Errors name the part that is wrong and what was
// expected.
func ParseWeights(s string, f *data.Framework) (Weights, error) {
	dims := dimensionsOf(f)
	w := make(Weights, len(dims))
	for _, d := range dims {
		w[d.ID] = DefaultWeight
	}
	given := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("weight %q has no \"=\": expected dimension=weight, e.g. %s=5", part, dims[0].ID)
		}
		id, val = strings.TrimSpace(id), strings.TrimSpace(val)
		if !slices.ContainsFunc(dims, func(d data.Dimension) bool { return d.ID == id }) {
			return nil, unknownDimension(id, f)
		}
		if given[id] {
			return nil, fmt.Errorf("weight for %s given twice", id)
		}
		given[id] = true
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || !validWeight(v) {
			return nil, fmt.Errorf("weight for %s is %q, expected a number from 0 to 5", id, val)
		}
		w[id] = v
	}
	if err := w.Validate(f); err != nil {
		return nil, err
	}
	return w, nil
}

// Format writes the weight of every dimension of a framework (nil: the default), in its order,
// in the form ParseWeights reads.
func (w Weights) Format(f *data.Framework) string {
	var b strings.Builder
	for i, d := range dimensionsOf(f) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.ID)
		b.WriteByte('=')
		b.WriteString(strconv.FormatFloat(w.Of(d.ID), 'g', -1, 64))
	}
	return b.String()
}

// Validate checks weights against a framework (nil: the default): every key is one of its
// dimension ids, every weight is from 0 to 5, and at least one dimension weighs more than 0. A
// nil map is valid: equal weights.
func (w Weights) Validate(f *data.Framework) error {
	dims := dimensionsOf(f)
	for _, d := range dims {
		if v, ok := w[d.ID]; ok && !validWeight(v) {
			return fmt.Errorf("weight for %s is %g, expected a number from 0 to 5", d.ID, v)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w)) {
		if !slices.ContainsFunc(dims, func(d data.Dimension) bool { return d.ID == id }) {
			return unknownDimension(id, f)
		}
	}
	for _, d := range dims {
		if w.Of(d.ID) > 0 {
			return nil
		}
	}
	return fmt.Errorf("every weight is 0: give at least one dimension a weight above 0")
}

func validWeight(v float64) bool {
	return !math.IsNaN(v) && v >= 0 && v <= MaxWeight
}

func unknownDimension(id string, f *data.Framework) error {
	dims := dimensionsOf(f)
	ids := make([]string, len(dims))
	for i, d := range dims {
		ids[i] = d.ID
	}
	if f == nil {
		f = data.DefaultFramework()
	}
	return fmt.Errorf("unknown dimension %q of the %s framework; known: %s", id, f.ID, strings.Join(ids, ", "))
}

// WeightPreset is a named set of weights a user can start from.
type WeightPreset struct {
	Name, Title, Description string
	Weights                  Weights
}

// Presets lists the named weight presets of a framework (nil: the default), each holding every
// dimension: the framework's presets emphasise some dimensions and keep the others at the default
// weight, so that no preset silently drops a dimension. The weights are copies the caller may
// change.
func Presets(f *data.Framework) []WeightPreset {
	if f == nil {
		f = data.DefaultFramework()
	}
	out := make([]WeightPreset, len(f.Presets))
	for i, p := range f.Presets {
		w := make(Weights, len(f.Dimensions))
		for _, d := range f.Dimensions {
			w[d.ID] = Weights(p.Weights).Of(d.ID)
		}
		out[i] = WeightPreset{Name: p.ID, Title: p.Title, Description: p.Description, Weights: w}
	}
	return out
}

// Preset returns the weights of a framework's (nil: the default's) named preset, holding every
// dimension.
func Preset(name string, f *data.Framework) (Weights, error) {
	var names []string
	for _, p := range Presets(f) {
		if p.Name == name {
			return p.Weights, nil
		}
		names = append(names, p.Name)
	}
	return nil, fmt.Errorf("unknown weight preset %q; known: %s", name, strings.Join(names, ", "))
}
