package ingest

import (
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// TestSNIValuesWithheldForQualityAreSuppressed finds, independently of the reader, every row of
// the real Subnational Indicators workbook whose Observation Status or Notes says the value was
// not published for data quality reasons (Medway's cancer diagnosis among them), and checks that
// each is stored as suppressed, without a value: withheld by the publisher, not missing.
func TestSNIValuesWithheldForQualityAreSuppressed(t *testing.T) {
	path := realSpreadsheet(t, onsSNIFile)
	wb, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	type place struct {
		sheet string
		row   int
	}
	withheld := map[place]string{} // -> area code
	for _, sheet := range wb.GetSheetList() {
		rows, err := wb.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		codeCol, noteCols := -1, []int(nil)
		for i, r := range rows {
			if codeCol < 0 {
				for j, c := range r {
					switch strings.TrimSpace(c) {
					case "Area Code":
						codeCol = j
					case "Observation Status", "Notes":
						noteCols = append(noteCols, j)
					}
				}
				if codeCol < 0 {
					noteCols = nil
				}
				continue
			}
			for _, j := range noteCols {
				if j < len(r) && codeCol < len(r) && strings.Contains(r[j], "not published for data quality reasons") {
					withheld[place{sheet, i + 1}] = strings.TrimSpace(r[codeCol])
				}
			}
		}
	}
	medway := false
	for p, code := range withheld {
		medway = medway || p.sheet == "Cancer diagnosis" && code == "E06000035"
	}
	if !medway {
		t.Fatalf("Medway (E06000035) is not among the %d figures found withheld for quality: %v", len(withheld), withheld)
	}

	b := realSpreadsheetBatch(t, onsSNIFile)
	got := map[place]data.Observation{}
	for _, o := range b.Observations {
		if _, ok := withheld[place{o.Cell.Sheet, o.Cell.Row()}]; ok {
			got[place{o.Cell.Sheet, o.Cell.Row()}] = o
		}
	}
	for p, code := range withheld {
		o, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s row %d (%s): no observation", p.sheet, p.row, code)
		case o.Status != data.StatusSuppressed || o.Value != nil:
			t.Errorf("%s row %d (%s): status %s, value %v; want suppressed, no value", p.sheet, p.row, code, o.Status, o.Value)
		}
	}
}

func TestSNIStatusText(t *testing.T) {
	tests := []struct {
		text string
		want data.Status
	}{
		{"Value not published for data quality reasons", data.StatusSuppressed},
		{"Value withheld to avoid disclosure", data.StatusSuppressed},
		{"Not published: confidential", data.StatusSuppressed},
		{"Value suppressed due to a base value of fewer than 5", data.StatusSuppressed},
		{"Value not published", data.StatusNotAvailable},
		{"Data not available for this area", data.StatusNotAvailable},
		{"Value suppressed with due to low reliability of estimate", data.StatusSuppressed},
		{"Estimate has low reliability", data.StatusLowReliability},
		{"Obsolete code since 2023 (replaced by E06000066 Somerset)", ""},
		{"Value for Hackney and City of London combined", ""},
	}
	for _, tt := range tests {
		if got := sniStatus(tt.text); got != tt.want {
			t.Errorf("sniStatus(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
