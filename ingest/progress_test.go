package ingest

import (
	"context"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestReadReportsProgress reads a real workbook with a progress watcher: the reports only rise,
// never pass the total, and end at it.
func TestReadReportsProgress(t *testing.T) {
	f, err := Open(realSpreadsheet(t, onsGDPFile))
	if err != nil {
		t.Fatal(err)
	}
	var reports int
	var last, total int64
	ctx := data.WithProgress(context.Background(), func(done, of int64) {
		if reports > 0 && (done < last || of != total) {
			t.Errorf("report %d: %d of %d after %d of %d", reports, done, of, last, total)
		}
		if done > of || of <= 0 {
			t.Errorf("report %d: %d of %d", reports, done, of)
		}
		reports++
		last, total = done, of
	})
	if _, err := Read(ctx, f); err != nil {
		t.Fatal(err)
	}
	if reports < 20 || last != total {
		t.Errorf("%d reports, the last %d of %d", reports, last, total)
	}
}

func TestDimensionLastRow(t *testing.T) {
	for part, want := range map[string]int{
		`<worksheet><dimension ref="A1:S527"/><sheetData>`: 527,
		`<worksheet><dimension ref="B2:XFD9"/>`:            9,
		`<worksheet><dimension ref="A1"/>`:                 1,
		`<worksheet><dimension ref="$A$1:$C$40"/>`:         40,
		`<worksheet><sheetData>`:                           0,
		`<worksheet><dimension ref="A1:ZZ`:                 0,
		``:                                                 0,
	} {
		if got := dimensionLastRow([]byte(part)); got != want {
			t.Errorf("dimensionLastRow(%q) = %d, want %d", part, got, want)
		}
	}
}
