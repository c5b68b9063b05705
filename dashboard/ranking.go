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
	Level       data.Level
	LevelTitle  string
	ChartJSON   template.JS
	CSVURL      string
	Rows        []rankingRow
	Comparator  comparator
	Unranked    []unrankedRow
	Dimensions  []dimensionUsed
	MinCoverage string // "50%"
}

type rankingRow struct {
	Rank       int
	Code, Name string
	URL        string
	Index      string
	Coverage   string
	GDPPerHead string
}

type unrankedRow struct {
	Name, URL, Coverage string
}

// dimensionUsed is a dimension of the index with the indicators scored into it.
type dimensionUsed struct {
	Name       string
	Indicators []data.Indicator
}

// showRanking shows the flourishing index of every ranked region of a level, best first, as a
// bar chart and as a table of the same numbers.
func (s *Server) showRanking(c *gin.Context) {
	raw, given := c.GetQuery("level")
	if !given {
		c.Redirect(http.StatusFound, rankingURL(defaultLevel))
		return
	}
	level, err := report.ParseLevel(raw)
	if err != nil {
		s.showError(c, http.StatusBadRequest, "Unknown level", err.Error()+".")
		return
	}
	ctx := c.Request.Context()
	idx, ok, err := s.ranking(ctx, level)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if !ok {
		s.showError(c, http.StatusNotFound, "No data for this level", "No "+level.Title()+" are loaded yet.")
		return
	}
	gdp, err := s.comparator(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	chart, err := chartJSON(newRankingChart(idx, level, gdp.Label))
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := rankingPage{
		layout:      newLayout("Flourishing index: "+level.Title(), level, true),
		Level:       level,
		LevelTitle:  level.Title(),
		ChartJSON:   chart,
		CSVURL:      indexCSVURL(level),
		Comparator:  gdp,
		MinCoverage: fmt.Sprintf("%.0f%%", 100*s.index.MinCoverage),
	}
	for _, r := range report.Ranked(idx) {
		page.Rows = append(page.Rows, rankingRow{
			Rank: r.Rank, Code: r.Region.Code, Name: r.Region.Name, URL: regionURL(r.Region.Code, level),
			Index: report.Score(*r.Index), Coverage: coverageText(r, len(idx.Dimensions)), GDPPerHead: formatAmount(r.Comparator),
		})
	}
	for _, r := range report.Unranked(idx) {
		page.Unranked = append(page.Unranked, unrankedRow{Name: r.Region.Name, URL: regionURL(r.Region.Code, level), Coverage: coverageText(r, len(idx.Dimensions))})
	}
	page.Dimensions = dimensionsUsed(idx)
	s.render(c, http.StatusOK, "ranking", page)
}

// ranking computes the index of a level; ok is false when the warehouse holds no region of it.
func (s *Server) ranking(ctx context.Context, level data.Level) (idx metrics.Index, ok bool, err error) {
	idx, err = report.Ranking(ctx, s.warehouse, level, s.index)
	if err != nil {
		return metrics.Index{}, false, err
	}
	return idx, len(idx.Regions) > 0, nil
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
