package dashboard

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/report"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the templates in templates/ that are whole pages; each is parsed together with
// layout.html, which calls the page's "content".
var pageNames = []string{"ranking", "region", "beyond_gdp", "error"}

type pages struct {
	byName map[string]*template.Template
}

func parsePages(a *assets) (*pages, error) {
	funcs := template.FuncMap{"static": a.url}
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("dashboard: parse template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// layout is what every page shows around its content.
type layout struct {
	Title  string // page title, also the <h1> unless the page has its own
	Charts bool   // the page draws a chart: load ECharts and app.js
	Levels []levelLink
}

type levelLink struct {
	Title   string
	URL     string // ranking page
	CSVURL  string // index download
	Current bool
}

// newLayout is the layout of a page showing the index query q. Its links to each level's ranking
// and index download keep the page's choices (framework, weights, method), so that the footer's
// download at the page's own level is the index the page shows.
func newLayout(title string, q report.IndexQuery, charts bool) layout {
	l := layout{Title: title, Charts: charts}
	for _, lvl := range data.RankingLevels {
		lq := withLevel(q, lvl)
		l.Levels = append(l.Levels, levelLink{
			Title: lvl.Title(), URL: rankingURLFor(lq), CSVURL: indexCSVURLFor(lq), Current: lvl == q.Level,
		})
	}
	return l
}

// render executes a page into memory first, so that a template error gives a clean 500, never
// half a page.
func (s *Server) render(c *gin.Context, status int, name string, v any) {
	var buf bytes.Buffer
	t, ok := s.pages.byName[name]
	if !ok {
		s.serverError(c, fmt.Errorf("no page template %q", name))
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "internal server error\n")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

const defaultLevel = data.LevelITL1
