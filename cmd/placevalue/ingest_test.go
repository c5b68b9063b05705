package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// realOfcom is the May 2021 Ofcom coverage file: 374 local authorities, 38 measures each.
const realOfcom = realData + "/connectivity/202105_fixed_laua_coverage_r01.csv"

// rewriteCodes copies a real Ofcom file, with some local authority codes and names replaced, under
// a new name in dir.
func rewriteCodes(t *testing.T, dir, name string, replace map[string]string) string {
	t.Helper()
	content, err := os.ReadFile(realOfcom)
	if err != nil {
		t.Skipf("real published file %s not found: %v", realOfcom, err)
	}
	s := string(content)
	for old, repl := range replace {
		if !strings.Contains(s, old) {
			t.Fatalf("%s is not in %s", old, realOfcom)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIngestSummaryPerFile(t *testing.T) {
	dir := t.TempDir()
	gdp := filepath.Join(realData, "ons/regionalgrossdomesticproductgdpallitlregions.xlsx")
	if _, err := os.Stat(gdp); err != nil {
		t.Skipf("real published file %s not found: %v", gdp, err)
	}
	// Twelve districts under codes no geography knows: the summary names ten and counts the rest.
	replace := map[string]string{}
	for i, la := range []string{"S12000033,ABERDEEN CITY", "S12000034,ABERDEENSHIRE", "E07000223,ADUR", "E07000026,ALLERDALE",
		"E07000032,AMBER VALLEY", "E07000224,ARUN", "E07000170,ASHFIELD", "E07000105,ASHFORD", "E07000200,BABERGH",
		"E09000002,BARKING AND DAGENHAM", "E09000003,BARNET", "E08000016,BARNSLEY"} {
		replace[la+","] = fmt.Sprintf("E06000%d,NEW TOWN %02d,", 901+i, i+1)
	}
	renamed := rewriteCodes(t, dir, "202301_fixed_laua_coverage_renamed.csv", replace)

	oecd := filepath.Join(realData, "oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx")
	code, out, errOut := run(t, "ingest", "--db", filepath.Join(dir, "pv.duckdb"), gdp, realOfcom, renamed, oecd)
	if code != 0 {
		t.Fatalf("ingest exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr is not a terminal, yet ingest wrote to it:\n%s", errOut)
	}
	summaries := map[string][]string{}
	var current string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if detail, ok := strings.CutPrefix(line, "  "); ok {
			summaries[current] = append(summaries[current], detail)
			continue
		}
		current, _, _ = strings.Cut(line, ": ")
	}
	tests := []struct {
		file string
		want []string // regular expressions, one per detail line, in order
	}{
		{filepath.Base(gdp), []string{
			`^publication: Regional gross domestic product \(GDP\): all International Territorial Level \(ITL\) regions$`,
			`^sheets read: 14 \(Information, Table 1, Table 2, .*, Table 9 and 4 more\)$`,
			`^rows loaded: \d{4}$`,
			`^values: \d+ published, \d+ provisional(, \d+ [a-z-]+)*$`,
			`^unknown region codes: none$`,
		}},
		// What a reader warns of is printed with its file's summary, last.
		{filepath.Base(oecd), []string{
			`^publication: OECD Regional Well-Being$`,
			`^sheets read: 3 \(Indicator_Last, Reference_year, Score_Last\)$`,
			`^rows loaded: \d+$`,
			`^values: \d+ published, \d+ not-available$`,
			`^unknown region codes: none$`,
			`^warning: hidden rows read as data; they hold published values file=OECD-Regional-Well-Being-Data-File_2025.xlsx sheet=Reference_year rows=45-47$`,
		}},
		{filepath.Base(realOfcom), []string{
			`^publication: Connected Nations: fixed broadband coverage by local authority$`,
			`^rows loaded: 374$`,
			`^values: 14212 published$`,
			`^unknown region codes: none$`,
		}},
		{filepath.Base(renamed), []string{
			`^publication: Connected Nations`,
			`^rows loaded: 374$`,
			`^values: 14212 published$`,
			`^unknown region codes, stored as published, not ranked: 12 \(E06000901 New Town 01, E06000902 New Town 02, .*, E06000910 New Town 10 and 2 more\)$`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := summaries[tt.file]
			if len(got) != len(tt.want) {
				t.Fatalf("details = %q, want %d lines", got, len(tt.want))
			}
			for i, re := range tt.want {
				if !regexp.MustCompile(re).MatchString(got[i]) {
					t.Errorf("detail %d = %q, want it to match %s", i+1, got[i], re)
				}
			}
		})
	}
}

func TestSourcesListsVintagesSideBySide(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "pv.duckdb")
	older := filepath.Join(realData, "connectivity/ofcom_fixed_laua_coverage_2019.csv")
	// A re-release of May 2021 in which Hartlepool is missing and Aberdeen's row is renamed: it
	// supersedes the first release except for Hartlepool's 38 values.
	rerelease := rewriteCodes(t, dir, "202105_fixed_laua_coverage_r02.csv", map[string]string{
		"E06000001,HARTLEPOOL,": "E06000999,NEW TOWN,",
	})
	for _, f := range []string{realOfcom, rerelease, older} {
		if code, _, errOut := run(t, "ingest", "--db", db, f); code != 0 {
			t.Fatalf("ingest %s: %s", f, errOut)
		}
	}
	code, out, errOut := run(t, "sources", "--db", db)
	if code != 0 {
		t.Fatalf("sources exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("sources printed %d lines, want a header and 3 sources:\n%s", len(lines), out)
	}
	if h := strings.Fields(lines[0]); strings.Join(h[:6], " ") != "ID PUBLICATION VINTAGE OBSERVATIONS CURRENT SUPERSEDED" {
		t.Errorf("header = %q", lines[0])
	}
	// Vintages of one publication side by side, oldest first; ids are the load order.
	want := [][]string{
		{"3", "ofcom-fixed-coverage-laua", "2019", "13752", "13752", "-", filepath.Base(older)},
		{"1", "ofcom-fixed-coverage-laua", "2021-05", "14212", "38", "2", filepath.Base(realOfcom)},
		{"2", "ofcom-fixed-coverage-laua", "2021-05", "14212", "14212", "-", filepath.Base(rerelease)},
	}
	for i, w := range want {
		got := strings.Fields(lines[i+1])
		if len(got) < len(w) || strings.Join(got[:len(w)], " ") != strings.Join(w, " ") {
			t.Errorf("line %d = %q, want it to start %q", i+2, lines[i+1], strings.Join(w, "  "))
		}
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	if p := newProgress(&bytes.Buffer{}); p != nil {
		t.Error("progress shown on a buffer")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := newProgress(f); p != nil {
		t.Error("progress shown on a regular file")
	}
	var nilProgress *progress
	nilProgress.start("reading x.xlsx") // a nil progress is silent
	nilProgress.describe("loading x.xlsx")
	nilProgress.stop()
}

func TestProgressShowsLongFilesOnly(t *testing.T) {
	var w syncBuffer
	p := &progress{w: &w}
	p.start("reading quick.csv")
	p.stop()
	p.start("reading slow.xlsx")
	p.set(1, 4) // a quarter of its sheets' XML read before the bar shows
	time.Sleep(showAfter + 300*time.Millisecond)
	p.describe("loading slow.xlsx: 504105 observations")
	time.Sleep(200 * time.Millisecond)
	p.stop()
	out := w.String()
	if strings.Contains(out, "quick.csv") {
		t.Errorf("a quick file's progress was shown: %q", out)
	}
	for _, want := range []string{"reading slow.xlsx  25%", "loading slow.xlsx: 504105 observations"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output %q does not show %q", out, want)
		}
	}
}
