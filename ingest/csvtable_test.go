package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// realDataDir holds the publishers' real files, shared by all checkouts (see its MANIFEST.md).
const realDataDir = "../../shared/data/real"

// openRealTestFile opens one of the real published files, or skips the test when the folder of
// real files is not on this machine.
func openRealTestFile(tb testing.TB, rel string) *File {
	tb.Helper()
	path := filepath.Join(realDataDir, rel)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("real data file %s not available (%v): these tests need the shared real files next to the repository", path, err)
	}
	f, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// openTestCSV writes content to a file called name and opens it as ingest would.
func openTestCSV(tb testing.TB, name, content string) *File {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// checkBatchConsistent checks that every observation's region and indicator are in the batch.
func checkBatchConsistent(t *testing.T, b *data.Batch) {
	t.Helper()
	regions, indicators := map[string]bool{}, map[string]bool{}
	for _, r := range b.Regions {
		if regions[r.Code] {
			t.Errorf("region %s listed twice", r.Code)
		}
		regions[r.Code] = true
	}
	for _, ind := range b.Indicators {
		if indicators[ind.ID] {
			t.Errorf("indicator %s listed twice", ind.ID)
		}
		indicators[ind.ID] = true
	}
	for _, o := range b.Observations {
		if !regions[o.Region] {
			t.Fatalf("observation %+v: region not in batch", o)
		}
		if !indicators[o.Indicator] {
			t.Fatalf("observation %+v: indicator not in batch", o)
		}
		if (o.Value != nil) != o.Status.HasValue() {
			t.Fatalf("observation %+v: value does not match status %s", o, o.Status)
		}
	}
}

// wantInputError checks that err is an *InputError for row (0: any row).
func wantInputError(t *testing.T, err error, row int) *InputError {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T), want *InputError", err, err)
	}
	if row != 0 && ie.Row != row {
		t.Errorf("InputError row %d, want %d: %v", ie.Row, row, err)
	}
	return ie
}

func TestReadCSVTableRefusesRaggedRows(t *testing.T) {
	f := openTestCSV(t, "ragged.csv", "a,b\n1,2\n3\n")
	_, err := readCSVTable(f)
	wantInputError(t, err, 3)
}

func TestCSVHeaderStripsBOM(t *testing.T) {
	f := openTestCSV(t, "bom.csv", "\xEF\xBB\xBFlaua , laua_name\nE06000001,HARTLEPOOL\n")
	h := csvHeader(f)
	if len(h) != 2 || h[0] != "laua" || h[1] != "laua_name" {
		t.Errorf("csvHeader = %q, want [laua laua_name]", h)
	}
}
