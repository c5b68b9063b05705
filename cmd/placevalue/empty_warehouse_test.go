package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFailedFirstIngestLeavesNoWarehouse checks that an ingest that creates the warehouse and
// loads nothing into it leaves no file behind, so that serve still starts from the default data;
// and that a warehouse that existed before, or that got one file of several, is kept.
func TestFailedFirstIngestLeavesNoWarehouse(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool {
		_, err := os.Stat(p)
		return err == nil
	}

	db := filepath.Join(dir, "new.duckdb")
	code, out, errOut := run(t, "ingest", "--db", db, empty)
	if code != 1 || out != "" {
		t.Fatalf("ingest of an empty file: exit %d, stdout %q, stderr %q; want exit 1 and no summary", code, out, errOut)
	}
	if exists(db) || exists(db+".wal") {
		t.Errorf("a failed first ingest left %s behind", db)
	}
	if !strings.Contains(errOut, "the warehouse "+db+" did not exist before and has not been created") {
		t.Errorf("stderr %q does not say the warehouse was not created", errOut)
	}

	// The same file beside one that loads: the warehouse holds the one that loaded.
	ofcom := realOfcom
	if !exists(ofcom) {
		t.Skipf("real published file %s not found", ofcom)
	}
	if code, _, errOut := run(t, "ingest", "--db", db, empty, ofcom); code != 1 || !exists(db) {
		t.Fatalf("ingest of a bad and a good file: exit %d, warehouse kept %v: %s", code, exists(db), errOut)
	}
	// A warehouse that existed is never removed, whatever a later run loads.
	if code, _, errOut := run(t, "ingest", "--db", db, empty); code != 1 || !exists(db) {
		t.Fatalf("ingest of an empty file into an existing warehouse: exit %d, warehouse kept %v: %s", code, exists(db), errOut)
	}
	code, out, errOut = run(t, "export", "sources", "--db", db)
	if rows := readCSV(t, out); code != 0 || len(rows) != 1 || rows[0]["file_name"] != filepath.Base(ofcom) {
		t.Errorf("sources after the failed runs: exit %d, %q (%s)", code, out, errOut)
	}
}
