package dashboard

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"html"
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
			contains: []string{"UK regions and nations (ITL1)", "Download CSV", `href="/api/v1/index.csv?level=itl1"`, `<details class="method-choices">`,
				`href="/region/TLI?level=itl1"`, "Not ranked: too little data", "Northern Ireland", "Homicide rate",
				"lower is better", "GDP per head 2021 (£)", "56,431", "CC BY 4.0", "Open Government Licence v3.0",
				"Disparity within countries", `href="/api/v1/disparity.csv?level=itl1"`, "<th scope=\"row\">United Kingdom</th>"}},
		{path: "/ranking?level=lad&weights=income=5", status: http.StatusOK, contentType: html,
			contains: []string{`href="/api/v1/disparity.csv?level=lad&amp;weights=income=5"`, "Disparity within countries"}},
		{path: "/ranking?level=oecd-tl2", status: http.StatusOK, contentType: html, contains: []string{"Île-de-France", "O&#39;Higgins"}},
		{path: "/ranking?level=lad", status: http.StatusOK, contentType: html, contains: []string{"City of Edinburgh", "Belfast"}},
		// The UK local framework: its own dimensions, headline indicators first, the framework kept
		// by the form, and the frameworks offered at the level as links that reset the weights.
		{path: "/ranking?level=lad&framework=uk-local&weights=connectivity=5", status: http.StatusOK, contentType: html,
			contains: []string{"<strong>UK local flourishing.</strong>", `<input type="hidden" name="framework" value="uk-local">`,
				"Jobs and pay", "Personal well-being", "Digital connectivity", `<span class="headline">headline</span>`,
				`href="/ranking?level=lad"`, // the OECD framework's link: equal weights again
				`href="/api/v1/index.csv?level=lad&amp;framework=uk-local&amp;weights=connectivity=5"`,
				`href="/ranking?level=oecd-tl2"`, `href="/api/v1/frameworks.csv"`}},
		{path: "/ranking?level=oecd-tl2&framework=uk-local", status: http.StatusBadRequest, contentType: html,
			contains: []string{"has no indicators for OECD large regions (TL2): it is offered for itl1"}},
		{path: "/ranking?level=lad&framework=uk-local&w_income=3", status: http.StatusBadRequest, contentType: html,
			contains: []string{"unknown dimension &#34;income&#34; of the uk-local framework in the form field w_income"}},
		{path: "/ranking?level=lad&framework=uk-local&w_personal_wellbeing=0&weights=connectivity=5", status: http.StatusSeeOther,
			location: "/ranking?level=lad&framework=uk-local&weights=connectivity=5,personal_wellbeing=0"},
		{path: "/region/E06000001?framework=uk-local", status: http.StatusOK, contentType: html,
			contains: []string{"Hartlepool", "UK local flourishing", "Personal well-being",
				// Change over time groups indicators under the page's framework's dimensions.
				`<th scope="row">Gross disposable household income per head <span class="hint">(£)</span></th><td>Household income</td>`}},
		{path: "/region/E06000001", status: http.StatusOK, contentType: html,
			contains: []string{`<th scope="row">Gross disposable household income per head <span class="hint">(£)</span></th><td>Income</td>`}},
		// The region and beyond-GDP pages offer the frameworks of their level, each link the same page
		// on that framework with equal weights.
		{path: "/region/E06000001?level=lad&framework=uk-local&weights=connectivity=5", status: http.StatusOK, contentType: html,
			contains: []string{`<a href="/region/E06000001?level=lad">OECD regional well-being</a>`,
				`<a href="/region/E06000001?level=lad&amp;framework=uk-local&amp;weights=connectivity=5" aria-current="page">UK local flourishing</a>`}},
		{path: "/beyond-gdp?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{"Index rank under plausible alternatives", "GDP is counted where people work",
				`<td>better than output suggests</td><td class="num">rank 1 (1–2)</td><td class="num">11 of 11</td>`}},
		{path: "/beyond-gdp?level=itl1&framework=uk-local", status: http.StatusOK, contentType: html,
			contains: []string{`<a href="/beyond-gdp?level=itl1">OECD regional well-being</a>`,
				`<a href="/beyond-gdp?level=itl1&amp;framework=uk-local" aria-current="page">UK local flourishing</a>`}},
		{path: "/region/FR10?framework=uk-local", status: http.StatusBadRequest, contentType: html,
			contains: []string{"has no indicators for OECD large regions (TL2)"}},
		{path: "/api/v1/index.csv?level=lad&framework=uk-local", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-index-lad_uk-local.csv`,
			contains:    []string{"rank,region_code,region_name,index,coverage,jobs_and_pay,"}},
		{path: "/api/v1/frameworks.csv", status: http.StatusOK, contentType: csvType, disposition: `attachment; filename=placevalue-frameworks.csv`,
			contains: []string{"\ufeffframework_id,framework_name,dimension_id,dimension_name,indicator_id,indicator_name,headline,direction,loaded\r\n",
				"oecd,OECD regional well-being,income,Income,oecd.disposable_income_per_capita,Household disposable income per capita,true,higher,true",
				"uk-local,UK local flourishing,connectivity,Digital connectivity,ofcom.premises_below_the_uso_pct,,false,lower,false"}},
		{path: "/region/TLN?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{`id="caveats"`, "<li>Too few dimensions with data for an index.</li><li>No data for Housing.</li>",
				"Not drawn, for want of data: Housing, Education,"}},
		// A replaced district says what replaced it, and its successor what it was formed from.
		{path: "/region/E07000026", status: http.StatusOK, contentType: html,
			contains: []string{"Allerdale was replaced by a reorganisation: by <a href=\"/region/E06000063?level=lad\">Cumberland</a> (2023).",
				"not ranked: replaced", "Figures published for Allerdale",
				"<tr><th scope=\"row\">Life satisfaction</th><td>2022-04/2023-03</td><td class=\"num\">7.2</td>"}},
		{path: "/region/E06000063", status: http.StatusOK, contentType: html,
			contains: []string{`Formed from <a href="/region/E07000026?level=lad">Allerdale</a>`}},
		// Another publisher's code for a region leads to the region.
		{path: "/region/UKI?weights=income=5", status: http.StatusMovedPermanently, location: "/region/TLI?weights=income=5"},
		{path: "/region/E12000007", status: http.StatusMovedPermanently, location: "/region/TLI"},
		{path: "/ranking?level=mars", status: http.StatusBadRequest, contentType: html,
			contains: []string{"Unknown level", "expected one of oecd-tl2, itl1, lad"}},
		{path: "/ranking?level=%3Cscript%3Ealert(1)%3C/script%3E", status: http.StatusBadRequest, contentType: html,
			contains: []string{"unknown level &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;"}},
		{path: "/ranking?level=itl2", status: http.StatusBadRequest, contentType: html, contains: []string{"expected one of"}},
		{path: "/ranking?level=itl1&weights=incme=5", status: http.StatusBadRequest, contentType: html,
			contains: []string{"These choices cannot make an index", "weights: unknown dimension &#34;incme&#34; of the oecd framework; known: income, jobs"}},
		{path: "/ranking?level=itl1&weights=income=6", status: http.StatusBadRequest, contentType: html,
			contains: []string{"weight for income is &#34;6&#34;, expected a number from 0 to 5"}},
		{path: "/ranking?level=itl1&w_income=9&w_jobs=1", status: http.StatusBadRequest, contentType: html,
			contains: []string{"weight for income is &#34;9&#34;, expected a number from 0 to 5"}},
		{path: "/ranking?level=itl1&w_wealth=3", status: http.StatusBadRequest, contentType: html,
			contains: []string{"unknown dimension &#34;wealth&#34; of the oecd framework in the form field w_wealth"}},
		{path: "/ranking?level=itl1&aggregation=generalised&power=500", status: http.StatusBadRequest, contentType: html,
			contains: []string{"power of the generalised mean is 500, expected a number from -100 to 100"}},
		// Outliers: chosen in the form's method choices, kept in the canonical URL, explained.
		{path: "/ranking?level=itl1&outliers=winsorise", status: http.StatusOK, contentType: html,
			contains: []string{`<option value="winsorise" selected>`, "has its few most extreme values capped at the next value in",
				`<details class="method-choices" open>`,
				`href="/api/v1/index.csv?level=itl1&amp;outliers=winsorise"`}},
		{path: "/ranking?level=itl1&w_income=1&outliers=keep", status: http.StatusSeeOther, location: "/ranking?level=itl1"},
		{path: "/ranking?level=itl1&w_income=2&outliers=winsorize", status: http.StatusSeeOther, location: "/ranking?level=itl1&weights=income=2&outliers=winsorise"},
		{path: "/ranking?level=itl1&outliers=trim", status: http.StatusBadRequest, contentType: html,
			contains: []string{"outliers: unknown outlier treatment &#34;trim&#34;; known: keep, winsorise"}},
		{path: "/ranking?level=itl1&draws=many", status: http.StatusBadRequest, contentType: html,
			contains: []string{"draws is &#34;many&#34;, expected a whole number from 0 to 10000"}},
		// The weights form (no JavaScript needed) lands on the canonical, shareable URL; the weights
		// already in the URL keep the dimensions the form does not send.
		{path: "/ranking?level=itl1&weights=community=4&w_income=5&w_jobs=3&w_life_satisfaction=0&w_health=1&normalisation=minmax&aggregation=arithmetic&power=1",
			status: http.StatusSeeOther, location: "/ranking?level=itl1&weights=income=5,jobs=3,community=4,life_satisfaction=0"},
		{path: "/ranking?level=lad&w_income=1&aggregation=geometric&power=1", status: http.StatusSeeOther, location: "/ranking?level=lad&aggregation=geometric"},
		{path: "/ranking?weights=material", status: http.StatusFound, location: "/ranking?level=itl1&weights=income=5,jobs=5,housing=5"},
		{path: "/ranking?level=itl1&weights=income=5,jobs=3,life_satisfaction=0&normalisation=rank", status: http.StatusOK, contentType: html,
			contains: []string{
				`<option value="5" selected>5 · matters most</option>`, `<option value="0" selected>0 · leave out</option>`,
				`<option value="rank" selected>`,
				`href="/api/v1/index.csv?level=itl1&amp;weights=income=5,jobs=3,life_satisfaction=0&amp;normalisation=rank"`,
				`class="share" href="/ranking?level=itl1&amp;weights=income=5,jobs=3,life_satisfaction=0&amp;normalisation=rank"`,
				`href="/region/TLI?level=itl1&amp;weights=income=5,jobs=3,life_satisfaction=0&amp;normalisation=rank"`,
				`href="/ranking?level=lad&amp;weights=income=5,jobs=3,life_satisfaction=0&amp;normalisation=rank"`,
				"Income 5, Jobs 3, Life satisfaction 0 (left out); every other dimension 1",
				"by its rank among the UK regions and nations (ITL1)",
				"Hard choices: where values decide, not data", "of plausible alternatives.",
				"The UK's regions among OECD regions",
			}},
		{path: "/ranking?level=itl1&weights=material", status: http.StatusOK, contentType: html,
			contains: []string{`aria-current="true">Material conditions first</a>`}},
		{path: "/ranking?level=itl1&draws=0", status: http.StatusOK, contentType: html,
			contains: []string{"Not computed: the link asks for no alternative indexes (draws=0).", `<input type="hidden" name="draws" value="0">`}},
		// Weights that leave out every dimension with data rank nothing, and say why.
		{path: "/ranking?level=lad&weights=income=0,jobs=0,health=0,access_to_services=0,life_satisfaction=0", status: http.StatusOK, contentType: html,
			contains: []string{"0 places ranked", "every dimension with data has weight 0; no region is ranked"}},
		{path: "/beyond-gdp?level=lad&weights=income=0,jobs=0,health=0,access_to_services=0,life_satisfaction=0", status: http.StatusOK, contentType: html},
		{path: "/beyond-gdp", status: http.StatusFound, location: "/beyond-gdp?level=itl1"},
		{path: "/beyond-gdp?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{"Beyond GDP", "Flourishing against output, 12 regions", `href="/api/v1/beyond-gdp.csv?level=itl1"`,
				"Doing better than their output suggests", "Doing worse than their output suggests", "a gap of at least 3 places"}},
		{path: "/beyond-gdp?level=itl1&weights=income=5", status: http.StatusOK, contentType: html,
			contains: []string{`href="/api/v1/beyond-gdp.csv?level=itl1&amp;weights=income=5"`, "Income 5; every other dimension 1"}},
		{path: "/beyond-gdp?level=lad", status: http.StatusOK, contentType: html, contains: []string{
			"Area GDP per head 2021 (£) is loaded for only 1 of the", "The ONS calls its 2021 figures provisional",
			"For a local authority, GDP per head is that of the ITL3 area it lies in"}},
		{path: "/region/E06000001", status: http.StatusOK, contentType: html, contains: []string{
			"26,853", "of Hartlepool and Stockton-on-Tees (TLC11), the ITL3 area it lies in; for comparison, not part of the index"}},
		{path: "/ranking?level=itl1&normalisation=goalposts", status: http.StatusOK, contentType: html,
			contains: []string{"What each indicator is scored against", ">Goalposts</th>", "lowest and highest of any region in", "fixed goalposts"}},
		{path: "/ranking?level=itl1&normalisation=target", status: http.StatusOK, contentType: html,
			contains: []string{"What each indicator is scored against", ">Target</th>", "no published target: the best of any region in", `<option value="target" selected>`}},
		{path: "/beyond-gdp?level=itl1&normalisation=magic", status: http.StatusBadRequest, contentType: html, contains: []string{"unknown normalisation"}},
		{path: "/beyond-gdp?level=mars", status: http.StatusBadRequest, contentType: html, contains: []string{"Unknown level"}},
		{path: "/region/TLI?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{"<h1>London", "Average of United Kingdom regions", `href="/api/v1/regions/TLI/profile.csv?level=itl1"`,
				"Under plausible alternatives", "rank 9 (4–12)", "Strengths", "Weaknesses", "Most similar regions",
				"Distance to the best", `<a href="/region/TLK?level=itl1">South West</a>`, "Standing among OECD regions"}},
		{path: "/region/E06000001?level=lad", status: http.StatusOK, contentType: html,
			contains: []string{"<h1>Hartlepool", "Change over time", `href="/api/v1/regions/E06000001/trends.csv"`,
				"2021-04/2022-03 → 2022-04/2023-03", "52.5–61.5", "↑ &#43;10.5", "↓ \u22120.9", "→ 0.0",
				`<span class="gap gap-better">better</span>`, `<span class="gap gap-worse">worse</span>`, "unchanged",
				"significant (confidence intervals do not overlap)", "confidence intervals overlap: the change may be noise, not significant",
				"no confidence interval published for both periods, so significance is not tested"}},
		{path: "/region/E07000178?level=lad", status: http.StatusOK, contentType: html,
			contains: []string{"Change over time", "has values for more than one period yet"}},
		{path: "/region/TLK?level=itl1", status: http.StatusOK, contentType: html,
			contains: []string{"South West has the highest index of the UK regions and nations (ITL1)."}},
		{path: "/region/TLI?level=itl1&weights=income=5,jobs=0", status: http.StatusOK, contentType: html,
			contains: []string{`href="/ranking?level=itl1&amp;weights=income=5,jobs=0"`, `href="/api/v1/regions/TLI/profile.csv?level=itl1&amp;weights=income=5,jobs=0"`}},
		{path: "/region/TLI?level=itl1&weights=income=x", status: http.StatusBadRequest, contentType: html, contains: []string{"weight for income is &#34;x&#34;"}},
		{path: "/region/FR10?level=oecd-tl2", status: http.StatusOK, contentType: html, contains: []string{"Average of France regions"}},
		{path: "/region/DE30?level=oecd-tl2", status: http.StatusOK, contentType: html, contains: []string{"Average of DEU regions"}},
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
		// A download is named after its choices, so that two made differently can be told apart.
		{path: "/api/v1/index.csv?level=lad&framework=uk-local&weights=connectivity=5&normalisation=zscore&outliers=winsorise&draws=50", status: http.StatusOK,
			contentType: csvType, disposition: `attachment; filename=placevalue-index-lad_uk-local_zscore_outliers-winsorise_draws50_weights-connectivity5.csv`},
		{path: "/api/v1/disparity.csv?level=itl1&aggregation=generalised&power=-2.5", status: http.StatusOK,
			contentType: csvType, disposition: `attachment; filename=placevalue-disparity-itl1_generalised_power-2.5.csv`},
		{path: "/api/v1/regions/TLI/profile.csv?level=itl1&weights=income=0", status: http.StatusOK,
			contentType: csvType, disposition: `attachment; filename=placevalue-profile-TLI-itl1_weights-income0.csv`},
		{path: "/api/v1/index.csv?level=mars", status: http.StatusBadRequest, contentType: text, contains: []string{"expected one of"}},
		{path: "/api/v1/index.csv?level=itl1&weights=income=6", status: http.StatusBadRequest, contentType: text,
			contains: []string{`Bad index options: weights: weight for income is "6", expected a number from 0 to 5`}},
		{path: "/api/v1/beyond-gdp.csv?level=itl1", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-beyond-gdp-itl1.csv`,
			contains:    []string{"\ufeffregion_code,region_name,index,index_rank,gdp_per_head,gdp_rank,gap,stands_out\r\n"}},
		{path: "/api/v1/beyond-gdp.csv?level=itl1&aggregation=magic", status: http.StatusBadRequest, contentType: text,
			contains: []string{"unknown aggregation"}},
		{path: "/api/v1/beyond-gdp.csv", status: http.StatusBadRequest, contentType: text},
		{path: "/api/v1/disparity.csv?level=oecd-tl2", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-disparity-oecd-tl2.csv`,
			contains:    []string{"\ufeffcountry_code,country_name,regions_ranked,regions_per_fifth,top_fifth_mean,bottom_fifth_mean,"}},
		{path: "/api/v1/disparity.csv?level=itl1&normalisation=magic", status: http.StatusBadRequest, contentType: text},
		{path: "/api/v1/disparity.csv", status: http.StatusBadRequest, contentType: text},
		{path: "/api/v1/index.csv", status: http.StatusBadRequest, contentType: text},
		{path: "/api/v1/regions/TLI/profile.csv?level=itl1", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-profile-TLI-itl1.csv`, contains: []string{"TLI,London,income,Income,"}},
		{path: "/api/v1/regions/TLI/profile.csv", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-profile-TLI-itl1.csv`},
		{path: "/api/v1/regions/NOPE/profile.csv", status: http.StatusNotFound, contentType: text},
		{path: "/api/v1/regions/E06000001/trends.csv", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-trends-E06000001.csv`,
			contains:    []string{"\ufeffregion_code,region_name,indicator_id,indicator_name,dimension,unit,direction,from_period,to_period,"}},
		// Trends do not depend on the index query: the download ignores it.
		{path: "/api/v1/regions/E07000178/trends.csv?level=itl1&weights=income=9", status: http.StatusOK, contentType: csvType,
			disposition: `attachment; filename=placevalue-trends-E07000178.csv`},
		{path: "/api/v1/regions/NOPE/trends.csv", status: http.StatusNotFound, contentType: text,
			contains: []string{"There is no region with the code"}},
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

// rankingChartData is the part of the ranking chart's JSON the tests read.
type rankingChartData struct {
	Option struct {
		Series []struct {
			Name string            `json:"name"`
			Data []json.RawMessage `json:"data"`
		} `json:"series"`
		YAxis []struct {
			Data []string `json:"data"`
		} `json:"yAxis"`
	} `json:"option"`
	Regions []struct {
		Code       string       `json:"code"`
		Name       string       `json:"name"`
		Rank       int          `json:"rank"`
		RankLow    int          `json:"rankLow"`
		RankHigh   int          `json:"rankHigh"`
		Interval   string       `json:"interval"`
		GDPPerHead *json.Number `json:"gdpPerHead"`
	} `json:"regions"`
}

// bar is one bar of the index series.
type bar struct {
	Name  string      `json:"name"`
	Value json.Number `json:"value"`
}

func rankingChartOf(t *testing.T, page string) (rankingChartData, []bar) {
	t.Helper()
	var chart rankingChartData
	decodeNumbers(t, pageChart(t, page), &chart)
	if len(chart.Option.Series) != 4 {
		t.Fatalf("the ranking chart has %d series, want 4 (index, interval base, interval, own rank)", len(chart.Option.Series))
	}
	bars := make([]bar, len(chart.Option.Series[0].Data))
	for i, raw := range chart.Option.Series[0].Data {
		decodeNumbers(t, raw, &bars[i])
	}
	return chart, bars
}

// csvColumns reads the named columns of a CSV download, one row per record.
func csvColumns(t *testing.T, body string, names ...string) [][]string {
	t.Helper()
	recs := readCSV(t, body)
	cols := make([]int, len(names))
	for k, name := range names {
		cols[k] = -1
		for i, h := range recs[0] {
			if h == name {
				cols[k] = i
			}
		}
		if cols[k] < 0 {
			t.Fatalf("CSV has no column %s: %v", name, recs[0])
		}
	}
	var out [][]string
	for _, rec := range recs[1:] {
		row := make([]string, len(cols))
		for k, c := range cols {
			row[k] = rec[c]
		}
		out = append(out, row)
	}
	return out
}

// indexQueries are index queries the chart and CSV tests run at every level: the default and
// the user's own choices.
var indexQueries = []string{
	"",
	"&weights=income=5,jobs=3,life_satisfaction=0",
	"&weights=material&normalisation=rank&aggregation=geometric",
	"&weights=health=5,environment=0&normalisation=zscore&aggregation=generalised&power=-1&draws=200",
	"&normalisation=goalposts&draws=100",
	"&normalisation=target&aggregation=geometric&draws=100",
	"&weights=income=1,jobs=0,housing=0,education=0,health=0,environment=0,safety=0,civic_engagement=0,access_to_services=0,community=0,life_satisfaction=0&draws=0",
}

// TestIndexCSVIsTheChartData checks that the download holds exactly the chart's regions, in the
// chart's order, with the chart's rounded numbers and rank intervals, at every level and for the
// user's own weights, normalisation and aggregation.
func TestIndexCSVIsTheChartData(t *testing.T) {
	_, ts := mustServer(t)
	for _, level := range data.RankingLevels {
		for _, query := range indexQueries {
			t.Run(string(level)+query, func(t *testing.T) {
				page := get(t, ts.URL+"/ranking?level="+string(level)+query)
				if page.status != http.StatusOK {
					t.Fatalf("ranking page: %d\n%s", page.status, page.body)
				}
				chart, bars := rankingChartOf(t, page.body)
				if len(bars) != len(chart.Regions) || len(chart.Option.YAxis[0].Data) != len(bars) {
					t.Fatalf("%d bars, %d categories, %d regions", len(bars), len(chart.Option.YAxis[0].Data), len(chart.Regions))
				}
				for _, series := range chart.Option.Series[1:] {
					if len(series.Data) != len(bars) {
						t.Errorf("series %q has %d items for %d regions", series.Name, len(series.Data), len(bars))
					}
				}
				var fromChart [][]string
				for i, r := range chart.Regions {
					if bars[i].Name != r.Name || chart.Option.YAxis[0].Data[i] != r.Code {
						t.Errorf("bar %d is %q/%q, region %q/%q", i, bars[i].Name, chart.Option.YAxis[0].Data[i], r.Name, r.Code)
					}
					var median int
					if _, err := fmt.Sscanf(r.Interval, "rank %d", &median); err != nil {
						t.Errorf("%s: interval text %q does not start with the median rank", r.Code, r.Interval)
					}
					if want := fmt.Sprintf("(%d–%d)", r.RankLow, r.RankHigh); !strings.HasSuffix(r.Interval, want) {
						t.Errorf("%s: interval text %q does not end in %q", r.Code, r.Interval, want)
					}
					gdp := ""
					if r.GDPPerHead != nil {
						gdp = r.GDPPerHead.String()
					}
					fromChart = append(fromChart, []string{strconv.Itoa(r.Rank), r.Code, r.Name, bars[i].Value.String(), gdp,
						strconv.Itoa(r.RankLow), strconv.Itoa(r.RankHigh), strconv.Itoa(median)})
				}
				if len(fromChart) == 0 {
					t.Fatal("the chart has no bars")
				}
				// The page's own CSV link is followed, so that it is checked to carry the query.
				link := regexp.MustCompile(`<a class="button" href="(/api/v1/index\.csv\?[^"]*)"`).FindStringSubmatch(page.body)
				if link == nil {
					t.Fatal("no CSV link on the page")
				}
				csvURL := html.UnescapeString(link[1])
				fromCSV := csvColumns(t, get(t, ts.URL+csvURL).body,
					"rank", "region_code", "region_name", "index", "gdp_per_head", "rank_low", "rank_high", "rank_median")
				if diff := cmp.Diff(fromChart, fromCSV); diff != "" {
					t.Errorf("chart and CSV (%s) differ (-chart +csv):\n%s", csvURL, diff)
				}
			})
		}
	}
}

// TestWeightsChangeTheOrder checks on hand-made numbers that weights decide the ranking: weighing
// income only, the ITL1 regions rank in the order of their disposable income per head (London
// 33,500 first, Northern Ireland 20,800 last), Northern Ireland, unranked with equal weights for
// want of data, is ranked because income is all that counts, and each index is its income score
// on 0–10 (min-max between 20,800 and 33,500).
func TestWeightsChangeTheOrder(t *testing.T) {
	_, ts := mustServer(t)
	equal, _ := rankingChartOf(t, get(t, ts.URL+"/ranking?level=itl1").body)
	if got := equal.Regions[0].Code; got != "TLK" {
		t.Fatalf("with equal weights the first region is %s, want South West (TLK)", got)
	}
	const incomeOnly = "income=5,jobs=0,housing=0,education=0,health=0,environment=0,safety=0,civic_engagement=0,access_to_services=0,community=0,life_satisfaction=0"
	chart, bars := rankingChartOf(t, get(t, ts.URL+"/ranking?level=itl1&weights="+incomeOnly).body)
	want := []struct {
		code  string
		index string
	}{
		{"TLI", "10"}, {"TLJ", "7.165"}, {"TLH", "4.567"}, {"TLK", "4.331"}, {"TLM", "2.598"}, {hostileCode, "1.732"},
		{"TLD", "1.575"}, {"TLF", "1.496"}, {"TLG", "1.181"}, {"TLE", "0.945"}, {"TLC", "0.551"}, {"TLL", "0.079"}, {"TLN", "0"},
	}
	if len(chart.Regions) != len(want) {
		t.Fatalf("%d regions ranked, want %d", len(chart.Regions), len(want))
	}
	for i, w := range want {
		if chart.Regions[i].Code != w.code || bars[i].Value.String() != w.index || chart.Regions[i].Rank != i+1 {
			t.Errorf("place %d: %s %s (rank %d), want %s %s", i+1, chart.Regions[i].Code, bars[i].Value, chart.Regions[i].Rank, w.code, w.index)
		}
	}
}

// TestBeyondGDPCSVIsTheChartData checks the beyond-GDP download against its scatter chart: the
// same regions, in the same order, with the same index, GDP per head, ranks and gaps.
func TestBeyondGDPCSVIsTheChartData(t *testing.T) {
	_, ts := mustServer(t)
	for _, query := range indexQueries {
		t.Run("itl1"+query, func(t *testing.T) {
			page := get(t, ts.URL+"/beyond-gdp?level=itl1"+query).body
			var chart struct {
				Option struct {
					Series []struct {
						Name string `json:"name"`
						Data []struct {
							Name  string        `json:"name"`
							Value []json.Number `json:"value"`
						} `json:"data"`
					} `json:"series"`
				} `json:"option"`
				Regions []struct {
					Code       string      `json:"code"`
					Name       string      `json:"name"`
					Index      json.Number `json:"index"`
					IndexRank  int         `json:"indexRank"`
					GDPPerHead json.Number `json:"gdpPerHead"`
					GDPRank    int         `json:"gdpRank"`
					Gap        int         `json:"gap"`
					StandsOut  string      `json:"standsOut"`
				} `json:"regions"`
			}
			decodeNumbers(t, pageChart(t, page), &chart)
			if len(chart.Option.Series) != 3 {
				t.Fatalf("%d series, want 3 (better, worse, as output suggests)", len(chart.Option.Series))
			}
			// Every region is one point, at its GDP per head and index, in the series of its verdict.
			points := 0
			for k, series := range chart.Option.Series {
				for _, d := range series.Data {
					points++
					i, err := strconv.Atoi(d.Value[2].String())
					if err != nil || i < 0 || i >= len(chart.Regions) {
						t.Fatalf("point %q has no region position: %v", d.Name, d.Value)
					}
					r := chart.Regions[i]
					if d.Name != r.Name || d.Value[0] != r.GDPPerHead || d.Value[1] != r.Index {
						t.Errorf("point %v %q is not region %+v", d.Value, d.Name, r)
					}
					if wantSeries := map[string]int{"better than output suggests": 0, "worse than output suggests": 1, "": 2}[r.StandsOut]; wantSeries != k {
						t.Errorf("%s (%q) is in series %d", r.Code, r.StandsOut, k)
					}
				}
			}
			if points != len(chart.Regions) || points < 2 {
				t.Fatalf("%d points for %d regions", points, len(chart.Regions))
			}
			var fromChart [][]string
			for _, r := range chart.Regions {
				if r.Gap != r.GDPRank-r.IndexRank {
					t.Errorf("%s: gap %d is not %d − %d", r.Code, r.Gap, r.GDPRank, r.IndexRank)
				}
				fromChart = append(fromChart, []string{r.Code, r.Name, r.Index.String(), strconv.Itoa(r.IndexRank),
					r.GDPPerHead.String(), strconv.Itoa(r.GDPRank), strconv.Itoa(r.Gap), r.StandsOut})
			}
			link := regexp.MustCompile(`<a class="button" href="(/api/v1/beyond-gdp\.csv\?[^"]*)"`).FindStringSubmatch(page)
			if link == nil {
				t.Fatal("no CSV link on the page")
			}
			fromCSV := csvColumns(t, get(t, ts.URL+html.UnescapeString(link[1])).body,
				"region_code", "region_name", "index", "index_rank", "gdp_per_head", "gdp_rank", "gap", "stands_out")
			if diff := cmp.Diff(fromChart, fromCSV); diff != "" {
				t.Errorf("chart and CSV differ (-chart +csv):\n%s", diff)
			}
		})
	}
}

// TestProfileCSVIsTheChartData checks the region download against the radar's two series.
func TestProfileCSVIsTheChartData(t *testing.T) {
	_, ts := mustServer(t)
	for _, tt := range []struct{ code, query string }{
		{"TLI", ""}, {"TLN", ""}, {hostileCode, ""},
		{"TLI", "&normalisation=zscore&weights=income=5"}, {"TLM", "&normalisation=rank&aggregation=geometric"},
	} {
		code := tt.code
		t.Run(code+tt.query, func(t *testing.T) {
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
			page := get(t, ts.URL+"/region/"+code+"?level=itl1"+tt.query).body
			decodeNumbers(t, pageChart(t, page), &chart)
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
			link := regexp.MustCompile(`<a class="button" href="(/api/v1/regions/[^"]*/profile\.csv\?[^"]*)"`).FindStringSubmatch(page)
			if link == nil {
				t.Fatal("no CSV link on the page")
			}
			var csvNoData []string
			for _, rec := range readCSV(t, get(t, ts.URL+html.UnescapeString(link[1])).body)[1:] {
				if rec[0] != code {
					t.Errorf("CSV row for region %q", rec[0])
				}
				if rec[4] == "" {
					csvNoData = append(csvNoData, rec[3])
					continue
				}
				fromCSV = append(fromCSV, rec[2:])
			}
			// The radar draws the dimensions the region has a score for (a missing value would be
			// drawn at the centre, as if it were 0); the page names the others under it, and the
			// CSV has them too, without a score.
			notDrawn := 0
			var pageNoData []string
			if m := regexp.MustCompile(`Not drawn, for want of data: ([^<]*)\.</p>`).FindStringSubmatch(page); m != nil {
				pageNoData = strings.Split(html.UnescapeString(m[1]), ", ")
				notDrawn = len(pageNoData)
			}
			if strings.Join(csvNoData, ", ") != strings.Join(pageNoData, ", ") {
				t.Errorf("CSV rows without a score %q, page's not drawn %q", csvNoData, pageNoData)
			}
			if len(fromChart)+notDrawn != 11 {
				t.Errorf("radar has %d dimensions and names %d as not drawn, want 11 in all", len(fromChart), notDrawn)
			}
			for i, d := range chart.Dimensions {
				if chart.Option.Series[0].Data[0].Value[i] == nil {
					t.Errorf("radar draws %s without a score", d.ID)
				}
			}
			if diff := cmp.Diff(fromChart, fromCSV); diff != "" {
				t.Errorf("chart and CSV differ (-chart +csv):\n%s", diff)
			}
		})
	}
}

var (
	trendsSection = regexp.MustCompile(`(?s)id="trends-heading".*?</section>`)
	tableRow      = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tableCell     = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	markup        = regexp.MustCompile(`<[^>]+>`)
)

// TestTrendsCSVIsTheTable checks the trends download against the rows of the region page's
// "Change over time" table, value by value.
func TestTrendsCSVIsTheTable(t *testing.T) {
	_, ts := mustServer(t)
	for _, code := range []string{"E06000001", "E07000178", "TLI"} {
		t.Run(code, func(t *testing.T) {
			section := trendsSection.FindString(get(t, ts.URL+"/region/"+code).body)
			if section == "" {
				t.Fatal("no Change over time section on the page")
			}
			// The page writes changes with a sign and thousands separators, the CSV as plain numbers.
			plain := strings.NewReplacer(",", "", "\u2212", "-", "+", "")
			var fromPage [][]string
			rows := tableRow.FindAllStringSubmatch(section, -1)
			if len(rows) > 0 {
				rows = rows[1:] // the header
			}
			for _, row := range rows {
				var cells []string
				for _, c := range tableCell.FindAllStringSubmatch(row[1], -1) {
					cells = append(cells, html.UnescapeString(markup.ReplaceAllString(strings.ReplaceAll(c[1], "<br>", " "), "")))
				}
				if len(cells) != 8 {
					t.Fatalf("row has %d cells, want 8: %q", len(cells), cells)
				}
				fromPage = append(fromPage, []string{cells[0], cells[2], cells[3], cells[4], plain.Replace(cells[5]), cells[6], cells[7]})
			}
			var fromCSV [][]string
			for _, rec := range csvColumns(t, get(t, ts.URL+trendsCSVURL(code)).body,
				"indicator_name", "unit", "from_period", "to_period", "before", "before_lower", "before_upper",
				"after", "after_lower", "after_upper", "arrow", "change", "for_wellbeing", "significant", "note") {
				// The page shows the CSV's exact values as formatPublished writes them.
				shown := func(v string) string {
					f, err := strconv.ParseFloat(v, 64)
					if err != nil {
						t.Fatalf("CSV value %q: %v", v, err)
					}
					return formatPublished(f)
				}
				withCI := func(v, lower, upper string) string {
					if lower == "" {
						return shown(v)
					}
					return shown(v) + " " + shown(lower) + "\u2013" + shown(upper)
				}
				significance := rec[14]
				if rec[13] == "true" {
					significance = "significant (confidence intervals do not overlap)"
				}
				fromCSV = append(fromCSV, []string{rec[0] + " (" + rec[1] + ")", rec[2] + " → " + rec[3],
					withCI(rec[4], rec[5], rec[6]), withCI(rec[7], rec[8], rec[9]), rec[10] + " " + rec[11], rec[12], significance})
			}
			if diff := cmp.Diff(fromPage, fromCSV); diff != "" {
				t.Errorf("table and CSV differ (-table +csv):\n%s", diff)
			}
			if code == "E06000001" && len(fromCSV) != 4 {
				t.Errorf("Hartlepool has %d trends, want 4 (income, jobs, health, life satisfaction)", len(fromCSV))
			}
		})
	}
}

var disparitySection = regexp.MustCompile(`(?s)id="disparity-heading".*?</section>`)

// TestDisparityCSVIsTheTable checks the disparity download against the ranking page's
// "Disparity within countries" table, row by row, under default and user choices.
func TestDisparityCSVIsTheTable(t *testing.T) {
	_, ts := mustServer(t)
	for _, query := range []string{"level=itl1", "level=oecd-tl2&weights=income=5,jobs=0", "level=lad&normalisation=rank"} {
		t.Run(query, func(t *testing.T) {
			section := disparitySection.FindString(get(t, ts.URL+"/ranking?"+query).body)
			if section == "" {
				t.Fatal("no Disparity within countries section on the page")
			}
			var fromPage [][]string
			rows := tableRow.FindAllStringSubmatch(section, -1)
			if len(rows) < 2 {
				t.Fatalf("the table has no rows:\n%s", section)
			}
			for _, row := range rows[1:] {
				var cells []string
				for _, c := range tableCell.FindAllStringSubmatch(row[1], -1) {
					cells = append(cells, html.UnescapeString(c[1]))
				}
				fromPage = append(fromPage, []string{cells[0], cells[1], cells[2], cells[3], cells[4], strings.TrimSuffix(cells[5], "×")})
			}
			var fromCSV [][]string
			for _, rec := range csvColumns(t, get(t, ts.URL+"/api/v1/disparity.csv?"+query).body,
				"country_name", "regions_ranked", "top_fifth_mean", "bottom_fifth_mean", "difference", "ratio") {
				fromCSV = append(fromCSV, rec)
			}
			if diff := cmp.Diff(fromPage, fromCSV); diff != "" {
				t.Errorf("table and CSV differ (-table +csv):\n%s", diff)
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
	for _, path := range []string{"/ranking?level=itl1", "/ranking?level=oecd-tl2", "/region/" + hostileCode + "?level=itl1",
		"/beyond-gdp?level=itl1", "/ranking?level=itl1&weights=income=5,community=0"} {
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
		{"trends_E06000001.csv", "/api/v1/regions/E06000001/trends.csv", false},
		{"index_itl1_weighted.csv", "/api/v1/index.csv?level=itl1&weights=income=5,jobs=3,life_satisfaction=0&normalisation=rank", false},
		{"ranking_itl1_weighted.chart.json", "/ranking?level=itl1&weights=income=5,jobs=3,life_satisfaction=0&normalisation=rank", true},
		{"beyond_gdp_itl1.csv", "/api/v1/beyond-gdp.csv?level=itl1", false},
		{"disparity_itl1.csv", "/api/v1/disparity.csv?level=itl1", false},
		{"beyond_gdp_itl1.chart.json", "/beyond-gdp?level=itl1", true},
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

func TestFormatPublished(t *testing.T) {
	for v, want := range map[float64]string{16934: "16,934", 7.29: "7.29", 60.300000000000004: "60.3", 65.10000000000001: "65.1",
		8796628: "8,796,628", -1234.5: "-1,234.5", 0.000123: "0.000123", 0: "0", 1e21: "1,000,000,000,000,000,000,000"} {
		if got := formatPublished(v); got != want {
			t.Errorf("formatPublished(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestPercentileText(t *testing.T) {
	for p, want := range map[float64]string{38.2: "38", 49.6: "49.6", 50: "50", 50.4: "50.4", 99.5: "99.5", 99.4: "99", 0.4: "0.4", 0: "0", 100: "100"} {
		if got := percentileText(p); got != want {
			t.Errorf("percentileText(%g) = %q, want %q", p, got, want)
		}
	}
}
