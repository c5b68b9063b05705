package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mustOpen opens a new warehouse file in a temporary directory.
func mustOpen(tb testing.TB) *Warehouse {
	tb.Helper()
	w, err := Open(context.Background(), filepath.Join(tb.TempDir(), "test.duckdb"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	return w
}

// testBatch is a small batch in the shape readers produce.
func testBatch(sha, vintage string, london float64) *Batch {
	return &Batch{
		Source: Source{Publication: "test", Publisher: "ONS", Title: "Test", FileName: "t.xlsx", SHA256: sha, Vintage: vintage, Licence: "OGL"},
		Regions: []Region{
			{Code: "TLI", Name: "London (as published)", Level: LevelITL1, Parent: "UK", Country: "GBR"},
			{Code: "E09000001", Name: "CITY OF LONDON", Level: LevelLAD},
		},
		Indicators: []Indicator{{ID: "ons.gdp_per_head", Name: "GDP per head", Unit: "pounds", Direction: Neutral, Source: "test"}},
		Observations: []Observation{
			{Region: "TLI", Indicator: "ons.gdp_per_head", Period: "2021", Value: Float(london), Status: StatusPublished, Cell: Cell{File: "t.xlsx", Sheet: "Table 7", Ref: "Z110"}},
			{Region: "E09000001", Indicator: "ons.gdp_per_head", Period: "2021", Status: StatusSuppressed, Cell: Cell{File: "t.xlsx", Sheet: "Table 7", Ref: "Z111"}},
		},
	}
}

func TestEngineVersionIsPinned(t *testing.T) {
	w := mustOpen(t)
	v, err := w.EngineVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// go.mod pins github.com/duckdb/duckdb-go/v2 v2.10506.0, which bundles DuckDB 1.5.6.
	if v != "v1.5.6" {
		t.Fatalf("DuckDB version = %q, want v1.5.6 (did a dependency change pull other bindings?)", v)
	}
}

func TestLoadAndQuery(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	res, err := w.Load(ctx, testBatch("aaa", "2023", 56431))
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != 2 || res.ByStatus[StatusSuppressed] != 1 || res.Regions != 2 {
		t.Fatalf("load result = %+v", res)
	}
	obs, err := w.Observations(ctx, ObservationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 2 {
		t.Fatalf("got %d observations, want 2", len(obs))
	}
	// Canonical names come from the geography files, not from the publisher.
	if obs[1].RegionName != "London" || *obs[1].Value != 56431 || obs[1].Cell.Ref != "Z110" {
		t.Errorf("London observation = %+v", obs[1])
	}
	if obs[0].RegionName != "City of London" || obs[0].Value != nil || obs[0].Status != StatusSuppressed {
		t.Errorf("suppressed observation = %+v (a suppressed cell must have no value)", obs[0])
	}
	r, ok, err := w.Region(ctx, "E09000001")
	if err != nil || !ok || r.Parent != "TLI" {
		t.Errorf("City of London = %+v, %v, %v; want parent TLI from the LAD lookup", r, ok, err)
	}
}

func TestLaterVintageSupersedes(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	if _, err := w.Load(ctx, testBatch("old", "2022", 100)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Load(ctx, testBatch("new", "2023", 200)); err != nil {
		t.Fatal(err)
	}
	cur, err := w.Observations(ctx, ObservationFilter{Regions: []string{"TLI"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 1 || *cur[0].Value != 200 || cur[0].Vintage != "2023" {
		t.Fatalf("current = %+v, want the 2023 value 200", cur)
	}
	all, err := w.Observations(ctx, ObservationFilter{Regions: []string{"TLI"}, AllVintages: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("all vintages = %d rows, want 2", len(all))
	}
	latest, err := w.LatestValues(ctx, LevelITL1)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 1 || *latest[0].Value != 200 {
		t.Fatalf("latest = %+v", latest)
	}
}

func TestReloadSameFileReplaces(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	for range 2 {
		if _, err := w.Load(ctx, testBatch("same", "2023", 1)); err != nil {
			t.Fatal(err)
		}
	}
	srcs, err := w.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Observations != 2 {
		t.Fatalf("sources = %+v, want one source with 2 observations", srcs)
	}
}

func TestFailedLoadChangesNothing(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	if _, err := w.Load(ctx, testBatch("good", "2023", 1)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, w)

	dup := testBatch("dup", "2024", 2)
	dup.Observations = append(dup.Observations, dup.Observations[0])
	// Invalid UTF-8 passes validation but is refused by DuckDB while appending, after the source,
	// regions and indicators were written: the transaction must undo them.
	badText := testBatch("bad-utf8", "2024", 3)
	badText.Regions = append(badText.Regions, Region{Code: "E06000001", Name: "Hartlepool", Level: LevelLAD})
	badText.Observations[0].Cell.Sheet = "Table \xff"
	undeclared := testBatch("undeclared", "2024", 4)
	undeclared.Observations[0].Region = "TLX"
	published := testBatch("novalue", "2024", 5)
	published.Observations[0].Value = nil
	// A file of statistics that gave no values is refused; only a geography (regions without
	// indicators) loads without observations.
	empty := testBatch("empty", "2024", 6)
	empty.Observations = nil

	tests := []struct {
		name  string
		batch *Batch
		want  string
	}{
		{"duplicate observation", dup, "duplicate value for region TLI"},
		{"rejected by the database mid-load", badText, "append observation"},
		{"undeclared region", undeclared, `region "TLX" is not declared`},
		{"published without value", published, "published observation without a value"},
		{"indicators without observations", empty, "no observations found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.Load(ctx, tt.batch)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if diff := cmp.Diff(before, snapshot(t, w)); diff != "" {
				t.Fatalf("warehouse changed by a failed load (-before +after):\n%s", diff)
			}
		})
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ro.duckdb")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Load(ctx, testBatch("x", "2023", 1)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Load(ctx, testBatch("y", "2023", 1)); err == nil {
		t.Fatal("read-only warehouse accepted a load")
	}
	if _, err := ro.db.ExecContext(ctx, `SELECT * FROM read_csv('/etc/passwd')`); err == nil {
		t.Fatal("read-only warehouse can read arbitrary files")
	}
	if _, err := OpenReadOnly(ctx, filepath.Join(t.TempDir(), "missing.duckdb")); err == nil {
		t.Fatal("opening a missing file read-only succeeded")
	}
}

type tables struct {
	Sources      []SourceSummary
	Regions      []Region
	AllRegions   []string // every stored region code, superseded ones included
	Changes      []RegionChange
	Indicators   []Indicator
	Observations []ObservationRecord
}

func snapshot(t *testing.T, w *Warehouse) tables {
	t.Helper()
	ctx := context.Background()
	var s tables
	var err error
	if s.Sources, err = w.Sources(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Regions, err = w.Regions(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Changes, err = w.RegionChanges(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := w.db.QueryContext(ctx, `SELECT region_code FROM regions ORDER BY region_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		s.AllRegions = append(s.AllRegions, code)
	}
	if s.Indicators, err = w.Indicators(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Observations, err = w.Observations(ctx, ObservationFilter{AllVintages: true}); err != nil {
		t.Fatal(err)
	}
	return s
}

// districtBatch holds values for districts before and after the 2019-2023 reorganisations.
func districtBatch(sha string) *Batch {
	obs := func(region string, v float64, ref string) Observation {
		return Observation{Region: region, Indicator: "ofcom.sfbb", Period: "2019", Value: Float(v), Status: StatusPublished,
			Cell: Cell{File: "c.csv", Ref: ref}}
	}
	return &Batch{
		Source: Source{Publication: "test", Publisher: "Ofcom", Title: "Coverage", FileName: "c.csv", SHA256: sha, Vintage: "2019", Licence: "OGL"},
		Regions: []Region{
			{Code: "E07000004", Name: "AYLESBURY VALE", Level: LevelLAD, Country: "GBR"},
			{Code: "E07000190", Name: "TAUNTON DEANE", Level: LevelLAD, Country: "GBR"},
			{Code: "E06000001", Name: "HARTLEPOOL", Level: LevelLAD, Country: "GBR"},
		},
		Indicators: []Indicator{{ID: "ofcom.sfbb", Name: "SFBB", Unit: "%", Direction: HigherIsBetter, Source: "test"}},
		Observations: []Observation{
			obs("E07000004", 93.1, "R2C3"), obs("E07000190", 95.2, "R3C3"), obs("E06000001", 97.3, "R4C3"),
		},
	}
}

func TestSupersededRegionsAreKeptButNotRanked(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	res, err := w.Load(ctx, districtBatch("d"))
	if err != nil {
		t.Fatal(err)
	}
	// The three districts, and what replaced the two old ones: Buckinghamshire, Somerset West and
	// Taunton (2019), and Somerset (2023).
	if res.Regions != 6 {
		t.Errorf("new regions = %d, want 6", res.Regions)
	}

	old, ok, err := w.Region(ctx, "E07000004")
	if err != nil || !ok || old.Name != "Aylesbury Vale" || old.SupersededIn != 2020 || old.Parent != "TLJ" {
		t.Errorf("Region(E07000004) = %+v, %v, %v; want Aylesbury Vale, superseded in 2020", old, ok, err)
	}
	changes, err := w.RegionChanges(ctx, "E07000190")
	if err != nil {
		t.Fatal(err)
	}
	want := []RegionChange{{OldCode: "E07000190", OldName: "Taunton Deane", NewCode: "E07000246", NewName: "Somerset West and Taunton", Year: 2019}}
	if diff := cmp.Diff(want, changes); diff != "" {
		t.Errorf("changes of Taunton Deane (-want +got):\n%s", diff)
	}
	// Following the chain from the district that replaced it.
	changes, err = w.RegionChanges(ctx, "E07000246")
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[1].NewCode != "E06000066" || changes[1].Year != 2023 {
		t.Errorf("changes of Somerset West and Taunton = %+v, want it replaced by Somerset (E06000066) in 2023", changes)
	}

	lads, err := w.Regions(ctx, LevelLAD)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range lads {
		codes = append(codes, r.Code)
	}
	// Rankings compare current districts only; the successors are there, without values.
	if want := []string{"E06000060", "E06000001", "E06000066"}; !cmp.Equal(codes, want) {
		t.Errorf("current districts = %v, want %v", codes, want)
	}
	latest, err := w.LatestValues(ctx, LevelLAD)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 1 || latest[0].Region != "E06000001" {
		t.Errorf("latest values = %+v, want Hartlepool's only", latest)
	}
	// Values stay on the code they were published for.
	obs, err := w.Observations(ctx, ObservationFilter{Regions: []string{"E07000004", "E06000060"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 1 || obs[0].Region != "E07000004" || *obs[0].Value != 93.1 || obs[0].RegionName != "Aylesbury Vale" {
		t.Errorf("observations = %+v, want Aylesbury Vale's value on its own code", obs)
	}

	// Loading another file with the same districts adds no second copy of regions or changes.
	if _, err := w.Load(ctx, districtBatch("d2")); err != nil {
		t.Fatal(err)
	}
	all, err := w.RegionChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Errorf("stored changes = %+v, want 3", all)
	}
}

func TestSourcesSayWhatIsCurrent(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	if _, err := w.Load(ctx, testBatch("old", "2022", 100)); err != nil {
		t.Fatal(err)
	}
	newer := testBatch("new", "2023", 200)
	newer.Observations = newer.Observations[:1] // London only: the City's 2022 value stays current
	newer.Regions = newer.Regions[:1]
	if _, err := w.Load(ctx, newer); err != nil {
		t.Fatal(err)
	}
	srcs, err := w.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 {
		t.Fatalf("sources = %+v", srcs)
	}
	if s := srcs[0]; s.Observations != 2 || s.Current != 1 || !cmp.Equal(s.SupersededBy, []int64{srcs[1].ID}) {
		t.Errorf("2022 source = %d observations, %d current, superseded by %v; want 2, 1, [%d]", s.Observations, s.Current, s.SupersededBy, srcs[1].ID)
	}
	if s := srcs[1]; s.Observations != 1 || s.Current != 1 || len(s.SupersededBy) != 0 {
		t.Errorf("2023 source = %d observations, %d current, superseded by %v; want 1, 1, none", s.Observations, s.Current, s.SupersededBy)
	}
}

func TestOpenRefusesAnotherSchemaVersionUntouched(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.duckdb")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// Make it look like a version 1 file, which had no region_changes table.
	for _, q := range []string{`DROP TABLE region_changes`, `UPDATE schema_version SET version = 1`} {
		if _, err := w.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "schema version 1") {
		t.Fatalf("Open of a version 1 file: %v, want a schema version error", err)
	}
	raw, err := open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'region_changes'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the refused file was changed: region_changes tables = %d, %v", n, err)
	}
}

// TestAllVintagesListingIsStable lists two files of the same vintage holding the same cells in
// load order, so that repeated exports are identical.
func TestAllVintagesListingIsStable(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	for _, sha := range []string{"first", "second"} {
		if _, err := w.Load(ctx, testBatch(sha, "2023", 1)); err != nil {
			t.Fatal(err)
		}
	}
	first, err := w.Observations(ctx, ObservationFilter{AllVintages: true})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := w.Observations(ctx, ObservationFilter{AllVintages: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("listing order changed between runs:\n%s", diff)
		}
	}
}

func TestGeographyLoadsRegionsOnly(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	b := &Batch{
		Source:  Source{Publication: "ons-geography-codes", Publisher: "ONS Geography", Title: "LAD names", FileName: "LAD19.csv", SHA256: "geo", Vintage: "2019", Licence: "OGL"},
		Regions: []Region{{Code: "E06000001", Name: "Hartlepool", Level: LevelLAD}, {Code: "E06000099", Name: "New Town", Level: LevelLAD, Country: "GBR"}},
	}
	res, err := w.Load(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations != 0 || res.Regions < 2 {
		t.Errorf("load result %+v", res)
	}
	r, ok, err := w.Region(ctx, "E06000099")
	if err != nil || !ok || r.Name != "New Town" {
		t.Errorf("region E06000099 = %+v, %v, %v", r, ok, err)
	}
	srcs, err := w.Sources(ctx)
	if err != nil || len(srcs) != 1 || srcs[0].FileName != "LAD19.csv" {
		t.Errorf("sources = %+v, %v", srcs, err)
	}
}
