package ingest

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// An older ONS regional accounts release, published with NUTS 2016 codes, stores its values under
// the ITL 2021 codes of the same areas; an area whose boundary changed keeps its NUTS code.
func TestONSGDPNUTSCodesBecomeITL(t *testing.T) {
	info := testSheet{name: "Information", cells: map[string]any{"A1": "Regional GDP",
		"A2": "These tables were published on 12 December 2019."}}
	cells := map[string]any{"A1": "Table 1: GDP, pounds", "A2": "ITL", "B2": "ITL code", "C2": "Region name", "D2": "2018"}
	rows := [][]string{
		{"UK", "UK", "United Kingdom"},
		{"ITL1", "UKC", "North East"},
		{"ITL2", "UKC1", "Tees Valley and Durham"},
		{"ITL3", " UKC11", "Hartlepool and Stockton-on-Tees"}, // a stray space, as in the productivity file's ' UKX'
		{"ITL1", "UKK", "South West"},
		{"ITL2", "UKK2", "Dorset and Somerset"},
		{"ITL3", "UKK21", "Bournemouth and Poole"},
		{"ITL1", "UKN", "Northern Ireland"},
		{"ITL2", "UKN0", "Northern Ireland"},
		{"ITL3", "UKN10", "Derry City and Strabane"},
		{"Other", "UKZ", "Extra-Regio"},
	}
	for i, r := range rows {
		row := i + 3
		for j, v := range r {
			cells[string(rune('A'+j))+strconv.Itoa(row)] = v
		}
		cells["D"+strconv.Itoa(row)] = 100 + i
	}
	f := writeTestWorkbook(t, "gdp2019.xlsx", info, testSheet{name: "Table 1", cells: cells})
	b, err := Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range b.Regions {
		codes = append(codes, r.Code)
	}
	want := []string{"UK", "TLC", "TLC1", "TLC11", "TLK", "TLK2", "UKK21", "TLN", "TLN0", "TLN0A", "TLZ"}
	if !slices.Equal(codes, want) {
		t.Errorf("regions = %v, want %v", codes, want)
	}
	if r := regionIn(t, b, "UKK21"); r.SupersededIn != 2021 || r.Parent != "TLK2" {
		t.Errorf("UKK21 = %+v, want its own region in TLK2, superseded in 2021", r)
	}
	if r := regionIn(t, b, "TLN0A"); r.Parent != "TLN0" || r.Level != data.LevelITL3 {
		t.Errorf("TLN0A = %+v, want an ITL3 region in TLN0", r)
	}
	if o := observationAt(t, b, "TLC11", "ons.gdp", "2018"); o.Cell.Ref != "D6" || *o.Value != 103 {
		t.Errorf("TLC11 observation = %+v, want 103 from D6", o)
	}
	if len(b.UnknownRegions) != 0 {
		t.Errorf("unknown regions = %+v, want none", b.UnknownRegions)
	}
	if !slices.Equal(b.Sheets, []string{"Information", "Table 1"}) {
		t.Errorf("sheets = %v", b.Sheets)
	}
}

// A code the geography does not know is stored under the publisher's name and listed on the batch;
// old codes of reorganised districts are known.
func TestUnknownCodesAreListedNotDropped(t *testing.T) {
	content := "laua,laua_name,SFBB availability (% premises)\n" +
		"E06000999,NEW TOWN UNITARY,95.5\n" +
		" E07000004 ,AYLESBURY VALE,91.0\n" +
		"E06000060,BUCKINGHAMSHIRE,92.0\n"
	b, err := Read(context.Background(), openTestCSV(t, "202301_coverage.csv", content))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Regions) != 3 {
		t.Fatalf("regions = %+v, want all three stored", b.Regions)
	}
	if len(b.UnknownRegions) != 1 || b.UnknownRegions[0].Code != "E06000999" || b.UnknownRegions[0].Name != "New Town Unitary" {
		t.Errorf("unknown regions = %+v, want E06000999 New Town Unitary", b.UnknownRegions)
	}
	findObservation(t, b, "E06000999", "ofcom.sfbb_availability_pct_premises", "2023-01")
	if r := regionIn(t, b, "E07000004"); r.Name != "Aylesbury Vale" || r.SupersededIn != 2020 {
		t.Errorf("E07000004 = %+v, want Aylesbury Vale, superseded in 2020", r)
	}
	if b.Sheets != nil {
		t.Errorf("a CSV file has sheets %v", b.Sheets)
	}
}

// The real workbooks name the sheets they were read from, and every UK code in them is known
// except the Subnational Indicators' other geographies (police force areas, combined authorities,
// health boards...), which are listed.
func TestRealWorkbooksSheetsAndUnknownCodes(t *testing.T) {
	tests := []struct {
		file        string
		firstSheets []string
		sheets      int
		unknown     []string // some of the codes listed
		noUnknown   bool
	}{
		{oecdWellbeingFile, []string{"Indicator_Last", "Reference_year", "Score_Last"}, 3, nil, true},
		{onsGDPFile, []string{"Information", "Table 1", "Table 2"}, 14, nil, true},
		{onsGVAFile, []string{"Information", "Table 1"}, 18, nil, true},
		{onsSNIFile, []string{"Data dictionary", "Notes", "GVA per hour"}, 51, []string{"E23000001", "E47000001", "W11000023", "E13000001"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := realSpreadsheetBatch(t, tt.file)
			if len(b.Sheets) != tt.sheets || !slices.Equal(b.Sheets[:len(tt.firstSheets)], tt.firstSheets) {
				t.Errorf("sheets = %d %v, want %d starting %v", len(b.Sheets), b.Sheets, tt.sheets, tt.firstSheets)
			}
			if tt.noUnknown && len(b.UnknownRegions) > 0 {
				t.Errorf("unknown regions = %+v, want none", b.UnknownRegions)
			}
			for _, code := range tt.unknown {
				if !slices.ContainsFunc(b.UnknownRegions, func(r data.Region) bool { return r.Code == code && r.Name != "" }) {
					t.Errorf("%s is not listed as unknown by name", code)
				}
			}
			for _, r := range b.UnknownRegions {
				if r.Level == data.LevelLAD || r.Level == data.LevelCounty || r.Level == data.LevelITL1 {
					t.Errorf("unknown %s %s %s: every district, county and region of the release should be known", r.Level, r.Code, r.Name)
				}
			}
		})
	}
}
