package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

var update = flag.Bool("update", false, "rewrite golden files")

// loadBatches opens a real warehouse file in a temporary folder and loads the batches into it.
func loadBatches(t *testing.T, batches ...*data.Batch) *data.Warehouse {
	t.Helper()
	ctx := context.Background()
	w, err := data.Open(ctx, filepath.Join(t.TempDir(), "r.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	for _, b := range batches {
		if _, err := w.Load(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// loadTestWarehouse fills a real warehouse file with three ITL1 regions, two dimensions, GDP per
// head, and a region whose name is markup.
func loadTestWarehouse(t *testing.T) *data.Warehouse {
	t.Helper()
	ctx := context.Background()
	w, err := data.Open(ctx, filepath.Join(t.TempDir(), "r.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	cell := data.Cell{File: "f.xlsx", Sheet: "S", Ref: "A1"}
	obs := func(region, ind string, v float64) data.Observation {
		return data.Observation{Region: region, Indicator: ind, Period: "2021", Value: data.Float(v), Status: data.StatusPublished, Cell: cell}
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "ONS", Title: "t", FileName: "f.xlsx", SHA256: "1", Vintage: "2023", Licence: "OGL"},
		Regions: []data.Region{
			{Code: "TLC", Name: "x", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLI", Name: "x", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLM", Name: "x", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLX9", Name: "=HYPERLINK(\"http://x\")</script>", Level: data.LevelITL1, Country: "GBR"},
		},
		Indicators: []data.Indicator{
			{ID: "oecd.disposable_income_per_capita", Name: "Income", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "oecd.unemployment_rate", Name: "Unemployment", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter, Source: "test"},
			{ID: Comparator, Name: "GDP per head", Unit: "£", Direction: data.Neutral, Source: "test"},
		},
		Observations: []data.Observation{
			// income: TLC 20 → 0, TLI 40 → 10, TLM 30 → 5; unemployment: TLC 5 → 0, TLI 3 → 10, TLM 4 → 5
			obs("TLC", "oecd.disposable_income_per_capita", 20), obs("TLI", "oecd.disposable_income_per_capita", 40), obs("TLM", "oecd.disposable_income_per_capita", 30),
			obs("TLC", "oecd.unemployment_rate", 5), obs("TLI", "oecd.unemployment_rate", 3), obs("TLM", "oecd.unemployment_rate", 4),
			obs("TLX9", "oecd.disposable_income_per_capita", 25), // one dimension of two: coverage 0.5, index 2.5
			obs("TLI", Comparator, 56431.5), obs("TLC", Comparator, 24000),
		},
	}
	if _, err := w.Load(ctx, b); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestRankingAndIndexCSV(t *testing.T) {
	w := loadTestWarehouse(t)
	idx, err := Ranking(context.Background(), w, data.LevelITL1, metrics.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteIndexCSV(&buf, idx); err != nil {
		t.Fatal(err)
	}
	golden(t, "index_itl1.csv", buf.Bytes())

	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), byteOrderMark))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"rank", "region_code", "region_name", "index", "coverage", "income", "jobs", "gdp_per_head"},
		{"1", "TLI", "London", "10", "1", "10", "10", "56431.5"},
		{"2", "TLM", "Scotland", "5", "1", "5", "5", ""},
		{"3", "TLX9", "'=HYPERLINK(\"http://x\")</script>", "2.5", "0.5", "2.5", "", ""},
		{"4", "TLC", "North East", "0", "1", "0", "0", "24000"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows), len(want), buf.String())
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("CSV lines must end in CRLF (RFC 4180)")
	}
}

func TestRegionProfile(t *testing.T) {
	w := loadTestWarehouse(t)
	p, err := RegionProfile(context.Background(), w, "TLM", "", metrics.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if p.Level != data.LevelITL1 || p.Score.Rank != 2 || p.RankedOf != 4 {
		t.Fatalf("profile = %+v", p)
	}
	// UK average of income scores: (0 + 10 + 5 + 2.5) / 4 = 4.375; jobs: (0 + 10 + 5) / 3 = 5
	if p.Average["income"] != 4.375 || p.Average["jobs"] != 5 {
		t.Errorf("average = %v", p.Average)
	}
	var buf bytes.Buffer
	if err := WriteProfileCSV(&buf, p); err != nil {
		t.Fatal(err)
	}
	golden(t, "profile_tlm.csv", buf.Bytes())
	if _, err := RegionProfile(context.Background(), w, "NOPE", "", metrics.DefaultOptions); err == nil {
		t.Error("profile of an unknown region succeeded")
	}
}

func TestParseLevel(t *testing.T) {
	for _, s := range []string{"oecd-tl2", "itl1", "lad"} {
		if l, err := ParseLevel(s); err != nil || string(l) != s {
			t.Errorf("ParseLevel(%q) = %q, %v", s, l, err)
		}
	}
	if _, err := ParseLevel("itl9"); err == nil || !strings.Contains(err.Error(), "oecd-tl2, itl1, lad") {
		t.Errorf("ParseLevel(itl9) error = %v, want the choices listed", err)
	}
}

func TestNumberIsExact(t *testing.T) {
	for _, v := range []float64{41725.3, 0.1 + 0.2, 1e-7, 56431, -9.9} {
		s := Number(&v)
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || back != v {
			t.Errorf("Number(%v) = %q, reads back as %v", v, s, back)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}
