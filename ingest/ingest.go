// Package ingest reads the spreadsheets that statistical offices publish and turns their layouts
// (title rows, notes sheets, footnote and suppression markers) into tidy observations. There is one
// reader per publication family, all built on one shared spreadsheet-table reader; a file's family
// is found from its content, never from its name.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// MaxUnzippedSize caps how far a workbook may decompress; a zip bomb is refused at this size.
const MaxUnzippedSize = 512 << 20

// Format is the container format of a file, told from its first bytes.
type Format string

// Formats a file can have.
const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
)

// File is one input file, read once into memory so that every reader sees the same bytes that were
// hashed.
type File struct {
	Path    string
	Name    string // base name, as recorded in provenance
	Format  Format
	Content []byte
	SHA256  string

	workbook *excelize.File
}

// Workbook opens the file as an xlsx workbook (once) with a cap on its decompressed size.
func (f *File) Workbook() (*excelize.File, error) {
	if f.workbook != nil {
		return f.workbook, nil
	}
	if f.Format != FormatXLSX {
		return nil, &InputError{File: f.Name, Expected: "an .xlsx workbook"}
	}
	wb, err := excelize.OpenReader(bytes.NewReader(f.Content), excelize.Options{
		UnzipSizeLimit:    MaxUnzippedSize,
		UnzipXMLSizeLimit: MaxUnzippedSize,
	})
	if err != nil {
		return nil, &InputError{File: f.Name, Expected: "a readable .xlsx workbook (the zip is damaged, truncated or decompresses past 512 MB)", Err: err}
	}
	f.workbook = wb
	return wb, nil
}

// Close releases the workbook, if one was opened.
func (f *File) Close() error {
	if f.workbook == nil {
		return nil
	}
	err := f.workbook.Close()
	f.workbook = nil
	return err
}

// Reader reads one publication family.
type Reader interface {
	// Publication is the family id stored on every source it reads, e.g. "ons-gdp-itl".
	Publication() string
	// Detect reports whether the file's content is this publication. It must be cheap and must
	// not fail loudly: a file of another family simply gives false.
	Detect(ctx context.Context, f *File) bool
	// Read turns the file into one batch. Any error names the file, sheet, row and what was expected.
	Read(ctx context.Context, f *File) (*data.Batch, error)
}

// Readers are the publication families placevalue knows, tried in this order.
var Readers = []Reader{
	OECDWellbeing{},
	ONSGDP{},
	ONSSubnational{},
	OfcomCoverage{},
	OECDSDMX{},
}

// InputError is a refusal of bad input: it names the file, and where known the sheet and row, and
// says what was expected there.
type InputError struct {
	File     string
	Sheet    string
	Row      int // 1-based; 0 when the problem is not in one row
	Expected string
	Err      error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ", row %d", e.Row)
	}
	b.WriteString(": expected ")
	b.WriteString(e.Expected)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// Open reads a file from disk; see NewFile.
func Open(path string) (*File, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, &InputError{File: filepath.Base(path), Expected: "a readable file", Err: err}
	}
	f, err := NewFile(filepath.Base(path), content)
	if f != nil {
		f.Path = path
	}
	return f, err
}

// NewFile takes a file's content and tells its format from its first bytes. Formats placevalue
// cannot read are refused here with an error that says what to do.
func NewFile(name string, content []byte) (*File, error) {
	sum := sha256.Sum256(content)
	f := &File{Path: name, Name: name, Content: content, SHA256: hex.EncodeToString(sum[:])}
	switch {
	case len(bytes.TrimSpace(content)) == 0:
		return nil, &InputError{File: name, Expected: "an .xlsx workbook or a .csv table, but the file is empty"}
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		f.Format = FormatXLSX
	case bytes.HasPrefix(content, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return nil, &InputError{File: name, Expected: "an .xlsx workbook, but this is a legacy .xls (BIFF) workbook, which placevalue cannot read: open it in a spreadsheet program and save it as .xlsx (Excel Workbook), or convert it with `libreoffice --headless --convert-to xlsx " + name + "`"}
	case looksLikeText(content):
		f.Format = FormatCSV
	default:
		return nil, &InputError{File: name, Expected: "an .xlsx workbook or a UTF-8 .csv table, but the content is neither"}
	}
	return f, nil
}

func looksLikeText(content []byte) bool {
	head := content
	if len(head) > 4096 {
		// The sample may end inside a multi-byte character: drop up to three trailing bytes.
		head = head[:4096]
		for i := 0; i < 3 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	return utf8.Valid(head) && !bytes.ContainsRune(head, 0)
}

// ErrUnknownPublication is wrapped by the error for a file that no reader recognises.
var ErrUnknownPublication = errors.New("not a known publication")

// Detect finds the reader for a file.
func Detect(ctx context.Context, f *File) (Reader, error) {
	if f.Format == FormatXLSX {
		// A damaged workbook is refused as such, not as an unknown publication.
		if _, err := f.Workbook(); err != nil {
			return nil, err
		}
	}
	for _, r := range Readers {
		if r.Detect(ctx, f) {
			return r, nil
		}
	}
	return nil, &InputError{File: f.Name, Expected: "one of the known publications (" + knownPublications() + ")", Err: ErrUnknownPublication}
}

func knownPublications() string {
	var names []string
	for _, r := range Readers {
		names = append(names, r.Publication())
	}
	return strings.Join(names, ", ")
}

// ReadFile opens, detects and reads one file from disk.
func ReadFile(ctx context.Context, path string) (*data.Batch, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	return Read(ctx, f)
}

// Read detects a file's publication and reads it into one batch, with the file's identity recorded
// on the batch's source.
func Read(ctx context.Context, f *File) (*data.Batch, error) {
	defer f.Close()
	r, err := Detect(ctx, f)
	if err != nil {
		return nil, err
	}
	b, err := r.Read(ctx, f)
	if err != nil {
		return nil, err
	}
	b.Source.Publication = r.Publication()
	b.Source.FileName = f.Name
	b.Source.SHA256 = f.SHA256
	return b, nil
}
