package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// realData is the folder of real published files, beside the repository.
const realData = "../../../shared/data/real"

func realFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(realData); err != nil {
		t.Skipf("real published files not found at %s (they sit beside the repository in ../shared): %v", realData, err)
	}
	var files []string
	// Every spreadsheet and CSV file of the shared folder: the publications, then the ONS geography
	// lookups (the boundary files under geo/ are GeoJSON).
	for _, dir := range []string{"oecd", "ons", "connectivity", "codes"} {
		for _, ext := range []string{"*.xlsx", "*.csv"} {
			m, err := filepath.Glob(filepath.Join(realData, dir, ext))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, m...)
		}
	}
	if len(files) < 11 {
		t.Fatalf("found only %d real files: %v", len(files), files)
	}
	return files
}

// run runs placevalue with arguments and returns its exit status, standard output and error.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func readCSV(t *testing.T, s string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%s", err, s)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// cellByLabels reads a published cell independently of the readers: the row whose column
// rowLabelCol holds rowLabel, in the column whose header (in row headerRow) is colLabel.
func cellByLabels(t *testing.T, file, sheet string, headerRow int, rowLabel, colLabel string) string {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[headerRow-1] {
		if h == colLabel {
			col = i
		}
	}
	for _, r := range rows[headerRow:] {
		for _, c := range r {
			if c == rowLabel && col >= 0 && col < len(r) {
				return r[col]
			}
		}
	}
	t.Fatalf("%s %s: no cell for %q × %q", file, sheet, rowLabel, colLabel)
	return ""
}

func TestIngestRealPublicationsReproducesCells(t *testing.T) {
	files := realFiles(t)
	db := filepath.Join(t.TempDir(), "pv.duckdb")
	code, out, errOut := run(t, append([]string{"ingest", "--db", db}, files...)...)
	if code != 0 {
		t.Fatalf("ingest exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	// One summary per file: a first line that names the file, then indented details.
	var summaries []string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "  ") {
			summaries = append(summaries, line)
		}
	}
	if len(summaries) != len(files) {
		t.Errorf("ingest printed %d summaries for %d files:\n%s", len(summaries), len(files), out)
	}
	for i, s := range summaries {
		if i < len(files) && !strings.HasPrefix(s, filepath.Base(files[i])+": ") {
			t.Errorf("summary %d = %q, want it to start with the file name %s", i+1, s, filepath.Base(files[i]))
		}
	}

	tests := []struct {
		name, region, indicator, period, file, sheet string
		headerRow                                    int
		rowLabel, colLabel                           string
	}{
		{"London GDP per head 2021, ONS Table 7", "TLI", "ons.gdp_per_head", "2021",
			"ons/regionalgrossdomesticproductgdpallitlregions.xlsx", "Table 7", 2, "TLI", "2021"},
		{"Greater London disposable income, OECD", "TLI", "oecd.disposable_income_per_capita", "",
			"oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx", "Indicator_Last", 7, "UKI", "Disposable income per capita"},
		{"London GVA per head 2021, ONS GVA Table 2", "TLI", "ons.gva_per_head", "2021",
			"ons/regionalgrossvalueaddedbalancedperheadandincomecomponents.xlsx", "Table 2", 2, "TLI", "2021"},
		{"Hartlepool life satisfaction, ONS Subnational Indicators", "E06000001", "ons_sni.life_satisfaction", "2022-04/2023-03",
			"ons/subnatindicators_ninth_release_2024-03.xlsx", "Life satisfaction", 11, "E06000001", "Mean satisfaction with your life nowadays scored 0 (not at all) - 10 (completely)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := cellByLabels(t, filepath.Join(realData, tt.file), tt.sheet, tt.headerRow, tt.rowLabel, tt.colLabel)
			code, out, errOut := run(t, "export", "observations", "--db", db, "--region", tt.region, "--indicator", tt.indicator)
			if code != 0 {
				t.Fatalf("export exit %d: %s", code, errOut)
			}
			rows := readCSV(t, out)
			if len(rows) == 0 {
				t.Fatalf("no observations of %s for %s", tt.indicator, tt.region)
			}
			var got map[string]string
			for _, r := range rows {
				if tt.period == "" || r["period"] == tt.period {
					got = r
				}
			}
			wantF, _ := strconv.ParseFloat(want, 64)
			gotF, err := strconv.ParseFloat(got["value"], 64)
			if err != nil || gotF != wantF {
				t.Errorf("value = %q, published cell holds %q", got["value"], want)
			}
			if got["source_file"] != filepath.Base(tt.file) || got["sheet"] != tt.sheet || got["cell"] == "" {
				t.Errorf("provenance = %s / %s / %s", got["source_file"], got["sheet"], got["cell"])
			}
		})
	}

	// The 2019 Ofcom file's districts merged since are listed with what replaced them.
	code, out, errOut = run(t, "export", "region-changes", "--db", db, "--region", "E07000004")
	if want := "\ufeffold_code,old_name,new_code,new_name,year\r\nE07000004,Aylesbury Vale,E06000060,Buckinghamshire,2020\r\n"; code != 0 || out != want {
		t.Errorf("export region-changes --region E07000004: exit %d, %q (%s), want %q", code, out, errOut, want)
	}

	// Every ranking level has an index.
	for _, level := range []string{"oecd-tl2", "itl1", "lad"} {
		code, out, errOut := run(t, "export", "index", "--db", db, "--level", level)
		if code != 0 {
			t.Fatalf("export index %s: exit %d: %s", level, code, errOut)
		}
		if rows := readCSV(t, out); len(rows) < 10 {
			t.Errorf("index %s ranks %d regions", level, len(rows))
		}
	}
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	files := realFiles(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "pv.duckdb")
	var ofcom string
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "202105") {
			ofcom = f
		}
	}
	if code, _, errOut := run(t, "ingest", "--db", db, ofcom); code != 0 {
		t.Fatalf("ingest %s: %s", ofcom, errOut)
	}
	before := exportAll(t, db)
	fileBefore, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}

	gdp, err := os.ReadFile(filepath.Join(realData, "ons/regionalgrossdomesticproductgdpallitlregions.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, want string
	}{
		{"not a known publication", write("shopping.csv", []byte("item,price\napples,3\n")), "known publications"},
		{"truncated xlsx", write("truncated.xlsx", gdp[:len(gdp)/2]), "readable .xlsx workbook"},
		{"legacy xls", filepath.Join(realData, "ons/labourproductivityitls.xls"), "legacy .xls"},
		{"empty file", write("empty.csv", nil), "empty"},
		{"missing file", filepath.Join(dir, "nope.xlsx"), "readable file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "ingest", "--db", db, tt.path)
			if code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			errLines := strings.Split(strings.TrimSpace(errOut), "\n")
			first := errLines[0]
			if !strings.HasPrefix(first, "error: "+filepath.Base(tt.path)) || !strings.Contains(first, tt.want) {
				t.Errorf("error line = %q, want it to name %s and say %q", first, filepath.Base(tt.path), tt.want)
			}
			// A file refused before it is read never opens the warehouse: the file is as it was,
			// byte for byte, not only in what it holds.
			if fileAfter, err := os.ReadFile(db); err != nil || !bytes.Equal(fileAfter, fileBefore) {
				t.Errorf("the warehouse file changed after a refused file (%v)", err)
			}
			if after := exportAll(t, db); after != before {
				t.Error("the warehouse changed after a refused file")
			}
		})
	}
}

// exportAll is everything the warehouse holds, as CSV.
func exportAll(t *testing.T, db string) string {
	t.Helper()
	var all strings.Builder
	for _, table := range []string{"sources", "regions", "indicators", "observations"} {
		args := []string{"export", table, "--db", db}
		if table == "observations" {
			args = append(args, "--all-vintages")
		}
		code, out, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("export %s: %s", table, errOut)
		}
		all.WriteString(out)
	}
	return all.String()
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"ingest"}, 2, "no files given"},
		{[]string{"export", "index", "--level", "itl9"}, 2, `unknown level "itl9"`},
		{[]string{"export"}, 2, "give exactly one table"},
		{[]string{"export", "index", "--db", "/nonexistent/x.duckdb"}, 1, "/nonexistent/x.duckdb"},
		{[]string{"ingest", "--db", "/nonexistent/x.duckdb", filepath.Join("..", "..", "data", "default", "ons-regional-gdp-itl-2023-extract.xlsx")}, 1,
			"open warehouse /nonexistent/x.duckdb: the folder /nonexistent does not exist: create it first"},
		{[]string{"--help"}, 0, ""},
		{[]string{"export", "--levle", "x"}, 2, "Usage: placevalue export TABLE"}, // a misused flag: usage on stderr
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := run(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
	// An unknown table is one line that lists the tables, without the usage that would bury it.
	if code, _, errOut := run(t, "export", "foo"); code != 2 || strings.Count(errOut, "\n") != 1 ||
		!strings.Contains(errOut, `unknown table "foo": expected observations, indicators,`) {
		t.Errorf("export foo: exit %d, stderr %q; want one line naming the tables", code, errOut)
	}
	// --power without the generalised mean is said to be ignored.
	db := filepath.Join(t.TempDir(), "w.duckdb")
	if code, _, errOut := run(t, "ingest", "--db", db, filepath.Join("..", "..", "data", "default", "ons-regional-gdp-itl-2023-extract.xlsx")); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	if _, _, errOut := run(t, "export", "index", "--db", db, "--power", "2", "--draws", "0"); !strings.Contains(errOut, "note: --power is used only by --aggregation generalised; ignored") {
		t.Errorf("--power alone: stderr %q", errOut)
	}
	// A misused flag is reported once, above the usage.
	if _, _, errOut := run(t, "serve", "--bogus"); strings.Count(errOut, "flag provided but not defined: -bogus") != 1 {
		t.Errorf("stderr %q; want the misused flag reported once", errOut)
	}
}

// TestHelpGoesToStandardOutput checks that help asked for is the command's output, exit 0.
func TestHelpGoesToStandardOutput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "Usage:\n  placevalue serve"},
		{[]string{"help"}, "Usage:\n  placevalue serve"},
		{[]string{"help", "export"}, "Usage: placevalue export TABLE"},
		{[]string{"export", "--help"}, "--normalisation"},
		{[]string{"export", "index", "-h"}, "Usage: placevalue export TABLE"},
		{[]string{"ingest", "--help"}, "Usage: placevalue ingest"},
		{[]string{"serve", "-help"}, "Usage: placevalue serve"},
		{[]string{"sources", "--help"}, "Usage: placevalue sources"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != 0 || !strings.Contains(out, tt.want) || errOut != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0, %q on stdout and nothing on stderr", code, out, errOut, tt.want)
			}
		})
	}
}

// TestServeFreshMachine starts `serve` with no warehouse: it must ingest the embedded default data,
// answer /healthz, and serve the same index CSV as `export index`.
func TestServeFreshMachine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "fresh.duckdb")
	srv := startServe(t, db, 2*time.Minute)
	base := srv.base
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, _ := get("healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	code, apiCSV := get("api/v1/index.csv?level=itl1")
	if code != 200 {
		t.Fatalf("/api/v1/index.csv = %d: %s", code, apiCSV)
	}
	code, weightedCSV := get("api/v1/index.csv?level=lad&weights=income=5,jobs=0&normalisation=rank&aggregation=geometric&draws=50")
	if code != 200 {
		t.Fatalf("weighted /api/v1/index.csv = %d: %s", code, weightedCSV)
	}
	code, disparityCSV := get("api/v1/disparity.csv?level=oecd-tl2&weights=material")
	if code != 200 {
		t.Fatalf("/api/v1/disparity.csv = %d: %s", code, disparityCSV)
	}
	if code, page := get("ranking?level=lad"); code != 200 || !strings.Contains(page, "These figures come from placevalue's built-in extract") {
		t.Errorf("ranking on the default data = %d, without the built-in extract notice", code)
	}
	code, ukLocalCSV := get("api/v1/index.csv?level=lad&framework=uk-local&weights=connectivity=5&draws=50")
	if code != 200 {
		t.Fatalf("UK local /api/v1/index.csv = %d: %s", code, ukLocalCSV)
	}
	code, frameworksCSV := get("api/v1/frameworks.csv")
	if code != 200 {
		t.Fatalf("/api/v1/frameworks.csv = %d: %s", code, frameworksCSV)
	}
	if rows := readCSV(t, apiCSV); len(rows) != 12 {
		t.Errorf("default data ranks %d ITL1 regions, want all 12", len(rows))
	}
	// The server holds the file read-only; a second read-only reader is another process's right,
	// so compare with export after the server stops.
	srv.stop(t)
	_, exportCSV, errOut := run(t, "export", "index", "--db", db, "--level", "itl1")
	if exportCSV != apiCSV {
		t.Errorf("export index differs from /api/v1/index.csv (%s)\nexport:\n%s\napi:\n%s", errOut, exportCSV, apiCSV)
	}
	_, exportCSV, errOut = run(t, "export", "index", "--db", db, "--level", "lad", "--weights", "income=5,jobs=0",
		"--normalisation", "rank", "--aggregation", "geometric", "--draws", "50")
	if exportCSV != weightedCSV || len(readCSV(t, weightedCSV)) < 300 {
		t.Errorf("weighted export index differs from the API or ranks too few districts (%s)", errOut)
	}
	_, exportCSV, errOut = run(t, "export", "disparity", "--db", db, "--level", "oecd-tl2", "--weights", "material")
	if exportCSV != disparityCSV || len(readCSV(t, disparityCSV)) < 2 {
		t.Errorf("export disparity differs from /api/v1/disparity.csv or has fewer than two countries (%s)\nexport:\n%s\napi:\n%s",
			errOut, exportCSV, disparityCSV)
	}
	// The UK local framework on the embedded default data: its own dimension columns, and the
	// districts ranked on the Subnational Indicators and Ofcom figures alone.
	_, exportCSV, errOut = run(t, "export", "index", "--db", db, "--level", "lad", "--framework", "uk-local",
		"--weights", "connectivity=5", "--draws", "50")
	rows := readCSV(t, ukLocalCSV)
	_, hasWellbeing := rows[0]["personal_wellbeing"]
	_, hasIncome := rows[0]["income"]
	if exportCSV != ukLocalCSV || len(rows) < 300 || !hasWellbeing || hasIncome {
		t.Errorf("UK local export index differs from the API, ranks too few districts or has the wrong columns (%s): %v", errOut, rows[0])
	}
	if strings.Contains(errOut, "changes nothing") {
		t.Errorf("UK local export with data for every weighted dimension says a weight changes nothing: %s", errOut)
	}
	// A weight on a dimension without data at the level is said to change nothing, not ignored
	// in silence: the embedded default has no UK local safety figures for districts.
	_, safetyCSV, errOut := run(t, "export", "index", "--db", db, "--level", "lad", "--framework", "uk-local", "--weights", "safety=5", "--draws", "0")
	_, plainCSV, _ := run(t, "export", "index", "--db", db, "--level", "lad", "--framework", "uk-local", "--draws", "0")
	if want := "note: Safety has no data for these regions, so its weight of 5 changes nothing\n"; !strings.HasSuffix(errOut, want) || safetyCSV != plainCSV {
		t.Errorf("safety=5 for districts: stderr %q, want %q; index changed: %v", errOut, want, safetyCSV != plainCSV)
	}
	// Outliers: the City of London's household income (eight times the median district's) is
	// capped when asked, and flagged on its row; kept, it is named in a note.
	_, cappedCSV, errOut := run(t, "export", "index", "--db", db, "--level", "lad", "--framework", "uk-local", "--outliers", "winsorise", "--draws", "0")
	var cityCapped string
	for _, r := range readCSV(t, cappedCSV) {
		if r["region_code"] == "E09000001" {
			cityCapped = r["capped_figures"]
		}
	}
	if !strings.Contains(cityCapped, "ons_sni.gdhi_per_head@") || !strings.Contains(errOut, "Gross disposable household income, per head: ") ||
		!strings.Contains(errOut, "capped at the next value in (winsorised)") {
		t.Errorf("winsorised: City of London capped_figures %q; notes %s", cityCapped, errOut)
	}
	if !strings.Contains(plainCSV, ",capped_figures\r\n") || strings.Contains(plainCSV, "gdhi_per_head@") {
		t.Error("kept outliers: the index CSV flags capped figures")
	}
	if _, exportCSV, errOut = run(t, "export", "frameworks", "--db", db); exportCSV != frameworksCSV || !strings.Contains(exportCSV, "uk-local,") {
		t.Errorf("export frameworks differs from /api/v1/frameworks.csv (%s)", errOut)
	}
	// A framework at a level it has no indicators for is a usage error.
	if code, _, errOut := run(t, "export", "index", "--db", db, "--level", "oecd-tl2", "--framework", "uk-local"); code != 2 ||
		!strings.Contains(errOut, "has no indicators for OECD large regions") {
		t.Errorf("uk-local at oecd-tl2: exit %d, %s", code, errOut)
	}
}

// servedDashboard is `placevalue serve` running in the test on a free loopback port.
type servedDashboard struct {
	base   string      // "http://127.0.0.1:PORT/"
	log    *syncBuffer // what serve wrote to stderr
	cancel context.CancelFunc
	done   chan int
}

// startServe runs `placevalue serve --db db` and waits up to timeout for it to listen.
func startServe(t *testing.T, db string, timeout time.Duration) *servedDashboard {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &servedDashboard{log: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() { s.done <- Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, io.Discard, s.log) }()
	urlRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+/)`)
	for deadline := time.Now().Add(timeout); s.base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(s.log.String()); m != nil {
			s.base = m[1]
		}
		select {
		case code := <-s.done:
			cancel()
			t.Fatalf("serve exited with %d:\n%s", code, s.log.String())
		default:
		}
	}
	if s.base == "" {
		cancel()
		t.Fatalf("serve did not start:\n%s", s.log.String())
	}
	return s
}

// stop shuts the server down and fails the test unless it exits with 0.
func (s *servedDashboard) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	if code := <-s.done; code != 0 {
		t.Fatalf("serve exit %d:\n%s", code, s.log.String())
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestExportNamesUnknownRegionsAndIndicators(t *testing.T) {
	files := realFiles(t)
	db := filepath.Join(t.TempDir(), "pv.duckdb")
	var oecd string
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "OECD-Regional") {
			oecd = f
		}
	}
	if code, _, errOut := run(t, "ingest", "--db", db, oecd); code != 0 {
		t.Fatal(errOut)
	}
	// The OECD's own code for Greater London finds London's stored ITL code.
	code, out, errOut := run(t, "export", "observations", "--db", db, "--region", "UKI", "--indicator", "oecd.disposable_income_per_capita")
	if rows := readCSV(t, out); code != 0 || len(rows) != 1 || rows[0]["region_code"] != "TLI" || rows[0]["value"] != "47301.7" {
		t.Fatalf("export --region UKI: exit %d, %q, %s", code, out, errOut)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--region", "NOPE"}, `region "NOPE" is not in the warehouse`},
		{[]string{"--indicator", "disposable_income_per_capita"}, "did you mean oecd.disposable_income_per_capita?"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, append([]string{"export", "observations", "--db", db}, tt.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
}
