package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// The shared spreadsheet-table reader. Published sheets put titles, notes and key/value blocks
// above a table, may start it in any column, repeat its header further down, and end it with
// blank rows and footnotes; their declared used range can run to thousands of empty columns. The
// reader streams a sheet, finds the header row by its labels, takes the table's width from the
// header's non-empty cells, and yields the data rows with their row numbers.
//
// Headers come in the shapes releases have used over the years: one row of labels; labels with a
// units row under them; labels merged down over two rows with the years on the second row under a
// merged unit ("Pounds" across every year column); a merged unit band above a row of years; and
// years fused into labels ("Index_2004", "Pounds_2010"). Whatever the shape, Header ends up with
// one label per column (the year, for a year column) and Units with the unit where one is given.
//
// Hidden rows are read as data: publishers hide rows to tidy a printed view, not to withdraw
// figures, and dropping them would silently lose published values. They are reported (HiddenRows
// and a warning in the log) so that an analyst can check them.

// errNoHeader is wrapped when a sheet has no row with the labels a reader looks for.
var errNoHeader = errors.New("no header row")

// Line is one row of a sheet, as stored: Cells[0] is column A.
type Line struct {
	Num   int // 1-based row number
	Cells []string

	hidden bool
}

// Cell returns the trimmed text of column col (0-based), "" when the row is shorter.
func (l Line) Cell(col int) string {
	if col < 0 || col >= len(l.Cells) {
		return ""
	}
	return l.Cells[col]
}

// Ref is the A1 reference of column col (0-based) in this row, for provenance.
func (l Line) Ref(col int) string {
	ref, err := excelize.CoordinatesToCellName(col+1, l.Num)
	if err != nil {
		return "R" + strconv.Itoa(l.Num) + "C" + strconv.Itoa(col+1)
	}
	return ref
}

func (l Line) blank() bool {
	for _, c := range l.Cells {
		if c != "" {
			return false
		}
	}
	return true
}

// Table is one table on a sheet, read row by row like database/sql's Rows:
//
//	t, err := OpenTable(ctx, f, "Table 7", "ITL", "ITL code", "Region name")
//	defer t.Close()
//	for t.Next() { row := t.Row() ... }
//	if err := t.Err(); err != nil { ... }
type Table struct {
	File  string
	Sheet string
	// Above holds the rows above the header (titles, notes, key/value blocks), with every
	// non-empty cell; blank rows are left out.
	Above []Line
	// Header holds the header labels, cleaned of note markers and extra spaces, indexed by column
	// (0-based, column A first); its length is the table's width. A year column is labelled with
	// its year, however the sheet writes it ("2004", 2004, "Index_2004", or a year row under a
	// merged unit).
	Header    []string
	HeaderRow int // the row holding the labels the table was found by
	// Units holds the unit of each column where the sheet gives one (a units row under the header,
	// a merged unit over the year columns, or the word fused to a year), or is nil.
	Units []string
	// HiddenRows lists the hidden rows that were read as data rows, so far.
	HiddenRows []int

	ctx      context.Context
	progress *readProgress
	size     int64 // bytes of the sheet's XML, for progress
	lastRow  int   // the last row of the sheet's declared used range; 0 when it declares none
	rows     *excelize.Rows
	layout   sheetLayout
	num      int    // number of the last row taken from rows
	pending  []Line // rows read ahead while deciding where the table ends
	row      Line
	done     bool
	err      error
}

// OpenTable finds the first row of a sheet holding all the given labels (in any columns, ignoring
// case and note markers) and opens the table under it.
func OpenTable(ctx context.Context, f *File, sheet string, labels ...string) (*Table, error) {
	wb, err := f.Workbook()
	if err != nil {
		return nil, err
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, &InputError{File: f.Name, Sheet: sheet, Expected: "a readable worksheet", Err: err}
	}
	part := sheetPart(wb, sheet)
	t := &Table{File: f.Name, Sheet: sheet, ctx: ctx, rows: rows, layout: scanSheet(part),
		progress: f.progress, size: int64(len(part)), lastRow: dimensionLastRow(part)}
	var head Line
	for {
		l, ok := t.read(0)
		if !ok {
			rows.Close()
			if t.err != nil {
				return nil, t.err
			}
			return nil, &InputError{File: f.Name, Sheet: sheet, Expected: "a header row with " + quoteAll(labels), Err: errNoHeader}
		}
		if hasLabels(l.Cells, labels) {
			head = l
			break
		}
		if !l.blank() {
			t.Above = append(t.Above, l)
		}
	}
	if err := t.openHeader(head); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// openHeader reads the header's other rows (a year row or a units row under it, a unit band
// above it) and settles the table's labels, units and width.
func (t *Table) openHeader(head Line) error {
	t.HeaderRow = head.Num
	labels := t.layout.fill(head, -1)
	var units []string
	headerRows := []Line{head}

	raw, ok := t.read(0)
	next := raw
	if ok && next.Num == head.Num+1 {
		// Cells merged down from the header are part of its labels, not of the row under it.
		next = Line{Num: raw.Num, Cells: t.layout.fill(raw, head.Num), hidden: raw.hidden}
	}
	switch {
	case !ok:
	case next.Num == head.Num+1 && isPeriodRow(next, labels):
		labels, units = joinPeriodRow(labels, next.Cells)
		headerRows = append(headerRows, next)
		if u, ok := t.read(0); ok {
			if u.Num == next.Num+1 && isUnitsRow(Line{Num: u.Num, Cells: fitWidth(u.Cells, len(trimBlank(labels)))}, labels) {
				units = overlay(units, t.layout.fill(u, next.Num))
				headerRows = append(headerRows, u)
			} else {
				t.pending = append(t.pending, u)
			}
		}
	case isUnitsRow(Line{Num: next.Num, Cells: fitWidth(next.Cells, len(trimBlank(labels)))}, labels):
		units = overlay(units, next.Cells)
		headerRows = append(headerRows, next)
	default:
		t.pending = append(t.pending, raw)
	}
	if band, ok := t.unitBand(head, labels); ok {
		units = overlay(band, units)
	}

	labels, fused := headerOf(labels)
	t.Header = labels
	units = fitWidth(overlay(fused, units), len(labels))
	for i := range units {
		units[i] = StripNotes(units[i])
	}
	if !allBlank(units) {
		t.Units = units
	}
	for i, l := range t.pending {
		t.pending[i].Cells = fitWidth(l.Cells, len(t.Header))
	}
	for _, l := range headerRows {
		if err := t.checkFormulas(l); err != nil {
			return err
		}
	}
	return nil
}

// isPeriodRow reports whether a row right under the labels is a second header row that gives
// the years: nothing in the table's first labelled column (where data rows have their keys), and
// only periods ("2004", "2020-23") in its cells.
func isPeriodRow(l Line, labels []string) bool {
	first := firstLabel(labels)
	if first < 0 || l.Cell(first) != "" {
		return false
	}
	periods := 0
	for _, c := range l.Cells {
		if c == "" {
			continue
		}
		if _, ok := headerPeriod(c); !ok {
			return false
		}
		periods++
	}
	return periods > 0
}

// joinPeriodRow makes one label per column from labels and the year row under them: a year
// column is labelled with its year, and the label above it (a merged "Pounds") is its unit.
func joinPeriodRow(labels, periods []string) (joined, units []string) {
	n := max(len(labels), len(periods))
	joined, units = make([]string, n), make([]string, n)
	for i := range n {
		above, below := cellAt(labels, i), cellAt(periods, i)
		switch {
		case below == "":
			joined[i] = above
		default:
			joined[i] = below
			if _, isPeriod := headerPeriod(above); !isPeriod {
				units[i] = above
			}
		}
	}
	return joined, units
}

// isUnitsRow reports whether a row under the header is a units row: text only, and nothing in
// the table's first labelled column.
func isUnitsRow(l Line, labels []string) bool {
	first := firstLabel(labels)
	if first < 0 || l.Cell(first) != "" || l.blank() {
		return false
	}
	for _, c := range l.Cells {
		if c == "" {
			continue
		}
		if _, ok := parseNumber(c); ok {
			return false
		}
	}
	return true
}

// unitBand finds a unit written above the year columns in the row right above the header (a
// merged "£ million" over the years) and takes that row out of Above. A title in that row is not
// a band: every one of the band's cells must sit over a year column.
func (t *Table) unitBand(head Line, labels []string) ([]string, bool) {
	n := len(t.Above)
	if n == 0 || t.Above[n-1].Num != head.Num-1 {
		return nil, false
	}
	band := t.layout.fill(t.Above[n-1], -1)
	found := false
	for i, c := range band {
		if c == "" {
			continue
		}
		if _, ok := headerPeriod(cellAt(labels, i)); !ok {
			return nil, false
		}
		found = true
	}
	if !found {
		return nil, false
	}
	t.Above = t.Above[:n-1]
	return band, true
}

// headerOf cleans the header labels, splits years fused into labels ("Index_2004" becomes the
// label "2004" with the unit "Index"), and cuts the labels after the last non-empty one: that is
// the table's real width, whatever used range the sheet declares.
func headerOf(cells []string) (labels, units []string) {
	labels = make([]string, len(cells))
	units = make([]string, len(cells))
	last := -1
	for i, c := range cells {
		labels[i] = StripNotes(c)
		if labels[i] != "" {
			last = i
		}
	}
	labels, units = labels[:last+1], units[:last+1]
	// A fused year is only taken as one when the row has several labels of the same word and
	// different years: a single "Population_2021" may be a column's real name.
	words := map[string]int{}
	for _, l := range labels {
		if m := fusedYear.FindStringSubmatch(l); m != nil {
			words[strings.ToLower(m[1])]++
		}
	}
	for i, l := range labels {
		if m := fusedYear.FindStringSubmatch(l); m != nil && words[strings.ToLower(m[1])] >= 2 {
			labels[i], units[i] = m[2], m[1]
			continue
		}
		if y, ok := numericYear(l); ok {
			labels[i] = y
		}
	}
	return labels, units
}

func hasLabels(cells []string, labels []string) bool {
	for _, want := range labels {
		found := false
		for _, c := range cells {
			if c != "" && sameLabel(c, want) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func firstLabel(labels []string) int {
	for i, h := range labels {
		if h != "" {
			return i
		}
	}
	return -1
}

func cellAt(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// overlay returns base with the non-empty cells of top written over it.
func overlay(base, top []string) []string {
	if len(top) > len(base) {
		base = append(base, make([]string, len(top)-len(base))...)
	}
	for i, c := range top {
		if c != "" {
			base[i] = c
		}
	}
	return base
}

// trimBlank cuts cells after the last non-empty one.
func trimBlank(cells []string) []string {
	for n := len(cells); n > 0; n-- {
		if cells[n-1] != "" {
			return cells[:n]
		}
	}
	return nil
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// fitWidth cuts or pads a row's cells to the table's width.
func fitWidth(cells []string, width int) []string {
	if len(cells) > width {
		return cells[:width]
	}
	for len(cells) < width {
		cells = append(cells, "")
	}
	return cells
}

// Col returns the column (0-based) of the first header label equal to label, or -1.
func (t *Table) Col(label string) int {
	for i, h := range t.Header {
		if h != "" && sameLabel(h, label) {
			return i
		}
	}
	return -1
}

// Next advances to the next data row. It returns false at the end of the table, when the context
// is cancelled, or on a read error; check Err.
func (t *Table) Next() bool {
	for !t.done {
		l, ok := t.take()
		if !ok {
			break
		}
		if err := t.checkFormulas(l); err != nil {
			t.err = err
			break
		}
		if !l.blank() {
			if l.hidden {
				t.HiddenRows = append(t.HiddenRows, l.Num)
			}
			t.row = l
			return true
		}
		// Blank rows end the table unless what follows them is more of it.
		next, ok := t.nextNonBlank()
		if !ok {
			break
		}
		switch {
		case t.isRepeatedHeader(next):
			t.pending = t.pending[1:]
			if u, ok := t.take(); ok {
				if !isUnitsRow(u, t.Header) {
					t.pending = append([]Line{u}, t.pending...)
				}
			}
		case t.looksLikeData(next):
		default:
			t.done = true
		}
	}
	if t.err == nil && len(t.HiddenRows) > 0 && t.rows != nil {
		warn(t.ctx, "hidden rows read as data; they hold published values",
			"file", t.File, "sheet", t.Sheet, "rows", rowRanges(t.HiddenRows))
	}
	t.Close()
	return false
}

// rowRanges writes row numbers compactly: "5-9, 12".
func rowRanges(rows []int) string {
	var b strings.Builder
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(rows[i]))
		if j > i {
			b.WriteString("-" + strconv.Itoa(rows[j]))
		}
		i = j + 1
	}
	return b.String()
}

// Row is the current data row; its Cells have the header's width.
func (t *Table) Row() Line { return t.row }

// Err reports a read error or the context's error.
func (t *Table) Err() error { return t.err }

// Close releases the sheet's row reader; it is safe to call more than once.
func (t *Table) Close() error {
	t.done = true
	if t.rows == nil {
		return nil
	}
	t.progress.sheetDone(t.size)
	err := t.rows.Close()
	t.rows = nil
	return err
}

// Number parses the cell at column col of a data row strictly (see ParseCell). Bad text is
// refused with an error that names the file, sheet, row, cell and the text found.
func (t *Table) Number(l Line, col int) (Reading, error) {
	r, err := ParseCell(l.Cell(col))
	if err != nil {
		return Reading{}, t.cellError(l, col, "a number or a published marker like [x]", fmt.Errorf("found %q", l.Cell(col)))
	}
	return r, nil
}

// cellError is an InputError about one cell of the table.
func (t *Table) cellError(l Line, col int, expected string, err error) error {
	where := "cell " + l.Ref(col)
	if col < len(t.Header) && t.Header[col] != "" {
		where = fmt.Sprintf("column %q (cell %s)", t.Header[col], l.Ref(col))
	}
	return &InputError{File: t.File, Sheet: t.Sheet, Row: l.Num, Expected: expected + " in " + where, Err: err}
}

// Cell is the provenance of column col of a data row.
func (t *Table) Cell(l Line, col int) data.Cell {
	return data.Cell{File: t.File, Sheet: t.Sheet, Ref: l.Ref(col)}
}

// AboveValue finds a key cell above the header ("Date:", "Release date:") and returns the first
// non-empty cell to its right, or "" when there is no such key.
func (t *Table) AboveValue(key string) string {
	for _, l := range t.Above {
		for i, c := range l.Cells {
			if sameLabel(c, key) {
				for _, v := range l.Cells[i+1:] {
					if v != "" {
						return v
					}
				}
			}
		}
	}
	return ""
}

// Title is the first non-empty cell above the header.
func (t *Table) Title() string {
	for _, l := range t.Above {
		for _, c := range l.Cells {
			if c != "" {
				return c
			}
		}
	}
	return ""
}

// read takes the next row from the sheet. width > 0 cuts the row to the table's width. A cell
// holding a control character is refused: no published text has one, and passed on it could
// rewrite a terminal or a log line.
func (t *Table) read(width int) (Line, bool) {
	if t.rows == nil || t.err != nil {
		return Line{}, false
	}
	if t.num%64 == 0 {
		if err := t.ctx.Err(); err != nil {
			t.err = err
			return Line{}, false
		}
		t.progress.sheet(t.size, t.num, t.lastRow)
	}
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			t.err = &InputError{File: t.File, Sheet: t.Sheet, Row: t.num + 1, Expected: "a readable row", Err: err}
		}
		return Line{}, false
	}
	t.num++
	cells, err := t.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		t.err = &InputError{File: t.File, Sheet: t.Sheet, Row: t.num, Expected: "a readable row", Err: err}
		return Line{}, false
	}
	if width > 0 {
		cells = fitWidth(cells, width)
	}
	l := Line{Num: t.num, Cells: cells, hidden: t.rows.GetRowOpts().Hidden}
	for i, c := range cells {
		cells[i] = cleanSpace(c)
		if r, bad := controlChar(cells[i]); bad {
			t.err = &InputError{File: t.File, Sheet: t.Sheet, Row: t.num,
				Expected: fmt.Sprintf("text without control characters in cell %s, but it holds %U", l.Ref(i), r)}
			return Line{}, false
		}
	}
	return l, true
}

// checkFormulas refuses a row of the table with a formula cell saved without its result: its
// value is not in the file, and reading the cell as blank would turn a number into a gap.
func (t *Table) checkFormulas(l Line) error {
	if len(t.layout.uncached) == 0 {
		return nil
	}
	for col := 0; col < len(t.Header); col++ {
		if formula, ok := t.layout.uncached[cellPos{l.Num, col}]; ok {
			return &InputError{File: t.File, Sheet: t.Sheet, Row: l.Num,
				Expected: fmt.Sprintf("a saved value in cell %s, but it holds the formula =%s without its result "+
					"(the file was written by a program that does not calculate formulas): open it in a spreadsheet "+
					"program and save it again", l.Ref(col), formula)}
		}
	}
	return nil
}

// take returns the next row of the table's width, read-ahead rows first.
func (t *Table) take() (Line, bool) {
	if len(t.pending) > 0 {
		l := t.pending[0]
		t.pending = t.pending[1:]
		return l, true
	}
	return t.read(len(t.Header))
}

// nextNonBlank reads past blank rows and leaves the first non-blank row at the front of pending.
func (t *Table) nextNonBlank() (Line, bool) {
	for len(t.pending) > 0 && t.pending[0].blank() {
		t.pending = t.pending[1:]
	}
	if len(t.pending) > 0 {
		return t.pending[0], true
	}
	for {
		l, ok := t.read(len(t.Header))
		if !ok {
			return Line{}, false
		}
		if !l.blank() {
			t.pending = append(t.pending, l)
			return l, true
		}
	}
}

// isRepeatedHeader reports whether a row repeats the header (a second block of the same table,
// such as the OECD's country rows under its regions): at least two of its cells, and most of them,
// equal the header's labels in the same columns.
func (t *Table) isRepeatedHeader(l Line) bool {
	same, filled := 0, 0
	for i, c := range l.Cells {
		if c == "" {
			continue
		}
		filled++
		if i < len(t.Header) && sameLabel(c, t.Header[i]) {
			same++
		}
	}
	return same >= 2 && 2*same > filled
}

// looksLikeData reports whether a row after blank rows continues the table rather than starting
// the footnotes: footnotes are text, data rows have numbers.
func (t *Table) looksLikeData(l Line) bool {
	filled, numbers := 0, 0
	for _, c := range l.Cells {
		if c == "" {
			continue
		}
		filled++
		if _, ok := parseNumber(c); ok {
			numbers++
		}
	}
	return filled >= 2 && numbers >= 1
}

func quoteAll(labels []string) string {
	q := make([]string, len(labels))
	for i, l := range labels {
		q[i] = strconv.Quote(l)
	}
	return strings.Join(q, ", ")
}

// sheetLayout is what excelize's row stream leaves out and a table needs: merged ranges (the
// stream gives a merged value only in its top-left cell) and formula cells saved without a
// result (the stream gives them as blank). It comes from one scan of the sheet's XML; excelize's
// GetMergeCells would decode the whole sheet into memory instead, seconds on a large workbook.
type sheetLayout struct {
	merges   []cellRange
	uncached map[cellPos]string // formula text, by cell
}

// cellRange is a rectangle of cells: rows 1-based, columns 0-based, both inclusive.
type cellRange struct{ top, left, bottom, right int }

type cellPos struct{ row, col int }

// fill returns a row's cells with each merged value spread across its range. A range that
// begins on row above (the header row over a year or units row) is blanked in this row instead:
// its value is that row's label.
func (s sheetLayout) fill(l Line, above int) []string {
	cells := append([]string(nil), l.Cells...)
	for _, m := range s.merges {
		if l.Num < m.top || l.Num > m.bottom || m.right-m.left > maxMergeWidth {
			continue
		}
		value := ""
		switch m.top {
		case l.Num:
			if value = cellAt(cells, m.left); value == "" {
				continue
			}
		case above:
		default:
			continue
		}
		cells = fitWidth(cells, max(len(cells), m.right+1))
		for c := m.left; c <= m.right; c++ {
			cells[c] = value
		}
	}
	return cells
}

// maxMergeWidth bounds how far a merged header cell is spread: a merge across a phantom used
// range of 16,000 columns is a formatting accident, not a label for each of them.
const maxMergeWidth = 1024

// sheetPart returns the XML of a worksheet as excelize holds it, or nil when it cannot be found
// (then the table is read without merges and formula checks, as the row stream gives it).
func sheetPart(wb *excelize.File, sheet string) []byte {
	if wb.WorkBook == nil {
		return nil
	}
	id := ""
	for _, s := range wb.WorkBook.Sheets.Sheet {
		if strings.EqualFold(s.Name, sheet) {
			id = s.ID
			break
		}
	}
	if id == "" {
		return nil
	}
	book := "xl/workbook.xml"
	for _, r := range partRelationships(wb, "_rels/.rels") {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = strings.TrimPrefix(r.Target, "/")
		}
	}
	dir := path.Dir(book)
	for _, r := range partRelationships(wb, strings.TrimPrefix(path.Join(dir, "_rels", path.Base(book)+".rels"), "/")) {
		if r.ID != id {
			continue
		}
		name := strings.TrimPrefix(path.Clean(dir+"/"+r.Target), "/")
		if strings.HasPrefix(r.Target, "/") {
			name = strings.TrimPrefix(path.Clean(r.Target), "/")
		}
		if b, ok := wb.Pkg.Load(name); ok {
			content, _ := b.([]byte)
			return content
		}
	}
	return nil
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

func partRelationships(wb *excelize.File, name string) []relationship {
	b, ok := wb.Pkg.Load(name)
	if !ok {
		return nil
	}
	content, _ := b.([]byte)
	var rels struct {
		Relationships []relationship `xml:"Relationship"`
	}
	if xml.Unmarshal(content, &rels) != nil {
		return nil
	}
	return rels.Relationships
}

// scanSheet finds merged ranges and formula cells without results in a worksheet's XML. It looks
// at bytes rather than decoding: sheetData is by far the largest part of a sheet, and only its
// formula cells (rare in published tables) need a closer look.
func scanSheet(sheetXML []byte) sheetLayout {
	var s sheetLayout
	start := bytes.Index(sheetXML, []byte("sheetData"))
	end := bytes.LastIndex(sheetXML, []byte("sheetData"))
	if start < 1 || end <= start {
		return s
	}
	// Elements may carry a namespace prefix ("x:sheetData"); all of a sheet's use the same one.
	prefix := ""
	if i := bytes.LastIndexByte(sheetXML[:start], '<'); i >= 0 && start-i > 1 {
		prefix = string(sheetXML[i+1 : start])
	}
	body := sheetXML[start:end]
	for _, f := range elements(body, prefix+"f") {
		cell, ok := enclosingCell(body, f, prefix)
		if !ok || hasResult(cell, prefix) {
			continue
		}
		ref, _ := attribute(cell, "r")
		col, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			continue
		}
		if s.uncached == nil {
			s.uncached = map[cellPos]string{}
		}
		s.uncached[cellPos{row, col - 1}] = formulaText(body[f:], prefix)
	}
	for _, m := range elements(sheetXML[end:], prefix+"mergeCell") {
		ref, ok := attribute(sheetXML[end+m:], "ref")
		if !ok {
			continue
		}
		from, to, found := strings.Cut(ref, ":")
		if !found {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		s.merges = append(s.merges, cellRange{top: r1, left: c1 - 1, bottom: r2, right: c2 - 1})
	}
	return s
}

// elements returns the offsets of the start tags <name ...> in b.
func elements(b []byte, name string) []int {
	var out []int
	tag := []byte("<" + name)
	for i := 0; ; {
		j := bytes.Index(b[i:], tag)
		if j < 0 {
			return out
		}
		p := i + j
		i = p + len(tag)
		if i < len(b) {
			switch b[i] {
			case '>', '/', ' ', '\t', '\n', '\r':
				out = append(out, p)
			}
		}
	}
}

// enclosingCell returns the <c> element around offset at.
func enclosingCell(b []byte, at int, prefix string) ([]byte, bool) {
	open := []byte("<" + prefix + "c")
	from := at
	for {
		i := bytes.LastIndex(b[:from], open)
		if i < 0 {
			return nil, false
		}
		if n := i + len(open); n < len(b) && (b[n] == ' ' || b[n] == '>' || b[n] == '\t' || b[n] == '\n' || b[n] == '\r') {
			end := bytes.Index(b[at:], []byte("</"+prefix+"c>"))
			if end < 0 {
				return nil, false
			}
			return b[i : at+end], true
		}
		from = i
	}
}

// hasResult reports whether a formula cell carries its last result: a <v> element, which may be
// empty only for a text result.
func hasResult(cell []byte, prefix string) bool {
	vs := elements(cell, prefix+"v")
	if len(vs) == 0 {
		return false
	}
	v := cell[vs[0]:]
	gt := bytes.IndexByte(v, '>')
	if gt < 0 || v[gt-1] == '/' || bytes.HasPrefix(v[gt+1:], []byte("</")) {
		t, _ := attribute(cell, "t")
		return t == "str"
	}
	return true
}

// attribute reads name="value" from the start tag at the beginning of b.
func attribute(b []byte, name string) (string, bool) {
	gt := bytes.IndexByte(b, '>')
	if gt < 0 {
		return "", false
	}
	tag := b[:gt]
	for _, q := range []string{`"`, `'`} {
		key := []byte(name + "=" + q)
		for i := 0; ; {
			j := bytes.Index(tag[i:], key)
			if j < 0 {
				break
			}
			p := i + j
			i = p + len(key)
			if p == 0 || (tag[p-1] != ' ' && tag[p-1] != '\t' && tag[p-1] != '\n' && tag[p-1] != '\r') {
				continue
			}
			end := bytes.Index(tag[i:], []byte(q))
			if end < 0 {
				return "", false
			}
			return string(tag[i : i+end]), true
		}
	}
	return "", false
}

// formulaText is the text of the <f> element at the beginning of b, for messages.
func formulaText(b []byte, prefix string) string {
	gt := bytes.IndexByte(b, '>')
	if gt < 0 || b[gt-1] == '/' {
		return "(shared formula)"
	}
	end := bytes.Index(b[gt:], []byte("</"+prefix+"f>"))
	if end < 0 {
		return ""
	}
	var s string
	if xml.Unmarshal([]byte("<f>"+string(b[gt+1:gt+end])+"</f>"), &s) != nil {
		s = string(b[gt+1 : gt+end])
	}
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// batchBuilder collects what a reader finds into one batch, declaring each region and indicator
// once however many rows and sheets mention it, and refusing a second value for the same region,
// indicator and period.
type batchBuilder struct {
	batch      data.Batch
	regions    map[string]int // code -> index in batch.Regions
	indicators map[string]bool
	// Observations are kept in chunks and joined once by done: a batch of half a million
	// observations is then not copied over and over as it grows.
	chunks [][]data.Observation
}

func newBatchBuilder(src data.Source) *batchBuilder {
	return &batchBuilder{batch: data.Batch{Source: src}, regions: map[string]int{}, indicators: map[string]bool{}}
}

// region declares a region; a later mention can supply a parent the first one lacked.
func (b *batchBuilder) region(r data.Region) {
	if i, ok := b.regions[r.Code]; ok {
		if b.batch.Regions[i].Parent == "" {
			b.batch.Regions[i].Parent = r.Parent
		}
		return
	}
	b.regions[r.Code] = len(b.batch.Regions)
	b.batch.Regions = append(b.batch.Regions, r)
}

// indicator declares an indicator, classified by the catalogue.
func (b *batchBuilder) indicator(ind data.Indicator) error {
	if b.indicators[ind.ID] {
		return nil
	}
	if err := data.Classify(&ind); err != nil {
		return err
	}
	b.indicators[ind.ID] = true
	b.batch.Indicators = append(b.batch.Indicators, ind)
	return nil
}

func (b *batchBuilder) observe(o data.Observation) {
	if n := len(b.chunks); n == 0 || len(b.chunks[n-1]) == cap(b.chunks[n-1]) {
		b.chunks = append(b.chunks, make([]data.Observation, 0, 1<<14))
	}
	last := &b.chunks[len(b.chunks)-1]
	*last = append(*last, o)
}

// done returns the batch with all its observations, or an error naming the first cell that
// gives a value already given for the same region, indicator and period (a duplicated row).
func (b *batchBuilder) done() (*data.Batch, error) {
	total := 0
	for _, c := range b.chunks {
		total += len(c)
	}
	b.batch.Observations = make([]data.Observation, 0, total)
	for _, c := range b.chunks {
		b.batch.Observations = append(b.batch.Observations, c...)
	}
	b.chunks = nil
	if err := firstDuplicate(b.batch.Observations); err != nil {
		return nil, err
	}
	return &b.batch, nil
}

// firstDuplicate finds the first observation, in reading order, whose region, indicator and
// period an earlier one already has. It sorts hashes rather than filling a map keyed by the
// strings: on half a million observations that is several times faster. Only hashes that occur
// twice (duplicates, or very rarely a collision) are then looked at closely.
func firstDuplicate(obs []data.Observation) error {
	hashes := make([]uint64, len(obs))
	for i, o := range obs {
		hashes[i] = observationKey(o)
	}
	sorted := slices.Clone(hashes)
	slices.Sort(sorted)
	repeated := map[uint64][]int{}
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			repeated[sorted[i]] = nil
		}
	}
	if len(repeated) == 0 {
		return nil
	}
	for i, h := range hashes {
		earlier, ok := repeated[h]
		if !ok {
			continue
		}
		o := obs[i]
		for _, j := range earlier {
			if p := obs[j]; p.Region == o.Region && p.Indicator == o.Indicator && p.Period == o.Period {
				return duplicateError(p, o)
			}
		}
		repeated[h] = append(earlier, i)
	}
	return nil
}

// observationKey is an FNV-1a hash of an observation's region, indicator and period.
func observationKey(o data.Observation) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [3]string{o.Region, o.Indicator, o.Period} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		h ^= 0xff // a separator, so that ("ab", "c") and ("a", "bc") differ
		h *= 1099511628211
	}
	return h
}

// duplicateError names the cell that gives a value already given, and the first one.
func duplicateError(prev, o data.Observation) error {
	row := 0
	if _, r, err := excelize.CellNameToCoordinates(o.Cell.Ref); err == nil {
		row = r
	}
	first := "cell " + prev.Cell.Ref
	if prev.Cell.Sheet != o.Cell.Sheet {
		first = fmt.Sprintf("sheet %q, cell %s", prev.Cell.Sheet, prev.Cell.Ref)
	}
	return &InputError{File: o.Cell.File, Sheet: o.Cell.Sheet, Row: row,
		Expected: fmt.Sprintf("one value per region, indicator and period, but cell %s gives region %s, indicator %s, period %s again (first given in %s)",
			o.Cell.Ref, o.Region, o.Indicator, o.Period, first)}
}
