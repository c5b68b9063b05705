package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// The bad-input contract: every refusal names the file, and where it applies the sheet and the
// row, and says what was expected there; nothing panics; and a refused file leaves the warehouse
// exactly as it was. The small files of the corpus live in testdata/bad and are written by
// TestGenerateBadCorpus with -update; the large ones (a 50 MB CSV of junk, zip bombs) are made in
// a temporary folder at test time and never committed.
//
// Decisions this corpus pins down:
//   - Region codes that no geography knows are data, not errors: a new release may use codes
//     newer than ours. They are stored under the published code and name and reported.
//   - Names with markup ("<script>") are data too: they are stored verbatim, and every page that
//     shows them escapes them.
//   - Control characters (NUL, ESC, C1 codes) are refused, in CSV and in workbooks alike: no
//     published table has them, and passed on they could rewrite a terminal or a log line.
//     Stripping them would change published text without saying so.
//   - A formula saved without its result is refused: the value is not in the file.
//   - Hidden rows are read (see table.go).

var update = flag.Bool("update", false, "rewrite the generated files in testdata/")

const badDir = "testdata/bad"

// badCorpus makes the small files of the corpus, by name.
func badCorpus(tb testing.TB) map[string][]byte {
	tb.Helper()
	good := onsFixture(tb, nil)
	return map[string][]byte{
		"truncated.xlsx": good[:len(good)*3/5],
		"empty.xlsx":     workbookBytes(tb, func(*excelize.File) error { return nil }),
		"sheet_without_header.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			if _, err := wb.NewSheet("Table 2"); err != nil {
				return err
			}
			return setCells(wb, "Table 2", map[string]any{"A1": "Table 2: Total resident population numbers, persons",
				"A3": "Region", "B3": "Population", "A4": "North East", "B4": 2647013})
		}),
		"duplicated_rows.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			return setCells(wb, "Table 1", map[string]any{"A7": "ITL3", "B7": "TLC11", "C7": "Hartlepool and Stockton-on-Tees", "D7": 20100, "E7": 21300})
		}),
		"table_without_rows.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			for range 4 {
				if err := wb.RemoveRow("Table 1", 3); err != nil {
					return err
				}
			}
			return nil
		}),
		"202105_unnamed_region.csv": ofcomFixture("E06999997,,100,50.5\n"),
		"text_in_number_columns.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			return setCells(wb, "Table 1", map[string]any{"E5": "twelve"})
		}),
		"unknown_region_codes.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			return setCells(wb, "Table 1", map[string]any{"A7": "ITL3", "B7": "TLC19", "C7": "Atlantis", "D7": 1, "E7": 2})
		}),
		"202105_unknown_region_codes.csv": ofcomFixture("E06999999,ATLANTIS,100,50.5\n"),
		"formula_without_value.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			if err := wb.SetCellValue("Table 1", "E6", nil); err != nil {
				return err
			}
			return wb.SetCellFormula("Table 1", "E6", "D6*2")
		}),
		"markup_names.xlsx": onsFixture(tb, func(wb *excelize.File) error {
			return setCells(wb, "Table 1", map[string]any{"A7": "ITL3", "B7": "TLC18", "C7": `<script>alert("x")</script>`, "D7": 1, "E7": 2})
		}),
		"202105_markup_names.csv": ofcomFixture(`E06999998,"<img src=x onerror=alert(1)>",100,50.5` + "\n"),
		"control_characters.xlsx": rewriteZip(tb, onsFixture(tb, func(wb *excelize.File) error {
			return setCells(wb, "Table 1", map[string]any{"C6": "Tees ESCAPE Valley"})
		}), func(_ string, b []byte) []byte { return bytes.ReplaceAll(b, []byte("ESCAPE"), []byte("_x001B_[2J")) }),
		"202105_control_characters.csv": ofcomFixture("E06000001,HARTLEPOOL\x1b[2J,100,50.5\n"),
		"202105_nul_bytes.csv":          ofcomFixture("E06000001,HARTLE\x00POOL,100,50.5\n"),
		"202105_latin1.csv":             ofcomFixture("W06000001,YNYS M\xd4N,100,50.5\n"),
		"legacy.xls":                    append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...),
		"spreadsheet.ods":               odsFixture(tb),
	}
}

// onsFixture is a small workbook in the ONS regional accounts layout, changed by edit.
func onsFixture(tb testing.TB, edit func(wb *excelize.File) error) []byte {
	tb.Helper()
	return workbookBytes(tb, func(wb *excelize.File) error {
		if err := wb.SetSheetName("Sheet1", "Information"); err != nil {
			return err
		}
		if err := setCells(wb, "Information", map[string]any{"A1": "Regional gross domestic product (GDP): test release",
			"A2": "These tables are part of the Regional economic activity by gross domestic product dataset published on 25 April 2023."}); err != nil {
			return err
		}
		if _, err := wb.NewSheet("Table 1"); err != nil {
			return err
		}
		err := setCells(wb, "Table 1", map[string]any{
			"A1": "Table 1: Gross Domestic Product (GDP) per head at current market prices, pounds [note 1]",
			"A2": "ITL", "B2": "ITL code", "C2": "Region name", "D2": "2020", "E2": "2021",
			"A3": "UK", "B3": "UK", "C3": "United Kingdom", "D3": 31000, "E3": 33000,
			"A4": "ITL1", "B4": "TLC", "C4": "North East", "D4": 24000, "E4": 25500,
			"A5": "ITL2", "B5": "TLC1", "C5": "Tees Valley and Durham", "D5": 22000, "E5": 23400,
			"A6": "ITL3", "B6": "TLC11", "C6": "Hartlepool and Stockton-on-Tees", "D6": 20100, "E6": 21300,
		})
		if err != nil || edit == nil {
			return err
		}
		return edit(wb)
	})
}

// ofcomFixture is a small Ofcom coverage CSV with the given rows after a good one.
func ofcomFixture(rows string) []byte {
	return []byte("laua,laua_name,All Premises,SFBB availability (% premises)\n" +
		"E06000001,HARTLEPOOL,43000,98.1\n" + rows)
}

// odsFixture is the start of an OpenDocument spreadsheet: its mimetype entry and a content part.
func odsFixture(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct {
		name, content string
		method        uint16
	}{
		{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", zip.Store},
		{"content.xml", `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`, zip.Deflate},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: part.method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.WriteString(w, part.content); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestGenerateBadCorpus checks that the committed files of testdata/bad are, byte for byte, what
// badCorpus makes now, so that a fixture cannot change without the corpus changing with it; with
// -update it writes them first.
func TestGenerateBadCorpus(t *testing.T) {
	corpus := badCorpus(t)
	if *update {
		if err := os.MkdirAll(badDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, content := range corpus {
			if err := os.WriteFile(filepath.Join(badDir, name), content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	const regenerate = "run go test -count=1 -run TestGenerateBadCorpus ./ingest/ -update"
	for _, name := range slices.Sorted(maps.Keys(corpus)) {
		t.Run(name, func(t *testing.T) {
			committed, err := os.ReadFile(filepath.Join(badDir, name))
			if err != nil {
				t.Fatalf("%v: %s", err, regenerate)
			}
			if want := corpus[name]; !bytes.Equal(committed, want) {
				t.Errorf("the committed file (%d bytes) is not what badCorpus makes (%d bytes): %s; %s",
					len(committed), len(want), firstDifference(committed, want), regenerate)
			}
		})
	}
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := corpus[e.Name()]; !ok {
			t.Errorf("%s/%s is not made by badCorpus: add it there or delete it", badDir, e.Name())
		}
	}
}

// firstDifference says where two files first differ: in which part, when both are zip archives
// (workbooks), else at which byte.
func firstDifference(a, b []byte) string {
	za, errA := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	zb, errB := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if errA == nil && errB == nil {
		for i := range min(len(za.File), len(zb.File)) {
			switch pa, pb := za.File[i], zb.File[i]; {
			case pa.Name != pb.Name:
				return fmt.Sprintf("part %d is %s, want %s", i+1, pa.Name, pb.Name)
			case pa.CRC32 != pb.CRC32:
				return fmt.Sprintf("its part %s differs", pa.Name)
			}
		}
		if len(za.File) != len(zb.File) {
			return fmt.Sprintf("%d parts, want %d", len(za.File), len(zb.File))
		}
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("first difference at byte %d", i)
		}
	}
	return "one is a prefix of the other"
}

// zipBomb is an .xlsx in the ONS layout whose Table 1 sheet is replaced by XML that inflates to
// a little over megabytes megabytes from a few hundred kilobytes. declared > 0 makes the zip
// directory lie, giving that as the sheet's size.
func zipBomb(tb testing.TB, megabytes, declared int) []byte {
	tb.Helper()
	good := onsFixture(tb, nil)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet2.xml" {
			if err := zw.Copy(zf); err != nil {
				tb.Fatal(err)
			}
			continue
		}
		head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
		tail := `</sheetData></worksheet>`
		deflated, crc := deflateBlanks(tb, head, megabytes, tail)
		if declared == 0 {
			declared = megabytes<<20 + len(head) + len(tail)
		}
		raw, err := zw.CreateRaw(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(deflated)), UncompressedSize64: uint64(declared)})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := raw.Write(deflated); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// deflateBlanks compresses head, megabytes megabytes of spaces and tail, and gives the CRC-32
// of the whole. Deflating half a gigabyte takes seconds (minutes under the race detector), but a
// run of spaces deflates to the same bytes megabyte after megabyte once the window is full of
// spaces: those bytes are repeated instead, and the tail is added as a stored block.
func deflateBlanks(tb testing.TB, head string, megabytes int, tail string) ([]byte, uint32) {
	tb.Helper()
	blank := bytes.Repeat([]byte(" "), 1<<20)
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestSpeed)
	if err != nil {
		tb.Fatal(err)
	}
	crc := crc32.Update(0, crc32.IEEETable, []byte(head))
	fw.Write([]byte(head))
	var last, settled []byte
	for range megabytes {
		crc = crc32.Update(crc, crc32.IEEETable, blank)
		if settled != nil {
			out.Write(settled)
			continue
		}
		start := out.Len()
		fw.Write(blank)
		fw.Flush() // ends on a byte boundary, so that blocks can be repeated and appended
		block := out.Bytes()[start:]
		if bytes.Equal(block, last) {
			settled = block
		}
		last = bytes.Clone(block)
	}
	// A final stored block: BFINAL=1, BTYPE=00, then LEN and NLEN.
	n := len(tail)
	out.Write([]byte{1, byte(n), byte(n >> 8), ^byte(n), ^byte(n >> 8)})
	out.WriteString(tail)
	return out.Bytes(), crc32.Update(crc, crc32.IEEETable, []byte(tail))
}

// junkCSV is about size bytes of printable junk, in lines of random length, after header: a
// megabyte of junk lines, repeated.
func junkCSV(header string, size int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/<>[]()%&=+*#@!?'"
	var junk []byte
	for len(junk) < 1<<20 {
		for range 1 + rng.IntN(200) {
			junk = append(junk, alphabet[rng.IntN(len(alphabet))])
		}
		junk = append(junk, '\n')
	}
	b := make([]byte, 0, size+len(junk)+len(header))
	b = append(b, header...)
	for len(b) < size {
		b = append(b, junk...)
	}
	return b
}

// badCase is one input of the corpus and what must happen to it.
type badCase struct {
	name    string
	content func(tb testing.TB) []byte // nil: read testdata/bad/<name>
	reader  Reader                     // the family reader to read it with; nil: ingest.Read
	// err is the exact error text; "" when the input is accepted.
	err string
	// atLoad says that the reader accepts the file and the warehouse's Load refuses it.
	atLoad bool
	// check inspects an accepted batch.
	check func(t *testing.T, b *data.Batch)
}

func badCases() []badCase {
	hasRegion := func(code, name string) func(t *testing.T, b *data.Batch) {
		return func(t *testing.T, b *data.Batch) {
			for _, r := range b.Regions {
				if r.Code == code {
					if r.Name != name {
						t.Errorf("region %s named %q, want %q as published", code, r.Name, name)
					}
					return
				}
			}
			t.Errorf("region %s left out of the batch: an unknown code must be kept and reported", code)
		}
	}
	const known = "one of the known publications (oecd-regional-wellbeing, ons-gdp-itl, ons-productivity-itl, ons-subnational-indicators, ofcom-fixed-coverage-laua, oecd-sdmx-csv, ons-geography-codes)"
	const convert = "or convert it with `libreoffice --headless --convert-to xlsx "
	return []badCase{
		{name: "truncated.xlsx",
			err: "truncated.xlsx: expected a readable .xlsx workbook, but the zip archive is damaged or truncated: zip: not a valid zip file"},
		{name: "zip_bomb.xlsx", content: func(tb testing.TB) []byte { return zipBomb(tb, MaxUnzippedSize>>20+1, 0) },
			err: "zip_bomb.xlsx: expected a workbook that decompresses to at most 512 MB, but its parts declare more (a zip bomb, or not a statistical table); refused without decompressing it"},
		{name: "small_zip_bomb.xlsx", content: func(tb testing.TB) []byte { return zipBomb(tb, 64, 0) },
			err: "small_zip_bomb.xlsx: expected a workbook whose parts compress as spreadsheets do, but xl/worksheets/sheet2.xml declares 64 MB from 82 KB (a zip bomb); refused without decompressing it"},
		// A directory that understates a part's size: the zip reader stops inflating at the stated
		// size, so the sheet is cut short, and the part is refused as what it is.
		{name: "lying_zip_bomb.xlsx", content: func(tb testing.TB) []byte { return zipBomb(tb, 256, 1<<20) },
			err: `lying_zip_bomb.xlsx: expected a readable .xlsx workbook, but its part xl/worksheets/sheet2.xml is damaged or inflates beyond the 1024 KB it declares (a zip bomb): zip: not a valid zip file`},
		{name: "empty.xlsx",
			err: `empty.xlsx: expected ` + known + `, but its sheets are ["Sheet1"] and none has the header rows of those publications: not a known publication`},
		{name: "sheet_without_header.xlsx",
			err: `sheet_without_header.xlsx: sheet "Table 2": expected a header row with "ITL", "ITL code", "Region name": no header row`},
		{name: "duplicated_rows.xlsx",
			err: `duplicated_rows.xlsx: sheet "Table 1", row 7: expected one value per region, indicator and period, but cell D7 gives region TLC11, indicator ons.gdp_per_head, period 2020 again (first given in cell D6)`},
		// Refused by the load (data.Validate), the reader having accepted them. Neither message
		// names a sheet or a row, nor says what was expected.
		{name: "table_without_rows.xlsx", atLoad: true,
			err: `table_without_rows.xlsx: no observations found in sheets ["Information" "Table 1"]: expected rows of figures below each table's header`},
		{name: "202105_unnamed_region.csv",
			err: `202105_unnamed_region.csv, row 3: expected the name of local authority E06999997 in column 2 (laua_name): placevalue's geography does not know the code, so the file must name it`},
		{name: "text_in_number_columns.xlsx",
			err: `text_in_number_columns.xlsx: sheet "Table 1", row 5: expected a number or a published marker like [x] in column "2021" (cell E5): found "twelve"`},
		{name: "formula_without_value.xlsx",
			err: `formula_without_value.xlsx: sheet "Table 1", row 6: expected a saved value in cell E6, but it holds the formula =D6*2 without its result (the file was written by a program that does not calculate formulas): open it in a spreadsheet program and save it again`},
		{name: "control_characters.xlsx",
			err: `control_characters.xlsx: sheet "Table 1", row 6: expected text without control characters in cell C6, but it holds U+001B`},
		{name: "202105_control_characters.csv",
			err: "202105_control_characters.csv, row 3: expected text without control characters, but column 21 holds U+001B"},
		{name: "202105_nul_bytes.csv",
			err: "202105_nul_bytes.csv, row 3: expected text without control characters, but column 17 holds U+0000"},
		{name: "202105_latin1.csv",
			err: "202105_latin1.csv, row 3: expected UTF-8 text, but column 17 holds the byte 0xD4, which is not UTF-8: save the file as CSV UTF-8"},
		{name: "legacy.xls",
			err: "legacy.xls: expected an .xlsx workbook, but this is a legacy .xls (BIFF) workbook, which placevalue cannot read: open it in a spreadsheet program and save it as .xlsx (Excel Workbook), " + convert + "legacy.xls`"},
		{name: "spreadsheet.ods",
			err: "spreadsheet.ods: expected an .xlsx workbook, but this is an OpenDocument spreadsheet (.ods), which placevalue cannot read: save it as .xlsx (Excel 2007-365) from a spreadsheet program, " + convert + "spreadsheet.ods`"},
		{name: "junk.csv", content: func(testing.TB) []byte { return junkCSV("", 50<<20) },
			err: `junk.csv: expected ` + known + `, but its first line is "1-_udQMlp4M*kI- RgCe3rbC8.<@NY5Ra0#8iG&[H8e2K#W%<>%3zlY!>!OVJ.-ku<V.<:]D9hZDoztjJ2]pWyrxBU0'!AI>, &Ipbv-BjQ.)JP*-XUibA'9Q9e<<*p#51N*g7xU]2Wk8=KL,#)8u,nJ&%": not a known publication`},
		{name: "202105_ofcom_then_junk.csv", content: func(testing.TB) []byte {
			return junkCSV("laua,laua_name,All Premises,SFBB availability (% premises)\nE06000001,HARTLEPOOL,43000,98.1\n", 50<<20)
		},
			err: "202105_ofcom_then_junk.csv, row 4: expected well-formed CSV: wrong number of fields"},
		// Accepted inputs.
		{name: "unknown_region_codes.xlsx", check: hasRegion("TLC19", "Atlantis")},
		{name: "202105_unknown_region_codes.csv", check: hasRegion("E06999999", "Atlantis")},
		{name: "markup_names.xlsx", check: hasRegion("TLC18", `<script>alert("x")</script>`)},
		{name: "202105_markup_names.csv", check: hasRegion("E06999998", "<img src=x onerror=alert(1)>")},
	}
}

func (c badCase) path(t *testing.T, dir string) string {
	t.Helper()
	if c.content == nil {
		return filepath.Join(badDir, c.name)
	}
	path := filepath.Join(dir, c.name)
	if err := os.WriteFile(path, c.content(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, c := range badCases() {
		t.Run(c.name, func(t *testing.T) {
			path := c.path(t, dir)
			// Speed is measured by BenchmarkIngestRealFiles, not asserted here: the zip bombs'
			// refusals say they were refused from the declared sizes, without decompressing.
			b, err := ReadFile(ctx, path)
			if c.atLoad {
				if err != nil {
					t.Fatalf("refused by the reader, want a refusal by the load: %v", err)
				}
				if err := data.Validate(b); err == nil || err.Error() != c.err {
					t.Errorf("Validate: error\n%v\nwant\n%s", err, c.err)
				}
				return
			}
			if c.err == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				checkSpreadsheetBatch(t, b)
				c.check(t, b)
				return
			}
			if err == nil {
				t.Fatalf("accepted, want the refusal %q", c.err)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %v (%T) is not an *InputError", err, err)
			}
			if err.Error() != c.err {
				t.Errorf("error\n%s\nwant\n%s", err, c.err)
			}
		})
	}
}

// warehouseTables is the content of every table of the warehouse (data/sql/schema.sql), one line
// per row, as the warehouse's own queries give it. It is read through the warehouse's connection
// pool, like any later query or load: a load that failed without rolling back leaves its writes in
// an open transaction on one of those connections, and they would show here.
type warehouseTables struct {
	Sources, Regions, RegionChanges, Indicators, Observations []string
}

func warehouseSnapshot(t *testing.T, w *data.Warehouse) warehouseTables {
	t.Helper()
	ctx := context.Background()
	var s warehouseTables
	sources, err := w.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		s.Sources = append(s.Sources, fmt.Sprintf("%d %q %q %q %q %s %q %q %s observations=%d current=%d superseded_by=%v",
			src.ID, src.Publication, src.Publisher, src.Title, src.FileName, src.SHA256, src.Vintage, src.Licence,
			src.LoadedAt.Format(time.RFC3339Nano), src.Observations, src.Current, src.SupersededBy))
	}
	changes, err := w.RegionChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		s.RegionChanges = append(s.RegionChanges, fmt.Sprintf("%s %q -> %s %q in %d", ch.OldCode, ch.OldName, ch.NewCode, ch.NewName, ch.Year))
	}
	// Regions lists the current regions only: the superseded ones are those the reorganisations
	// lead from, and Region finds them.
	regions, err := w.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range regions {
		listed[r.Code] = true
	}
	for _, ch := range changes {
		for _, code := range []string{ch.OldCode, ch.NewCode} {
			if listed[code] {
				continue
			}
			r, ok, err := w.Region(ctx, code)
			if err != nil || !ok {
				t.Fatalf("region %s of a stored reorganisation: found %v, %v", code, ok, err)
			}
			listed[code] = true
			regions = append(regions, r)
		}
	}
	slices.SortFunc(regions, func(a, b data.Region) int { return strings.Compare(a.Code, b.Code) })
	for _, r := range regions {
		s.Regions = append(s.Regions, fmt.Sprintf("%s %q %s parent=%q country=%q superseded_in=%d", r.Code, r.Name, r.Level, r.Parent, r.Country, r.SupersededIn))
	}
	indicators, err := w.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range indicators {
		s.Indicators = append(s.Indicators, fmt.Sprintf("%s %q dimension=%q unit=%q %s source=%q", ind.ID, ind.Name, ind.Dimension, ind.Unit, ind.Direction, ind.Source))
	}
	obs, err := w.Observations(ctx, data.ObservationFilter{AllVintages: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		s.Observations = append(s.Observations, fmt.Sprintf("%s %s %s value=%s lower=%s upper=%s %s vintage=%q at %s (%q, %q, %q)",
			o.Region, o.Indicator, o.Period, optional(o.Value), optional(o.Lower), optional(o.Upper), o.Status, o.Vintage, o.Cell,
			o.RegionName, o.IndicatorName, o.Unit))
	}
	return s
}

// optional formats a value that may be absent, exactly.
func optional(v *float64) string {
	if v == nil {
		return "NULL"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// tables names each table's rows.
func (s warehouseTables) tables() map[string][]string {
	return map[string][]string{"sources": s.Sources, "regions": s.Regions, "region_changes": s.RegionChanges,
		"indicators": s.Indicators, "observations": s.Observations}
}

func (s warehouseTables) String() string {
	var b strings.Builder
	for _, name := range []string{"sources", "regions", "region_changes", "indicators", "observations"} {
		fmt.Fprintf(&b, "%s:\n", name)
		for _, row := range s.tables()[name] {
			fmt.Fprintf(&b, "  %s\n", row)
		}
	}
	return b.String()
}

// changedRows lists the rows of after that before does not have (+) and those of before that after
// lost (-).
func changedRows(before, after string) string {
	was, is := strings.Split(before, "\n"), strings.Split(after, "\n")
	var b strings.Builder
	for _, l := range is {
		if !slices.Contains(was, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	for _, l := range was {
		if !slices.Contains(is, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	return b.String()
}

// ingestFile does what `placevalue ingest` does with one file: read it, then load it. loaded says
// whether the reader accepted it, so that the refusal came from the load.
func ingestFile(ctx context.Context, w *data.Warehouse, path string) (loaded bool, err error) {
	b, err := ReadFile(ctx, path)
	if err != nil {
		return false, err
	}
	_, err = w.Load(ctx, b)
	return true, err
}

// TestBadInputLeavesWarehouseUnchanged loads good files, then each refused file of the corpus,
// and checks that every table is, byte for byte, as the good files left it.
//
// Most refusals of the corpus come from the reader, before the warehouse is touched; a few come
// from the load (atLoad), but from Validate, which runs before the load's transaction begins. The
// interrupted reload is the case that writes, deleting the earlier load of the same file among
// other things, before it fails: only the load's rollback leaves the warehouse unchanged there.
func TestBadInputLeavesWarehouseUnchanged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := data.Open(ctx, filepath.Join(dir, "placevalue.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// An ONS workbook, and an Ofcom table with a district merged into Buckinghamshire in 2020: a
	// superseded region, so that region_changes has rows too.
	good := map[string][]byte{
		"good.xlsx":       onsFixture(t, nil),
		"201905_good.csv": ofcomFixture("E07000004,AYLESBURY VALE,80000,95.2\n"),
	}
	for _, name := range slices.Sorted(maps.Keys(good)) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, good[name], 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ingestFile(ctx, w, path); err != nil {
			t.Fatal(err)
		}
	}
	before := warehouseSnapshot(t, w)
	for name, rows := range before.tables() {
		if len(rows) == 0 {
			t.Fatalf("the good files left %s empty: the comparison would not cover it", name)
		}
	}
	if n := len(before.Observations); n != 12 {
		t.Fatalf("the good files loaded %d observations, want 12 (8 and 4)", n)
	}
	unchanged := func(t *testing.T) {
		t.Helper()
		if after := warehouseSnapshot(t, w); after.String() != before.String() {
			t.Errorf("the warehouse changed:\n%s", changedRows(before.String(), after.String()))
		}
	}

	var accepted []badCase
	for _, c := range badCases() {
		if c.err == "" {
			accepted = append(accepted, c)
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			loaded, err := ingestFile(ctx, w, c.path(t, dir))
			if err == nil {
				t.Fatal("loaded")
			}
			if loaded != c.atLoad {
				t.Errorf("refused by the load: %v, want %v", loaded, c.atLoad)
			}
			if err.Error() != c.err {
				t.Errorf("error\n%s\nwant\n%s", err, c.err)
			}
			unchanged(t)
		})
	}
	t.Run("interrupted reload", func(t *testing.T) {
		b, err := ReadFile(ctx, filepath.Join(dir, "good.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		// Interrupted (as by Ctrl-C) once the load reports progress, that is once it has replaced
		// the earlier load and is writing the observations: the commit is then refused.
		loadCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		loadCtx = data.WithProgress(loadCtx, func(done, total int64) { cancel() })
		if _, err := w.Load(loadCtx, b); !errors.Is(err, context.Canceled) {
			t.Fatalf("load interrupted during its writes: error %v, want %v", err, context.Canceled)
		}
		unchanged(t)
	})

	// Unknown codes and markup load like any other data, verbatim.
	for _, c := range accepted {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ingestFile(ctx, w, c.path(t, dir)); err != nil {
				t.Fatal(err)
			}
		})
	}
	regions, err := w.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`<script>alert("x")</script>`, "<img src=x onerror=alert(1)>", "Atlantis"} {
		if !slices.ContainsFunc(regions, func(r data.Region) bool { return r.Name == name }) {
			t.Errorf("no region named %q in the warehouse", name)
		}
	}
}

func TestNewFileFormats(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		format  Format
		err     string
	}{
		{"table.csv", []byte("a,b\n1,2\n"), FormatCSV, ""},
		{"bom.csv", []byte("\uFEFFa,b\r\n1,2\r\n"), FormatCSV, ""},
		{"tabs.csv", []byte("a\tb\n1\t2\n"), FormatCSV, ""},
		{"book.xlsx", onsFixture(t, nil), FormatXLSX, ""},
		{"empty.csv", []byte(" \n "), "", "empty.csv: expected an .xlsx workbook or a .csv table, but the file is empty"},
		{"utf16.csv", []byte("\xff\xfea\x00,\x00b\x00"), "", `utf16.csv: expected a UTF-8 .csv table, but this text is UTF-16 (Excel's "Unicode Text"): save it as CSV UTF-8`},
		{"image.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", "image.png: expected an .xlsx workbook or a UTF-8 .csv table, but the content is neither"},
		{"late.csv", append(bytes.Repeat([]byte("a,b\n"), 2000), "c,\x07\n"...), "", "late.csv, row 2001: expected text without control characters, but column 3 holds U+0007"},
		{"c1.csv", []byte("a,b\n1,\u009b2\n"), "", "c1.csv, row 2: expected text without control characters, but column 3 holds U+009B"},
		{"moved_mimetype.ods", rewriteZip(t, odsFixture(t), func(_ string, b []byte) []byte { return b }), "",
			"moved_mimetype.ods: expected an .xlsx workbook, but this is an OpenDocument spreadsheet (.ods), which placevalue cannot read: save it as .xlsx (Excel 2007-365) from a spreadsheet program, or convert it with `libreoffice --headless --convert-to xlsx moved_mimetype.ods`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NewFile(tt.name, tt.content)
			if tt.err == "" {
				if err != nil || f.Format != tt.format {
					t.Fatalf("got %+v, %v; want format %s", f, err, tt.format)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || err.Error() != tt.err {
				t.Errorf("error\n%v\nwant\n%s", err, tt.err)
			}
		})
	}
}

// TestBadInputNeverPanics reads every corpus file with every reader, whether or not it would be
// detected as that reader's family: each must refuse with an InputError or accept, never panic.
func TestBadInputNeverPanics(t *testing.T) {
	ctx := context.Background()
	for name, content := range badCorpus(t) {
		for _, r := range Readers {
			t.Run(fmt.Sprintf("%s/%s", name, r.Publication()), func(t *testing.T) {
				f, err := NewFile(name, content)
				if err != nil {
					return
				}
				defer f.Close()
				r.Detect(ctx, f)
				if _, err := r.Read(ctx, f); err != nil && !isInputError(err) {
					t.Errorf("%s: error %v (%T) is not an *InputError", r.Publication(), err, err)
				}
			})
		}
	}
}

func isInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}
