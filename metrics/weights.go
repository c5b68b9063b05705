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

// Weights rate how much each dimension counts in the index, keyed by dimension id
// (data.Dimensions), from 0 (left out) to 5, as in the OECD Better Life Index. A dimension that is
// not in the map, and every dimension of a nil map, weighs DefaultWeight.
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

// ParseWeights reads weights written as "income=5,jobs=3,life_satisfaction=0". A dimension left out
// keeps the default weight of 1; the result holds every dimension of data.Dimensions. Errors name
// the part that is wrong and what was expected.
func ParseWeights(s string) (Weights, error) {
	w := make(Weights, len(data.Dimensions))
	for _, d := range data.Dimensions {
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
			return nil, fmt.Errorf("weight %q has no \"=\": expected dimension=weight, e.g. income=5", part)
		}
		id, val = strings.TrimSpace(id), strings.TrimSpace(val)
		if _, known := data.DimensionByID(id); !known {
			return nil, unknownDimension(id)
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
	if err := w.Validate(); err != nil {
		return nil, err
	}
	return w, nil
}

// String writes every dimension's weight in data.Dimensions order, in the form ParseWeights reads.
func (w Weights) String() string {
	var b strings.Builder
	for i, d := range data.Dimensions {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.ID)
		b.WriteByte('=')
		b.WriteString(strconv.FormatFloat(w.Of(d.ID), 'g', -1, 64))
	}
	return b.String()
}

// Validate checks that every key is a dimension id, every weight is from 0 to 5, and at least one
// dimension weighs more than 0. A nil map is valid: equal weights.
func (w Weights) Validate() error {
	for _, d := range data.Dimensions {
		if v, ok := w[d.ID]; ok && !validWeight(v) {
			return fmt.Errorf("weight for %s is %g, expected a number from 0 to 5", d.ID, v)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w)) {
		if _, known := data.DimensionByID(id); !known {
			return unknownDimension(id)
		}
	}
	for _, d := range data.Dimensions {
		if w.Of(d.ID) > 0 {
			return nil
		}
	}
	return fmt.Errorf("every weight is 0: give at least one dimension a weight above 0")
}

func validWeight(v float64) bool {
	return !math.IsNaN(v) && v >= 0 && v <= MaxWeight
}

func unknownDimension(id string) error {
	ids := make([]string, len(data.Dimensions))
	for i, d := range data.Dimensions {
		ids[i] = d.ID
	}
	return fmt.Errorf("unknown dimension %q; known: %s", id, strings.Join(ids, ", "))
}

// WeightPreset is a named set of weights a user can start from.
type WeightPreset struct {
	Name        string
	Description string
	Weights     Weights
}

// presets emphasise their dimensions at the top weight and keep the others at the default, so
// that no preset silently drops a dimension.
var presets = []WeightPreset{
	{"equal", "Every dimension counts the same.", Weights{}},
	{"material", "Material conditions first: income, jobs and housing weigh 5, the rest 1.",
		Weights{"income": 5, "jobs": 5, "housing": 5}},
	{"quality_of_life", "Quality of life first: health, education, environment, safety, civic engagement, community and life satisfaction weigh 5, the rest 1.",
		Weights{"health": 5, "education": 5, "environment": 5, "safety": 5, "civic_engagement": 5, "community": 5, "life_satisfaction": 5}},
	{"connectivity_first", "Access to services (broadband and the distance to services) weighs 5, the rest 1.",
		Weights{"access_to_services": 5}},
}

// Presets lists the named weight presets; the weights are copies the caller may change.
func Presets() []WeightPreset {
	out := make([]WeightPreset, len(presets))
	for i, p := range presets {
		out[i] = WeightPreset{p.Name, p.Description, p.full()}
	}
	return out
}

// Preset returns the weights of a named preset, holding every dimension.
func Preset(name string) (Weights, error) {
	names := make([]string, len(presets))
	for i, p := range presets {
		if p.Name == name {
			return p.full(), nil
		}
		names[i] = p.Name
	}
	return nil, fmt.Errorf("unknown weight preset %q; known: %s", name, strings.Join(names, ", "))
}

func (p WeightPreset) full() Weights {
	w := make(Weights, len(data.Dimensions))
	for _, d := range data.Dimensions {
		w[d.ID] = p.Weights.Of(d.ID)
	}
	return w
}
