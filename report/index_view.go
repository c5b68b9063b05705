package report

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// Draws of the Monte Carlo behind rank intervals: 1,000 by default, with a fixed seed so that the
// same question always gets the same answer (the dashboard's CSV equals the command line's).
const (
	DefaultDraws = 1000
	MaxDraws     = 10000
	DefaultSeed  = 20261203
)

// IndexQuery is everything a user chooses about an index. It travels in a URL (every view is
// shareable) and in the flags of `export index`, with the same names: level, framework, weights,
// normalisation, outliers, aggregation, power, draws. The framework is Options.Framework, never nil.
type IndexQuery struct {
	Level   data.Level
	Options metrics.Options
	Draws   int
}

// DefaultIndexQuery is the index of a level in the default framework with equal weights,
// min-max, the arithmetic mean and the default draws.
func DefaultIndexQuery(level data.Level) IndexQuery {
	q := IndexQuery{Level: level, Options: metrics.DefaultOptions, Draws: DefaultDraws}
	q.Options.Framework = data.DefaultFramework()
	return q
}

// Framework is the query's framework.
func (q IndexQuery) Framework() *data.Framework {
	if q.Options.Framework == nil {
		return data.DefaultFramework()
	}
	return q.Options.Framework
}

// IndexParams are the names of the query's parameters, in the order Encode writes them.
var IndexParams = []string{"level", "framework", "weights", "normalisation", "outliers", "aggregation", "power", "draws"}

// ParseIndexQuery reads a query from named parameters (a URL's query or a command's flags); an
// empty parameter keeps its default. Errors say which parameter is wrong and what was expected.
func ParseIndexQuery(get func(name string) string, defaultLevel data.Level) (IndexQuery, error) {
	q := DefaultIndexQuery(defaultLevel)
	var err error
	if s := get("level"); s != "" {
		if q.Level, err = ParseLevel(s); err != nil {
			return q, err
		}
	}
	if s := get("framework"); s != "" {
		if q.Options.Framework, err = data.FrameworkByID(s); err != nil {
			return q, err
		}
	}
	if err := CheckFrameworkLevel(q.Framework(), q.Level); err != nil {
		return q, err
	}
	if s := get("weights"); s != "" {
		if q.Options.Weights, err = parseWeightsOrPreset(s, q.Framework()); err != nil {
			return q, fmt.Errorf("weights: %w", err)
		}
	}
	if s := get("normalisation"); s != "" {
		if q.Options.Normalisation, err = metrics.ParseNormalisation(s); err != nil {
			return q, fmt.Errorf("normalisation: %w", err)
		}
	}
	if s := get("outliers"); s != "" {
		if q.Options.Outliers, err = metrics.ParseOutliers(s); err != nil {
			return q, fmt.Errorf("outliers: %w", err)
		}
	}
	if s := get("aggregation"); s != "" {
		if q.Options.Aggregation, err = metrics.ParseAggregation(s); err != nil {
			return q, fmt.Errorf("aggregation: %w", err)
		}
		if q.Options.Aggregation == metrics.AggregateGeneralised {
			q.Options.Power = 1
		}
	}
	if s := get("power"); s != "" {
		if q.Options.Power, err = strconv.ParseFloat(s, 64); err != nil {
			return q, fmt.Errorf("power is %q, expected a number from -%g to %g", s, metrics.MaxPower, metrics.MaxPower)
		}
	}
	if s := get("draws"); s != "" {
		if q.Draws, err = strconv.Atoi(s); err != nil || q.Draws < 0 || q.Draws > MaxDraws {
			return q, fmt.Errorf("draws is %q, expected a whole number from 0 to %d", s, MaxDraws)
		}
	}
	if err := q.Options.Validate(); err != nil {
		return q, err
	}
	return q, nil
}

// FrameworkLevelError says that a framework was asked for at a ranking level where its
// indicators are not published.
type FrameworkLevelError struct {
	Framework *data.Framework
	Level     data.Level
}

func (e *FrameworkLevelError) Error() string {
	var titles []string
	for _, l := range e.Framework.Levels {
		titles = append(titles, string(l)+" ("+l.Title()+")")
	}
	return fmt.Sprintf("the %s framework (%s) has no indicators for %s: it is offered for %s",
		e.Framework.ID, e.Framework.Name, e.Level.Title(), strings.Join(titles, ", "))
}

// CheckFrameworkLevel says whether a framework's indicators are published at a ranking level
// ("" is any level); the error, a *FrameworkLevelError, names the levels where they are.
func CheckFrameworkLevel(f *data.Framework, level data.Level) error {
	if level == "" || f.HasLevel(level) {
		return nil
	}
	return &FrameworkLevelError{Framework: f, Level: level}
}

// parseWeightsOrPreset reads "income=5,jobs=3" or the name of a preset such as "material", for
// the dimensions of a framework.
func parseWeightsOrPreset(s string, f *data.Framework) (metrics.Weights, error) {
	if !strings.Contains(s, "=") {
		return metrics.Preset(s, f)
	}
	return metrics.ParseWeights(s, f)
}

// WeightsParam writes weights as the weights parameter does, naming only the dimensions whose
// weight is not the default, in the framework's order: "income=5,jobs=3,life_satisfaction=0".
// Weights that are all the default give "".
func WeightsParam(w metrics.Weights, f *data.Framework) string {
	var parts []string
	for _, d := range f.Dimensions {
		if v := w.Of(d.ID); v != metrics.DefaultWeight {
			parts = append(parts, d.ID+"="+strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return strings.Join(parts, ",")
}

// Values writes the query as URL parameters, leaving out defaults, so that links stay short.
func (q IndexQuery) Values() url.Values {
	v := url.Values{}
	if q.Level != "" {
		v.Set("level", string(q.Level))
	}
	if f := q.Framework(); f != data.DefaultFramework() {
		v.Set("framework", f.ID)
	}
	if w := WeightsParam(q.Options.Weights, q.Framework()); w != "" {
		v.Set("weights", w)
	}
	if q.Options.Normalisation != "" && q.Options.Normalisation != metrics.NormaliseMinMax {
		v.Set("normalisation", string(q.Options.Normalisation))
	}
	if q.Options.Outliers != "" && q.Options.Outliers != metrics.OutliersKeep {
		v.Set("outliers", string(q.Options.Outliers))
	}
	if q.Options.Aggregation != "" && q.Options.Aggregation != metrics.AggregateArithmetic {
		v.Set("aggregation", string(q.Options.Aggregation))
		if q.Options.Aggregation == metrics.AggregateGeneralised {
			v.Set("power", strconv.FormatFloat(q.Options.Power, 'f', -1, 64))
		}
	}
	if q.Draws != DefaultDraws {
		v.Set("draws", strconv.Itoa(q.Draws))
	}
	return v
}

// Encode writes Values as a URL query in IndexParams order, with the "=" and "," inside the
// weights left as they are, so that a shared link reads as the URL contract is written:
// "level=itl1&weights=income=5,jobs=3". Both are legal in a query value and Go's and browsers'
// query parsers split a parameter at its first "=" only.
func (q IndexQuery) Encode() string {
	v := q.Values()
	var b strings.Builder
	for _, name := range IndexParams {
		val, ok := v[name]
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(readableQueryEscape(val[0]))
	}
	return b.String()
}

func readableQueryEscape(s string) string {
	return strings.NewReplacer("%3D", "=", "%2C", ",").Replace(url.QueryEscape(s))
}

// IndexView is an index with what a user needs to trust it: each region's rank interval under
// plausible other choices, its GDP-per-head rank, and the pairs whose order values decide.
type IndexView struct {
	Query       IndexQuery
	Index       metrics.Index
	Intervals   map[string]metrics.RankInterval // by region code
	GDP         metrics.BeyondGDP
	GDPRanks    map[string]int // by region code, among the regions with both an index and GDP per head
	HardChoices []metrics.HardChoice
	// Bounds are the goalposts or targets each indicator was scored against, for those
	// normalisations; empty for the others.
	Bounds []Bound
	// Disparities are the gaps within each country with enough ranked regions between its top
	// and bottom fifth, the widest first.
	Disparities []CountryDisparity
	Notes       []string
	// labels name, by code, the regions whose name another region of the index shares, with
	// their country: "South East (Romania)".
	labels map[string]string
}

// Label is the name to show for a region of the view: its name, with its country where another
// region of the index has the same name.
func (v IndexView) Label(r data.Region) string {
	if l, ok := v.labels[r.Code]; ok {
		return l
	}
	return r.Name
}

// BuildIndex computes an index view from the warehouse.
func BuildIndex(ctx context.Context, w *data.Warehouse, q IndexQuery) (IndexView, error) {
	in, err := indexInput(ctx, w, q.Level)
	if err != nil {
		return IndexView{}, err
	}
	opt, bounds, err := withBounds(ctx, w, q.Level, in.Indicators, q.Options)
	if err != nil {
		return IndexView{}, err
	}
	u := metrics.Uncertainty(in, opt, q.Draws, DefaultSeed)
	v := IndexView{
		Query:       q,
		Index:       u.Index,
		Intervals:   make(map[string]metrics.RankInterval, len(u.Regions)),
		GDP:         metrics.CompareGDP(u.Index, 0),
		GDPRanks:    map[string]int{},
		HardChoices: u.HardChoices,
		Bounds:      bounds,
		Notes:       append(append([]string(nil), u.Index.Notes...), u.Notes...),
	}
	// List the bounds of the indicators the index scored only, not of those left out (published
	// for too few regions of the level).
	v.Bounds = slices.DeleteFunc(v.Bounds, func(b Bound) bool {
		return !slices.ContainsFunc(u.Index.Indicators, func(i data.Indicator) bool { return i.ID == b.Indicator.ID })
	})
	for _, r := range u.Regions {
		v.Intervals[r.Region.Code] = r.RankInterval
	}
	if v.Disparities, err = disparities(ctx, w, u.Index); err != nil {
		return IndexView{}, err
	}
	for _, g := range v.GDP.Regions {
		v.GDPRanks[g.Region.Code] = g.GDPRank
	}
	if v.labels, err = sharedNameLabels(ctx, w, u.Index.Regions); err != nil {
		return IndexView{}, err
	}
	return v, nil
}

// sharedNameLabels names each region whose name another region shares with its country's name
// ("South East (United Kingdom)", "South East (Romania)").
func sharedNameLabels(ctx context.Context, w *data.Warehouse, regions []metrics.RegionScore) (map[string]string, error) {
	count := map[string]int{}
	for _, r := range regions {
		count[r.Region.Name]++
	}
	labels := map[string]string{}
	for _, r := range regions {
		if count[r.Region.Name] < 2 || r.Region.Country == "" {
			continue
		}
		country, err := CountryName(ctx, w, r.Region.Country)
		if err != nil {
			return nil, err
		}
		labels[r.Region.Code] = r.Region.Name + " (" + country + ")"
	}
	return labels, nil
}
