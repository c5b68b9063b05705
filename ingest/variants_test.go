package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// Releases of one publication family differ in layout from year to year: notes rows added above
// the header, the table moved right, a cover sheet in front, years stored as numbers, a two-row
// header with the unit merged over the years, numbers stored as text, rows hidden. These tests
// make such releases from the real workbooks with excelize and check that each reads to exactly
// the observations of the original.

// variant changes a copy of a real workbook the way another release might.
type variant struct {
	name  string
	apply func(wb *excelize.File, tables []variantTable) error
	// moves says whether the variant moves the values to other cells.
	moves bool
}

// variantTable is one data sheet of a workbook and the label that finds its header row.
type variantTable struct {
	sheet, label string
	// numbers says whether the sheet's numbers are quantities that a release might store as text
	// with thousands separators (reference years are not).
	numbers bool
}

func TestReleaseVariantsReadTheSame(t *testing.T) {
	if testing.Short() {
		t.Skip("rewrites real workbooks: slow")
	}
	onsTables := func(wb *excelize.File) []variantTable {
		var out []variantTable
		for _, s := range wb.GetSheetList() {
			if onsTableSheet.MatchString(s) {
				out = append(out, variantTable{sheet: s, label: "ITL code", numbers: true})
			}
		}
		return out
	}
	sniTables := func(wb *excelize.File) []variantTable {
		var out []variantTable
		for _, s := range wb.GetSheetList() {
			if sniSkipped(s) {
				continue
			}
			if row, _ := headerRowOf(wb, s, sniCodeLabel); row > 0 {
				out = append(out, variantTable{sheet: s, label: sniCodeLabel, numbers: true})
			}
		}
		return out
	}
	oecdTables := func(*excelize.File) []variantTable {
		return []variantTable{{oecdIndicatorSheet, "Code", true}, {oecdScoreSheet, "Code", true},
			{oecdReferenceSheet, "Disposable income per capita", false}}
	}
	all := func(vs ...variant) variant {
		return variant{"all of these at once", func(wb *excelize.File, tables []variantTable) error {
			for _, v := range vs {
				if err := v.apply(wb, tables); err != nil {
					return fmt.Errorf("%s: %w", v.name, err)
				}
			}
			return nil
		}, true}
	}
	common := []variant{notesAboveHeader, shiftedRight, coverFirst, numbersAsText, hiddenRows}
	// Each workbook is cut down to a few of its data sheets, chosen to cover their layouts (the
	// growth tables start a year later; the Northern Ireland sheets have fewer levels), so that
	// a dozen rewrites stay quick under the race detector.
	keep := func(sheets ...string) func(string) bool {
		return func(s string) bool { return slices.Contains(sheets, s) }
	}
	files := []struct {
		rel      string
		keep     func(sheet string) bool
		tables   func(*excelize.File) []variantTable
		variants []variant
	}{
		{onsGDPFile, keep("Information", "Contents", "Notes", "Table 1", "Table 7", "Table 12"), onsTables, append(slices.Clone(common), yearsAsNumbers, yearsFused, unitsRow, twoRowHeader, unitBand,
			all(coverFirst, numbersAsText, hiddenRows, yearsAsNumbers, twoRowHeader, notesAboveHeader, shiftedRight))},
		{onsSNIFile, keep("Notes", "Data dictionary", "GVA per hour", "Weekly pay", "Employment rate (NI)",
			"Broadband availability", "Life satisfaction", "Homicide"), sniTables, common},
		{oecdWellbeingFile, keep("Home", oecdScoreSheet, oecdIndicatorSheet, oecdReferenceSheet), oecdTables, common},
	}
	for _, file := range files {
		t.Run(filepath.Base(file.rel), func(t *testing.T) {
			t.Parallel()
			content, err := os.ReadFile(realSpreadsheet(t, file.rel))
			if err != nil {
				t.Fatal(err)
			}
			// rewrite reads the workbook, cuts it down, changes it and reads the result.
			rewrite := func(t *testing.T, v variant) *data.Batch {
				wb, err := excelize.OpenReader(bytes.NewReader(content))
				if err != nil {
					t.Fatal(err)
				}
				defer wb.Close()
				for _, s := range wb.GetSheetList() {
					if file.keep != nil && !file.keep(s) {
						if err := wb.DeleteSheet(s); err != nil {
							t.Fatal(err)
						}
					}
				}
				if err := v.apply(wb, file.tables(wb)); err != nil {
					t.Fatal(err)
				}
				buf, err := wb.WriteToBuffer()
				if err != nil {
					t.Fatal(err)
				}
				f, err := NewFile(filepath.Base(file.rel), buf.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				b, err := Read(context.Background(), f)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			want := rewrite(t, variant{name: "as published", apply: func(*excelize.File, []variantTable) error { return nil }})
			t.Logf("%d observations, %d regions, %d indicators as published", len(want.Observations), len(want.Regions), len(want.Indicators))
			for _, v := range file.variants {
				t.Run(v.name, func(t *testing.T) {
					got := rewrite(t, v)
					sameBatch(t, want, got)
					if v.moves && sameCells(want, got) {
						t.Error("every value is in the same cell as in the original: the variant changed nothing")
					}
				})
			}
		})
	}
}

// sameBatch checks that two batches hold the same source, regions, indicators and observations
// (region, indicator, period, value, bounds and status; the cells may differ).
func sameBatch(t *testing.T, want, got *data.Batch) {
	t.Helper()
	ws, gs := want.Source, got.Source
	ws.FileName, ws.SHA256, gs.FileName, gs.SHA256 = "", "", "", ""
	if ws.Publication != gs.Publication || ws.Title != gs.Title || ws.Vintage != gs.Vintage || ws.Publisher != gs.Publisher {
		t.Errorf("source %+v, want %+v", gs, ws)
	}
	if !sameElements(want.Regions, got.Regions, func(r data.Region) string { return fmt.Sprintf("%+v", r) }) {
		t.Errorf("regions differ: %d, want %d", len(got.Regions), len(want.Regions))
	}
	if !sameElements(want.Indicators, got.Indicators, func(i data.Indicator) string { return fmt.Sprintf("%+v", i) }) {
		t.Errorf("indicators differ:\n%+v\nwant\n%+v", got.Indicators, want.Indicators)
	}
	type reading struct {
		value, lower, upper string
		status              data.Status
		cell                data.Cell
	}
	show := func(v *float64) string {
		if v == nil {
			return "none"
		}
		return strconv.FormatUint(math.Float64bits(*v), 16)
	}
	index := func(b *data.Batch) map[string]reading {
		out := make(map[string]reading, len(b.Observations))
		for _, o := range b.Observations {
			out[o.Region+"|"+o.Indicator+"|"+o.Period] = reading{show(o.Value), show(o.Lower), show(o.Upper), o.Status, o.Cell}
		}
		return out
	}
	w, g := index(want), index(got)
	if len(w) != len(g) || len(got.Observations) != len(want.Observations) {
		t.Errorf("%d observations, want %d", len(got.Observations), len(want.Observations))
	}
	differences := 0
	for k, wr := range w {
		gr, ok := g[k]
		if ok && gr.value == wr.value && gr.lower == wr.lower && gr.upper == wr.upper && gr.status == wr.status {
			continue
		}
		if differences++; differences <= 5 {
			t.Errorf("%s: got %+v (present %v), want %+v", k, gr, ok, wr)
		}
	}
	if differences > 5 {
		t.Errorf("... %d observations differ in all", differences)
	}
}

// sameCells reports whether every observation of got is in the cell of want's observation.
func sameCells(want, got *data.Batch) bool {
	cells := make(map[string]data.Cell, len(want.Observations))
	for _, o := range want.Observations {
		cells[o.Region+"|"+o.Indicator+"|"+o.Period] = o.Cell
	}
	for _, o := range got.Observations {
		if cells[o.Region+"|"+o.Indicator+"|"+o.Period] != o.Cell {
			return false
		}
	}
	return true
}

func sameElements[T any](want, got []T, key func(T) string) bool {
	if len(want) != len(got) {
		return false
	}
	seen := map[string]int{}
	for _, x := range want {
		seen[key(x)]++
	}
	for _, x := range got {
		seen[key(x)]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// headerRowOf finds the first row with a cell equal to label, and that cell's column (1-based).
// It reads cells one by one: excelize's row iterators write a modified sheet out in full first.
func headerRowOf(wb *excelize.File, sheet, label string) (row, col int) {
	for r := 1; r <= 40; r++ {
		for c := 1; c <= 40; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			if v, err := wb.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true}); err == nil && sameLabel(v, label) {
				return r, c
			}
		}
	}
	return 0, 0
}

// notesAboveHeader inserts notes rows right above each table's header.
var notesAboveHeader = variant{"notes rows above the header", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		row, _ := headerRowOf(wb, tb.sheet, tb.label)
		if row == 0 {
			return fmt.Errorf("no header in %s", tb.sheet)
		}
		if err := wb.InsertRows(tb.sheet, row, 3); err != nil {
			return err
		}
		if err := setCells(wb, tb.sheet, map[string]any{
			fmt.Sprintf("A%d", row):   "This worksheet contains one table. Some cells refer to notes [note 9]",
			fmt.Sprintf("A%d", row+1): "Source: the publisher's latest release",
		}); err != nil {
			return err
		}
	}
	return nil
}, true}

// shiftedRight moves each table two columns to the right.
var shiftedRight = variant{"table shifted two columns right", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		if err := wb.InsertCols(tb.sheet, "A", 2); err != nil {
			return err
		}
	}
	return nil
}, true}

// coverFirst adds a Cover sheet in front of all the others.
var coverFirst = variant{"a cover sheet first", func(wb *excelize.File, _ []variantTable) error {
	first := wb.GetSheetList()[0]
	if _, err := wb.NewSheet("Cover"); err != nil {
		return err
	}
	if err := setCells(wb, "Cover", map[string]any{"A1": "Cover sheet", "A3": "Contents", "A4": "Notes"}); err != nil {
		return err
	}
	return wb.MoveSheet("Cover", first)
}, false}

var year = regexp.MustCompile(`^\d{4}$`)

// yearsAsNumbers stores the year headers as numbers rather than text.
var yearsAsNumbers = variant{"year headers as numbers", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		row, _ := headerRowOf(wb, tb.sheet, tb.label)
		if err := forRow(wb, tb.sheet, row, func(ref, v string) error {
			if !year.MatchString(v) {
				return nil
			}
			n, _ := strconv.Atoi(v)
			return wb.SetCellInt(tb.sheet, ref, int64(n))
		}); err != nil {
			return err
		}
	}
	return nil
}, false}

// yearsFused writes the year headers fused into a word, as the productivity workbooks do
// ("Pounds_2010").
var yearsFused = variant{"years fused into names", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		row, _ := headerRowOf(wb, tb.sheet, tb.label)
		if err := forRow(wb, tb.sheet, row, func(ref, v string) error {
			if !year.MatchString(v) {
				return nil
			}
			return wb.SetCellStr(tb.sheet, ref, "Pounds_"+v)
		}); err != nil {
			return err
		}
	}
	return nil
}, false}

// unitsRow adds a row of units under the years.
var unitsRow = variant{"a units row under the years", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		row, _ := headerRowOf(wb, tb.sheet, tb.label)
		if err := wb.InsertRows(tb.sheet, row+1, 1); err != nil {
			return err
		}
		if err := forRow(wb, tb.sheet, row, func(ref, v string) error {
			if !year.MatchString(v) {
				return nil
			}
			return wb.SetCellStr(tb.sheet, fmt.Sprintf("%s%d", columnOf(ref), row+1), "£")
		}); err != nil {
			return err
		}
	}
	return nil
}, true}

// twoRowHeader moves the years down to a row of their own under a merged "Pounds", and merges
// the other labels down over both rows.
var twoRowHeader = variant{"a merged two-row header", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		row, _ := headerRowOf(wb, tb.sheet, tb.label)
		if err := wb.InsertRows(tb.sheet, row+1, 1); err != nil {
			return err
		}
		var years, others []string
		if err := forRow(wb, tb.sheet, row, func(ref, v string) error {
			if v == "" {
				return nil
			}
			if year.MatchString(v) {
				years = append(years, ref)
				col, _, _ := excelize.SplitCellName(ref)
				if err := wb.SetCellStr(tb.sheet, fmt.Sprintf("%s%d", col, row+1), v); err != nil {
					return err
				}
				return wb.SetCellStr(tb.sheet, ref, "")
			}
			others = append(others, ref)
			return nil
		}); err != nil {
			return err
		}
		if len(years) == 0 {
			return fmt.Errorf("no years in %s row %d", tb.sheet, row)
		}
		if err := wb.SetCellStr(tb.sheet, years[0], "Pounds"); err != nil {
			return err
		}
		if err := wb.MergeCell(tb.sheet, years[0], years[len(years)-1]); err != nil {
			return err
		}
		for _, ref := range others {
			col, _, _ := excelize.SplitCellName(ref)
			if err := wb.MergeCell(tb.sheet, ref, fmt.Sprintf("%s%d", col, row+1)); err != nil {
				return err
			}
		}
	}
	return nil
}, true}

// unitBand writes a merged unit in a new row above the years.
var unitBand = variant{"a merged unit band above the years", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		row, _ := headerRowOf(wb, tb.sheet, tb.label)
		if err := wb.InsertRows(tb.sheet, row, 1); err != nil {
			return err
		}
		var years []string
		if err := forRow(wb, tb.sheet, row+1, func(ref, v string) error {
			if year.MatchString(v) {
				years = append(years, ref)
			}
			return nil
		}); err != nil {
			return err
		}
		first, _ := excelize.ColumnNumberToName(colOf(years[0]))
		last, _ := excelize.ColumnNumberToName(colOf(years[len(years)-1]))
		if err := wb.SetCellStr(tb.sheet, fmt.Sprintf("%s%d", first, row), "£ million"); err != nil {
			return err
		}
		if err := wb.MergeCell(tb.sheet, fmt.Sprintf("%s%d", first, row), fmt.Sprintf("%s%d", last, row)); err != nil {
			return err
		}
	}
	return nil
}, true}

// numbersAsText stores every number under the header as text, as some releases do: with
// thousands separators, stray spaces, and now and then a note marker.
var numbersAsText = variant{"numbers stored as text", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		if !tb.numbers {
			continue
		}
		header, _ := headerRowOf(wb, tb.sheet, tb.label)
		rows, err := wb.GetRows(tb.sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		n := 0
		for r := header; r < len(rows); r++ {
			for c, v := range rows[r] {
				if !isDecimal(v) {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return err
				}
				text := withThousands(strconv.FormatFloat(f, 'f', -1, 64))
				switch n++; n % 3 {
				case 1:
					text = " " + text + "  "
				case 2:
					text += " [note 3]"
				}
				if err := wb.SetCellStr(tb.sheet, ref, text); err != nil {
					return err
				}
			}
		}
		if n == 0 {
			return fmt.Errorf("no numbers in %s", tb.sheet)
		}
	}
	return nil
}, false}

// withThousands puts comma separators into the integer part of a decimal number.
func withThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// hiddenRows hides every seventh row under each table's header.
var hiddenRows = variant{"hidden rows", func(wb *excelize.File, tables []variantTable) error {
	for _, tb := range tables {
		header, _ := headerRowOf(wb, tb.sheet, tb.label)
		rows, err := wb.GetRows(tb.sheet)
		if err != nil {
			return err
		}
		for r := header + 2; r <= len(rows); r += 7 {
			if err := wb.SetRowVisible(tb.sheet, r, false); err != nil {
				return err
			}
		}
	}
	return nil
}, false}

// forRow calls fn for each cell of a row up to its last value, with its reference and raw value.
func forRow(wb *excelize.File, sheet string, row int, fn func(ref, v string) error) error {
	var refs, values []string
	for c, blank := 1, 0; blank < 8; c++ {
		ref, _ := excelize.CoordinatesToCellName(c, row)
		v, err := wb.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		if blank++; v != "" {
			blank = 0
		}
		refs, values = append(refs, ref), append(values, v)
	}
	for i := range refs {
		if err := fn(refs[i], values[i]); err != nil {
			return err
		}
	}
	return nil
}

func columnOf(ref string) string {
	col, _, _ := excelize.SplitCellName(ref)
	return col
}

func colOf(ref string) int {
	c, _, _ := excelize.CellNameToCoordinates(ref)
	return c
}
