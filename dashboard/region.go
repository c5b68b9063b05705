package dashboard

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/report"
)

type regionPage struct {
	layout
	Name, Code   string
	LevelTitle   string
	RankingURL   string
	ChartJSON    template.JS
	CSVURL       string
	Index        string // "" when not ranked
	Rank         int
	RankedOf     int
	Coverage     string
	Comparator   string
	GDPPerHead   string
	AverageName  string // heading: "Average of United Kingdom regions"
	AverageOf    string // in a sentence: "average of United Kingdom regions"
	Rows         []profileRow
	HasDimension bool
}

type profileRow struct {
	Dimension, Score, Average string
}

// showRegion shows one region's dimension scores against its country's average, as a radar chart
// and as a table of the same numbers.
func (s *Server) showRegion(c *gin.Context) {
	level, ok := s.optionalLevel(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	p, err := report.RegionProfile(ctx, s.warehouse, c.Param("code"), level, s.index)
	if errors.Is(err, report.ErrNotFound) {
		s.regionNotFound(c, level)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	gdp, err := s.comparator(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	chart, err := chartJSON(newProfileChart(p))
	if err != nil {
		s.serverError(c, err)
		return
	}
	page := regionPage{
		layout:       newLayout(p.Region.Name, p.Level, true),
		Name:         p.Region.Name,
		Code:         p.Region.Code,
		LevelTitle:   p.Level.Title(),
		RankingURL:   rankingURL(p.Level),
		ChartJSON:    chart,
		CSVURL:       profileCSVURL(p.Region.Code, p.Level),
		Rank:         p.Score.Rank,
		RankedOf:     p.RankedOf,
		Coverage:     coverageText(p.Score, len(p.Dimensions)),
		Comparator:   gdp.Label,
		GDPPerHead:   formatAmount(p.Score.Comparator),
		AverageName:  averageName(p),
		AverageOf:    p.AverageOf,
		HasDimension: len(p.Dimensions) > 0,
	}
	if p.Score.Index != nil {
		page.Index = report.Score(*p.Score.Index)
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
	}
	s.render(c, http.StatusOK, "region", page)
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
