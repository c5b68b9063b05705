package data

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A framework says what well-being is made of: its dimensions, in order, and which indicators
// count towards each. Frameworks are data, not code (data/frameworks: frameworks.csv lists them,
// one file per framework maps indicators to dimensions, presets.csv names weights to start from),
// so that analysts can read, dispute and change them.
//
//go:embed frameworks/*.csv
var frameworkFS embed.FS

// Dimension is one dimension of well-being in a framework.
type Dimension struct {
	ID   string // snake_case id used in URLs, CSV columns and the framework files
	Name string
}

// FrameworkMember places one indicator in one dimension of a framework.
type FrameworkMember struct {
	Indicator string
	Dimension string
	// Headline marks the indicator the framework leads the dimension with.
	Headline bool
}

// Preset is a named set of weights a user can start from: the dimensions it emphasises and
// their weight; every other dimension keeps the default weight.
type Preset struct {
	ID, Title, Description string
	Weights                map[string]float64
}

// Framework is one framework of well-being dimensions.
type Framework struct {
	ID, Name, Description string
	// Levels are the ranking levels at which the framework's indicators are published.
	Levels     []Level
	Dimensions []Dimension
	Members    []FrameworkMember // in file order
	Presets    []Preset
	member     map[string]int // indicator id → position in Members
}

// DimensionOf is the dimension an indicator counts in under the framework; false when the
// framework does not score it.
func (f *Framework) DimensionOf(indicator string) (string, bool) {
	i, ok := f.member[indicator]
	if !ok {
		return "", false
	}
	return f.Members[i].Dimension, true
}

// IsHeadline reports whether the framework leads a dimension with the indicator.
func (f *Framework) IsHeadline(indicator string) bool {
	i, ok := f.member[indicator]
	return ok && f.Members[i].Headline
}

// Dimension finds one of the framework's dimensions by id.
func (f *Framework) Dimension(id string) (Dimension, bool) {
	for _, d := range f.Dimensions {
		if d.ID == id {
			return d, true
		}
	}
	return Dimension{}, false
}

// DimensionIDs lists the framework's dimension ids, in order.
func (f *Framework) DimensionIDs() []string {
	ids := make([]string, len(f.Dimensions))
	for i, d := range f.Dimensions {
		ids[i] = d.ID
	}
	return ids
}

// HasLevel reports whether the framework's indicators are published at a ranking level.
func (f *Framework) HasLevel(l Level) bool { return slices.Contains(f.Levels, l) }

// Preset finds one of the framework's presets by id.
func (f *Framework) Preset(id string) (Preset, bool) {
	for _, p := range f.Presets {
		if p.ID == id {
			return p, true
		}
	}
	return Preset{}, false
}

// The frameworks are read once, from files embedded at build time: a broken file is a defect of
// the build, found by every test, not bad input.
var frameworks = mustReadFrameworks()

func mustReadFrameworks() []*Framework {
	fws, err := readFrameworks(frameworkFS)
	if err != nil {
		panic(err)
	}
	return fws
}

// Frameworks lists the frameworks, the default first.
func Frameworks() []*Framework { return slices.Clone(frameworks) }

// DefaultFramework is the framework used unless another is chosen: the OECD's.
func DefaultFramework() *Framework { return frameworks[0] }

// FrameworkByID finds a framework by id; the error lists the known ones.
func FrameworkByID(id string) (*Framework, error) {
	ids := make([]string, len(frameworks))
	for i, f := range frameworks {
		if f.ID == id {
			return f, nil
		}
		ids[i] = f.ID
	}
	return nil, fmt.Errorf("unknown framework %q: expected one of %s", id, strings.Join(ids, ", "))
}

// Dimensions are the default framework's dimensions: the OECD Regional Well-Being topics, in the
// OECD's order.
var Dimensions = DefaultFramework().Dimensions

// DimensionByID finds a dimension of the default framework by its id.
func DimensionByID(id string) (Dimension, bool) { return DefaultFramework().Dimension(id) }

// DimensionByName finds a dimension of the default framework by its published name ("Civic
// engagement"), ignoring case.
func DimensionByName(name string) (Dimension, bool) {
	for _, d := range Dimensions {
		if equalFold(d.Name, name) {
			return d, true
		}
	}
	return Dimension{}, false
}

var (
	frameworkID = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	dimensionID = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

func readFrameworks(fsys fs.FS) ([]*Framework, error) {
	var out []*Framework
	err := readCSVFile(fsys, "frameworks/frameworks.csv", []string{"framework_id", "name", "levels", "description"}, func(rec []string) error {
		f := &Framework{ID: rec[0], Name: rec[1], Description: rec[3], member: map[string]int{}}
		if !frameworkID.MatchString(f.ID) {
			return fmt.Errorf("framework id %q, expected lower case letters, digits and hyphens", f.ID)
		}
		if slices.ContainsFunc(out, func(o *Framework) bool { return o.ID == f.ID }) {
			return fmt.Errorf("framework %q listed twice", f.ID)
		}
		if f.Name == "" || f.Description == "" {
			return fmt.Errorf("framework %q has no name or no description", f.ID)
		}
		for _, s := range strings.Fields(rec[2]) {
			if !slices.Contains(RankingLevels, Level(s)) {
				return fmt.Errorf("framework %q: level %q, expected one of %v", f.ID, s, RankingLevels)
			}
			f.Levels = append(f.Levels, Level(s))
		}
		if len(f.Levels) == 0 {
			return fmt.Errorf("framework %q has no levels", f.ID)
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("frameworks: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("frameworks: frameworks/frameworks.csv lists none")
	}
	for _, f := range out {
		if err := readMembers(fsys, f); err != nil {
			return nil, fmt.Errorf("frameworks: %w", err)
		}
	}
	if err := readPresets(fsys, out); err != nil {
		return nil, fmt.Errorf("frameworks: %w", err)
	}
	return out, nil
}

func readMembers(fsys fs.FS, f *Framework) error {
	return readCSVFile(fsys, "frameworks/"+f.ID+".csv", []string{"dimension_id", "dimension_name", "indicator_id", "headline"}, func(rec []string) error {
		dim, name, ind := rec[0], rec[1], rec[2]
		if !dimensionID.MatchString(dim) {
			return fmt.Errorf("dimension id %q, expected snake_case", dim)
		}
		if name == "" || ind == "" {
			return fmt.Errorf("row without a dimension name or an indicator id")
		}
		if d, ok := f.Dimension(dim); !ok {
			f.Dimensions = append(f.Dimensions, Dimension{ID: dim, Name: name})
		} else if d.Name != name {
			return fmt.Errorf("dimension %s is named both %q and %q", dim, d.Name, name)
		}
		if _, dup := f.member[ind]; dup {
			return fmt.Errorf("indicator %s listed twice: an indicator counts in one dimension only", ind)
		}
		var headline bool
		switch rec[3] {
		case "yes":
			headline = true
		case "":
		default:
			return fmt.Errorf("headline %q, expected yes or nothing", rec[3])
		}
		f.member[ind] = len(f.Members)
		f.Members = append(f.Members, FrameworkMember{Indicator: ind, Dimension: dim, Headline: headline})
		return nil
	})
}

func readPresets(fsys fs.FS, fws []*Framework) error {
	return readCSVFile(fsys, "frameworks/presets.csv", []string{"framework_id", "preset_id", "title", "weights", "description"}, func(rec []string) error {
		i := slices.IndexFunc(fws, func(f *Framework) bool { return f.ID == rec[0] })
		if i < 0 {
			return fmt.Errorf("preset for unknown framework %q", rec[0])
		}
		f := fws[i]
		p := Preset{ID: rec[1], Title: rec[2], Description: rec[4], Weights: map[string]float64{}}
		if !dimensionID.MatchString(p.ID) || p.Title == "" || p.Description == "" {
			return fmt.Errorf("preset %q of %s needs a snake_case id, a title and a description", p.ID, f.ID)
		}
		if _, dup := f.Preset(p.ID); dup {
			return fmt.Errorf("preset %q of %s listed twice", p.ID, f.ID)
		}
		for part := range strings.SplitSeq(rec[3], ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			dim, val, _ := strings.Cut(part, "=")
			if _, ok := f.Dimension(dim); !ok {
				return fmt.Errorf("preset %q of %s weighs %q, which is not one of its dimensions", p.ID, f.ID, dim)
			}
			v, err := strconv.ParseFloat(val, 64)
			if err != nil || v < 0 || v > 5 {
				return fmt.Errorf("preset %q of %s: weight %q, expected dimension=0 to 5", p.ID, f.ID, part)
			}
			p.Weights[dim] = v
		}
		f.Presets = append(f.Presets, p)
		return nil
	})
}
