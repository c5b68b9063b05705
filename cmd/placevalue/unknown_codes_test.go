package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnknownDistrictCodesAreNeverRanked loads an Ofcom file with two made-up district codes,
// carrying the figures of a real district: they are listed as unknown, stored with level other and
// queryable, and no ranking of local authorities includes them.
func TestUnknownDistrictCodesAreNeverRanked(t *testing.T) {
	content, err := os.ReadFile(realOfcom)
	if err != nil {
		t.Skipf("real published file %s not found: %v", realOfcom, err)
	}
	lines := strings.SplitAfter(string(content), "\n")
	// The figures of the first district of the file, under codes no geography knows.
	_, values, ok := strings.Cut(strings.TrimRight(lines[1], "\r\n"), ",")
	if !ok {
		t.Fatalf("first row of %s has no comma: %q", realOfcom, lines[1])
	}
	_, values, _ = strings.Cut(values, ",") // after the code, the name
	made := string(content)
	if !strings.HasSuffix(made, "\n") {
		made += "\n"
	}
	made += "E06999999,NOWHERE UNITARY," + values + "\n" + "E07999999,NOWHERE DISTRICT," + values + "\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "202105_fixed_laua_coverage_madeup.csv")
	if err := os.WriteFile(file, []byte(made), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "pv.duckdb")
	code, out, errOut := run(t, "ingest", "--db", db, file)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	if want := "  unknown region codes, stored as published, not ranked: 2 (E06999999 Nowhere Unitary, E07999999 Nowhere District)\n"; !strings.Contains(out, want) {
		t.Errorf("summary does not list the unknown codes as %q:\n%s", want, out)
	}

	code, out, errOut = run(t, "export", "index", "--db", db, "--level", "lad", "--draws", "0")
	if code != 0 {
		t.Fatalf("export index: exit %d: %s", code, errOut)
	}
	rows := readCSV(t, out)
	if len(rows) < 300 {
		t.Fatalf("index ranks %d districts, want the file's 374 known ones:\n%s", len(rows), out)
	}
	for _, r := range rows {
		if strings.HasSuffix(r["region_code"], "999999") {
			t.Errorf("made-up code %s ranked %s among local authorities", r["region_code"], r["rank"])
		}
	}

	for _, c := range []string{"E06999999", "E07999999"} {
		code, out, errOut = run(t, "export", "regions", "--db", db, "--region", c)
		if rs := readCSV(t, out); code != 0 || len(rs) != 1 || rs[0]["level"] != "other" {
			t.Errorf("export regions --region %s: exit %d, %q (%s), want one region of level other", c, code, out, errOut)
		}
		code, out, errOut = run(t, "export", "observations", "--db", db, "--region", c)
		if obs := readCSV(t, out); code != 0 || len(obs) != 38 {
			t.Errorf("export observations --region %s: exit %d, %d rows (%s), want the 38 published", c, code, len(obs), errOut)
		}
	}
}
