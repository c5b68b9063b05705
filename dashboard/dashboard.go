// Package dashboard is placevalue's public web dashboard: a ranking of the regions of a level on the
// flourishing index under the user's own weights (with how sure each rank is, and the pairs of
// regions whose order the weights decide), the index beside GDP per head, a profile page per
// region, and CSV downloads of exactly what the charts show. Every view is a URL with the
// parameters of report.IndexQuery, the same as `placevalue export index` takes.
//
// Every string in the warehouse came from a published spreadsheet and is treated as data, never as
// markup or code: pages are html/template, chart options are built with go-echarts' option types
// but serialised with encoding/json (which escapes <, > and &) into a JSON block that our own
// static/app.js hands to ECharts. go-echarts' page templates are never rendered.
package dashboard

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
)

// Options configures a dashboard server.
type Options struct {
	// Logger receives one line per request and every server error; nil logs to slog.Default().
	Logger *slog.Logger
	// TrustedProxies are the addresses (IPs or CIDRs) of reverse proxies whose X-Forwarded-For
	// header names the client in request logs; none by default, so the peer address is logged.
	TrustedProxies []string
}

// Server serves the dashboard from one warehouse.
type Server struct {
	warehouse *data.Warehouse
	log       *slog.Logger
	assets    *assets
	pages     *pages
	engine    *gin.Engine
}

// New builds a dashboard over a warehouse. It fails when the binary was built without the
// embedded ECharts library.
func New(w *data.Warehouse, opt Options) (*Server, error) {
	if w == nil {
		return nil, errors.New("dashboard: no warehouse")
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	a, err := loadAssets(static)
	if err != nil {
		return nil, err
	}
	p, err := parsePages(a)
	if err != nil {
		return nil, err
	}
	s := &Server{
		warehouse: w,
		log:       opt.Logger,
		assets:    a,
		pages:     p,
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.engine, err = s.routes(opt.TrustedProxies); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler is the dashboard's HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

func (s *Server) routes(trustedProxies []string) (*gin.Engine, error) {
	e := gin.New()
	if err := e.SetTrustedProxies(trustedProxies); err != nil {
		return nil, fmt.Errorf("dashboard: trusted proxies: %w", err)
	}
	e.Use(s.logRequests, gin.CustomRecoveryWithWriter(nil, s.recoverPanic), securityHeaders)

	// Every page and download answers HEAD as GET (net/http sends the headers without the body),
	// so that link checkers and `curl -I` see what a browser would get.
	get := func(path string, h gin.HandlerFunc) {
		e.GET(path, h)
		e.HEAD(path, h)
	}
	get("/", s.showHome)
	get("/ranking", s.showRanking)
	get("/region/:code", s.showRegion)
	get("/beyond-gdp", s.showBeyondGDP)
	get("/api/v1/index.csv", s.downloadIndexCSV)
	get("/api/v1/beyond-gdp.csv", s.downloadBeyondGDPCSV)
	get("/api/v1/disparity.csv", s.downloadDisparityCSV)
	get("/api/v1/frameworks.csv", s.downloadFrameworksCSV)
	get("/api/v1/regions/:code/profile.csv", s.downloadProfileCSV)
	get("/api/v1/regions/:code/trends.csv", s.downloadTrendsCSV)
	get("/healthz", s.showHealth)
	get("/static/*file", s.serveStatic)
	e.NoRoute(s.showNotFound)
	return e, nil
}
