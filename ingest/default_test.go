package ingest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// defaultSources maps each default file to its publication and to the real file it was cut from.
var defaultSources = map[string]struct{ publication, real string }{
	"oecd-regional-wellbeing-2025-extract.xlsx":       {"oecd-regional-wellbeing", "oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx"},
	"ons-regional-gdp-itl-2023-extract.xlsx":          {"ons-gdp-itl", "ons/regionalgrossdomesticproductgdpallitlregions.xlsx"},
	"ons-subnational-indicators-2024-03-extract.xlsx": {"ons-subnational-indicators", "ons/subnatindicators_ninth_release_2024-03.xlsx"},
	"202105-ofcom-fixed-laua-coverage-extract.csv":    {"ofcom-fixed-coverage-laua", "connectivity/202105_fixed_laua_coverage_r01.csv"},
}

// TestDefaultDatasetFiles checks that the embedded dataset holds exactly the listed files, a
// README, and stays small enough to carry in the binary.
func TestDefaultDatasetFiles(t *testing.T) {
	fsys := data.DefaultFiles()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	total := int64(0)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		total += info.Size()
		if e.Name() != "README.md" {
			got = append(got, e.Name())
		}
	}
	want := data.DefaultFileNames()
	slices.Sort(got)
	sorted := slices.Sorted(slices.Values(want))
	if !slices.Equal(got, sorted) {
		t.Errorf("default files %q, want %q", got, sorted)
	}
	if _, err := fs.Stat(fsys, "README.md"); err != nil {
		t.Errorf("README.md: %v", err)
	}
	if total > 310_000 {
		t.Errorf("default dataset is %d bytes, want about 300 KB at most", total)
	}
	for _, name := range want {
		if _, ok := defaultSources[name]; !ok {
			t.Errorf("default file %s has no entry in defaultSources", name)
		}
	}
}

// TestDefaultDatasetReads reads every default file as `placevalue serve` would, and checks each
// observation against the real file it was cut from: same region, indicator, period, value and
// status.
func TestDefaultDatasetReads(t *testing.T) {
	ctx := context.Background()
	for _, name := range data.DefaultFileNames() {
		t.Run(name, func(t *testing.T) {
			src := defaultSources[name]
			f := openDefaultFile(t, name)
			r, err := Detect(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if r.Publication() != src.publication {
				t.Fatalf("detected as %s, want %s", r.Publication(), src.publication)
			}
			b, err := r.Read(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			checkBatchConsistent(t, b)
			published := 0
			for _, o := range b.Observations {
				if o.Value != nil {
					published++
				}
			}
			if published == 0 {
				t.Fatal("no values")
			}
			t.Logf("%d regions, %d indicators, %d observations (%d with a value)", len(b.Regions), len(b.Indicators), len(b.Observations), published)

			real := openRealTestFile(t, src.real)
			rb, err := r.Read(ctx, real)
			if err != nil {
				t.Fatal(err)
			}
			if b.Source.Vintage != rb.Source.Vintage || b.Source.Title != rb.Source.Title || b.Source.Publisher != rb.Source.Publisher {
				t.Errorf("source %+v, real file gives %+v", b.Source, rb.Source)
			}
			type key struct{ region, indicator, period string }
			obs := map[key]data.Observation{}
			regions, indicators, periods := map[string]bool{}, map[string]bool{}, map[string]bool{}
			for _, o := range b.Observations {
				obs[key{o.Region, o.Indicator, o.Period}] = o
				regions[o.Region], indicators[o.Indicator], periods[o.Period] = true, true, true
			}
			matched := 0
			for _, ro := range rb.Observations {
				o, ok := obs[key{ro.Region, ro.Indicator, ro.Period}]
				switch {
				case !ok && regions[ro.Region] && indicators[ro.Indicator] && periods[ro.Period]:
					t.Errorf("%s %s %s: in the real file, missing from the default file", ro.Region, ro.Indicator, ro.Period)
				case !ok:
				case ro.Status != o.Status || !sameValue(ro.Value, o.Value) || !sameValue(ro.Lower, o.Lower) || !sameValue(ro.Upper, o.Upper):
					t.Errorf("%s %s %s = %v (%s), real file has %v (%s)", o.Region, o.Indicator, o.Period, show(o.Value), o.Status, show(ro.Value), ro.Status)
				default:
					matched++
				}
			}
			if matched != len(b.Observations) {
				t.Errorf("%d of %d default observations found in the real file", matched, len(b.Observations))
			}
		})
	}
}

// TestDefaultDatasetValues spot-checks published figures in the default files.
func TestDefaultDatasetValues(t *testing.T) {
	f := openDefaultFile(t, "202105-ofcom-fixed-laua-coverage-extract.csv")
	b, err := OfcomCoverage{}.Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	// Every local authority, and the 12 shares of premises the default cut keeps of Ofcom's 38 measures.
	if len(b.Observations) != 374*12 {
		t.Errorf("%d observations, want %d", len(b.Observations), 374*12)
	}
	for _, tt := range []struct {
		region, indicator string
		want              float64
	}{
		{"S12000033", "ofcom.sfbb_availability_pct_premises", 94.4},
		{"W06000015", "ofcom.gigabit_availability_pct_premises", 81.9},
		{"E06000060", "ofcom.full_fibre_availability_pct_premises", 15.5},
	} {
		if o := findObservation(t, b, tt.region, tt.indicator, "2021-05"); *o.Value != tt.want {
			t.Errorf("%s %s = %v, want %v", tt.region, tt.indicator, *o.Value, tt.want)
		}
	}
}

// openDefaultFile copies a default file out of the embedded dataset under its own name (the Ofcom
// reader takes the data date from it) and opens it as ingest would.
func openDefaultFile(tb testing.TB, name string) *File {
	tb.Helper()
	content, err := fs.ReadFile(data.DefaultFiles(), name)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		tb.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func sameValue(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func show(v *float64) any {
	if v == nil {
		return "none"
	}
	return *v
}
