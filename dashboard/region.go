package dashboard

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

type regionPage struct {
	layout
	Name, Code string
	LevelTitle string
	Framework  string // the framework's name
	// FrameworkLinks are this page on each framework offered at the region's level.
	FrameworkLinks []levelLink
	RankingURL     string
	ChartJSON      template.JS
	CSVURL         string
	Index          string // "" when not ranked
	Rank           int
	RankedOf       int
	Interval       string // "rank 7 (5–11)"; "" when not ranked
	Draws          int
	DrawsText      string // "1,000"
	Coverage       string
	Comparator     string
	// ComparatorOf says whose GDP per head a district's is: "of Hartlepool and Stockton-on-Tees
	// (TLC11), the ITL3 area it lies in".
	ComparatorOf string
	GDPPerHead   string
	AverageName  string // heading: "Average of United Kingdom regions"
	AverageOf    string // in a sentence: "average of United Kingdom regions"
	Rows         []profileRow
	HasDimension bool
	ReplacedBy   []changeLink // what replaced the region; it is then not ranked
	Formed       []changeLink // what the region was formed from
	Published    []publishedRow
	Drawn        bool     // the region has a score on some dimension: the radar is drawn
	NotDrawn     []string // dimensions of the index without a score for the region
	Caveats      []string
	Strengths    []gapRow
	Weaknesses   []gapRow
	Similar      []neighbourRow
	Best         *bestView
	OECD         *oecdView
	Method       method
	Notes        []string
	Trends       []trendRow
	TrendsCSVURL string
}

// publishedRow is the latest figure published for a replaced region of one indicator.
type publishedRow struct {
	Indicator, Unit, Period, Value, Status, Source string
}

// changeLink is a region on the other side of a reorganisation.
type changeLink struct {
	Name, URL string
	Year      int
}

type profileRow struct {
	Dimension, Score, Average string
}

// gapRow is a dimension score beside a reference score.
type gapRow struct {
	Dimension, Score, Reference string
	Difference                  string // "+2.31", "−0.5"
}

type neighbourRow struct {
	Name, URL, Distance, Shared string
}

// bestView compares the region with the best-placed region of the level.
type bestView struct {
	Name, URL string
	Index     string
	Self      bool // the region is the best
	Behind    string
	Rows      []gapRow
}

// oecdView is where a UK region stands among OECD large regions.
type oecdView struct {
	// OtherFramework: the page is on another framework, and the standing on the OECD's, with
	// equal weights.
	OtherFramework bool
	Ranked         int
	Overall        string // percentile, "" without an index
	Half           string
	Dimensions     []oecdStandingRow
}

type oecdStandingRow struct {
	Dimension, Percentile, Half string
}

// trendRow is one indicator's change over time, as the "Change over time" table shows it.
type trendRow struct {
	Indicator, Unit, Dimension string
	From, To                   string // periods
	Before, After              string // published values
	BeforeCI, AfterCI          string // their 95% confidence intervals, "7.08–7.5"; "" when none is published
	Arrow                      string // the direction of the value
	Change                     string // "+0.21", "−1.5", at the published precision
	ForWellbeing               string // better, worse, unchanged, no direction
	Class                      string // CSS class of ForWellbeing
	Significance               string
}

// strengthsShown is how many strengths and weaknesses the region page lists.
const strengthsShown = 3

// showRegion shows one region under the user's index query: its rank and how sure it is, its
// dimension scores against its country's average (a radar chart and a table of the same numbers),
// its strengths and weaknesses, the regions most like it, how far it is from the best region, for
// UK regions their standing among OECD regions, and how its indicators moved over time.
func (s *Server) showRegion(c *gin.Context) {
	q, ok := s.regionQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	v, err := report.BuildRegion(ctx, s.warehouse, c.Param("code"), q)
	if errors.Is(err, report.ErrNotFound) && s.redirectToCanonical(c, q) {
		return
	}
	if errors.Is(err, report.ErrNotFound) {
		s.regionNotFound(c, q.Level)
		return
	}
	if s.notOffered(c, err) {
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	gdp, err := s.comparator(ctx, v.Level)
	if err != nil {
		s.serverError(c, err)
		return
	}
	chart, err := chartJSON(newProfileChart(v.Profile))
	if err != nil {
		s.serverError(c, err)
		return
	}
	p, q := v.Profile, v.Query
	page := regionPage{
		layout:       newLayout(p.Region.Name, withLevel(q, p.Level), true),
		Name:         p.Region.Name,
		Code:         p.Region.Code,
		LevelTitle:   p.Level.Title(),
		Framework:    q.Framework().Name,
		RankingURL:   rankingURLFor(q),
		ChartJSON:    chart,
		CSVURL:       profileCSVURLFor(p.Region.Code, q),
		Rank:         p.Score.Rank,
		RankedOf:     p.RankedOf,
		Draws:        q.Draws,
		DrawsText:    formatCount(q.Draws),
		Coverage:     coverageText(p.Score, p.Dimensions, q.Options.Weights),
		Comparator:   gdp.Label,
		GDPPerHead:   formatAmount(p.Score.Comparator),
		AverageName:  averageName(p),
		AverageOf:    p.AverageOf,
		HasDimension: len(p.Dimensions) > 0,
		Drawn:        len(p.Score.Dimensions) > 0,
		Method:       newMethod(q),
		Notes:        v.Notes,
		Trends:       trendRows(v.Trends, q.Framework()),
		TrendsCSVURL: trendsCSVURL(p.Region.Code),
	}
	page.FrameworkLinks = frameworkLinks(withLevel(q, p.Level), func(fq report.IndexQuery) string { return regionURLFor(p.Region.Code, fq) })
	if p.Level == data.LevelLAD && p.Score.Comparator != nil {
		if geo, err := data.UKGeography(); err == nil {
			if code, ok := geo.ITL3Of(p.Region.Code); ok {
				if area, ok := geo.Canonical(code); ok {
					page.ComparatorOf = "of " + area.Name + " (" + code + "), the ITL3 area it lies in"
				}
			}
		}
	}
	if p.Score.Index != nil {
		page.Index = report.Score(*p.Score.Index)
		page.Interval = v.Interval.String()
	}
	for _, d := range p.Dimensions {
		row := profileRow{Dimension: d.Name, Score: noData, Average: noData}
		if v, ok := p.Score.Dimensions[d.ID]; ok {
			row.Score = report.Score(v)
		}
		if v, ok := p.Average[d.ID]; ok {
			row.Average = report.Score(v)
		}
		page.Rows = append(page.Rows, row)
		if row.Score == noData {
			page.NotDrawn = append(page.NotDrawn, d.Name)
		}
	}
	for _, cv := range v.Caveats {
		page.Caveats = append(page.Caveats, cv.Text)
	}
	for _, ch := range v.ReplacedBy {
		page.ReplacedBy = append(page.ReplacedBy, changeLink{Name: ch.NewName, URL: regionURLFor(ch.NewCode, q), Year: ch.Year})
	}
	for _, f := range v.Published {
		o := f.Observation
		page.Published = append(page.Published, publishedRow{Indicator: f.Indicator.Name, Unit: f.Indicator.Unit, Period: o.Period,
			Value: formatPublished(*o.Value), Status: string(o.Status), Source: o.Cell.String()})
	}
	for _, ch := range v.Formed {
		page.Formed = append(page.Formed, changeLink{Name: ch.OldName, URL: regionURLFor(ch.OldCode, q), Year: ch.Year})
	}
	page.Strengths = gapRows(v.Strengths, strengthsShown, p.Dimensions)
	page.Weaknesses = gapRows(v.Weaknesses, strengthsShown, p.Dimensions)
	for _, n := range v.Similar {
		page.Similar = append(page.Similar, neighbourRow{
			Name: n.Region.Name, URL: regionURLFor(n.Region.Code, q),
			Distance: strconv.FormatFloat(report.Round(n.Distance), 'f', 2, 64),
			Shared:   fmt.Sprintf("%d of %d", n.Shared, len(p.Dimensions)),
		})
	}
	if v.Best != nil {
		b := &bestView{
			Name: v.Best.Best.Name, URL: regionURLFor(v.Best.Best.Code, q), Index: report.Score(v.BestIndex),
			Self: v.Best.Best.Code == p.Region.Code, Rows: gapRows(v.Best.Dimensions, 0, p.Dimensions),
		}
		b.Behind = report.Score(v.BestIndex - *p.Score.Index)
		page.Best = b
	}
	if v.OECD != nil {
		o := &oecdView{Ranked: v.OECD.Ranked, OtherFramework: q.Framework() != data.DefaultFramework()}
		if v.OECD.Overall != nil {
			o.Overall, o.Half = percentileText(*v.OECD.Overall), halfText(*v.OECD.Overall)
		}
		for _, d := range v.OECD.Dimensions {
			if pc, ok := v.OECD.Standing.Dimensions[d.ID]; ok {
				o.Dimensions = append(o.Dimensions, oecdStandingRow{Dimension: d.Name, Percentile: percentileText(pc), Half: halfText(pc)})
			}
		}
		page.OECD = o
	}
	s.render(c, http.StatusOK, "region", page)
}

// gapRows shows at most limit gaps (all for limit 0), naming their dimensions from dims.
func gapRows(gaps []metrics.DimensionGap, limit int, dims []data.Dimension) []gapRow {
	if limit > 0 && len(gaps) > limit {
		gaps = gaps[:limit]
	}
	out := make([]gapRow, 0, len(gaps))
	for _, g := range gaps {
		name := dimensionName(dims, g.Dimension)
		diff := report.Score(g.Difference)
		switch {
		case report.Round(g.Difference) > 0:
			diff = "+" + diff
		case report.Round(g.Difference) < 0:
			diff = "\u2212" + report.Score(-g.Difference)
		}
		out = append(out, gapRow{Dimension: name, Score: report.Score(g.Score), Reference: report.Score(g.Reference), Difference: diff})
	}
	return out
}

// significant is what the trends table says of a change whose confidence intervals do not overlap.
const significant = "significant (confidence intervals do not overlap)"

// trendRows shows a region's trends, in their order, each under its dimension in the framework
// of the page.
func trendRows(trends []report.IndicatorTrend, f *data.Framework) []trendRow {
	out := make([]trendRow, 0, len(trends))
	for _, t := range trends {
		row := trendRow{
			Indicator: t.Indicator.Name, Unit: t.Indicator.Unit, Dimension: "none (context)",
			From: t.Trend.From, To: t.Trend.To,
			Before: formatPublished(t.Trend.Before), After: formatPublished(t.Trend.After),
			BeforeCI: intervalText(t.Earlier), AfterCI: intervalText(t.Later),
			Arrow: t.Trend.Arrow, Change: changeText(t.Trend), ForWellbeing: t.ForWellbeing,
			Significance: t.Trend.Note,
		}
		if id, ok := f.DimensionOf(t.Indicator.ID); ok {
			if d, ok := f.Dimension(id); ok {
				row.Dimension = d.Name
			}
		}
		switch t.ForWellbeing {
		case report.ForWellbeingBetter:
			row.Class = "gap gap-better"
		case report.ForWellbeingWorse:
			row.Class = "gap gap-worse"
		}
		if t.Trend.Significant {
			row.Significance = significant
		}
		out = append(out, row)
	}
	return out
}

// intervalText is an observation's published confidence interval, "" when it has none.
func intervalText(o data.Observation) string {
	if o.Lower == nil || o.Upper == nil {
		return ""
	}
	return formatPublished(*o.Lower) + "\u2013" + formatPublished(*o.Upper)
}

// changeText is a trend's change with its sign, at the precision of the published values.
func changeText(t metrics.Trend) string {
	s := groupThousands(strings.TrimPrefix(report.Change(t), "-"))
	switch {
	case t.Change > 0:
		return "+" + s
	case t.Change < 0:
		return "\u2212" + s
	}
	return s
}

// regionQuery reads the index query of a region page or download. ?level= may be left out (the
// region's own level); an unknown level answers 400 "Unknown level", other bad choices 400 with
// what was expected. It returns false when it has answered.
func (s *Server) regionQuery(c *gin.Context) (report.IndexQuery, bool) {
	level, ok := s.optionalLevel(c)
	if !ok {
		return report.IndexQuery{}, false
	}
	q, _, err := parseQuery(c, level)
	if err != nil {
		s.showError(c, http.StatusBadRequest, "These choices cannot make an index", err.Error()+".")
		return report.IndexQuery{}, false
	}
	return q, true
}

// regionNotFound answers 404 for a region code that the warehouse does not hold, or that is not
// ranked at the level asked for, saying which.
func (s *Server) regionNotFound(c *gin.Context, level data.Level) {
	code := c.Param("code")
	r, ok, err := s.warehouse.Region(c.Request.Context(), code)
	if err != nil {
		s.serverError(c, err)
		return
	}
	msg := "There is no region with the code \u201c" + code + "\u201d."
	switch {
	case ok && level != "":
		msg = r.Name + " is not one of the " + level.Title() + "."
	case ok:
		msg = r.Name + " is not part of any ranking."
	}
	s.showError(c, http.StatusNotFound, "Region not found", msg)
}

// optionalLevel reads ?level=: empty means the region's own level; an unknown level answers 400
// and returns false.
func (s *Server) optionalLevel(c *gin.Context) (data.Level, bool) {
	raw := c.Query("level")
	if raw == "" {
		return "", true
	}
	level, err := report.ParseLevel(raw)
	if err != nil {
		s.showError(c, http.StatusBadRequest, "Unknown level", err.Error()+".")
		return "", false
	}
	return level, true
}

// redirectToCanonical sends a request for a region by another publisher's code (the OECD's UKI, a
// GSS E12000007) to the page of the region the warehouse holds under its canonical code (TLI), and
// reports whether it did.
func (s *Server) redirectToCanonical(c *gin.Context, q report.IndexQuery) bool {
	geo, err := data.UKGeography()
	if err != nil {
		return false
	}
	code := c.Param("code")
	canonical, ok := geo.Canonical(strings.ToUpper(strings.TrimSpace(code)))
	if !ok || canonical.Code == code {
		return false
	}
	if _, stored, err := s.warehouse.Region(c.Request.Context(), canonical.Code); err != nil || !stored {
		return false
	}
	c.Redirect(http.StatusMovedPermanently, regionURLFor(canonical.Code, q))
	return true
}
