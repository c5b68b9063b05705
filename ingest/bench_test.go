package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/placevalue/placevalue/data"
)

// realIngestFiles lists every .xlsx and .csv file in the shared real folders that placevalue
// reads (oecd, ons, connectivity, and codes: the ONS geography files, which give regions only),
// or skips when the folder is absent.
func realIngestFiles(tb testing.TB) []string {
	tb.Helper()
	var files []string
	for _, dir := range []string{"oecd", "ons", "connectivity", "codes"} {
		for _, ext := range []string{"*.xlsx", "*.csv"} {
			m, err := filepath.Glob(filepath.Join(realDataDir, dir, ext))
			if err != nil {
				tb.Fatal(err)
			}
			files = append(files, m...)
		}
	}
	if len(files) == 0 {
		tb.Skipf("no real .xlsx or .csv files under %s: these benchmarks need the shared real files", realDataDir)
	}
	return files
}

// ingestAll reads every file as `placevalue ingest` does, up to the batch (the warehouse load is
// benchmarked apart).
func ingestAll(tb testing.TB, files []string) {
	for _, p := range files {
		if _, err := ReadFile(context.Background(), p); err != nil {
			tb.Fatalf("ingest %s: %v", p, err)
		}
	}
}

// unzipBaseline is the least any reader of these files must do: read each file, and inflate every
// worksheet of a workbook to io.Discard without parsing it. A CSV is only read.
func unzipBaseline(tb testing.TB, files []string) {
	for _, p := range files {
		content, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if !strings.HasSuffix(p, ".xlsx") {
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				tb.Fatalf("%s %s: %v", p, zf.Name, err)
			}
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
			if err != nil {
				tb.Fatalf("%s %s: %v", p, zf.Name, err)
			}
		}
	}
}

// BenchmarkIngestRealFiles reads every real file into batches and, in the same run, times the
// unzip baseline; it reports how many times slower ingest is than the baseline (x-unzip).
func BenchmarkIngestRealFiles(b *testing.B) {
	files := realIngestFiles(b)
	var ingest, baseline time.Duration
	for b.Loop() {
		// Each side starts from a collected heap, so that neither pays for the other's garbage.
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		ingestAll(b, files)
		ingest += time.Since(start)

		b.StopTimer()
		runtime.GC()
		start = time.Now()
		unzipBaseline(b, files)
		baseline += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(ingest)/float64(baseline), "x-unzip")
}

// BenchmarkUnzipBaseline is the baseline alone: reading the files and inflating their worksheets.
func BenchmarkUnzipBaseline(b *testing.B) {
	files := realIngestFiles(b)
	for b.Loop() {
		unzipBaseline(b, files)
	}
}

// gvaBatch reads the largest real workbook (ONS GVA per head and income components, about half a
// million observations) once.
func gvaBatch(b *testing.B) *data.Batch {
	b.Helper()
	batch, err := ReadFile(context.Background(), realSpreadsheet(b, onsGVAFile))
	if err != nil {
		b.Fatal(err)
	}
	return batch
}

// BenchmarkValidateGVA times the checks Load runs before writing anything.
func BenchmarkValidateGVA(b *testing.B) {
	batch := gvaBatch(b)
	b.ReportMetric(float64(len(batch.Observations)), "observations")
	for b.Loop() {
		if err := data.Validate(batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadGVA times the warehouse load of the GVA batch into a new DuckDB file, validation
// included.
func BenchmarkLoadGVA(b *testing.B) {
	batch := gvaBatch(b)
	ctx := context.Background()
	dir := b.TempDir()
	b.ReportMetric(float64(len(batch.Observations)), "observations")
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		w, err := data.Open(ctx, filepath.Join(dir, fmt.Sprintf("load%d.duckdb", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := w.Load(ctx, batch); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
