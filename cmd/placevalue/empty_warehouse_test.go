package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/placevalue/placevalue/data"
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

// TestServeWarnsOfAnEmptyWarehouse starts serve on a warehouse that exists but holds no data: it
// must say so in its log, with how to load data, and the pages must say the same.
func TestServeWarnsOfAnEmptyWarehouse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.duckdb")
	w, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, db, time.Minute)
	base := srv.base
	resp, err := http.Get(base + "ranking?level=lad")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	srv.stop(t)

	log := srv.log.String()
	if strings.Contains(log, "ingesting the embedded default data") {
		t.Errorf("serve loaded the default data into an existing warehouse:\n%s", log)
	}
	for _, want := range []string{"level=WARN", "the warehouse holds no data", "placevalue ingest --db " + db + " FILE...", "delete it to start from the embedded default data"} {
		if !strings.Contains(log, want) {
			t.Errorf("serve log does not say %q:\n%s", want, log)
		}
	}
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "The warehouse holds no data at all: load published files into it with placevalue ingest") {
		t.Errorf("/ranking?level=lad = %d, want 404 saying how to load data:\n%s", resp.StatusCode, body)
	}
}
