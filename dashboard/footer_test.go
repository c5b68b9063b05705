package dashboard

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// footerLinks returns the footer's index downloads of a page, by the level title they show.
func footerLinks(t *testing.T, page string) map[string]string {
	t.Helper()
	start := strings.Index(page, `<footer class="site-footer">`)
	if start < 0 {
		t.Fatal("the page has no footer")
	}
	links := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="(/api/v1/index\.csv\?[^"]*)">([^<]+)</a>`).FindAllStringSubmatch(page[start:], -1) {
		links[html.UnescapeString(m[2])] = html.UnescapeString(m[1])
	}
	if len(links) == 0 {
		t.Fatal("the footer has no index downloads")
	}
	return links
}

// TestFooterDownloadsKeepThePageChoices checks that the footer's index download for each level
// carries the choices of the page it is on, so that the download at the page's own level is the
// index the page shows, and that the links at other levels keep those choices where the framework
// has that level and fall back to the default framework where it has not.
func TestFooterDownloadsKeepThePageChoices(t *testing.T) {
	_, ts := mustServer(t)
	tests := []struct {
		page string
		want map[string]string // level title -> footer link
	}{
		{page: "/ranking?level=itl1&weights=income=5,jobs=3&normalisation=rank", want: map[string]string{
			"UK regions and nations (ITL1)": "/api/v1/index.csv?level=itl1&weights=income=5,jobs=3&normalisation=rank",
			"OECD large regions (TL2)":      "/api/v1/index.csv?level=oecd-tl2&weights=income=5,jobs=3&normalisation=rank",
		}},
		{page: "/ranking?level=lad&framework=uk-local&weights=connectivity=5", want: map[string]string{
			"UK local authorities":          "/api/v1/index.csv?level=lad&framework=uk-local&weights=connectivity=5",
			"UK regions and nations (ITL1)": "/api/v1/index.csv?level=itl1&framework=uk-local&weights=connectivity=5",
			// The UK local framework has no OECD indicators: the OECD link is the default index.
			"OECD large regions (TL2)": "/api/v1/index.csv?level=oecd-tl2",
		}},
		{page: "/beyond-gdp?level=itl1&aggregation=geometric", want: map[string]string{
			"UK regions and nations (ITL1)": "/api/v1/index.csv?level=itl1&aggregation=geometric",
		}},
		{page: "/region/TLI?level=itl1&weights=housing=0", want: map[string]string{
			"UK regions and nations (ITL1)": "/api/v1/index.csv?level=itl1&weights=housing=0",
		}},
		{page: "/no-such-page", want: map[string]string{
			"UK regions and nations (ITL1)": "/api/v1/index.csv?level=itl1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			page := get(t, ts.URL+tt.page)
			links := footerLinks(t, page.body)
			for title, want := range tt.want {
				if got := links[title]; got != want {
					t.Errorf("footer link %q is %q, want %q (all: %v)", title, got, want, links)
				}
			}
			if page.status != http.StatusOK {
				return
			}
			// The download at the page's own level is the one the page's chart offers, byte for byte.
			chartLink := regexp.MustCompile(`<a class="button" href="(/api/v1/(?:index|beyond-gdp)\.csv\?[^"]*)"`).FindStringSubmatch(page.body)
			if chartLink == nil || !strings.HasPrefix(chartLink[1], "/api/v1/index.csv") {
				return
			}
			for _, link := range links {
				if link == html.UnescapeString(chartLink[1]) {
					return
				}
			}
			t.Errorf("no footer link is the chart's download %s (footer: %v)", chartLink[1], links)
		})
	}
}

// TestHeadAnswersAsGet: a HEAD request to a page or download gets the status and headers a GET
// would, and no body.
func TestHeadAnswersAsGet(t *testing.T) {
	_, ts := mustServer(t)
	for _, path := range []string{"/ranking?level=itl1", "/region/TLI?level=itl1", "/api/v1/index.csv?level=itl1",
		"/api/v1/regions/TLI/profile.csv?level=itl1", "/healthz", "/api/v1/index.csv?level=mars"} {
		t.Run(path, func(t *testing.T) {
			g := get(t, ts.URL+path)
			resp, err := http.Head(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != g.status || resp.Header.Get("Content-Type") != g.header.Get("Content-Type") ||
				resp.Header.Get("Content-Disposition") != g.header.Get("Content-Disposition") || len(body) != 0 {
				t.Errorf("HEAD: %d %q %q, %d bytes; GET: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"),
					resp.Header.Get("Content-Disposition"), len(body), g.status, g.header.Get("Content-Type"), g.header.Get("Content-Disposition"))
			}
		})
	}
}
