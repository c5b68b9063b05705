package dashboard

import (
	"context"
	"fmt"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

type rankingPage struct {
	layout
	Level         data.Level
	LevelTitle    string
	LevelLinks    []levelLink // the other levels, with the same choices
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
	MoreHard      int // hard choices beyond those listed
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
	Index      string
	Interval   string // "rank 7 (5–11)"
	Coverage   string
	GDPPerHead string
}

// boundRow is what one indicator is scored against: goalposts "10 to 50" or a target "5".
type boundRow struct {
	Indicator, Unit, Dimension, Bound, Basis string
}

func newBoundRows(bounds []report.Bound, normalisation metrics.Normalisation) []boundRow {
	out := make([]boundRow, 0, len(bounds))
	for _, b := range bounds {
		r := boundRow{Indicator: b.Indicator.Name, Unit: b.Indicator.Unit, Basis: b.Basis}
		if d, ok := data.DimensionByID(b.Indicator.Dimension); ok {
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

// dimensionUsed is a dimension of the index with the indicators scored into it.
type dimensionUsed struct {
	Name       string
	Indicators []data.Indicator
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
		layout:       newLayout("Flourishing index: "+q.Level.Title(), q.Level, true),
		Level:        q.Level,
		LevelTitle:   q.Level.Title(),
		Form:         newValuesForm(q, v.Index.Dimensions),
		Method:       newMethod(q),
		ChartJSON:    chart,
		CSVURL:       indexCSVURLFor(q),
		ShareURL:     rankingURLFor(q),
		BeyondGDPURL: beyondGDPURL(q),
		Draws:        q.Draws,
		DrawsText:    formatCount(q.Draws),
		Comparator:   gdp,
		MinCoverage:  fmt.Sprintf("%.0f%%", 100*q.Options.MinCoverage),
		Notes:        v.Notes,
		Bounds:       newBoundRows(v.Bounds, q.Options.Normalisation),
		Disparities:  newDisparityRows(v.Disparities, q),
		DisparityCSV: disparityCSVURL(q),
	}
	page.BoundsHeading = "Goalposts"
	if q.Options.Normalisation == metrics.NormaliseTarget {
		page.BoundsHeading = "Target"
	}
	for _, l := range data.RankingLevels {
		page.LevelLinks = append(page.LevelLinks, levelLink{Title: l.Title(), URL: rankingURLFor(withLevel(q, l)), Current: l == q.Level})
	}
	for _, r := range report.Ranked(v.Index) {
		page.Rows = append(page.Rows, rankingRow{
			Rank: r.Rank, Code: r.Region.Code, Name: r.Region.Name, URL: regionURLFor(r.Region.Code, q),
			Index: report.Score(*r.Index), Interval: v.Intervals[r.Region.Code].String(),
			Coverage: coverageText(r, len(v.Index.Dimensions)), GDPPerHead: formatAmount(r.Comparator),
		})
	}
	for i, h := range v.HardChoices {
		if i == hardChoicesShown {
			page.MoreHard = len(v.HardChoices) - i
			break
		}
		page.HardChoices = append(page.HardChoices, hardChoiceRow{
			Above: h.Above.Name, Below: h.Below.Name,
			AboveURL: regionURLFor(h.Above.Code, q), BelowURL: regionURLFor(h.Below.Code, q),
			AboveRank: h.AboveRank, BelowRank: h.BelowRank,
			Flipped: fmt.Sprintf("%.0f%%", 100*h.Flipped),
		})
	}
	for _, r := range report.Unranked(v.Index) {
		page.Unranked = append(page.Unranked, unrankedRow{Name: r.Region.Name, URL: regionURLFor(r.Region.Code, q), Coverage: coverageText(r, len(v.Index.Dimensions))})
	}
	page.Dimensions = dimensionsUsed(v.Index)
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
	gdp, err := s.comparator(c.Request.Context())
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

// comparator describes GDP per head as loaded: a short label for headings and tooltips ("GDP per
// head (£)"), and the publisher's full name of the figure for the explanation.
type comparator struct {
	Label, Name string
}

func (s *Server) comparator(ctx context.Context) (comparator, error) {
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
	return c, nil
}

func dimensionsUsed(idx metrics.Index) []dimensionUsed {
	out := make([]dimensionUsed, 0, len(idx.Dimensions))
	for _, d := range idx.Dimensions {
		du := dimensionUsed{Name: d.Name}
		for _, ind := range idx.Indicators {
			if ind.Dimension == d.ID {
				du.Indicators = append(du.Indicators, ind)
			}
		}
		out = append(out, du)
	}
	return out
}
