package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/placevalue/placevalue/data"
)

// csvTable is a flat CSV file read whole: one header row, then one record per row.
type csvTable struct {
	file   string
	header []string // trimmed labels
	rows   [][]string
}

// utf8BOM is what Excel writes in front of UTF-8 CSV; encoding/csv does not strip it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func newCSVReader(content []byte) *csv.Reader {
	return csv.NewReader(bytes.NewReader(bytes.TrimPrefix(content, utf8BOM)))
}

// csvHeader returns the trimmed labels of a CSV file's first row, or nil when the file is not a
// readable CSV table. It reads only the first record, so that Detect stays cheap.
func csvHeader(f *File) []string {
	if f.Format != FormatCSV {
		return nil
	}
	cr := newCSVReader(f.Content)
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return nil
	}
	return trimAll(rec)
}

// readCSVTable reads a whole CSV file. Every row must have as many fields as the header; a row
// that does not is refused with its row number.
func readCSVTable(f *File) (*csvTable, error) {
	if f.Format != FormatCSV {
		return nil, &InputError{File: f.Name, Expected: "a .csv table"}
	}
	cr := newCSVReader(f.Content)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &InputError{File: f.Name, Expected: "a header row, but the file is empty"}
	}
	if err != nil {
		return nil, csvInputError(f.Name, err)
	}
	t := &csvTable{file: f.Name, header: trimAll(header)}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, csvInputError(f.Name, err)
		}
		t.rows = append(t.rows, rec)
	}
}

func csvInputError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: file, Row: pe.StartLine, Expected: "well-formed CSV", Err: pe.Err}
	}
	return &InputError{File: file, Expected: "well-formed CSV", Err: err}
}

// column finds a column by any of its labels, ignoring case, spacing and note markers; -1 when
// absent.
func (t *csvTable) column(labels ...string) int {
	return findLabel(t.header, labels...)
}

func findLabel(header []string, labels ...string) int {
	for i, h := range header {
		for _, l := range labels {
			if sameLabel(h, l) {
				return i
			}
		}
	}
	return -1
}

// rowNumber is the 1-based row of record i in the file, counting the header as row 1.
func (t *csvTable) rowNumber(i int) int { return i + 2 }

// cellRef is the provenance of record i, column j (0-based) of a CSV table.
func (t *csvTable) cellRef(i, j int) data.Cell {
	return data.Cell{File: t.file, Ref: fmt.Sprintf("R%dC%d", t.rowNumber(i), j+1)}
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = strings.TrimSpace(s)
	}
	return out
}
