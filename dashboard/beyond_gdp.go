package dashboard

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

type beyondGDPPage struct {
	layout
	LevelTitle string
	LevelLinks []levelLink
	// FrameworkLinks are this page on each framework offered at the level.
	FrameworkLinks []levelLink
	RankingURL     string
	CSVURL         string
	ChartJSON      template.JS
	Comparator     comparator
	Method         method
	Compared       int // regions with both an index and GDP per head
	Ranked         int // regions with an index
	Threshold      int
	Rows           []beyondRow
	Better         []beyondRow
	Worse          []beyondRow
	NotEnough      bool // fewer than two regions to compare
	GDPMissing     int  // ranked regions without GDP per head
	DefaultView    bool // equal weights, min-max, arithmetic mean
}

type beyondRow struct {
	Name, Code, URL    string
	Index              string
	IndexRank, GDPRank int
	GDPPerHead         string
	Gap                string // "+5", "−3", "0"
	StandsOut          string
	Better, Worse      bool
	// Interval is the region's rank among all ranked regions under plausible alternatives,
	// "rank 7 (5–11)", "" without draws; Coverage its dimensions with data, "3 of 7".
	Interval, Coverage string
}

// showBeyondGDP sets each region's rank on the flourishing index (under the user's choices) beside
// its rank by GDP per head: where do places flourish better, or worse, than their output suggests?
func (s *Server) showBeyondGDP(c *gin.Context) {
	raw, given := c.GetQuery("level")
	if given {
		if _, err := report.ParseLevel(raw); err != nil {
			s.showError(c, http.StatusBadRequest, "Unknown level", err.Error()+".")
			return
		}
	}
	q, _, err := parseQuery(c, defaultLevel)
	if err != nil {
		s.showError(c, http.StatusBadRequest, "These choices cannot make an index", err.Error()+".")
		return
	}
	if !given {
		c.Redirect(http.StatusFound, beyondGDPURL(q))
		return
	}
	v, gdp, chart, ok := chartedView(s, c, q, newBeyondChart)
	if !ok {
		return
	}
	page := beyondGDPPage{
		layout:      newLayout("Beyond GDP: "+q.Level.Title(), q, true),
		LevelTitle:  q.Level.Title(),
		RankingURL:  rankingURLFor(q),
		CSVURL:      beyondGDPCSVURL(q),
		ChartJSON:   chart,
		Comparator:  gdp,
		Method:      newMethod(q),
		Compared:    len(v.GDP.Regions),
		Ranked:      len(report.Ranked(v.Index)),
		Threshold:   v.GDP.Threshold,
		NotEnough:   len(v.GDP.Regions) < 2,
		DefaultView: report.DefaultIndexQuery(q.Level).Encode() == q.Encode(),
	}
	page.GDPMissing = page.Ranked - page.Compared
	page.FrameworkLinks = frameworkLinks(q, beyondGDPURL)
	for _, l := range data.RankingLevels {
		page.LevelLinks = append(page.LevelLinks, levelLink{Title: l.Title(), URL: beyondGDPURL(withLevel(q, l)), Current: l == q.Level})
	}
	scores := make(map[string]metrics.RegionScore, len(v.Index.Regions))
	for _, r := range v.Index.Regions {
		scores[r.Region.Code] = r
	}
	// uncertain is how sure a region's place is: its rank interval and its coverage.
	uncertain := func(code string) (interval, coverage string) {
		if q.Draws > 0 {
			interval = v.Intervals[code].String()
		}
		return interval, coverageText(scores[code], v.Index.Dimensions, q.Options.Weights)
	}
	for _, g := range v.GDP.Regions {
		so := report.StandsOut(v.GDP, g)
		row := beyondRow{
			Name: v.Label(g.Region), Code: g.Region.Code, URL: regionURLFor(g.Region.Code, q),
			Index: report.Score(g.Index), IndexRank: g.IndexRank, GDPRank: g.GDPRank,
			GDPPerHead: formatAmount(&g.GDPPerHead), Gap: signed(g.Gap), StandsOut: so,
			Better: so == report.StandsOutBetter, Worse: so == report.StandsOutWorse,
		}
		row.Interval, row.Coverage = uncertain(g.Region.Code)
		page.Rows = append(page.Rows, row)
	}
	standOut := func(gs []metrics.GDPGap) []beyondRow {
		var out []beyondRow
		for _, g := range gs {
			row := beyondRow{Name: v.Label(g.Region), URL: regionURLFor(g.Region.Code, q), IndexRank: g.IndexRank, GDPRank: g.GDPRank, Gap: signed(g.Gap)}
			row.Interval, row.Coverage = uncertain(g.Region.Code)
			out = append(out, row)
		}
		return out
	}
	page.Better, page.Worse = standOut(v.GDP.Better), standOut(v.GDP.Worse)
	s.render(c, http.StatusOK, "beyond_gdp", page)
}

// signed writes a rank gap with its sign: "+5", "−3" (a true minus), "0".
func signed(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "\u2212" + strconv.Itoa(-n)
	}
	return "0"
}
