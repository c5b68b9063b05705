package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestOfcomCoverageAnyYear rewrites the real May 2021 file into the shapes other years have
// (laua_code, Title Case or UPPER CASE names and headers, integer percentages, no Gigabit
// column, a UTF-8 BOM) and checks that each is detected and read with the same ids for the same
// columns and the same values.
func TestOfcomCoverageAnyYear(t *testing.T) {
	const name = "202105_fixed_laua_coverage_r01.csv"
	path := filepath.Join(realDataDir, "connectivity", name)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("real data file %s not available: %v", path, err)
	}
	records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, content []byte) *data.Batch {
		t.Helper()
		f, err := NewFile(name, content)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Read(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if b.Source.Publication != "ofcom-fixed-coverage-laua" || b.Source.Vintage != "2021-05" {
			t.Fatalf("source %+v", b.Source)
		}
		checkBatchConsistent(t, b)
		return b
	}
	base := read(t, raw)
	baseValues := map[string]float64{}
	for _, o := range base.Observations {
		baseValues[o.Region+" "+o.Indicator] = *o.Value
	}
	gigabit := []string{"ofcom.gigabit_availability_pct_premises", "ofcom.number_of_premises_with_gigabit_availability"}

	isPct := func(label string) bool { return strings.Contains(label, "%") }
	tests := []struct {
		name    string
		rewrite func(records [][]string) [][]string
		bom     bool
		dropped []string // ids of columns the variant leaves out
		rounded bool     // percentages published as integers
	}{
		{name: "laua_code", rewrite: func(r [][]string) [][]string { r[0][0] = "laua_code"; return r }},
		{name: "UPPER CASE headers", rewrite: func(r [][]string) [][]string {
			for j := range r[0] {
				r[0][j] = strings.ToUpper(r[0][j])
			}
			return r
		}},
		{name: "Title Case headers and names", rewrite: func(r [][]string) [][]string {
			for j := range r[0] {
				r[0][j] = titleWords(r[0][j])
			}
			for _, rec := range r[1:] {
				rec[1] = titleCaseName(rec[1])
			}
			return r
		}},
		{name: "integer percentages", rounded: true, rewrite: func(r [][]string) [][]string {
			for j, label := range r[0] {
				if !isPct(label) {
					continue
				}
				for _, rec := range r[1:] {
					v, err := strconv.ParseFloat(rec[j], 64)
					if err != nil {
						t.Fatal(err)
					}
					rec[j] = strconv.Itoa(int(math.Round(v)))
				}
			}
			return r
		}},
		{name: "no Gigabit columns", dropped: gigabit, rewrite: func(r [][]string) [][]string {
			for _, label := range []string{"Gigabit availability (% premises)", "Number of premises with Gigabit availability"} {
				j := slices.Index(r[0], label)
				if j < 0 {
					t.Fatalf("no column %q", label)
				}
				for i := range r {
					r[i] = slices.Delete(r[i], j, j+1)
				}
			}
			return r
		}},
		{name: "UTF-8 BOM", bom: true, rewrite: func(r [][]string) [][]string { return r }},
		{name: "BOM, laua_code, UPPER CASE, no Gigabit", bom: true, dropped: gigabit, rewrite: func(r [][]string) [][]string {
			for _, label := range []string{"Gigabit availability (% premises)", "Number of premises with Gigabit availability"} {
				j := slices.Index(r[0], label)
				for i := range r {
					r[i] = slices.Delete(r[i], j, j+1)
				}
			}
			r[0][0] = "LAUA_CODE"
			for j := range r[0] {
				r[0][j] = strings.ToUpper(r[0][j])
			}
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			copied := make([][]string, len(records))
			for i, rec := range records {
				copied[i] = slices.Clone(rec)
			}
			var buf bytes.Buffer
			if tt.bom {
				buf.WriteString("\uFEFF")
			}
			w := csv.NewWriter(&buf)
			if err := w.WriteAll(tt.rewrite(copied)); err != nil {
				t.Fatal(err)
			}
			b := read(t, buf.Bytes())

			var wantIDs, gotIDs []string
			for _, ind := range base.Indicators {
				if !slices.Contains(tt.dropped, ind.ID) {
					wantIDs = append(wantIDs, ind.ID)
				}
			}
			pct := map[string]bool{}
			for _, ind := range b.Indicators {
				gotIDs = append(gotIDs, ind.ID)
				pct[ind.ID] = ind.Unit == "% of premises"
			}
			if !slices.Equal(gotIDs, wantIDs) {
				t.Fatalf("ids\n%v\nwant\n%v", gotIDs, wantIDs)
			}
			if len(b.Regions) != len(base.Regions) || len(b.Observations) != len(base.Regions)*len(wantIDs) {
				t.Errorf("%d regions, %d observations; want %d, %d", len(b.Regions), len(b.Observations), len(base.Regions), len(base.Regions)*len(wantIDs))
			}
			for i, r := range b.Regions {
				if r != base.Regions[i] {
					t.Fatalf("region %+v, want %+v", r, base.Regions[i])
				}
			}
			for _, o := range b.Observations {
				want, ok := baseValues[o.Region+" "+o.Indicator]
				if tt.rounded && pct[o.Indicator] {
					want = math.Round(want)
				}
				if !ok || o.Value == nil || *o.Value != want || o.Status != data.StatusPublished {
					t.Fatalf("%s %s = %v (%s), want %v", o.Region, o.Indicator, o.Value, o.Status, want)
				}
			}
		})
	}
}

// titleWords capitalises the first letter of each word: "SFBB availability (% premises)" gives
// "SFBB Availability (% Premises)".
func titleWords(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		for k, r := range w {
			if r >= 'a' && r <= 'z' {
				words[i] = w[:k] + strings.ToUpper(string(r)) + w[k+1:]
			}
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				break
			}
		}
	}
	return strings.Join(words, " ")
}
