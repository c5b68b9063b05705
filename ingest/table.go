package ingest

import (
	"context"
	"errors"
	"fmt"
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

// errNoHeader is wrapped when a sheet has no row with the labels a reader looks for.
var errNoHeader = errors.New("no header row")

// Line is one row of a sheet, as stored: Cells[0] is column A.
type Line struct {
	Num   int // 1-based row number
	Cells []string
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
	// (0-based, column A first); its length is the table's width.
	Header    []string
	HeaderRow int
	// Units is the units row found right under the header, or nil.
	Units []string

	ctx     context.Context
	rows    *excelize.Rows
	num     int    // number of the last row taken from rows
	pending []Line // rows read ahead while deciding where the table ends
	row     Line
	done    bool
	err     error
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
	t := &Table{File: f.Name, Sheet: sheet, ctx: ctx, rows: rows}
	for {
		l, ok := t.read(0)
		if !ok {
			rows.Close()
			if t.err != nil {
				return nil, t.err
			}
			return nil, &InputError{File: f.Name, Sheet: sheet, Expected: "a header row with " + quoteAll(labels), Err: errNoHeader}
		}
		if !hasLabels(l.Cells, labels) {
			if !l.blank() {
				t.Above = append(t.Above, l)
			}
			continue
		}
		t.HeaderRow = l.Num
		t.Header = headerOf(l.Cells)
		break
	}
	if l, ok := t.read(len(t.Header)); ok {
		if t.isUnits(l) {
			t.Units = l.Cells
		} else {
			t.pending = append(t.pending, l)
		}
	}
	return t, nil
}

// headerOf cleans a header row and cuts it after its last non-empty label: that is the table's
// real width, whatever used range the sheet declares.
func headerOf(cells []string) []string {
	h := make([]string, len(cells))
	last := -1
	for i, c := range cells {
		h[i] = StripNotes(c)
		if h[i] != "" {
			last = i
		}
	}
	return h[:last+1]
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
		if !l.blank() {
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
				if !t.isUnits(u) {
					t.pending = append([]Line{u}, t.pending...)
				}
			}
		case t.looksLikeData(next):
		default:
			t.done = true
		}
	}
	t.Close()
	return false
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

// read takes the next row from the sheet. width > 0 cuts the row to the table's width.
func (t *Table) read(width int) (Line, bool) {
	if t.rows == nil || t.err != nil {
		return Line{}, false
	}
	if t.num%64 == 0 {
		if err := t.ctx.Err(); err != nil {
			t.err = err
			return Line{}, false
		}
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
		if len(cells) > width {
			cells = cells[:width]
		}
		for len(cells) < width {
			cells = append(cells, "")
		}
	}
	for i, c := range cells {
		cells[i] = cleanSpace(c)
	}
	return Line{Num: t.num, Cells: cells}, true
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

// isUnits reports whether a row right under a header is a units row: text only, and nothing in
// the table's first labelled column (where data rows have their keys).
func (t *Table) isUnits(l Line) bool {
	first := -1
	for i, h := range t.Header {
		if h != "" {
			first = i
			break
		}
	}
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

// batchBuilder collects what a reader finds into one batch, declaring each region and indicator
// once however many rows and sheets mention it.
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

// done returns the batch with all its observations.
func (b *batchBuilder) done() *data.Batch {
	total := 0
	for _, c := range b.chunks {
		total += len(c)
	}
	b.batch.Observations = make([]data.Observation, 0, total)
	for _, c := range b.chunks {
		b.batch.Observations = append(b.batch.Observations, c...)
	}
	b.chunks = nil
	return &b.batch
}
