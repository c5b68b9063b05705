package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// Fuzz targets for the two ways bytes come in. CI runs each for a fixed count of inputs, a few
// seconds each (a count, not a duration: see the Makefile's test target):
//
//	go test -run '^$' -fuzz '^FuzzReadTable$' -fuzztime 8000x ./ingest/
//	go test -run '^$' -fuzz '^FuzzReadCSV$' -fuzztime 25000x ./ingest/
//
// Inputs that once failed are kept in testdata/fuzz and run with every go test.

// FuzzReadTable feeds the spreadsheet table reader and every reader fuzzed workbooks. An input
// that is not a zip is taken as the XML of a worksheet and wrapped in a small workbook of the ONS
// regional accounts layout, so that mutations reach the sheet's cells rather than dying in the
// zip's checksums.
func FuzzReadTable(f *testing.F) {
	f.Add(onsFixture(f, nil))
	f.Add(workbookBytes(f, func(wb *excelize.File) error {
		if err := setCells(wb, "Sheet1", map[string]any{"A1": "Title", "A3": "Code", "B3": "Name", "C3": "Pounds",
			"C4": "2020", "D4": 2021, "A5": "TLC", "B5": "North East", "C5": "1,234.5 [note 3]", "D5": "[c]"}); err != nil {
			return err
		}
		return wb.MergeCell("Sheet1", "C3", "D3")
	}))
	for _, name := range []string{"duplicated_rows.xlsx", "formula_without_value.xlsx", "sheet_without_header.xlsx", "control_characters.xlsx"} {
		if b, err := os.ReadFile(filepath.Join(badDir, name)); err == nil {
			f.Add(b)
		}
	}
	for _, sheet := range fuzzSheetSeeds {
		f.Add([]byte(sheet))
	}
	wrap := sheetWrapper(f)
	f.Fuzz(func(t *testing.T, content []byte) {
		if !bytes.HasPrefix(content, []byte("PK")) {
			content = wrap(content)
		}
		file, err := NewFile("fuzz.xlsx", content)
		if err != nil {
			mustBeInputError(t, err)
			return
		}
		defer file.Close()
		ctx := context.Background()
		if wb, err := file.Workbook(); err == nil {
			for _, sheet := range wb.GetSheetList() {
				readWholeTable(t, ctx, file, sheet)
			}
		}
		for _, r := range Readers {
			r.Detect(ctx, file)
			if _, err := r.Read(ctx, file); err != nil {
				mustBeInputError(t, err)
			}
		}
		if _, err := Read(ctx, file); err != nil {
			mustBeInputError(t, err)
		}
	})
}

// readWholeTable opens a table on a sheet with labels of the published layouts and parses every
// cell of it as a number.
func readWholeTable(t *testing.T, ctx context.Context, file *File, sheet string) {
	for _, labels := range [][]string{{"Code"}, {"ITL", "ITL code"}, {"Area Code"}} {
		tb, err := OpenTable(ctx, file, sheet, labels...)
		if err != nil {
			mustBeInputError(t, err)
			continue
		}
		for tb.Next() {
			row := tb.Row()
			if len(row.Cells) != len(tb.Header) {
				t.Fatalf("row %d has %d cells, the header %d", row.Num, len(row.Cells), len(tb.Header))
			}
			for col := range row.Cells {
				if _, err := tb.Number(row, col); err != nil {
					mustBeInputError(t, err)
				}
			}
		}
		if err := tb.Err(); err != nil {
			mustBeInputError(t, err)
		}
		tb.Close()
	}
}

// fuzzSheetSeeds are worksheets written by hand, with inline strings so that mutations change
// text, merges, formulas, hidden rows and a namespace prefix.
var fuzzSheetSeeds = []string{
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Table 1: GDP per head, pounds [note 1]</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>ITL</t></is></c><c r="B2" t="inlineStr"><is><t>ITL code</t></is></c>` +
		`<c r="C2" t="inlineStr"><is><t>Region name</t></is></c><c r="D2"><v>2020</v></c><c r="E2" t="inlineStr"><is><t>Index_2021</t></is></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>UK</t></is></c><c r="B3" t="inlineStr"><is><t>UK</t></is></c>` +
		`<c r="C3" t="inlineStr"><is><t>United Kingdom</t></is></c><c r="D3"><v>31000.5</v></c><c r="E3" t="inlineStr"><is><t> 33,000 [p]</t></is></c></row>` +
		`<row r="4" hidden="1"><c r="A4" t="inlineStr"><is><t>ITL1</t></is></c><c r="B4" t="inlineStr"><is><t>TLC</t></is></c>` +
		`<c r="C4" t="inlineStr"><is><t>North East</t></is></c><c r="D4"><f>D3*2</f></c><c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>` +
		`</sheetData><mergeCells count="1"><mergeCell ref="D1:E1"/></mergeCells></worksheet>`,
	`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>Code</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Pounds</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>2020-23</x:t></x:is></x:c><x:c r="D2"><x:v>2024</x:v></x:c></x:row>` +
		`<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>AU1</x:t></x:is></x:c><x:c r="C3"><x:v>1.5E3</x:v></x:c><x:c r="D3" t="inlineStr"><x:is><x:t>N/A</x:t></x:is></x:c></x:row>` +
		`</x:sheetData><x:mergeCells><x:mergeCell ref="B1:B2"/><x:mergeCell ref="C1:D1"/></x:mergeCells></x:worksheet>`,
}

// sheetWrapper returns a function that puts worksheet XML into the ONS fixture in place of its
// Table 1 sheet, stored without compression.
func sheetWrapper(tb testing.TB) func(sheet []byte) []byte {
	base := onsFixture(tb, nil)
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		tb.Fatal(err)
	}
	parts := map[string][]byte{}
	var names []string
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
		parts[zf.Name], names = b, append(names, zf.Name)
	}
	return func(sheet []byte) []byte {
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		for _, name := range names {
			content := parts[name]
			if name == "xl/worksheets/sheet2.xml" {
				content = sheet
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			if err != nil {
				tb.Fatal(err)
			}
			w.Write(content)
		}
		if err := zw.Close(); err != nil {
			tb.Fatal(err)
		}
		return out.Bytes()
	}
}

// FuzzReadCSV feeds the CSV readers (Ofcom coverage, OECD SDMX-CSV) fuzzed text, through
// detection and directly.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		string(ofcomFixture("E06000002,MIDDLESBROUGH,60000,[x]\nE06000003,REDCAR AND CLEVELAND,\"61,000\",99.5 [note 2]\n")),
		"laua_code,laua_name,Number of premises with SFBB,Gigabit availability (% premises)\r\nE06000001,Hartlepool,1,2\r\n",
		"DATAFLOW,REF_AREA,MEASURE,UNIT_MEASURE,AGE,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\r\n" +
			"OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1),GBR,11_1,0_TO_10,_T,_T,2022,7.45,A,0\r\n" +
			"OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1),FRA,1_1,USD_PPP_PS,_T,_T,2021,31.5,E,3\r\n",
		"DATAFLOW,REF_AREA: Reference area,MEASURE: Measure,TIME_PERIOD: Time period,OBS_VALUE,OBS_STATUS: Observation status\n" +
			"OECD.X:DSD@DF_X(1.0): Things,GBR: United Kingdom,M1: Measure one,2020-Q1,,M: Missing value\n",
		"STRUCTURE,STRUCTURE_ID,ACTION,TERRITORIAL_LEVEL,REF_AREA,MEASURE,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n" +
			"dataflow,OECD.CFE.EDS:DSD_REG_HEALTH@DF_LIFE_EXP(1.0),I,TL2,UKC,LFEXP,2021,80.1,A\n",
	} {
		f.Add([]byte(seed))
	}
	for _, name := range []string{"202105_unknown_region_codes.csv", "202105_markup_names.csv", "202105_latin1.csv"} {
		if b, err := os.ReadFile(filepath.Join(badDir, name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		file, err := NewFile("202105_fuzz.csv", content)
		if err != nil {
			mustBeInputError(t, err)
			return
		}
		ctx := context.Background()
		for _, r := range []Reader{OfcomCoverage{}, OECDSDMX{}} {
			detected := r.Detect(ctx, file)
			b, err := r.Read(ctx, file)
			if err != nil {
				mustBeInputError(t, err)
				continue
			}
			if detected {
				checkFuzzedBatch(t, file, b)
			}
		}
		if _, err := Read(ctx, file); err != nil {
			mustBeInputError(t, err)
		}
	})
}

// checkFuzzedBatch checks that a batch a reader accepted, from a file it detected as its own, is
// one the warehouse accepts too: a reader must refuse bad input itself, with the row, rather than
// leave it to the load. (Read on a file of another family is only held to not panicking.)
func checkFuzzedBatch(t *testing.T, file *File, b *data.Batch) {
	t.Helper()
	b.Source.FileName, b.Source.SHA256 = file.Name, file.SHA256
	if err := data.Validate(b); err != nil {
		t.Errorf("the reader accepted a batch that the warehouse refuses: %v", err)
	}
}

func mustBeInputError(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
}
