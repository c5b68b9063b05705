package data

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestValueRanges(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	obs := func(region, period string, v float64) Observation {
		return Observation{Region: region, Indicator: "ons.gdp_per_head", Period: period, Value: Float(v), Status: StatusPublished,
			Cell: Cell{File: "t.xlsx", Sheet: "Table 7", Ref: "A1"}}
	}
	b := testBatch("r1", "2023", 0)
	b.Regions = append(b.Regions, Region{Code: "TLC", Name: "North East", Level: LevelITL1, Parent: "UK", Country: "GBR"})
	b.Observations = []Observation{
		obs("TLI", "2019", 50), obs("TLI", "2021", 60),
		obs("TLC", "2019", 20), obs("TLC", "2021", 25),
		obs("E09000001", "2018", 5), // another level: not in the ITL1 range
		// Another definition sets no bound.
		{Region: "TLC", Indicator: "ons.gdp_per_head", Period: "2017", Value: Float(1), Status: StatusDefinitionDiffers, Cell: Cell{File: "t.xlsx", Sheet: "Table 7", Ref: "A8"}},
		{Region: "TLC", Indicator: "ons.gdp_per_head", Period: "2022", Status: StatusNotAvailable, Cell: Cell{File: "t.xlsx", Sheet: "Table 7", Ref: "A9"}},
	}
	if _, err := w.Load(ctx, b); err != nil {
		t.Fatal(err)
	}
	// A later release revises London 2021: the current view's value counts, not the earlier one.
	rev := testBatch("r2", "2024", 0)
	rev.Observations = []Observation{obs("TLI", "2021", 70)}
	rev.Regions = rev.Regions[:1]
	if _, err := w.Load(ctx, rev); err != nil {
		t.Fatal(err)
	}
	got, err := w.ValueRanges(ctx, LevelITL1)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ValueRange{"ons.gdp_per_head": {Low: 20, High: 70, FirstPeriod: "2019", LastPeriod: "2021", Periods: 2}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ranges (-want +got):\n%s", d)
	}
	if _, err := w.ValueRanges(ctx); err == nil {
		t.Error("no level: want an error")
	}
}

func TestTargets(t *testing.T) {
	got, err := Targets()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for id, tg := range got {
		scored := slices.ContainsFunc(Frameworks(), func(f *Framework) bool { _, ok := f.DimensionOf(id); return ok })
		if e, ok := cat[id]; !scored || (ok && e.Direction == Neutral) {
			t.Errorf("target for %s, which is not scored (in a framework: %v, direction %q)", id, scored, e.Direction)
		}
		if tg.Basis == "" {
			t.Errorf("target for %s has no basis", id)
		}
	}
	if g := got["oecd.air_quality_pm2_5"]; g.Value != 5 {
		t.Errorf("PM2.5 target = %+v, want the WHO 2021 guideline of 5", g)
	}
	bad := []struct{ name, csv, wantErr string }{
		{"not a number", "indicator_id,target,basis\na,lots,WHO\n", `target of a is "lots", expected a number`},
		{"no basis", "indicator_id,target,basis\na,5,\n", "has no basis"},
		{"twice", "indicator_id,target,basis\na,5,x\na,6,y\n", `"a" listed twice`},
		{"header", "id,target\n", "header is"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readTargets(fstest.MapFS{"targets.csv": {Data: []byte(tc.csv)}})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}
