package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// Real published spreadsheets, relative to the shared folder of real files (see its MANIFEST.md).
const (
	oecdWellbeingFile = "oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx"
	onsGDPFile        = "ons/regionalgrossdomesticproductgdpallitlregions.xlsx"
	onsGVAFile        = "ons/regionalgrossvalueaddedbalancedperheadandincomecomponents.xlsx"
	onsSNIFile        = "ons/subnatindicators_ninth_release_2024-03.xlsx"
)

// realSpreadsheet returns the path of a real published file, or skips the test when the shared
// folder of real files is not next to the repository.
func realSpreadsheet(tb testing.TB, rel string) string {
	tb.Helper()
	path := filepath.Join("..", "..", "shared", "data", "real", rel)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("real data file %s not available (%v): these tests need the shared real files in ../shared/data/real", path, err)
	}
	return path
}

var realBatches sync.Map // path -> *data.Batch: each real file is read once per test binary

// realSpreadsheetBatch reads a real file through ReadFile (detection included), checks the batch
// as the warehouse would, and shares it between tests. Tests must not change it.
func realSpreadsheetBatch(t *testing.T, rel string) *data.Batch {
	t.Helper()
	path := realSpreadsheet(t, rel)
	if b, ok := realBatches.Load(path); ok {
		return b.(*data.Batch)
	}
	b, err := ReadFile(context.Background(), path)
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	checkSpreadsheetBatch(t, b)
	realBatches.Store(path, b)
	return b
}

// checkSpreadsheetBatch checks that every observation's region and indicator are declared once in
// the batch, that values agree with statuses, and everything else the warehouse checks.
func checkSpreadsheetBatch(t *testing.T, b *data.Batch) {
	t.Helper()
	regions, indicators := map[string]bool{}, map[string]bool{}
	for _, r := range b.Regions {
		if regions[r.Code] {
			t.Errorf("region %s declared twice", r.Code)
		}
		regions[r.Code] = true
	}
	for _, ind := range b.Indicators {
		if indicators[ind.ID] {
			t.Errorf("indicator %s declared twice", ind.ID)
		}
		indicators[ind.ID] = true
	}
	for _, o := range b.Observations {
		if !regions[o.Region] || !indicators[o.Indicator] {
			t.Fatalf("observation at %s: region %q or indicator %q not in the batch", o.Cell, o.Region, o.Indicator)
		}
		if (o.Value != nil) != o.Status.HasValue() {
			t.Fatalf("observation at %s: value %v does not agree with status %s", o.Cell, o.Value, o.Status)
		}
	}
	if err := data.Validate(b); err != nil {
		t.Fatal(err)
	}
}

// observationAt finds the one observation of a region, indicator and period.
func observationAt(t *testing.T, b *data.Batch, region, indicator, period string) data.Observation {
	t.Helper()
	for _, o := range b.Observations {
		if o.Region == region && o.Indicator == indicator && o.Period == period {
			return o
		}
	}
	t.Fatalf("no observation for %s %s %s", region, indicator, period)
	return data.Observation{}
}

func regionIn(t *testing.T, b *data.Batch, code string) data.Region {
	t.Helper()
	for _, r := range b.Regions {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no region %s in the batch", code)
	return data.Region{}
}

func indicatorIn(t *testing.T, b *data.Batch, id string) data.Indicator {
	t.Helper()
	for _, ind := range b.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	t.Fatalf("no indicator %s in the batch", id)
	return data.Indicator{}
}

// testSheet is one sheet of a workbook written for a test: cell reference -> value.
type testSheet struct {
	name      string
	cells     map[string]any
	dimension string // a declared used range, "" for excelize's own
}

// writeTestWorkbook writes a workbook with excelize into a temporary folder and opens it as
// ingest would.
func writeTestWorkbook(tb testing.TB, name string, sheets ...testSheet) *File {
	tb.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := wb.SetSheetName("Sheet1", s.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := wb.NewSheet(s.name); err != nil {
			tb.Fatal(err)
		}
		for ref, v := range s.cells {
			if err := wb.SetCellValue(s.name, ref, v); err != nil {
				tb.Fatal(err)
			}
		}
		if s.dimension != "" {
			if err := wb.SetSheetDimension(s.name, s.dimension); err != nil {
				tb.Fatal(err)
			}
		}
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := wb.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// tableRows reads a whole table: each row's number and cells.
func tableRows(t *testing.T, tb *Table) []Line {
	t.Helper()
	var out []Line
	for tb.Next() {
		out = append(out, tb.Row())
	}
	if err := tb.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTableFindsHeaderByLabels(t *testing.T) {
	// The sheet declares a used range of thousands of columns, as the OECD's sheets do.
	f := writeTestWorkbook(t, "layout.xlsx", testSheet{name: "Data", dimension: "A1:WVZ555", cells: map[string]any{
		"H1": "RETURN TO HOME",
		"F4": "Indicators values - 2024 or last available year",
		// The table starts in column B, under a title; row 6 is blank.
		"B7": "Country", "C7": "Region", "D7": "Code", "E7": "Income [note 1]", "F7": "Jobs",
		"E8": "USD PPP", "F8": "%",
		"B9": "Australia", "C9": "New South Wales", "D9": "AU1", "E9": 41725.3, "F9": "N/A",
		// A stray cell beyond the header's extent is not part of the table.
		"B10": "Australia", "C10": "Victoria", "D10": "AU2", "E10": "36705.2", "F10": 77.2, "Z10": "stray",
		// Row 11 is blank; then the countries repeat the header, with their own units row.
		"B12": "Country", "E12": "Income", "F12": "Jobs",
		"E13": "USD PPP", "F13": "%",
		"C14": "Australia", "D14": "AUS", "E14": 39871.9, "F14": 76.3,
		// Blank rows, then footnotes.
		"B18": ".. = not available.",
		"B20": "Information on data for Israel:", "E20": "http://dx.doi.org/10.1787/888932315602",
	}})
	tb, err := OpenTable(context.Background(), f, "Data", "Country", "Region", "Code")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if tb.HeaderRow != 7 {
		t.Errorf("header row %d, want 7", tb.HeaderRow)
	}
	wantHeader := []string{"", "Country", "Region", "Code", "Income", "Jobs"}
	if !reflect.DeepEqual(tb.Header, wantHeader) {
		t.Errorf("header %q, want %q", tb.Header, wantHeader)
	}
	if got := tb.Col("income"); got != 4 {
		t.Errorf("Col(income) = %d, want 4", got)
	}
	if got := tb.Col("Population"); got != -1 {
		t.Errorf("Col(Population) = %d, want -1", got)
	}
	if tb.Units == nil || tb.Units[4] != "USD PPP" || tb.Units[5] != "%" {
		t.Errorf("units %q, want USD PPP and %% under Income and Jobs", tb.Units)
	}
	if got := tb.Title(); got != "RETURN TO HOME" {
		t.Errorf("Title() = %q", got)
	}
	if len(tb.Above) != 2 || tb.Above[1].Num != 4 || tb.Above[1].Cell(5) != "Indicators values - 2024 or last available year" {
		t.Errorf("rows above the header: %+v", tb.Above)
	}

	rows := tableRows(t, tb)
	want := []Line{
		{Num: 9, Cells: []string{"", "Australia", "New South Wales", "AU1", "41725.3", "N/A"}},
		{Num: 10, Cells: []string{"", "Australia", "Victoria", "AU2", "36705.2", "77.2"}},
		{Num: 14, Cells: []string{"", "", "Australia", "AUS", "39871.9", "76.3"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows\n%+v\nwant\n%+v", rows, want)
	}
	if ref := rows[2].Ref(4); ref != "E14" {
		t.Errorf("Ref = %s, want E14", ref)
	}
	if c := tb.Cell(rows[0], 4); c != (data.Cell{File: "layout.xlsx", Sheet: "Data", Ref: "E9"}) {
		t.Errorf("Cell = %+v", c)
	}
}

func TestTableEnds(t *testing.T) {
	tests := []struct {
		name  string
		cells map[string]any
		want  []int // row numbers of the data rows
	}{
		{
			name: "at the end of the sheet",
			cells: map[string]any{"A1": "Table 1: GVA, pounds million", "A2": "ITL", "B2": "ITL code", "C2": "1998",
				"A3": "UK", "B3": "UK", "C3": 1, "A4": "ITL1", "B4": "TLC", "C4": 2},
			want: []int{3, 4},
		},
		{
			name: "at blank rows followed by a footnote",
			cells: map[string]any{"A2": "ITL", "B2": "ITL code", "C2": "1998",
				"A3": "UK", "B3": "UK", "C3": 1, "A6": "Source: ONS", "A8": "UK", "B8": "UK", "C8": "footnote text"},
			want: []int{3},
		},
		{
			name: "not at a blank row inside the data",
			cells: map[string]any{"A2": "ITL", "B2": "ITL code", "C2": "1998",
				"A3": "UK", "B3": "UK", "C3": 1, "A5": "ITL1", "B5": "TLC", "C5": 2},
			want: []int{3, 5},
		},
		{
			name:  "with no data rows",
			cells: map[string]any{"A2": "ITL", "B2": "ITL code", "C2": "1998", "A4": "Notes: none"},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeTestWorkbook(t, "ends.xlsx", testSheet{name: "Table 1", cells: tt.cells})
			tb, err := OpenTable(context.Background(), f, "Table 1", "ITL", "ITL code")
			if err != nil {
				t.Fatal(err)
			}
			defer tb.Close()
			var got []int
			for _, l := range tableRows(t, tb) {
				got = append(got, l.Num)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("data rows %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTableRefusals(t *testing.T) {
	f := writeTestWorkbook(t, "bad.xlsx", testSheet{name: "Table 1", cells: map[string]any{
		"A1": "Table 1", "A2": "ITL", "B2": "ITL code", "C2": "2021", "A3": "UK", "B3": "UK", "C3": "twelve",
	}})
	ctx := context.Background()

	_, err := OpenTable(ctx, f, "Table 1", "Area Code")
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, errNoHeader) || ie.File != "bad.xlsx" || ie.Sheet != "Table 1" {
		t.Errorf("no header: got %v, want an InputError naming file and sheet", err)
	}
	if _, err := OpenTable(ctx, f, "No such sheet", "ITL"); !errors.As(err, &ie) {
		t.Errorf("missing sheet: got %v, want an InputError", err)
	}

	tb, err := OpenTable(ctx, f, "Table 1", "ITL")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if !tb.Next() {
		t.Fatal("no data row")
	}
	_, err = tb.Number(tb.Row(), 2)
	if !errors.As(err, &ie) {
		t.Fatalf("bad number: got %v, want an InputError", err)
	}
	msg := err.Error()
	for _, want := range []string{"bad.xlsx", `sheet "Table 1"`, "row 3", "a number or a published marker like [x]", `"twelve"`, "C3"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %s", msg, want)
		}
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := OpenTable(cancelled, f, "Table 1", "ITL"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want context.Canceled", err)
	}
}

func TestTruncatedWorkbookIsRefused(t *testing.T) {
	content, err := os.ReadFile(realSpreadsheet(t, onsGDPFile))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "truncated.xlsx")
	if err := os.WriteFile(path, content[:len(content)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFile(context.Background(), path)
	var ie *InputError
	if !errors.As(err, &ie) || ie.File != "truncated.xlsx" {
		t.Fatalf("ReadFile: got %v, want an InputError naming truncated.xlsx", err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, r := range []Reader{OECDWellbeing{}, ONSGDP{}, ONSSubnational{}} {
		_, err := r.Read(context.Background(), f)
		if !errors.As(err, &ie) || ie.File != "truncated.xlsx" || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("%s: got %v, want an InputError naming the file and saying it may be truncated", r.Publication(), err)
		}
	}
}

func TestDetectRealSpreadsheets(t *testing.T) {
	ours := []Reader{OECDWellbeing{}, ONSGDP{}, ONSSubnational{}}
	tests := []struct {
		file string
		want string // publication, "" when none of the spreadsheet readers may claim it
	}{
		{oecdWellbeingFile, "oecd-regional-wellbeing"},
		{onsGDPFile, "ons-gdp-itl"},
		{onsGVAFile, "ons-gdp-itl"},
		{onsSNIFile, "ons-subnational-indicators"},
		{"oecd/OECD_HSL_CWB_howslife_sdmx.csv", ""},
		{"connectivity/202105_fixed_laua_coverage_r01.csv", ""},
		{"codes/LAD19_names_and_codes_UK.csv", ""},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			f, err := Open(realSpreadsheet(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, r := range ours {
				if got := r.Detect(context.Background(), f); got != (r.Publication() == tt.want) {
					t.Errorf("%s.Detect = %v", r.Publication(), got)
				}
			}
			if tt.want == "" {
				return
			}
			r, err := Detect(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if r.Publication() != tt.want {
				t.Errorf("Detect picked %s, want %s", r.Publication(), tt.want)
			}
		})
	}
}

func TestDetectOtherWorkbooks(t *testing.T) {
	f := writeTestWorkbook(t, "other.xlsx",
		testSheet{name: "Information", cells: map[string]any{"A1": "Something else"}},
		testSheet{name: "Table 1", cells: map[string]any{"A1": "Region", "B1": "Value"}},
		testSheet{name: "Data dictionary", cells: map[string]any{"A1": "Metric", "B1": "Description"}},
		testSheet{name: "Score_Last", cells: map[string]any{"A1": "Country"}},
		testSheet{name: "Indicator_Last", cells: map[string]any{"A1": "Country"}},
	)
	for _, r := range []Reader{OECDWellbeing{}, ONSGDP{}, ONSSubnational{}} {
		if r.Detect(context.Background(), f) {
			t.Errorf("%s claims a workbook without its headers", r.Publication())
		}
	}
	csv := &File{Name: "x.csv", Format: FormatCSV, Content: []byte("Country,Region,Code\n")}
	for _, r := range []Reader{OECDWellbeing{}, ONSGDP{}, ONSSubnational{}} {
		if r.Detect(context.Background(), csv) {
			t.Errorf("%s claims a CSV file", r.Publication())
		}
	}
}

// buildWorkbook writes a workbook made by build (which starts with one sheet, "Sheet1") into a
// temporary folder and opens it as ingest would.
func buildWorkbook(tb testing.TB, name string, build func(wb *excelize.File) error) *File {
	tb.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	if err := build(wb); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := wb.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// setCells sets cells of a sheet from a map of references to values.
func setCells(wb *excelize.File, sheet string, cells map[string]any) error {
	// In a fixed order: the shared strings are numbered as they are set, and the generated files
	// of testdata/bad must come out the same from one run to the next.
	for _, ref := range slices.Sorted(maps.Keys(cells)) {
		if err := wb.SetCellValue(sheet, ref, cells[ref]); err != nil {
			return err
		}
	}
	return nil
}

func TestTableHeaderShapes(t *testing.T) {
	// Every shape gives the same table: region codes in column A (B when shifted), values for
	// 2020 and 2021 in pounds.
	tests := []struct {
		name      string
		build     func(wb *excelize.File) error
		headerRow int
		header    []string
		units     []string
		firstData int
	}{
		{
			name: "labels with years as text, a units row under them",
			build: func(wb *excelize.File) error {
				return setCells(wb, "Sheet1", map[string]any{"A1": "Title", "A2": "Code", "B2": "Name", "C2": "2020", "D2": "2021",
					"C3": "£", "D3": "£", "A4": "TLC", "B4": "North East", "C4": 1, "D4": 2})
			},
			headerRow: 2, header: []string{"Code", "Name", "2020", "2021"}, units: []string{"", "", "£", "£"}, firstData: 4,
		},
		{
			name: "years stored as numbers",
			build: func(wb *excelize.File) error {
				return setCells(wb, "Sheet1", map[string]any{"A2": "Code", "B2": "Name", "C2": 2020, "D2": 2021.0,
					"A3": "TLC", "B3": "North East", "C3": 1, "D3": 2})
			},
			headerRow: 2, header: []string{"Code", "Name", "2020", "2021"}, firstData: 3,
		},
		{
			name: "years fused into names",
			build: func(wb *excelize.File) error {
				return setCells(wb, "Sheet1", map[string]any{"A5": "Code", "B5": "Name", "C5": "Pounds_2020", "D5": "Pounds_2021",
					"A6": "TLC", "B6": "North East", "C6": 1, "D6": 2})
			},
			headerRow: 5, header: []string{"Code", "Name", "2020", "2021"}, units: []string{"", "", "Pounds", "Pounds"}, firstData: 6,
		},
		{
			name: "labels merged over two rows, years under a merged unit",
			build: func(wb *excelize.File) error {
				if err := setCells(wb, "Sheet1", map[string]any{"A1": "Title", "A3": "Code", "B3": "Name", "C3": "Pounds",
					"C4": "2020", "D4": 2021, "A5": "TLC", "B5": "North East", "C5": 1, "D5": 2}); err != nil {
					return err
				}
				for _, m := range [][2]string{{"A3", "A4"}, {"B3", "B4"}, {"C3", "D3"}} {
					if err := wb.MergeCell("Sheet1", m[0], m[1]); err != nil {
						return err
					}
				}
				return nil
			},
			headerRow: 3, header: []string{"Code", "Name", "2020", "2021"}, units: []string{"", "", "Pounds", "Pounds"}, firstData: 5,
		},
		{
			name: "a merged unit band above the years",
			build: func(wb *excelize.File) error {
				if err := setCells(wb, "Sheet1", map[string]any{"A1": "Title", "C2": "£ million", "A3": "Code", "B3": "Name",
					"C3": "2020", "D3": "2021", "A4": "TLC", "B4": "North East", "C4": 1, "D4": 2}); err != nil {
					return err
				}
				return wb.MergeCell("Sheet1", "C2", "D2")
			},
			headerRow: 3, header: []string{"Code", "Name", "2020", "2021"}, units: []string{"", "", "£ million", "£ million"}, firstData: 4,
		},
		{
			name: "a title merged across the table is not a unit",
			build: func(wb *excelize.File) error {
				if err := setCells(wb, "Sheet1", map[string]any{"A1": "Title", "A2": "Code", "B2": "Name",
					"C2": "2020", "D2": "2021", "A3": "TLC", "B3": "North East", "C3": 1, "D3": 2}); err != nil {
					return err
				}
				return wb.MergeCell("Sheet1", "A1", "D1")
			},
			headerRow: 2, header: []string{"Code", "Name", "2020", "2021"}, firstData: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := buildWorkbook(t, "shapes.xlsx", tt.build)
			tb, err := OpenTable(context.Background(), f, "Sheet1", "Code", "Name")
			if err != nil {
				t.Fatal(err)
			}
			defer tb.Close()
			if tb.HeaderRow != tt.headerRow || !reflect.DeepEqual(tb.Header, tt.header) || !reflect.DeepEqual(tb.Units, tt.units) {
				t.Errorf("header row %d %q, units %q; want row %d %q, units %q", tb.HeaderRow, tb.Header, tb.Units, tt.headerRow, tt.header, tt.units)
			}
			rows := tableRows(t, tb)
			want := []Line{{Num: tt.firstData, Cells: []string{"TLC", "North East", "1", "2"}}}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("rows %+v, want %+v", rows, want)
			}
		})
	}
}

func TestTableFusedYearNeedsSeveralColumns(t *testing.T) {
	f := writeTestWorkbook(t, "fused.xlsx", testSheet{name: "Data", cells: map[string]any{
		"A1": "Code", "B1": "Population_2021", "C1": "Pounds_2020", "A2": "TLC", "B2": 1, "C2": 2,
	}})
	tb, err := OpenTable(context.Background(), f, "Data", "Code")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if want := []string{"Code", "Population_2021", "Pounds_2020"}; !reflect.DeepEqual(tb.Header, want) || tb.Units != nil {
		t.Errorf("header %q, units %q; want %q and no units: one label per word is a name, not a year", tb.Header, tb.Units, want)
	}
}

func TestTableReadsHiddenRows(t *testing.T) {
	f := buildWorkbook(t, "hidden.xlsx", func(wb *excelize.File) error {
		if err := setCells(wb, "Sheet1", map[string]any{"A1": "Code", "B1": "2021",
			"A2": "TLC", "B2": 1, "A3": "TLD", "B3": 2, "A4": "TLE", "B4": 3, "A5": "TLF", "B5": 4}); err != nil {
			return err
		}
		for _, r := range []int{3, 4} {
			if err := wb.SetRowVisible("Sheet1", r, false); err != nil {
				return err
			}
		}
		return nil
	})
	tb, err := OpenTable(context.Background(), f, "Sheet1", "Code")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if n := len(tableRows(t, tb)); n != 4 {
		t.Errorf("%d rows, want 4: hidden rows hold published values", n)
	}
	if !reflect.DeepEqual(tb.HiddenRows, []int{3, 4}) {
		t.Errorf("HiddenRows %v, want [3 4]", tb.HiddenRows)
	}
	if got := rowRanges([]int{3, 4, 5, 9, 11, 12}); got != "3-5, 9, 11-12" {
		t.Errorf("rowRanges = %q", got)
	}
}

func TestTableRefusesFormulasWithoutResults(t *testing.T) {
	f := buildWorkbook(t, "formula.xlsx", func(wb *excelize.File) error {
		if err := setCells(wb, "Sheet1", map[string]any{"A1": "Code", "B1": "2021", "C1": "2022",
			"A2": "TLC", "B2": 1, "C2": 2, "A3": "TLD", "B3": 3, "E3": "a note"}); err != nil {
			return err
		}
		if err := wb.SetCellFormula("Sheet1", "E2", "1+1"); err != nil { // outside the table: not read
			return err
		}
		return wb.SetCellFormula("Sheet1", "C3", "B3*2")
	})
	tb, err := OpenTable(context.Background(), f, "Sheet1", "Code")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	for tb.Next() {
	}
	var ie *InputError
	if !errors.As(tb.Err(), &ie) || ie.Row != 3 || ie.Sheet != "Sheet1" ||
		!strings.Contains(ie.Error(), "cell C3, but it holds the formula =B3*2 without its result") {
		t.Errorf("got %v, want an InputError for row 3 naming cell C3 and its formula", tb.Err())
	}
}

// rewriteZip returns a copy of a zip archive with some entries' content changed by edit
// (which returns its input for entries it leaves alone).
func rewriteZip(tb testing.TB, content []byte, edit func(name string, b []byte) []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			tb.Fatal(err)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(edit(zf.Name, b)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// workbookBytes saves a workbook made by build and returns its bytes.
func workbookBytes(tb testing.TB, build func(wb *excelize.File) error) []byte {
	tb.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	if err := build(wb); err != nil {
		tb.Fatal(err)
	}
	buf, err := wb.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestTableRefusesControlCharacters(t *testing.T) {
	// Spreadsheet XML cannot hold control characters, but OOXML escapes them as _xHHHH_, and
	// excelize decodes those.
	for _, text := range []string{"North_x001B_[2JEast", "North_x0000_East", "North\u0085East\u009b"} {
		content := workbookBytes(t, func(wb *excelize.File) error {
			return setCells(wb, "Sheet1", map[string]any{"A1": "Code", "B1": "Name", "A2": "TLC", "B2": "North East", "A3": "TLD", "B3": "PLACEHOLDER"})
		})
		content = rewriteZip(t, content, func(name string, b []byte) []byte {
			return bytes.ReplaceAll(b, []byte("PLACEHOLDER"), []byte(text))
		})
		f, err := NewFile("control.xlsx", content)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := OpenTable(context.Background(), f, "Sheet1", "Code")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for tb.Next() {
			n++
		}
		var ie *InputError
		if n != 1 || !errors.As(tb.Err(), &ie) || ie.Row != 3 || !strings.Contains(ie.Error(), "text without control characters in cell B3") {
			t.Errorf("%q: %d rows, error %v; want row 2 read, then an InputError for row 3", text, n, tb.Err())
		}
		f.Close()
	}
}

func TestScanSheet(t *testing.T) {
	xml := `<?xml version="1.0"?><x:worksheet xmlns:x="s"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:f>SUM(C1:D1)</x:f><x:v>3</x:v></x:c>` +
		`<x:c r="C1"><x:f>1&amp;2</x:f></x:c><x:c r="D1" t="str"><x:f>""</x:f><x:v></x:v></x:c>` +
		`<x:c r="E1"><x:f t="shared" si="0"/></x:c><x:c r="F1"><x:is><x:r><x:rPr><x:family val="2"/></x:rPr><x:t>a</x:t></x:r></x:is></x:c></x:row>` +
		`</x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:A2"/><x:mergeCell ref='C3:F3'/></x:mergeCells></x:worksheet>`
	s := scanSheet([]byte(xml))
	wantMerges := []cellRange{{top: 1, left: 0, bottom: 2, right: 0}, {top: 3, left: 2, bottom: 3, right: 5}}
	if !reflect.DeepEqual(s.merges, wantMerges) {
		t.Errorf("merges %+v, want %+v", s.merges, wantMerges)
	}
	wantUncached := map[cellPos]string{{1, 2}: "1&2", {1, 4}: "(shared formula)"}
	if !reflect.DeepEqual(s.uncached, wantUncached) {
		t.Errorf("formulas without results %v, want %v", s.uncached, wantUncached)
	}
	if s := scanSheet([]byte("not xml at all")); s.merges != nil || s.uncached != nil {
		t.Errorf("junk gives %+v", s)
	}
}

func TestBatchBuilderRefusesDuplicates(t *testing.T) {
	b := newBatchBuilder(data.Source{})
	cell := func(ref string) data.Cell { return data.Cell{File: "dup.xlsx", Sheet: "Table 1", Ref: ref} }
	b.observe(data.Observation{Region: "TLC", Indicator: "ons.x", Period: "2020", Cell: cell("D3")})
	b.observe(data.Observation{Region: "TLC", Indicator: "ons.x", Period: "2021", Cell: cell("E3")})
	b.observe(data.Observation{Region: "TLD", Indicator: "ons.x", Period: "2020", Cell: cell("D4")})
	if _, err := b.done(); err != nil {
		t.Fatalf("distinct observations: %v", err)
	}
	b = newBatchBuilder(data.Source{})
	for _, o := range []data.Observation{
		{Region: "TLC", Indicator: "ons.x", Period: "2020", Cell: cell("D3")},
		{Region: "TLD", Indicator: "ons.x", Period: "2020", Cell: cell("D4")},
		{Region: "TLC", Indicator: "ons.x", Period: "2020", Cell: cell("D9")},
		{Region: "TLD", Indicator: "ons.x", Period: "2020", Cell: cell("D10")},
	} {
		b.observe(o)
	}
	_, err := b.done()
	var ie *InputError
	if !errors.As(err, &ie) || ie.Row != 9 || ie.Sheet != "Table 1" ||
		!strings.Contains(err.Error(), "cell D9 gives region TLC, indicator ons.x, period 2020 again (first given in cell D3)") {
		t.Errorf("got %v, want an InputError for row 9 naming D9 and D3", err)
	}
}
