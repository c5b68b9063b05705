package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestIngestFolder: a folder stands for the spreadsheets in it and its subfolders, in name order;
// other files and hidden ones are passed over, and a legacy workbook there is skipped with a
// warning saying how to convert it, without failing the run; one named on its own is refused.
func TestIngestFolder(t *testing.T) {
	dir := t.TempDir()
	defaults := data.DefaultFiles()
	copyDefault := func(name, to string) {
		t.Helper()
		b, err := fs.ReadFile(defaults, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyDefault("202105-ofcom-fixed-laua-coverage-extract.csv", filepath.Join(dir, "ofcom", "202105-ofcom.csv"))
	copyDefault("ons-regional-gdp-itl-2023-extract.xlsx", filepath.Join(dir, "gdp.xlsx"))
	copyDefault("ons-regional-gdp-itl-2023-extract.xlsx", filepath.Join(dir, ".hidden", "again.xlsx"))
	for name, content := range map[string]string{"MANIFEST.md": "# notes", "old.xls": "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1legacy"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "w.duckdb")
	code, out, errOut := run(t, "ingest", "--db", db, dir)
	if code != 0 || !strings.Contains(errOut, "warning: skipped old.xls: ") || !strings.Contains(errOut, "save it as .xlsx") ||
		!strings.Contains(errOut, "1 legacy workbook(s) in the folders skipped") || strings.Contains(errOut, "not loaded") {
		t.Errorf("exit %d, stderr:\n%s\nwant the .xls skipped with how to convert it, and the other two loaded", code, errOut)
	}
	gdp, ofcom := strings.Index(out, "gdp.xlsx: ons-gdp-itl"), strings.Index(out, "202105-ofcom.csv: ofcom-fixed-coverage-laua")
	if gdp < 0 || ofcom < 0 || gdp > ofcom || strings.Contains(out, "again.xlsx") {
		t.Errorf("stdout:\n%s\nwant gdp.xlsx then ofcom/202105-ofcom.csv, and nothing hidden", out)
	}
	if code, _, errOut := run(t, "ingest", "--db", db, filepath.Join(dir, "old.xls")); code != 1 || !strings.Contains(errOut, "error: ") || !strings.Contains(errOut, "1 of 1 files not loaded") {
		t.Errorf("a named .xls: exit %d, %s; want it refused", code, errOut)
	}
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "only.xls"), []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1legacy"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "ingest", "--db", db, empty); code != 1 ||
		!strings.Contains(errOut, "holds no spreadsheets placevalue reads, only legacy workbooks (only.xls): open each in a spreadsheet program and save it as .xlsx") {
		t.Errorf("folder with only a legacy workbook: exit %d, %s", code, errOut)
	}
	if code, _, errOut := run(t, "ingest", "--db", db, t.TempDir()); code != 1 || !strings.Contains(errOut, "holds no spreadsheets placevalue reads: expected .xlsx or .csv files") {
		t.Errorf("empty folder: exit %d, %s", code, errOut)
	}
}
