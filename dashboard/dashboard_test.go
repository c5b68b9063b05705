package dashboard

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gin-gonic/gin"
	"github.com/google/go-cmp/cmp"

	"github.com/placevalue/placevalue/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestMain(m *testing.M) {
	// gin's init chose debug mode, which prints every route; the command sets its own mode.
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

// mustServer serves the dashboard over the test warehouse on a loopback port.
func mustServer(tb testing.TB) (*Server, *httptest.Server) {
	tb.Helper()
	s, err := New(mustWarehouse(tb), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	tb.Cleanup(ts.Close)
	return s, ts
}

type response struct {
	status int
	header http.Header
	body   string
}

// get fetches a URL without following redirects.
func get(tb testing.TB, url string) response {
	tb.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

func TestNewRefusesABuildWithoutECharts(t *testing.T) {
	_, err := loadAssets(fstest.MapFS{"app.js": {Data: []byte("")}, "style.css": {Data: []byte("")}})
	if err == nil || !strings.Contains(err.Error(), "run make build") {
		t.Fatalf("error = %v, want one that says to run make build", err)
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Fatal("New accepted no warehouse")
	}
}

func TestRoutes(t *testing.T) {
	_, ts := mustServer(t)
	const html, text, csvType = "text/html; charset=utf-8", "text/plain; charset=utf-8", "text/csv; charset=utf-8"
	tests := []struct {
		path        string
		status      int
		contentType string
		location    string   // for redirects
		contains    []string // in the body
		disposition string
	}{
		{path: "/", status: http.StatusFound, location: "/ranking?level=itl1"},
		{path: "/ranking", status: http.StatusFound, location: "/ranking?level=itl1"},
		{path: "/ranking?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{"UK regions and nations (ITL1)", "Download CSV", `href="/api/v1/index.csv?level=itl1"`,
				`href="/region/TLI?level=itl1"`, "Not ranked: too little data", "Northern Ireland", "Homicide rate",
				"lower is better", "GDP per head (£)", "56,431", "CC BY 4.0", "Open Government Licence v3.0"}},
		{path: "/ranking?level=oecd-tl2", status: http.StatusOK, contentType: html, contains: []string{"Île-de-France", "O&#39;Higgins"}},
		{path: "/ranking?level=lad", status: http.StatusOK, contentType: html, contains: []string{"City of Edinburgh", "Belfast"}},
		{path: "/ranking?level=mars", status: http.StatusBadRequest, contentType: html,
			contains: []string{"Unknown level", "expected one of oecd-tl2, itl1, lad"}},
		{path: "/ranking?level=%3Cscript%3Ealert(1)%3C/script%3E", status: http.StatusBadRequest, contentType: html,
			contains: []string{"unknown level &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;"}},
		{path: "/ranking?level=itl2", status: http.StatusBadRequest, contentType: html, contains: []string{"expected one of"}},
		{path: "/region/TLI?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{"<h1>London", "Average of United Kingdom regions", `href="/api/v1/regions/TLI/profile.csv?level=itl1"`}},
		{path: "/region/TLI", status: http.StatusOK, contentType: html, contains: []string{"Ranking of UK regions and nations (ITL1)"}},
		{path: "/region/TLI?level=oecd-tl2", status: http.StatusOK, contentType: html, contains: []string{"OECD large regions (TL2)"}},
		{path: "/region/TLN?level=itl1", status: http.StatusOK, contentType: html, contains: []string{"not ranked: too little data"}},
		{path: "/region/NOPE?level=itl1", status: http.StatusNotFound, contentType: html,
			contains: []string{"Region not found", "There is no region with the code \u201cNOPE\u201d."}},
		{path: "/region/TLI?level=lad", status: http.StatusNotFound, contentType: html,
			contains: []string{"London is not one of the UK local authorities."}},
		{path: "/region/TLI?level=mars", status: http.StatusBadRequest, contentType: html, contains: []string{"Unknown level"}},
		{path: "/api/v1/index.csv?level=itl1", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-index-itl1.csv`, contains: []string{"\ufeffrank,region_code,region_name,index"}},
		{path: "/api/v1/index.csv?level=lad", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-index-lad.csv`},
		{path: "/api/v1/index.csv?level=mars", status: http.StatusBadRequest, contentType: text, contains: []string{"expected one of"}},
		{path: "/api/v1/index.csv", status: http.StatusBadRequest, contentType: text},
		{path: "/api/v1/regions/TLI/profile.csv?level=itl1", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-profile-TLI-itl1.csv`, contains: []string{"TLI,London,income,Income,"}},
		{path: "/api/v1/regions/TLI/profile.csv", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-profile-TLI-itl1.csv`},
		{path: "/api/v1/regions/NOPE/profile.csv", status: http.StatusNotFound, contentType: text},
		{path: "/api/v1/regions/TLI/profile.csv?level=mars", status: http.StatusBadRequest, contentType: text},
		{path: "/healthz", status: http.StatusOK, contentType: text},
		{path: "/no/such/page", status: http.StatusNotFound, contentType: html, contains: []string{"Page not found"}},
		{path: "/static/app.js", status: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, ts.URL+tt.path)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d; body:\n%s", r.status, tt.status, r.body)
			}
			if tt.contentType != "" && r.header.Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", r.header.Get("Content-Type"), tt.contentType)
			}
			if got := r.header.Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if got := r.header.Get("Content-Disposition"); got != tt.disposition {
				t.Errorf("Content-Disposition = %q, want %q", got, tt.disposition)
			}
			for _, s := range tt.contains {
				if !strings.Contains(r.body, s) {
					t.Errorf("body does not contain %q", s)
				}
			}
			checkSecurityHeaders(t, r.header)
		})
	}
	if r := get(t, ts.URL+"/healthz"); r.body != "ok" {
		t.Errorf("/healthz body = %q, want ok", r.body)
	}
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
			"object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

var staticRef = regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`)

func TestStaticFilesHaveHashedNamesAndLongCaching(t *testing.T) {
	_, ts := mustServer(t)
	page := get(t, ts.URL+"/ranking?level=itl1").body
	refs := staticRef.FindAllStringSubmatch(page, -1)
	if len(refs) != 4 {
		t.Fatalf("found %d static references in the page, want 4 (icon, stylesheet, echarts, app.js): %v", len(refs), refs)
	}
	hashed := regexp.MustCompile(`\.[0-9a-f]{12}\.(js|css|svg)$`)
	wantType := map[string]string{"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml"}
	for _, ref := range refs {
		url := ref[1]
		m := hashed.FindStringSubmatch(url)
		if m == nil {
			t.Errorf("%s has no content hash in its name", url)
			continue
		}
		r := get(t, ts.URL+url)
		if r.status != http.StatusOK {
			t.Errorf("GET %s = %d", url, r.status)
		}
		if got := r.header.Get("Content-Type"); got != wantType[m[1]] {
			t.Errorf("%s Content-Type = %q, want %q", url, got, wantType[m[1]])
		}
		if got := r.header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s Cache-Control = %q", url, got)
		}
		if strings.Contains(url, "echarts") && !strings.Contains(r.body, "5.6.0") {
			t.Errorf("%s is not ECharts 5.6.0", url)
		}
	}
	if strings.Contains(page, "cdn") || strings.Contains(page, "go-echarts.github.io") {
		t.Error("the page references a CDN")
	}
}

// chartBlock is the JSON of the page's chart-data block, as the browser's JSON.parse sees it.
var chartBlock = regexp.MustCompile(`(?s)<script type="application/json" id="chart-data">(.*?)</script>`)

func pageChart(t *testing.T, page string) []byte {
	t.Helper()
	m := chartBlock.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("found %d chart-data blocks, want 1", len(m))
	}
	return []byte(m[0][1])
}

// decodeNumbers decodes JSON keeping numbers as they are written, to compare them with CSV text.
func decodeNumbers(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode chart JSON: %v\n%s", err, b)
	}
}

func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatal("CSV has no byte order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestIndexCSVIsTheChartData checks that the download holds exactly the chart's regions, in the
// chart's order, with the chart's rounded numbers, at every level.
func TestIndexCSVIsTheChartData(t *testing.T) {
	_, ts := mustServer(t)
	for _, level := range data.RankingLevels {
		t.Run(string(level), func(t *testing.T) {
			var chart struct {
				Option struct {
					Series []struct {
						Data []struct {
							Name  string      `json:"name"`
							Value json.Number `json:"value"`
						} `json:"data"`
					} `json:"series"`
					YAxis []struct {
						Data []string `json:"data"`
					} `json:"yAxis"`
				} `json:"option"`
				Regions []struct {
					Code       string       `json:"code"`
					Name       string       `json:"name"`
					Rank       int          `json:"rank"`
					GDPPerHead *json.Number `json:"gdpPerHead"`
				} `json:"regions"`
			}
			decodeNumbers(t, pageChart(t, get(t, ts.URL+"/ranking?level="+string(level)).body), &chart)
			type row struct{ Rank, Code, Name, Index, GDP string }
			var fromChart []row
			bars := chart.Option.Series[0].Data
			if len(bars) != len(chart.Regions) || len(chart.Option.YAxis[0].Data) != len(bars) {
				t.Fatalf("%d bars, %d categories, %d regions", len(bars), len(chart.Option.YAxis[0].Data), len(chart.Regions))
			}
			for i, r := range chart.Regions {
				if bars[i].Name != r.Name || chart.Option.YAxis[0].Data[i] != r.Code {
					t.Errorf("bar %d is %q/%q, region %q/%q", i, bars[i].Name, chart.Option.YAxis[0].Data[i], r.Name, r.Code)
				}
				gdp := ""
				if r.GDPPerHead != nil {
					gdp = r.GDPPerHead.String()
				}
				fromChart = append(fromChart, row{strconv.Itoa(r.Rank), r.Code, r.Name, bars[i].Value.String(), gdp})
			}
			recs := readCSV(t, get(t, ts.URL+"/api/v1/index.csv?level="+string(level)).body)
			header := recs[0]
			col := func(name string) int {
				for i, h := range header {
					if h == name {
						return i
					}
				}
				t.Fatalf("CSV has no column %s: %v", name, header)
				return -1
			}
			var fromCSV []row
			for _, rec := range recs[1:] {
				fromCSV = append(fromCSV, row{rec[col("rank")], rec[col("region_code")], rec[col("region_name")],
					rec[col("index")], rec[col("gdp_per_head")]})
			}
			if len(fromChart) == 0 {
				t.Fatal("the chart has no bars")
			}
			if diff := cmp.Diff(fromChart, fromCSV); diff != "" {
				t.Errorf("chart and CSV differ (-chart +csv):\n%s", diff)
			}
		})
	}
}

// TestProfileCSVIsTheChartData checks the region download against the radar's two series.
func TestProfileCSVIsTheChartData(t *testing.T) {
	_, ts := mustServer(t)
	for _, code := range []string{"TLI", "TLN", hostileCode} {
		t.Run(code, func(t *testing.T) {
			var chart struct {
				Option struct {
					Series []struct {
						Name string `json:"name"`
						Data []struct {
							Value []*json.Number `json:"value"`
						} `json:"data"`
					} `json:"series"`
				} `json:"option"`
				Dimensions []struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"dimensions"`
			}
			decodeNumbers(t, pageChart(t, get(t, ts.URL+"/region/"+code+"?level=itl1").body), &chart)
			if len(chart.Option.Series) != 2 {
				t.Fatalf("radar has %d series, want the region and the average", len(chart.Option.Series))
			}
			str := func(n *json.Number) string {
				if n == nil {
					return ""
				}
				return n.String()
			}
			var fromChart [][]string
			for i, d := range chart.Dimensions {
				fromChart = append(fromChart, []string{d.ID, d.Name,
					str(chart.Option.Series[0].Data[0].Value[i]), str(chart.Option.Series[1].Data[0].Value[i])})
			}
			var fromCSV [][]string
			for _, rec := range readCSV(t, get(t, ts.URL+"/api/v1/regions/"+code+"/profile.csv?level=itl1").body)[1:] {
				if rec[0] != code {
					t.Errorf("CSV row for region %q", rec[0])
				}
				fromCSV = append(fromCSV, rec[2:])
			}
			if len(fromChart) != 11 {
				t.Errorf("radar has %d dimensions, want 11", len(fromChart))
			}
			if diff := cmp.Diff(fromChart, fromCSV); diff != "" {
				t.Errorf("chart and CSV differ (-chart +csv):\n%s", diff)
			}
		})
	}
}

var inlineHandler = regexp.MustCompile(`<[^>]+\son[a-z]+\s*=`)

// TestSpreadsheetTextIsNeverMarkup checks that the hostile region name reaches pages only escaped:
// as \u003c... inside the JSON block, as &lt;... in HTML.
func TestSpreadsheetTextIsNeverMarkup(t *testing.T) {
	_, ts := mustServer(t)
	jsonEscaped := `\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e`
	htmlEscaped := `&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;`
	for _, path := range []string{"/ranking?level=itl1", "/ranking?level=oecd-tl2", "/region/" + hostileCode + "?level=itl1"} {
		t.Run(path, func(t *testing.T) {
			page := get(t, ts.URL+path).body
			if strings.Contains(page, hostileName) || strings.Contains(page, "<img") {
				t.Fatal("the hostile name is in the page unescaped")
			}
			if !strings.Contains(string(pageChart(t, page)), jsonEscaped) {
				t.Errorf("the chart JSON does not hold the name as %s", jsonEscaped)
			}
			if !strings.Contains(page, htmlEscaped) {
				t.Errorf("the HTML does not hold the name as %s", htmlEscaped)
			}
			if n := strings.Count(page, "<script"); n != 3 {
				t.Errorf("%d <script> elements, want 3 (echarts, app.js, chart data)", n)
			}
			if inlineHandler.MatchString(page) {
				t.Error("the page has an inline event handler")
			}
			if strings.Contains(page, "style=") {
				t.Error("the page has an inline style attribute, which the CSP forbids")
			}
		})
	}
	if !strings.Contains(string(pageChart(t, get(t, ts.URL+"/ranking?level=oecd-tl2").body)), `"__f__function(){alert(2)}"`) {
		t.Error("a name starting with __f__ is not kept as a plain JSON string")
	}
}

func TestGoldenFiles(t *testing.T) {
	_, ts := mustServer(t)
	tests := []struct {
		golden string
		url    string
		chart  bool // compare the page's chart JSON, indented
	}{
		{"index_itl1.csv", "/api/v1/index.csv?level=itl1", false},
		{"ranking_itl1.chart.json", "/ranking?level=itl1", true},
		{"profile_TLI_itl1.csv", "/api/v1/regions/TLI/profile.csv?level=itl1", false},
		{"region_TLI_itl1.chart.json", "/region/TLI?level=itl1", true},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			r := get(t, ts.URL+tt.url)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s = %d", tt.url, r.status)
			}
			got := []byte(r.body)
			if tt.chart {
				var buf bytes.Buffer
				// Indent keeps string literals as they are, escapes included.
				if err := json.Indent(&buf, pageChart(t, r.body), "", "  "); err != nil {
					t.Fatal(err)
				}
				buf.WriteByte('\n')
				got = buf.Bytes()
			}
			path := filepath.Join("testdata", tt.golden+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./dashboard/ -run TestGoldenFiles -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", tt.url, path, diff)
			}
		})
	}
}

func TestPanicsAnswer500AndTheServerGoesOn(t *testing.T) {
	s, ts := mustServer(t)
	s.engine.GET("/panic", func(*gin.Context) { panic("boom") })
	r := get(t, ts.URL+"/panic")
	if r.status != http.StatusInternalServerError || !strings.Contains(r.body, "Something went wrong") {
		t.Fatalf("GET /panic = %d %q", r.status, r.body)
	}
	checkSecurityHeaders(t, r.header)
	if r := get(t, ts.URL+"/healthz"); r.status != http.StatusOK {
		t.Fatalf("after a panic, /healthz = %d", r.status)
	}
}
