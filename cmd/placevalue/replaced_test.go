package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSameContentUnderAnotherNameIsReported loads a file, then the same bytes under another name
// that dates them otherwise: the summary names the load it replaced, with its vintage, and warns
// that the vintage changed.
func TestSameContentUnderAnotherNameIsReported(t *testing.T) {
	older := filepath.Join(realData, "connectivity/ofcom_fixed_laua_coverage_2019.csv")
	content, err := os.ReadFile(older)
	if err != nil {
		t.Skipf("real published file %s not found: %v", older, err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "pv.duckdb")
	renamed := filepath.Join(dir, "connected-nations-2021.csv")
	if err := os.WriteFile(renamed, content, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, "ingest", "--db", db, older); code != 0 || strings.Contains(out, "replaced") {
		t.Fatalf("first ingest: exit %d, %q, %s", code, out, errOut)
	}

	tests := []struct {
		name, file string
		vintage    string
		note       string // the first detail line
	}{
		{"the same file again", older, "2019",
			`^  replaced the earlier load of the same file \(source 1, loaded \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$`},
		{"the same bytes under a name dated 2021", renamed, "2021",
			`^  warning: same content as ofcom_fixed_laua_coverage_2019\.csv \(vintage 2019\), loaded before: replaced; ` +
				`vintage now 2021, from this file's name, which dates its values too$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, "ingest", "--db", db, tt.file)
			if code != 0 {
				t.Fatalf("ingest exit %d: %s", code, errOut)
			}
			lines := strings.Split(out, "\n")
			if len(lines) < 2 || !strings.Contains(lines[0], "vintage "+tt.vintage+")") || !regexp.MustCompile(tt.note).MatchString(lines[1]) {
				t.Errorf("summary:\n%s\nwant vintage %s on the first line and a second line matching %s", out, tt.vintage, tt.note)
			}
			code, out, errOut = run(t, "export", "sources", "--db", db)
			rows := readCSV(t, out)
			if code != 0 || len(rows) != 1 || rows[0]["file_name"] != filepath.Base(tt.file) || rows[0]["vintage"] != tt.vintage {
				t.Errorf("sources: exit %d, %q (%s), want only %s, vintage %s", code, out, errOut, filepath.Base(tt.file), tt.vintage)
			}
		})
	}
}
