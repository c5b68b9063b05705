package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/ingest"
)

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("ingest", "ingest [--db FILE] PATH...", stderr)
	db := fs.String("db", data.DefaultPath, "warehouse `FILE` (created if missing)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("no files given")}
	}
	w, err := data.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	failed := 0
	for _, p := range paths {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		start := time.Now()
		f, err := ingest.Open(p)
		if err == nil {
			err = loadFile(ctx, w, f, stdout, start)
		}
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "%d of %d files not loaded; nothing of them was written, everything loaded before is unchanged\n", failed, len(paths))
		return errReported
	}
	return nil
}

// loadFile reads one file and loads it in one transaction, printing one line about it.
func loadFile(ctx context.Context, w *data.Warehouse, f *ingest.File, stdout io.Writer, start time.Time) error {
	b, err := ingest.Read(ctx, f)
	if err != nil {
		return err
	}
	res, err := w.Load(ctx, b)
	if err != nil {
		return fmt.Errorf("%s: load into %s: %w", f.Name, w.Path(), err)
	}
	fmt.Fprintf(stdout, "%s: %s (%s, vintage %s): %d observations%s, %d new regions, %s\n",
		f.Name, b.Source.Publication, b.Source.Publisher, b.Source.Vintage, res.Observations,
		statusSummary(res.ByStatus), res.Regions, time.Since(start).Round(time.Millisecond))
	return nil
}

func statusSummary(by map[data.Status]int) string {
	var parts []string
	for s, n := range by {
		if s != data.StatusPublished {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	slices.Sort(parts)
	return " (" + strings.Join(parts, ", ") + ")"
}
