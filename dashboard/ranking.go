package dashboard

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

type rankingPage struct {
	layout
	Level      data.Level
	LevelTitle string
	LevelLinks []levelLink // the other levels, with the same choices
	// FrameworkLinks are the frameworks offered at the level; choosing one resets the weights.
	FrameworkLinks []levelLink
	Framework      *data.Framework
	// DimensionList names the framework's dimensions in a sentence: "income, jobs, … and life
	// satisfaction".
	DimensionList string
	Form          valuesForm
	Method        method
	ChartJSON     template.JS
	CSVURL        string
	ShareURL      string
	BeyondGDPURL  string
	Rows          []rankingRow
	Draws         int
	DrawsText     string // "1,000"
	HardChoices   []hardChoiceRow
	MoreHard      string // how many hard choices beyond those listed, "1,313"; "" for none
	Comparator    comparator
	Unranked      []unrankedRow
	Dimensions    []dimensionUsed
	MinCoverage   string // "50%"
	Notes         []string
	Bounds        []boundRow  // the goalposts or targets, for those normalisations
	BoundsHeading string      // "Goalposts" or "Target"
	UK            *ukStanding // on the ITL1 ranking only
	Disparities   []disparityRow
	DisparityCSV  string
	// BuiltIn: everything loaded is placevalue's built-in extract of the publications.
	BuiltIn bool
}

// disparityRow is the gap within one country between its top and bottom fifth of regions.
type disparityRow struct {
	Country               string
	Regions, PerFifth     int
	Top, Bottom           string // mean index of each fifth
	Difference, Ratio     string
	TopNames, BottomNames []regionLink
}

type regionLink struct{ Name, URL string }

func newDisparityRows(ds []report.CountryDisparity, q report.IndexQuery) []disparityRow {
	links := func(rs []data.Region) []regionLink {
		out := make([]regionLink, len(rs))
		for i, r := range rs {
			out[i] = regionLink{Name: r.Name, URL: regionURLFor(r.Code, q)}
		}
		return out
	}
	out := make([]disparityRow, 0, len(ds))
	for _, d := range ds {
		row := disparityRow{Country: d.CountryName, Regions: d.Regions, PerFifth: d.Group,
			Top: report.Score(d.Top), Bottom: report.Score(d.Bottom), Difference: report.Score(d.Difference), Ratio: noData,
			TopNames: links(d.TopRegions), BottomNames: links(d.BottomRegions)}
		if d.Ratio != nil {
			row.Ratio = report.Score(*d.Ratio) + "×"
		}
		out = append(out, row)
	}
	return out
}

type rankingRow struct {
	Rank       int
	Code, Name string
	URL        string
	// Caveats sums up the stale and qualified figures behind the score ("1 older figure, 2
	// provisional"); CaveatsURL is where the region page lists them.
	Caveats, CaveatsURL string
	Index               string
	Interval            string // "rank 7 (5–11)"
	Coverage            string
	GDPPerHead          string
}

// boundRow is what one indicator is scored against: goalposts "10 to 50" or a target "5".
type boundRow struct {
	Indicator, Unit, Dimension, Bound, Basis string
}

func newBoundRows(bounds []report.Bound, normalisation metrics.Normalisation, f *data.Framework) []boundRow {
	out := make([]boundRow, 0, len(bounds))
	for _, b := range bounds {
		r := boundRow{Indicator: b.Indicator.Name, Unit: b.Indicator.Unit, Basis: b.Basis}
		if d, ok := f.Dimension(b.Indicator.Dimension); ok {
			r.Dimension = d.Name
		}
		if normalisation == metrics.NormaliseTarget {
			r.Bound = report.Score(b.Target)
		} else {
			r.Bound = report.Score(b.Low) + " to " + report.Score(b.High)
		}
		out = append(out, r)
	}
	return out
}

type unrankedRow struct {
	Name, URL, Coverage string
}

// hardChoiceRow is one pair of regions whose order the weights decide.
type hardChoiceRow struct {
	Above, Below       string
	AboveURL, BelowURL string
	AboveRank          int
	BelowRank          int
	Flipped            string // "43%"
}

// hardChoicesShown is how many hard choices the ranking page lists.
const hardChoicesShown = 10

// dimensionUsed is a dimension of the index with the indicators scored into it, the framework's
// headline indicators first.
type dimensionUsed struct {
	Name       string
	Indicators []indicatorUsed
}

type indicatorUsed struct {
	data.Indicator
	Headline bool
}

// showRanking shows the flourishing index of every ranked region of a level under the user's
// choices (weights, normalisation, aggregation), best first, as a chart and as a table, with each
// region's rank interval under plausible other choices and the pairs of regions whose order the
// choices decide. The weights form sends w_ fields; they are turned into the canonical URL.
func (s *Server) showRanking(c *gin.Context) {
	raw, given := c.GetQuery("level")
	if given {
		if _, err := report.ParseLevel(raw); err != nil {
			s.showError(c, http.StatusBadRequest, "Unknown level", err.Error()+".")
			return
		}
	}
	q, submitted, err := parseQuery(c, defaultLevel)
	if err != nil {
		s.showError(c, http.StatusBadRequest, "These choices cannot make an index", err.Error()+".")
		return
	}
	switch {
	case submitted:
		c.Redirect(http.StatusSeeOther, rankingURLFor(q))
		return
	case !given:
		c.Redirect(http.StatusFound, rankingURLFor(q))
		return
	}
	ctx := c.Request.Context()
	v, gdp, chart, ok := chartedView(s, c, q, newRankingChart)
	if !ok {
		return
	}
	page := rankingPage{
		layout:        newLayout("Flourishing index: "+q.Level.Title(), q, true),
		Level:         q.Level,
		LevelTitle:    q.Level.Title(),
		Form:          newValuesForm(q, v.Index.Dimensions),
		Method:        newMethod(q),
		ChartJSON:     chart,
		CSVURL:        indexCSVURLFor(q),
		ShareURL:      rankingURLFor(q),
		BeyondGDPURL:  beyondGDPURL(q),
		Draws:         q.Draws,
		DrawsText:     formatCount(q.Draws),
		Comparator:    gdp,
		MinCoverage:   fmt.Sprintf("%.0f%%", 100*q.Options.MinCoverage),
		Notes:         v.Notes,
		Bounds:        newBoundRows(v.Bounds, q.Options.Normalisation, q.Framework()),
		Framework:     q.Framework(),
		DimensionList: dimensionList(q.Framework()),
		Disparities:   newDisparityRows(v.Disparities, q),
		DisparityCSV:  disparityCSVURL(q),
	}
	page.BoundsHeading = "Goalposts"
	if q.Options.Normalisation == metrics.NormaliseTarget {
		page.BoundsHeading = "Target"
	}
	for _, l := range data.RankingLevels {
		page.LevelLinks = append(page.LevelLinks, levelLink{Title: l.Title(), URL: rankingURLFor(withLevel(q, l)), Current: l == q.Level})
	}
	page.FrameworkLinks = frameworkLinks(q, rankingURLFor)
	for _, r := range report.Ranked(v.Index) {
		page.Rows = append(page.Rows, rankingRow{
			Rank: r.Rank, Code: r.Region.Code, Name: v.Label(r.Region), URL: regionURLFor(r.Region.Code, q),
			Index: report.Score(*r.Index), Interval: v.Intervals[r.Region.Code].String(),
			Coverage: coverageText(r, v.Index.Dimensions, q.Options.Weights), GDPPerHead: formatAmount(r.Comparator),
			Caveats: caveatSummary(r, v.Index.Dimensions), CaveatsURL: regionURLFor(r.Region.Code, q) + "#caveats",
		})
	}
	for i, h := range v.HardChoices {
		if i == hardChoicesShown {
			page.MoreHard = formatCount(len(v.HardChoices) - i)
			break
		}
		page.HardChoices = append(page.HardChoices, hardChoiceRow{
			Above: v.Label(h.Above), Below: v.Label(h.Below),
			AboveURL: regionURLFor(h.Above.Code, q), BelowURL: regionURLFor(h.Below.Code, q),
			AboveRank: h.AboveRank, BelowRank: h.BelowRank,
			Flipped: fmt.Sprintf("%.0f%%", 100*h.Flipped),
		})
	}
	for _, r := range report.Unranked(v.Index) {
		page.Unranked = append(page.Unranked, unrankedRow{Name: v.Label(r.Region), URL: regionURLFor(r.Region.Code, q), Coverage: coverageText(r, v.Index.Dimensions, q.Options.Weights)})
	}
	page.Dimensions = dimensionsUsed(v.Index, q.Framework())
	if page.BuiltIn, err = s.builtInOnly(ctx); err != nil {
		s.serverError(c, err)
		return
	}
	if q.Level == data.LevelITL1 {
		if page.UK, err = s.ukStanding(ctx, q); err != nil {
			s.serverError(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "ranking", page)
}

// chartedView computes an index view with the GDP comparator's description and the chart that
// newChart builds from them, serialised as escaped JSON. When it cannot, it answers the request
// itself and returns false.
func chartedView[C any](s *Server, c *gin.Context, q report.IndexQuery, newChart func(report.IndexView, string) C) (report.IndexView, comparator, template.JS, bool) {
	v, ok := s.indexView(c, q)
	if !ok {
		return report.IndexView{}, comparator{}, "", false
	}
	gdp, err := s.comparator(c.Request.Context(), q.Level)
	if err != nil {
		s.serverError(c, err)
		return report.IndexView{}, comparator{}, "", false
	}
	chart, err := chartJSON(newChart(v, gdp.Label))
	if err != nil {
		s.serverError(c, err)
		return report.IndexView{}, comparator{}, "", false
	}
	return v, gdp, chart, true
}

// indexView computes the index view of a query for a request. When it cannot, it answers the
// request itself (500 for a failure, 404 when the warehouse holds no region of the level) and
// returns false.
func (s *Server) indexView(c *gin.Context, q report.IndexQuery) (report.IndexView, bool) {
	v, err := report.BuildIndex(c.Request.Context(), s.warehouse, q)
	if err != nil {
		s.serverError(c, err)
		return report.IndexView{}, false
	}
	if len(v.Index.Regions) == 0 {
		msg := "No " + q.Level.Title() + " are loaded yet."
		srcs, err := s.warehouse.Sources(c.Request.Context())
		if err != nil {
			s.serverError(c, err)
			return report.IndexView{}, false
		}
		if len(srcs) == 0 {
			msg += " The warehouse holds no data at all: load published files into it with placevalue ingest, " +
				"or delete the warehouse file and start placevalue serve again to begin with the embedded default data."
		}
		s.showError(c, http.StatusNotFound, "No data for this level", msg)
		return report.IndexView{}, false
	}
	return v, true
}

// comparator describes GDP per head as loaded for a level: a short label for headings and
// tooltips ("GDP per head (£)"), the publisher's full name of the figure for the explanation, and
// a note on what the figure of a region is where it is not the region's own.
type comparator struct {
	Label, Name, Note string
}

func (s *Server) comparator(ctx context.Context, level data.Level) (comparator, error) {
	inds, err := s.warehouse.Indicators(ctx)
	if err != nil {
		return comparator{}, err
	}
	c := comparator{Label: "GDP per head"}
	for _, ind := range inds {
		if ind.ID != report.Comparator {
			continue
		}
		c.Name = ind.Name
		switch ind.Unit {
		case "":
		case "£", "pounds", "GBP":
			c.Label += " (£)"
		default:
			c.Label += " (" + ind.Unit + ")"
		}
	}
	// The year of the figures shown, and whether the publisher still calls them provisional.
	at := level.Members()
	if level == data.LevelLAD {
		at = []data.Level{data.LevelITL3}
	}
	latest, err := s.warehouse.LatestValuesOf(ctx, report.Comparator, at...)
	if err != nil {
		return comparator{}, err
	}
	var period string
	provisional := false
	for _, o := range latest {
		period = max(period, o.Period)
	}
	for _, o := range latest {
		provisional = provisional || (o.Period == period && o.Status == data.StatusProvisional)
	}
	if period != "" {
		c.Label = strings.Replace(c.Label, "GDP per head", "GDP per head "+period, 1)
	}
	if provisional {
		c.Note = "The ONS calls its " + period + " figures provisional: a later release may revise them. "
	}
	switch level {
	case data.LevelLAD:
		c.Label = "Area " + c.Label
		c.Note += "For a local authority, GDP per head is that of the ITL3 area it lies in: the ONS publishes GDP per head down to ITL3 areas, " +
			"groups of whole districts, so the districts of one area share its figure (and Highland, Argyll and Bute, North Ayrshire, Cumberland " +
			"and Westmorland and Furness, which straddle two areas, have none)."
	case data.LevelOECDTL2:
		c.Note += "GDP per head here is the ONS figure for UK regions only: the OECD Regional Well-Being file carries no GDP, so other countries' regions have none."
	}
	return c, nil
}

func dimensionsUsed(idx metrics.Index, f *data.Framework) []dimensionUsed {
	out := make([]dimensionUsed, 0, len(idx.Dimensions))
	for _, d := range idx.Dimensions {
		du := dimensionUsed{Name: d.Name}
		for _, ind := range idx.Indicators {
			if ind.Dimension == d.ID {
				du.Indicators = append(du.Indicators, indicatorUsed{Indicator: ind, Headline: f.IsHeadline(ind.ID)})
			}
		}
		slices.SortStableFunc(du.Indicators, func(a, b indicatorUsed) int {
			switch {
			case a.Headline == b.Headline:
				return 0
			case a.Headline:
				return -1
			}
			return 1
		})
		out = append(out, du)
	}
	return out
}

// dimensionList names a framework's dimensions in a sentence, in lower case: "income, jobs,
// housing and life satisfaction".
func dimensionList(f *data.Framework) string {
	names := make([]string, len(f.Dimensions))
	for i, d := range f.Dimensions {
		names[i] = strings.ToLower(d.Name[:1]) + d.Name[1:]
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// caveatLabels name the publishers' qualifiers in the ranking table's caveats column.
var caveatLabels = map[data.Status][2]string{ // singular, plural
	data.StatusEstimated:         {"estimate", "estimates"},
	data.StatusProvisional:       {"provisional", "provisional"},
	data.StatusLowReliability:    {"low reliability", "low reliability"},
	data.StatusBreak:             {"series break", "series breaks"},
	data.StatusDefinitionDiffers: {"other definition", "other definitions"},
}

// caveatSummary sums up the caveats behind a score, as the region page lists them: the
// dimensions without data (whose weight the others share), those scored on fewer than half of
// their indicators, then the figures older than other
// regions' (with the largest lag in years), then those the publisher qualified: "no data: Health;
// 2 older figures (up to 3 years); 2 provisional", then the outliers capped before scoring. ""
// when there are none.
func caveatSummary(r metrics.RegionScore, dims []data.Dimension) string {
	var missing, thin []string
	stale, lag, capped := 0, 0, 0
	statuses := map[data.Status]int{}
	var order []data.Status
	for _, f := range r.Flags {
		switch f.Kind {
		case metrics.FlagMissingDimension:
			missing = append(missing, dimensionName(dims, f.Dimension))
		case metrics.FlagThinDimension:
			thin = append(thin, dimensionName(dims, f.Dimension))
		case metrics.FlagStale:
			stale++
			lag = max(lag, yearsBetween(f.Period, f.Latest))
		case metrics.FlagCapped:
			capped++
		case metrics.FlagStatus:
			if statuses[f.Status] == 0 {
				order = append(order, f.Status)
			}
			statuses[f.Status]++
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "no data: "+strings.Join(missing, ", "))
	}
	if len(thin) > 0 {
		parts = append(parts, "few figures: "+strings.Join(thin, ", "))
	}
	if stale > 0 {
		s := "1 older figure"
		if stale > 1 {
			s = fmt.Sprintf("%d older figures", stale)
		}
		switch {
		case lag == 1:
			s += " (up to 1 year)"
		case lag > 1:
			s += fmt.Sprintf(" (up to %d years)", lag)
		}
		parts = append(parts, s)
	}
	for _, st := range order {
		n := statuses[st]
		label, ok := caveatLabels[st]
		if !ok {
			label = [2]string{string(st), string(st)}
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, label[min(n, 2)-1]))
	}
	if capped > 0 {
		s := "1 capped outlier"
		if capped > 1 {
			s = fmt.Sprintf("%d capped outliers", capped)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// dimensionName is the name of a dimension among dims, else its id.
func dimensionName(dims []data.Dimension, id string) string {
	if i := slices.IndexFunc(dims, func(d data.Dimension) bool { return d.ID == id }); i >= 0 {
		return dims[i].Name
	}
	return id
}

// yearsBetween is how many years a period ends before another ("2014" before "2024": 10;
// "2021-04/2022-03" before "2022-04/2023-03": 1), by the year each ends in; 0 when either has no
// year.
func yearsBetween(earlier, later string) int {
	end := func(p string) int {
		if i := strings.LastIndexAny(p, "/"); i >= 0 {
			p = p[i+1:]
		}
		if len(p) < 4 {
			return 0
		}
		y, err := strconv.Atoi(p[:4])
		if err != nil {
			return 0
		}
		return y
	}
	a, b := end(earlier), end(later)
	if a == 0 || b == 0 || b < a {
		return 0
	}
	return b - a
}

// builtInOnly reports whether every file loaded is one of the embedded default dataset's: cuts
// of the publications, with fewer sheets and columns than the full releases.
func (s *Server) builtInOnly(ctx context.Context) (bool, error) {
	srcs, err := s.warehouse.Sources(ctx)
	if err != nil {
		return false, err
	}
	for _, src := range srcs {
		if !data.IsDefaultFile(src.FileName) {
			return false, nil
		}
	}
	return len(srcs) > 0, nil
}
