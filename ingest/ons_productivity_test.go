package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// writeProductivityWorkbook writes a workbook in the layout of ONS "Subregional productivity:
// labour productivity indices by ITL region" (labourproductivityitls.xls saved as .xlsx): a
// Contents sheet, then table sheets with title, subtitle, unit, a blank row and the header
// ITL_level | ITL_code | Region_name | Index_2004 ... in row 5.
func writeProductivityWorkbook(t *testing.T) string {
	t.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	if err := wb.SetSheetName("Sheet1", "Contents"); err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell string, values []any) {
		t.Helper()
		if err := wb.SetSheetRow(sheet, cell, &values); err != nil {
			t.Fatal(err)
		}
	}
	set("Contents", "A1", []any{"Contents"})
	set("Contents", "A3", []any{"This workbook provides the references tables published with the ONS Subregional Productivity June 2024 release."})
	set("Contents", "A5", []any{"Table A2: Current Price (unsmoothed) GVA (B) per hour worked indices"})

	table := func(sheet, title, unit, word string, rows [][]any) {
		t.Helper()
		if _, err := wb.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		set(sheet, "A1", []any{title})
		set(sheet, "A2", []any{"Note 1: Data are current price; ie, data are not adjusted for inflation."})
		if unit != "" {
			set(sheet, "A3", []any{unit})
		}
		set(sheet, "A5", []any{"ITL_level", "ITL_code", "Region_name", word + "_2004", word + "_2005", word + "_2006"})
		for i, r := range rows {
			set(sheet, "A"+string(rune('6'+i)), r)
		}
	}
	table("A2", "Table A2: Current Price (unsmoothed) GVA (B) per hour worked indices; ITL2 and ITL3 subregions,  2004 - 2020",
		"UK=100", "Index", [][]any{
			{"UK", "UKX", "United Kingdom less Extra-Regio", 100.0, 100.0, 100.0},
			{"ITL1", "UKC", "North East", 84.1, 84.6, 85.2},
			{"ITL2", "UKC1", "Tees Valley and Durham", 83.0, 83.9, "[x]"},
			{"ITL3", "UKC11", "Hartlepool and Stockton-on-Tees", 88.4, 87.2, 86.9},
		})
	table("A3", "Table A3: Current Price (smoothed) GVA (B) per hour worked (£); ITL2 and ITL3 subregions,  2004 - 2020",
		"", "Pounds", [][]any{
			{"UK", "UKX", "United Kingdom less Extra-Regio", 25.6, 26.5, 27.4},
			{"ITL1", "UKC", "North East", 21.5, 22.4, 23.3},
		})
	table("Productivity Hours", "Productivity Hours", "", "Hours", [][]any{
		{"UK", " UKX", "United Kingdom less Extra-Regio", 48500.5, 48900.25, 49300.0},
	})
	path := filepath.Join(t.TempDir(), "labourproductivityitls.xlsx")
	if err := wb.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestONSProductivityReadsWorkbook(t *testing.T) {
	path := writeProductivityWorkbook(t)
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Detect(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if r.Publication() != "ons-productivity-itl" {
		t.Fatalf("detected as %s", r.Publication())
	}
	b, err := ReadFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	checkBatchConsistent(t, b)
	if b.Source.Publication != "ons-productivity-itl" || b.Source.Vintage != "2024-06" || b.Source.Publisher != "ONS" {
		t.Errorf("source %+v", b.Source)
	}
	if want := []string{"Contents", "A2", "A3", "Productivity Hours"}; len(b.Sheets) != len(want) {
		t.Errorf("sheets %q, want %q", b.Sheets, want)
	}

	regions := map[string]data.Region{}
	for _, reg := range b.Regions {
		regions[reg.Code] = reg
	}
	for code, level := range map[string]data.Level{"UKX": data.LevelOther, "TLC": data.LevelITL1, "TLC1": data.LevelITL2, "TLC11": data.LevelITL3} {
		if reg, ok := regions[code]; !ok || reg.Level != level {
			t.Errorf("region %s = %+v (found %v), want level %s", code, reg, ok, level)
		}
	}
	if len(regions) != 4 {
		t.Errorf("regions %v, want UKX, TLC, TLC1, TLC11", regions)
	}

	units := map[string]string{}
	for _, ind := range b.Indicators {
		units[ind.ID] = ind.Unit
	}
	wantUnits := map[string]string{"ons.gva_per_hour_index": "UK=100", "ons.gva_per_hour_smoothed": "£", "ons.hours_worked": "hours"}
	if len(units) != len(wantUnits) {
		t.Errorf("indicators %v, want %v", units, wantUnits)
	}
	for id, unit := range wantUnits {
		if units[id] != unit {
			t.Errorf("indicator %s has unit %q, want %q", id, units[id], unit)
		}
	}

	if n := 4*3 + 2*3 + 3; len(b.Observations) != n {
		t.Errorf("%d observations, want %d", len(b.Observations), n)
	}
	for _, v := range []struct {
		region, indicator, period string
		want                      float64
		sheet, ref                string
	}{
		{"UKX", "ons.gva_per_hour_index", "2004", 100, "A2", "D6"},
		{"TLC", "ons.gva_per_hour_index", "2005", 84.6, "A2", "E7"},
		{"TLC11", "ons.gva_per_hour_index", "2006", 86.9, "A2", "F9"},
		{"TLC", "ons.gva_per_hour_smoothed", "2006", 23.3, "A3", "F7"},
		{"UKX", "ons.hours_worked", "2005", 48900.25, "Productivity Hours", "E6"},
	} {
		o := findObservation(t, b, v.region, v.indicator, v.period)
		if o.Value == nil || *o.Value != v.want || o.Status != data.StatusPublished || o.Cell.Sheet != v.sheet || o.Cell.Ref != v.ref {
			t.Errorf("%s %s %s = %+v, want %v at %s!%s", v.region, v.indicator, v.period, o, v.want, v.sheet, v.ref)
		}
	}
	if o := findObservation(t, b, "TLC1", "ons.gva_per_hour_index", "2006"); o.Value != nil || o.Status == data.StatusPublished {
		t.Errorf("[x] read as %+v, want no value and a marker status", o)
	}
}

func TestProductivityIndicatorIDs(t *testing.T) {
	for _, tt := range []struct{ title, word, id string }{
		{"Table A1: Current Price (smoothed) GVA (B) per hour worked indices; ITL2 and ITL3 subregions, 2004 - 2022", "Index", "ons.gva_per_hour_index_smoothed"},
		{"Table A2: Nominal (unsmoothed) GVA (B) per hour worked indices; ITL2 and ITL3 subregions,  2004 - 2020", "Index", "ons.gva_per_hour_index"},
		{"Table A4: Current Price (unsmoothed) GVA (B) per hour worked (£); ITL2 and ITL3 subregions", "Pounds", "ons.gva_per_hour"},
		{"Table A5: Real (unsmoothed) GVA (B) per hour worked indices; ITL2 and ITL3 subregions,  2004 - 2020", "Index", "ons.gva_per_hour_cvm_index"},
		{"Table B5: Chained Volume (unsmoothed) GVA (B) per filled job indices; ITL2 and ITL3 subregions, 2002 - 2022", "Index", "ons.gva_per_job_cvm_index"},
		{"Table B3: Nominal (smoothed) GVA (B) per filled job (£); NUTS 2 and NUTS 3 subregions", "Pounds", "ons.gva_per_job_smoothed"},
		{"Productivity Jobs", "Jobs", "ons.filled_jobs"},
	} {
		if got := productivityIndicator(tt.title, tt.word, "S", "").ID; got != tt.id {
			t.Errorf("%q: id %s, want %s", tt.title, got, tt.id)
		}
	}
}
