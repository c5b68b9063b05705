package dashboard

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "write screenshots of the ranking, beyond-GDP and region pages to this directory")

// findChromium returns the path of a Chromium or Chrome binary, "" when there is none.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserProblems collects what must not happen on a page: console errors and warnings, uncaught
// exceptions, browser log errors (which include Content-Security-Policy violations) and dialogs.
type browserProblems struct {
	mu   sync.Mutex
	list []string
}

func (b *browserProblems) add(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.list = append(b.list, fmt.Sprintf(format, args...))
}

func (b *browserProblems) take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.list
	b.list = nil
	return l
}

// startBrowser starts a headless Chromium with a fresh profile and watches the tab for problems.
func startBrowser(t *testing.T) (context.Context, *browserProblems) {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("no chromium binary found (install Debian's chromium package, or run make deps): skipping the browser test")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}

	problems := &browserProblems{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			problems.add("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning ||
				ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					if len(a.Value) > 0 {
						args = append(args, string(a.Value))
					} else {
						args = append(args, a.Description)
					}
				}
				problems.add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems.add("browser log (%s, %s): %s %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			problems.add("a JavaScript %s dialog opened: %q (script from the data ran)", ev.Type, ev.Message)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// A dialog blocks the page: close each one so that the test can go on and report it.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	// Report every Content-Security-Policy violation on the console, whatever the browser logs.
	// Scripts added through the DevTools protocol are not subject to the page's CSP.
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `document.addEventListener('securitypolicyviolation', function (e) {
			console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber);
		});`,
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx, problems
}

// waitFor evaluates a JavaScript expression until it is true. chromedp.Poll would build the
// predicate with new Function, which the page's CSP (rightly) forbids.
func waitFor(ctx context.Context, expr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("waited %s for %s (last error: %v)", timeout, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// drawnChart is what the page's ECharts instance says it drew.
type drawnChart struct {
	Series       int `json:"series"`
	Items        int `json:"items"`
	Points       int `json:"points"`
	Indicators   int `json:"indicators"`
	CanvasWidth  int `json:"canvasWidth"`
	CanvasHeight int `json:"canvasHeight"`
	TableRows    int `json:"tableRows"`
}

const chartReady = `(() => {
	const el = document.getElementById('chart');
	return !!(el && window.echarts && echarts.getInstanceByDom(el) && el.getAttribute('data-chart-ready') === 'true');
})()`

const describeChart = `(() => {
	const el = document.getElementById('chart');
	const option = echarts.getInstanceByDom(el).getOption();
	const canvas = el.querySelector('canvas');
	return {
		series: option.series.length,
		items: option.series[0].data.length,
		points: option.series.reduce((n, s) => n + s.data.length, 0),
		indicators: option.radar && option.radar.length ? option.radar[0].indicator.length : 0,
		canvasWidth: canvas ? canvas.width : 0,
		canvasHeight: canvas ? canvas.height : 0,
		tableRows: document.querySelector('table.data tbody') ? document.querySelector('table.data tbody').rows.length : 0,
	};
})()`

func openChartPage(t *testing.T, ctx context.Context, url string) drawnChart {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if err := waitFor(ctx, chartReady, 20*time.Second); err != nil {
		t.Fatalf("%s: the chart was not drawn: %v", url, err)
	}
	c, err := chromedp.Run(ctx, chromedp.Evaluate[drawnChart](describeChart))
	if err != nil {
		t.Fatal(err)
	}
	if c.CanvasWidth == 0 || c.CanvasHeight == 0 {
		t.Errorf("%s: the chart's canvas is %dx%d", url, c.CanvasWidth, c.CanvasHeight)
	}
	return c
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(*screenshots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

// TestBrowserDrawsChartsSafely opens the pages in a real Chromium, under the real
// Content-Security-Policy, and checks that the charts are drawn, that nothing goes wrong on the
// console, and that the hostile region name is shown as text and never runs.
func TestBrowserDrawsChartsSafely(t *testing.T) {
	_, ts := mustServer(t)
	ctx, problems := startBrowser(t)
	noProblems := func(t *testing.T) {
		t.Helper()
		for _, p := range problems.take() {
			t.Error(p)
		}
	}

	t.Run("ranking", func(t *testing.T) {
		c := openChartPage(t, ctx, ts.URL+"/ranking?level=itl1")
		if c.Items != 12 || c.TableRows != c.Items {
			t.Errorf("the chart has %d bars and the table %d rows, want 12 each", c.Items, c.TableRows)
		}
		visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			fmt.Sprintf(`document.body.innerText.includes(%q) && document.querySelectorAll('img').length === 0`, hostileName)))
		if err != nil || !visible {
			t.Errorf("the hostile name is not shown as text, or an <img> was made from it (%v)", err)
		}
		screenshot(t, ctx, "ranking.png")
		// Show the hostile region's tooltip: ECharts writes it as HTML, so it must hold the name as text.
		tooltip, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			const chart = echarts.getInstanceByDom(document.getElementById('chart'));
			const i = chart.getOption().series[0].data.findIndex(d => d.name === %q);
			chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
			const tip = document.querySelector('.chart-tooltip');
			return tip ? tip.innerText : '';
		})()`, hostileName)))
		if err != nil || !strings.Contains(tooltip, hostileName) || !strings.Contains(tooltip, "GDP per head 2021 (£)") {
			t.Errorf("tooltip = %q, %v; want the hostile name as text and GDP per head", tooltip, err)
		}
		noProblems(t)
	})

	t.Run("bar links to region", func(t *testing.T) {
		// Select London's bar with the mouse: the chart must open London's page.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('chart').scrollIntoView()`)); err != nil {
			t.Fatal(err)
		}
		type point struct{ X, Y float64 }
		p, err := chromedp.Run(ctx, chromedp.Evaluate[point](`(() => {
			const el = document.getElementById('chart');
			const chart = echarts.getInstanceByDom(el);
			const [x, y] = chart.convertToPixel({seriesIndex: 0}, [1, 'TLI']);
			const box = el.getBoundingClientRect();
			return {X: box.left + x, Y: box.top + y};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(p.X, p.Y)); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, `location.pathname === '/region/TLI'`, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		noProblems(t)
	})

	t.Run("weights form works without JavaScript", func(t *testing.T) {
		// With the page's scripts switched off, a user rates income 5 and community 0 and submits:
		// the form is a plain GET form, and the server answers with the canonical, shareable URL.
		noScripts := func(off bool) {
			t.Helper()
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
				t.Fatal(err)
			}
		}
		noScripts(true)
		err := chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/ranking?level=itl1"),
			chromedp.SetValue(chromedp.CSS(`select[name="w_income"]`), "5"),
			chromedp.SetValue(chromedp.CSS(`select[name="w_community"]`), "0"),
			chromedp.Click(chromedp.CSS(`.values-form button[type="submit"]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		const want = "?level=itl1&weights=income=5,community=0"
		if err := waitFor(ctx, fmt.Sprintf(`location.search === %q && document.readyState === 'complete'`, want), 10*time.Second); err != nil {
			t.Fatal(err)
		}
		// No script ran (no chart), and the table has the weighted ranking.
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll('#chart canvas').length + ',' + document.querySelector('table.data tbody').rows.length`))
		if err != nil || state != "0,13" {
			t.Errorf("without scripts: %q canvases and table rows, want 0,13 (%v)", state, err)
		}
		noScripts(false)
		c := openChartPage(t, ctx, ts.URL+"/ranking"+want)
		// Northern Ireland, with data for income, jobs and health only, now has half the weight
		// covered (7 of 14) and is ranked too.
		if c.Items != 13 || c.TableRows != 13 || c.Series != 4 {
			t.Errorf("weighted ranking: %d bars, %d table rows, %d series; want 13, 13 and 4 (index, interval base, interval, own rank)", c.Items, c.TableRows, c.Series)
		}
		selected, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('select[name="w_income"]').value + ',' + document.querySelector('select[name="w_community"]').value`))
		if err != nil || selected != "5,0" {
			t.Errorf("the form shows weights %q after the redirect, want 5,0 (%v)", selected, err)
		}
		screenshot(t, ctx, "ranking-weighted.png")
		tooltip, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const chart = echarts.getInstanceByDom(document.getElementById('chart'));
			chart.dispatchAction({type: 'showTip', seriesIndex: 2, dataIndex: 0});
			const tip = document.querySelector('.chart-tooltip');
			return tip ? tip.innerText : '';
		})()`))
		if err != nil || !strings.Contains(tooltip, "Under plausible alternatives") || !strings.Contains(tooltip, "rank ") {
			t.Errorf("interval tooltip = %q, %v; want the rank interval", tooltip, err)
		}
		noProblems(t)
	})

	t.Run("beyond GDP", func(t *testing.T) {
		c := openChartPage(t, ctx, ts.URL+"/beyond-gdp?level=itl1")
		if c.Series != 3 || c.Points != 12 {
			t.Errorf("scatter has %d series and %d points, want 3 series (better, worse, as output suggests) and 12 points", c.Series, c.Points)
		}
		screenshot(t, ctx, "beyond-gdp.png")
		// Every region the chart names (those that stand out) has its name drawn: none is hidden
		// for want of room, and the names of the others are not drawn at all.
		names, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]string](`(() => {
			const chart = echarts.getInstanceByDom(document.getElementById('chart'));
			const named = [];
			chart.getOption().series.forEach(s => { if (s.label && s.label.show) s.data.forEach(d => named.push(d.name)); });
			const drawn = [];
			chart.getZr().storage.getDisplayList(true).forEach(el => {
				if ((el.type === 'text' || el.type === 'tspan') && !el.ignore && !el.invisible && el.style && el.style.text) drawn.push(el.style.text);
			});
			return {named, drawn};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(names["named"]) == 0 {
			t.Error("the scatter names no region")
		}
		for _, name := range names["named"] {
			if !slices.Contains(names["drawn"], name) {
				t.Errorf("the scatter names %q but does not draw it (drawn texts: %q)", name, names["drawn"])
			}
		}
		tooltip, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			const chart = echarts.getInstanceByDom(document.getElementById('chart'));
			const series = chart.getOption().series;
			for (let s = 0; s < series.length; s++) {
				const i = series[s].data.findIndex(d => d.name === %q);
				if (i >= 0) {
					chart.dispatchAction({type: 'showTip', seriesIndex: s, dataIndex: i});
				}
			}
			const tip = document.querySelector('.chart-tooltip');
			return tip ? tip.innerText : '';
		})()`, hostileName)))
		if err != nil || !strings.Contains(tooltip, hostileName) || !strings.Contains(tooltip, "GDP per head 2021 (£)") {
			t.Errorf("tooltip = %q, %v; want the hostile name as text and GDP per head", tooltip, err)
		}
		noProblems(t)
	})

	t.Run("region", func(t *testing.T) {
		c := openChartPage(t, ctx, ts.URL+"/region/TLI?level=itl1")
		if c.Series != 2 || c.Items != 1 || c.Indicators != 11 {
			t.Errorf("radar has %d series, %d items, %d axes; want 2 series (region, average) over 11 dimensions", c.Series, c.Items, c.Indicators)
		}
		screenshot(t, ctx, "region.png")
		noProblems(t)
	})

	// The checks above pass only if the watch would have seen a problem: show it some.
	t.Run("the watch sees problems", func(t *testing.T) {
		openChartPage(t, ctx, ts.URL+"/ranking?level=itl1")
		noProblems(t)
		err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
			console.error('probe');
			const s = document.createElement('script');
			s.textContent = 'window.inlineScriptRan = true';
			document.body.appendChild(s);
			setTimeout(() => alert('probe'), 0);
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"console.error", "CSP violation: script-src", "dialog opened"}
		var seen []string
		deadline := time.Now().Add(10 * time.Second)
		for !containsAll(seen, want) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			seen = append(seen, problems.take()...)
		}
		if !containsAll(seen, want) {
			t.Errorf("saw %q, want problems mentioning each of %q", seen, want)
		}
		t.Logf("the watch saw: %q", seen)
		ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.inlineScriptRan === true`))
		if err != nil || ran {
			t.Errorf("an inline script ran despite the CSP (%v)", err)
		}
	})

	// At a desktop width (1280 px) the tables fit: no column is hidden behind a sideways scroll.
	t.Run("tables fit", func(t *testing.T) {
		for _, path := range []string{"/ranking?level=itl1", "/ranking?level=lad&weights=income=5", "/beyond-gdp?level=itl1", "/region/TLI?level=itl1"} {
			openChartPage(t, ctx, ts.URL+path)
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.table-scroll')]
				.filter(el => el.scrollWidth > el.clientWidth + 1)
				.map(el => (el.querySelector('caption') || el).innerText.slice(0, 60) + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')')`))
			if err != nil {
				t.Fatal(err)
			}
			if len(wide) > 0 {
				t.Errorf("%s: tables wider than the page: %q", path, wide)
			}
		}
		noProblems(t)
	})

	for _, path := range []string{"/region/" + hostileCode + "?level=itl1", "/ranking?level=oecd-tl2", "/ranking?level=lad",
		"/ranking?level=itl1&weights=material&normalisation=rank&aggregation=geometric", "/beyond-gdp?level=oecd-tl2",
		"/region/TLI?level=oecd-tl2&weights=income=5", "/region/E06000001?level=lad"} {
		t.Run(path, func(t *testing.T) {
			openChartPage(t, ctx, ts.URL+path)
			noProblems(t)
		})
	}
}

func containsAll(seen, want []string) bool {
	for _, w := range want {
		found := false
		for _, s := range seen {
			found = found || strings.Contains(s, w)
		}
		if !found {
			return false
		}
	}
	return true
}
