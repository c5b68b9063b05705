package data

import (
	"context"
	"testing"
)

// TestLoadSaysWhichLoadItReplaced loads the same content three times, the last under another
// name and vintage: each load after the first names the load it replaced, as it was loaded.
func TestLoadSaysWhichLoadItReplaced(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	first, err := w.Load(ctx, testBatch("same", "2019", 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Replaced) != 0 {
		t.Errorf("first load replaced %+v", first.Replaced)
	}
	other, err := w.Load(ctx, testBatch("other", "2020", 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(other.Replaced) != 0 {
		t.Errorf("a load of other content replaced %+v", other.Replaced)
	}
	renamed := testBatch("same", "2021", 1)
	renamed.Source.FileName = "renamed-2021.xlsx"
	res, err := w.Load(ctx, renamed)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Replaced) != 1 {
		t.Fatalf("replaced %+v, want the first load", res.Replaced)
	}
	if e := res.Replaced[0]; e.ID != first.SourceID || e.FileName != "t.xlsx" || e.Vintage != "2019" || e.LoadedAt.IsZero() {
		t.Errorf("replaced %+v, want source %d, t.xlsx, vintage 2019, with its load time", e, first.SourceID)
	}
	srcs, err := w.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].ID != other.SourceID || srcs[1].FileName != "renamed-2021.xlsx" {
		t.Errorf("sources = %+v, want the other file and the renamed one", srcs)
	}
}
