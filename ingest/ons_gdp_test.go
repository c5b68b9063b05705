package ingest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

func TestONSGDPReadReal(t *testing.T) {
	tests := []struct {
		file         string
		title        string
		observations int // computed from the tables' shapes, see each case
		indicators   int
	}{
		// Tables 1-11: 236 regions x 24 years; Table 12: 236 x 23; Table 13: 235 x 23.
		{onsGDPFile, "Regional gross domestic product (GDP): all International Territorial Level (ITL) regions",
			11*236*24 + 236*23 + 235*23, 13},
		// Years 1998-2021 except the growth tables 4 and 5 (1999-2021). Table 1: 236 regions;
		// per head tables 2, 3 and 5 leave out Extra-Regio (and Table 3 the UK, as UKX is 100);
		// Table 17: 235; Tables 6-16: 1,783 region x industry rows (UK, ITL1 and ITL2 only).
		{onsGVAFile, "Regional gross value added (balanced) per head and income components",
			236*24 + 235*24 + 234*24 + 236*23 + 235*23 + 11*1783*24 + 235*24, 5 + 11*33 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b := realSpreadsheetBatch(t, tt.file)
			if b.Source.Publisher != "ONS" || b.Source.Title != tt.title || b.Source.Vintage != "2023-04-25" ||
				b.Source.Licence != "Open Government Licence v3.0" || b.Source.Publication != "ons-gdp-itl" {
				t.Errorf("source %+v", b.Source)
			}
			if len(b.Observations) != tt.observations || len(b.Indicators) != tt.indicators {
				t.Errorf("%d observations, %d indicators; want %d, %d",
					len(b.Observations), len(b.Indicators), tt.observations, tt.indicators)
			}
			// 1 UK, England, 12 ITL1, 41 ITL2, 179 ITL3, Extra-Regio, UK less Extra-Regio.
			if len(b.Regions) != 236 {
				t.Errorf("%d regions, want 236", len(b.Regions))
			}
			for _, o := range b.Observations {
				if (o.Period == "2021") != (o.Status == data.StatusProvisional || o.Status == data.StatusSuppressed) {
					t.Fatalf("observation at %s, period %s: status %s; only 2021 is provisional", o.Cell, o.Period, o.Status)
				}
			}
		})
	}
}

func TestONSGDPValues(t *testing.T) {
	path := realSpreadsheet(t, onsGDPFile)
	b := realSpreadsheetBatch(t, onsGDPFile)

	// London's GDP per head in 2021, as the workbook stores it.
	wb, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	code, _ := wb.GetCellValue("Table 7", "B110")
	cell, err := wb.GetCellValue("Table 7", "AA110", excelize.Options{RawCellValue: true})
	if err != nil || code != "TLI" {
		t.Fatalf("Table 7 row 110 is %q, %v; want London", code, err)
	}
	published, err := strconv.ParseFloat(cell, 64)
	if err != nil || published != 59855 {
		t.Fatalf("Table 7 AA110 = %q, want 59855", cell)
	}

	tests := []struct {
		name                      string
		region, indicator, period string
		value                     *float64
		status                    data.Status
		cell                      string // sheet!ref
	}{
		{"London GDP per head 2021, the latest year", "TLI", "ons.gdp_per_head", "2021",
			data.Float(published), data.StatusProvisional, "Table 7!AA110"},
		{"London GDP per head 2020", "TLI", "ons.gdp_per_head", "2020",
			data.Float(54225), data.StatusPublished, "Table 7!Z110"},
		{"UK GDP per head 1998", "UK", "ons.gdp_per_head", "1998",
			data.Float(17090), data.StatusPublished, "Table 7!D3"},
		{"u: suppressed for low reliability", "UK", "ons.gdp_cvm_per_head_growth", "2021",
			nil, data.StatusSuppressed, "Table 13!Z3"},
		{"a growth rate's exact float", "UK", "ons.gdp_cvm_per_head_growth", "2018",
			data.Float(1.1000000000000001), data.StatusPublished, "Table 13!W3"},
		{"Extra-Regio", "TLZ", "ons.gdp_current_prices", "1998",
			data.Float(11870), data.StatusPublished, "Table 5!D237"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := observationAt(t, b, tt.region, tt.indicator, tt.period)
			if o.Status != tt.status {
				t.Errorf("status %s, want %s", o.Status, tt.status)
			}
			if (o.Value == nil) != (tt.value == nil) || (o.Value != nil && *o.Value != *tt.value) {
				t.Errorf("value %v, want %v", o.Value, tt.value)
			}
			if got := o.Cell.Sheet + "!" + o.Cell.Ref; got != tt.cell || o.Cell.File != b.Source.FileName {
				t.Errorf("cell %+v, want %s", o.Cell, tt.cell)
			}
		})
	}

	gdp := indicatorIn(t, b, "ons.gdp_per_head")
	want := data.Indicator{ID: "ons.gdp_per_head", Name: "Gross Domestic Product (GDP) per head at current market prices",
		Unit: "pounds", Direction: data.HigherIsBetter, Source: "ons-gdp-itl"}
	if gdp != want {
		t.Errorf("GDP per head is %+v, want %+v", gdp, want)
	}
	if ind := indicatorIn(t, b, "ons.gva_deflator"); ind.Unit != "2019 equals 100" || ind.Direction != data.Neutral {
		t.Errorf("deflator %+v", ind)
	}
	if ind := indicatorIn(t, b, "ons.gdp_cvm_per_head"); !strings.HasSuffix(ind.Name, "in 2019 money value, per head") || ind.Unit != "pounds" {
		t.Errorf("a title with two commas: %+v", ind)
	}
}

func TestONSGDPRegions(t *testing.T) {
	b := realSpreadsheetBatch(t, onsGDPFile)
	for _, want := range []data.Region{
		{Code: "UK", Name: "United Kingdom", Level: data.LevelUK, Country: "GBR"},
		{Code: "TLB", Name: "England", Level: data.LevelNation, Parent: "UK", Country: "GBR"},
		{Code: "TLI", Name: "London", Level: data.LevelITL1, Parent: "UK", Country: "GBR"},
		{Code: "TLC1", Name: "Tees Valley and Durham", Level: data.LevelITL2, Parent: "TLC", Country: "GBR"},
		{Code: "TLC11", Name: "Hartlepool and Stockton-on-Tees", Level: data.LevelITL3, Parent: "TLC1", Country: "GBR"},
		{Code: "TLN0G", Name: "Fermanagh and Omagh", Level: data.LevelITL3, Parent: "TLN0", Country: "GBR"},
		{Code: "TLZ", Name: "Extra-Regio", Level: data.LevelOther, Parent: "UK", Country: "GBR"},
		{Code: "UKX", Name: "United Kingdom less Extra-Regio", Level: data.LevelOther, Parent: "UK", Country: "GBR"},
	} {
		if got := regionIn(t, b, want.Code); got != want {
			t.Errorf("region %+v, want %+v", got, want)
		}
	}
}

func TestONSGVAIndustries(t *testing.T) {
	b := realSpreadsheetBatch(t, onsGVAFile)
	tests := []struct {
		id, name string
	}{
		{"ons.gva_by_industry.sic_total", "Gross value added (balanced) by industry at current basic prices: All industries (SIC07 Total)"},
		{"ons.gva_by_industry.sic_ci_26", "Gross value added (balanced) by industry at current basic prices: Manufacture of computer, electronic and optical products (SIC07 CI (26))"},
		{"ons.compensation_of_employees.sic_cd_ce_19_20", "Compensation of employees by industry at current basic prices: Manufacture of coke, refined petroleum and chemicals (SIC07 CD-CE (19-20))"},
		{"ons.statistical_discrepancy.sic_a_1_3", "Statistical discrepancy between income components and balanced GVA total: Agriculture, forestry and fishing (SIC07 A (1-3))"},
	}
	for _, tt := range tests {
		if ind := indicatorIn(t, b, tt.id); ind.Name != tt.name || ind.Unit != "pounds million" {
			t.Errorf("indicator %+v, want name %q", ind, tt.name)
		}
	}
	o := observationAt(t, b, "TLI", "ons.gva_per_head", "2021")
	if o.Value == nil || o.Status != data.StatusProvisional || o.Cell.Sheet != "Table 2" {
		t.Errorf("London GVA per head 2021: %+v", o)
	}
	if o := observationAt(t, b, "TLC1", "ons.gva_by_industry.sic_ca_10_12", "1998"); o.Value == nil || o.Cell.Sheet != "Table 6" {
		t.Errorf("an industry value: %+v", o)
	}
}

func TestSplitONSTitle(t *testing.T) {
	tests := []struct{ title, name, unit string }{
		{"Table 7: Gross Domestic Product (GDP) per head at current market prices, pounds [note 1]",
			"Gross Domestic Product (GDP) per head at current market prices", "pounds"},
		{"Table 8: Whole economy GVA implied deflators, 2019 equals 100 [note 1,2]", "Whole economy GVA implied deflators", "2019 equals 100"},
		{"Table 11: GDP CVM in 2019 money value, per head, pounds ", "GDP CVM in 2019 money value, per head", "pounds"},
		{"Population", "Population", ""},
	}
	for _, tt := range tests {
		if name, unit := splitONSTitle(tt.title); name != tt.name || unit != tt.unit {
			t.Errorf("splitONSTitle(%q) = %q, %q; want %q, %q", tt.title, name, unit, tt.name, tt.unit)
		}
	}
	if id := onsIndicatorID("Something New Per Head"); id != "ons.something_new_per_head" {
		t.Errorf("an unknown title gets id %s", id)
	}
}

func TestONSGDPRefusesBadRegions(t *testing.T) {
	info := testSheet{name: "Information", cells: map[string]any{"A1": "Regional GDP",
		"A2": "The latest year's data are provisional.", "A3": "These tables were published on 25 April 2023."}}
	tests := []struct {
		name  string
		cells map[string]any
		row   int
	}{
		{"an ITL2 region outside the ITL1 region above it", map[string]any{
			"A3": "ITL1", "B3": "TLC", "C3": "North East", "D3": 1,
			"A4": "ITL2", "B4": "TLD1", "C4": "Cumbria", "D4": 2}, 4},
		{"an unknown level", map[string]any{"A3": "NUTS1", "B3": "UKC", "C3": "North East", "D3": 1}, 3},
		{"text for a number", map[string]any{"A3": "UK", "B3": "UK", "C3": "United Kingdom", "D3": "about 5"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := map[string]any{"A1": "Table 1: GDP, pounds", "A2": "ITL", "B2": "ITL code", "C2": "Region name", "D2": "2021"}
			for k, v := range tt.cells {
				cells[k] = v
			}
			f := writeTestWorkbook(t, "gdp.xlsx", info, testSheet{name: "Table 1", cells: cells})
			if !(ONSGDP{}).Detect(context.Background(), f) {
				t.Fatal("not detected")
			}
			_, err := ONSGDP{}.Read(context.Background(), f)
			ie, ok := err.(*InputError)
			if !ok || ie.File != "gdp.xlsx" || ie.Sheet != "Table 1" || ie.Row != tt.row {
				t.Errorf("got %v, want an InputError for sheet Table 1, row %d", err, tt.row)
			}
		})
	}
}

func BenchmarkONSGDPRead(b *testing.B) {
	path := realSpreadsheet(b, onsGDPFile)
	for b.Loop() {
		if _, err := ReadFile(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkONSGVARead(b *testing.B) {
	path := realSpreadsheet(b, onsGVAFile)
	for b.Loop() {
		if _, err := ReadFile(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
}
