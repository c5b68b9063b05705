package data

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCanonicalUKRegions(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code, wantCode, wantName string
		wantLevel                Level
	}{
		{"UKC", "TLC", "North East", LevelITL1},      // OECD TL2 / NUTS 2016 code
		{"TLH", "TLH", "East of England", LevelITL1}, // ONS publishes "East"
		{"E12000007", "TLI", "London", LevelITL1},    // GSS region code
		{" ukm ", "TLM", "Scotland", LevelITL1},      // stray spaces and case
		{"W92000004", "TLL", "Wales", LevelITL1},
		{"K02000001", "UK", "United Kingdom", LevelUK},
		{"GBR", "UK", "United Kingdom", LevelUK},
		{"E92000001", "TLB", "England", LevelNation},
		// NUTS 2016 codes: the rule UK -> TL, and its exceptions.
		{"UKC11", "TLC11", "Hartlepool and Stockton-on-Tees", LevelITL3},
		{"UKC1", "TLC1", "Tees Valley and Durham", LevelITL2},
		{" ukz", "TLZ", "Extra-Regio", LevelOther},
		{"UKN10", "TLN0A", "Derry City and Strabane", LevelITL3}, // recoded: ITL3 codes have five characters
		{"UKK21", "UKK21", "Bournemouth and Poole", LevelITL3},   // boundary changed: its own, superseded region
		{"UKX", "UKX", "United Kingdom less Extra-Regio", LevelOther},
		{"K99000002", "UKX", "United Kingdom less Extra-Regio", LevelOther},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			r, ok := geo.Canonical(tt.code)
			if !ok || r.Code != tt.wantCode || r.Name != tt.wantName || r.Level != tt.wantLevel {
				t.Fatalf("Canonical(%q) = %+v, %v; want %s %q %s", tt.code, r, ok, tt.wantCode, tt.wantName, tt.wantLevel)
			}
		})
	}
	for _, code := range []string{"UKQ", "TLQ", "UKC99", "UKX1", "E12000010"} {
		if r, ok := geo.Canonical(code); ok {
			t.Errorf("unknown code %s resolved to %+v", code, r)
		}
	}
	if n := len(geo.ITL1()); n != 12 {
		t.Errorf("ITL1 regions = %d, want 12", n)
	}
}

func TestLADRollUp(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lad, parent, name string }{
		{"E09000001", "TLI", "City of London"},
		{"E06000060", "TLJ", "Buckinghamshire"}, // created 2020
		{"E06000065", "TLE", "North Yorkshire"}, // created 2023
		{"S12000033", "TLM", "Aberdeen City"},   // Scotland
		{"W06000015", "TLL", "Cardiff"},         // Wales
		{"N09000003", "TLN", "Belfast"},         // Northern Ireland
		{"E07000004", "TLJ", "Aylesbury Vale"},  // abolished 2020, still in older releases
		{"E08000037", "TLC", "Gateshead"},       // recoded 2013
	}
	for _, tt := range tests {
		r, ok := geo.LAD(tt.lad)
		if !ok || r.Parent != tt.parent || r.Name != tt.name || r.Level != LevelLAD {
			t.Errorf("LAD(%s) = %+v, %v; want %q in %s", tt.lad, r, ok, tt.name, tt.parent)
		}
	}
}

func TestCatalogueIsValid(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Frameworks() {
		for _, m := range f.Members {
			if e, ok := cat[m.Indicator]; ok && e.Direction == Neutral {
				t.Errorf("framework %s counts %s in %s, but the catalogue calls it neutral: it could never be scored", f.ID, m.Indicator, m.Dimension)
			}
		}
	}
}

func TestLocalAuthorityChanges(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code           string
		supersededIn   int
		steps          []string // "old>new@year", in order
		wantSuccessors []string
	}{
		{"E07000004", 2020, []string{"E07000004>E06000060@2020"}, []string{"E06000060"}},                                          // Aylesbury Vale
		{"E10000006", 2023, []string{"E10000006>E06000063@2023", "E10000006>E06000064@2023"}, []string{"E06000063", "E06000064"}}, // Cumbria split
		{"E07000190", 2019, []string{"E07000190>E07000246@2019", "E07000246>E06000066@2023"}, []string{"E06000066"}},              // Taunton Deane, twice
		{"E10000021", 2021, []string{"E10000021>E06000061@2021", "E10000021>E06000062@2021"}, []string{"E06000061", "E06000062"}},
		{"E10000009", 2019, []string{"E10000009>E06000059@2019", "E10000009>E06000058@2019"}, []string{"E06000058", "E06000059"}}, // Christchurch went to BCP
		{"S12000046", 2019, []string{"S12000046>S12000049@2019"}, []string{"S12000049"}},                                          // Glasgow recoded
		{"S12000015", 2018, []string{"S12000015>S12000047@2018"}, []string{"S12000047"}},                                          // Fife recoded
		{"E08000020", 2013, []string{"E08000020>E08000037@2013"}, []string{"E08000037"}},                                          // Gateshead recoded
		{"E07000169", 2023, []string{"E07000169>E06000065@2023"}, []string{"E06000065"}},                                          // Selby
		{"UKK22", 2021, []string{"UKK22>TLK25@2021", "UKK22>TLK24@2021"}, []string{"TLK24", "TLK25"}},                             // NUTS area whose boundary changed
		{"E06000060", 0, nil, nil}, // Buckinghamshire is current
		{" e06000066 ", 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			r, ok := geo.Lookup(tt.code)
			if !ok || r.SupersededIn != tt.supersededIn {
				t.Fatalf("Lookup(%q) = %+v, %v; want superseded in %d", tt.code, r, ok, tt.supersededIn)
			}
			var steps []string
			for _, ch := range geo.Changes(tt.code) {
				steps = append(steps, fmt.Sprintf("%s>%s@%d", ch.OldCode, ch.NewCode, ch.Year))
				if ch.OldName == "" || ch.NewName == "" {
					t.Errorf("change %+v has no names", ch)
				}
			}
			if !slices.Equal(steps, tt.steps) {
				t.Errorf("Changes = %v, want %v", steps, tt.steps)
			}
			var got []string
			for _, s := range geo.Successors(tt.code) {
				got = append(got, s.Code)
				if s.SupersededIn != 0 {
					t.Errorf("successor %s is itself superseded", s.Code)
				}
			}
			if !slices.Equal(got, tt.wantSuccessors) {
				t.Errorf("Successors = %v, want %v", got, tt.wantSuccessors)
			}
		})
	}
}

func TestUnknownRegions(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	regions := []Region{
		{Code: "E06000099", Name: "Nowhere", Level: LevelLAD, Country: "GBR"},
		{Code: "E07000004", Name: "AYLESBURY VALE", Level: LevelLAD, Country: "GBR"}, // superseded, but known
		{Code: "E23000001", Name: "Metropolitan Police", Level: LevelOther, Country: "GBR"},
		{Code: "TLC11", Name: "Hartlepool", Level: LevelITL3, Country: "GBR"},
		{Code: "E11000007", Name: "Tyne and Wear (Met County)", Level: LevelCounty, Country: "GBR"},
		{Code: "FR1", Name: "Ile-de-France", Level: LevelOECDTL2, Country: "FRA"}, // not a UK code
		{Code: "AUS", Name: "Australia", Level: LevelOECDCountry, Country: "AUS"},
	}
	var got []string
	for _, r := range geo.Unknown(regions) {
		got = append(got, r.Code+" "+r.Name)
	}
	if want := []string{"E06000099 Nowhere", "E23000001 Metropolitan Police"}; !slices.Equal(got, want) {
		t.Errorf("Unknown = %v, want %v", got, want)
	}
}

// realCodes is the folder of real ONS code lists, beside the repository.
const realCodes = "../../shared/data/real"

func openReal(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(realCodes, rel))
	if err != nil {
		t.Skipf("real file %s not available (%v): this test needs the shared real files in ../shared/data/real", rel, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestNUTSToITLAgainstONSLookup checks the UK -> TL rule and its exceptions against the ONS lookup
// of 2018 districts to NUTS 2016 regions: every NUTS code resolves, to TL+rest unless it is an
// exception, and every district lies in the ITL1 region of its NUTS1 region.
func TestNUTSToITLAgainstONSLookup(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(openReal(t, "codes/LAD18_LAU118_NUTS318_NUTS218_NUTS118_UK_LU.csv")).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	exceptions := map[string]string{"UKN10": "TLN0A", "UKN11": "TLN0B", "UKN12": "TLN0C", "UKN13": "TLN0D",
		"UKN14": "TLN0E", "UKN15": "TLN0F", "UKN16": "TLN0G", "UKK21": "UKK21", "UKK22": "UKK22"}
	for _, rec := range recs[1:] {
		for _, col := range []int{4, 6, 8} { // NUTS3, NUTS2, NUTS1 codes
			nuts := rec[col]
			want, ok := exceptions[nuts]
			if !ok {
				want = "TL" + nuts[2:]
			}
			if r, ok := geo.Canonical(nuts); !ok || r.Code != want {
				t.Errorf("Canonical(%s) = %q, %v; want %s", nuts, r.Code, ok, want)
			}
		}
		lad, ok := geo.LAD(rec[0])
		if itl1, _ := geo.Canonical(rec[8]); !ok || lad.Parent != itl1.Code {
			t.Errorf("LAD(%s) = %+v, %v; want it in %s", rec[0], lad, ok, itl1.Code)
		}
	}
}

// TestDistrictsAgainstONS checks the districts against ONS's own lists: every district of the
// December 2023 boundaries is known and current, and every district and county that the ONS
// "Explore local statistics" list ends by 2023 is superseded in the year after its last one.
func TestDistrictsAgainstONS(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	var boundaries struct {
		Features []struct {
			Properties struct{ LAD23CD, LAD23NM string }
		}
	}
	if err := json.NewDecoder(openReal(t, "geo/Local_Authority_Districts_December_2023_Boundaries_UK_BUC.geojson")).Decode(&boundaries); err != nil {
		t.Fatal(err)
	}
	for _, f := range boundaries.Features {
		if r, ok := geo.LAD(f.Properties.LAD23CD); !ok || r.SupersededIn != 0 {
			t.Errorf("2023 district %s %s: LAD = %+v, %v; want a current district", f.Properties.LAD23CD, f.Properties.LAD23NM, r, ok)
		}
	}
	if len(boundaries.Features) != 361 {
		t.Errorf("%d districts in the 2023 boundaries, want 361", len(boundaries.Features))
	}

	type area struct {
		Properties struct {
			Areacd, Areanm string
			End            int
		}
	}
	var topo struct {
		Objects map[string]struct{ Geometries []area }
	}
	if err := json.NewDecoder(openReal(t, "geo/ons_els_areas_topo.json")).Decode(&topo); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, layer := range []string{"ltla", "cty", "mcty"} {
		for _, a := range topo.Objects[layer].Geometries {
			p := a.Properties
			if p.End == 0 || p.End >= 2024 {
				// Current, or the April 2025 Barnsley and Sheffield recodes (see lad_changes.csv).
				continue
			}
			checked++
			if r, ok := geo.Lookup(p.Areacd); !ok || r.SupersededIn != p.End+1 {
				t.Errorf("%s %s %s, last in %d: Lookup = %+v, %v; want superseded in %d", layer, p.Areacd, p.Areanm, p.End, r, ok, p.End+1)
			}
		}
	}
	if checked < 50 {
		t.Errorf("checked only %d ended areas", checked)
	}
}

// TestDistrictITL3AgainstONS checks lad_itl3.csv against the ONS lookup of December 2018 districts
// to NUTS3 areas: a district of 2018 that is still current lies in the ITL3 area of its NUTS3 area
// (NUTS 2016 codes become ITL 2021 codes as the geography maps them), and every current district of
// 2023 has an ITL3 area but Cumberland and Westmorland and Furness, which straddle two.
func TestDistrictITL3AgainstONS(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(openReal(t, "codes/LAD18_LAU118_NUTS318_NUTS218_NUTS118_UK_LU.csv")).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	// A district in several NUTS3 areas (the lookup has a row for each part) has no ITL3 area.
	areas := map[string]map[string]bool{}
	for _, r := range recs[1:] {
		lad, nuts3 := r[col["LAD18CD"]], r[col["NUTS318CD"]]
		if d, ok := geo.LAD(lad); !ok || d.SupersededIn != 0 {
			continue
		}
		c, ok := geo.Canonical(nuts3)
		if !ok {
			t.Fatalf("NUTS3 %s of %s unknown", nuts3, lad)
		}
		if areas[lad] == nil {
			areas[lad] = map[string]bool{}
		}
		areas[lad][c.Code] = true
	}
	straddling := map[string]bool{"E06000063": true, "E06000064": true} // Cumbria, 2023
	for lad, in := range areas {
		got, has := geo.ITL3Of(lad)
		switch {
		case len(in) > 1:
			straddling[lad] = true
			if has {
				t.Errorf("%s lies in %d ITL3 areas, but lad_itl3.csv gives %s", lad, len(in), got)
			}
		case !has || !in[got]:
			t.Errorf("%s: ITL3 %q, %v; want %v", lad, got, has, in)
		}
	}
	if len(areas) < 300 || len(straddling) != 5 {
		t.Errorf("checked %d districts of 2018, %d straddling; want most districts and 5 straddling", len(areas), len(straddling))
	}
	var boundaries struct {
		Features []struct{ Properties struct{ LAD23CD string } }
	}
	if err := json.NewDecoder(openReal(t, "geo/Local_Authority_Districts_December_2023_Boundaries_UK_BUC.geojson")).Decode(&boundaries); err != nil {
		t.Fatal(err)
	}
	for _, f := range boundaries.Features {
		code := f.Properties.LAD23CD
		if _, has := geo.ITL3Of(code); has == straddling[code] {
			t.Errorf("2023 district %s: has an ITL3 area %v, want %v", code, has, !straddling[code])
		}
	}
	for code, want := range map[string]string{"E06000060": "TLJ13", "E06000065": "TLE22", "E06000058": "TLK24", "E06000059": "TLK25"} {
		if got, _ := geo.ITL3Of(code); got != want {
			t.Errorf("ITL3 of %s = %q, want %q", code, got, want)
		}
	}
}
