package dashboard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestEmptyWarehouseSaysHowToLoadData checks the page of a level with no regions: on a warehouse
// with no data at all it says how to load some; on one with data of other levels it does not.
func TestEmptyWarehouseSaysHowToLoadData(t *testing.T) {
	const hint = "The warehouse holds no data at all: load published files into it with placevalue ingest"
	tests := []struct {
		name     string
		batches  []*data.Batch
		wantHint bool
	}{
		{"no data at all", nil, true},
		{"no districts", []*data.Batch{gdpBatch()}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "placevalue.duckdb")
			w, err := data.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range tt.batches {
				if _, err := w.Load(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			ro, err := data.OpenReadOnly(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ro.Close() })
			s, err := New(ro, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(s.Handler())
			t.Cleanup(ts.Close)
			r := get(t, ts.URL+"/ranking?level=lad")
			if r.status != http.StatusNotFound || !strings.Contains(r.body, "No UK local authorities are loaded yet.") {
				t.Fatalf("status %d, want 404 saying no districts are loaded:\n%s", r.status, r.body)
			}
			if got := strings.Contains(r.body, hint); got != tt.wantHint {
				t.Errorf("page says how to load data: %v, want %v:\n%s", got, tt.wantHint, r.body)
			}
		})
	}
}
