// Package ingest reads the spreadsheets that statistical offices publish and turns their layouts
// (title rows, notes sheets, footnote and suppression markers) into tidy observations. There is one
// reader per publication family, all built on one shared spreadsheet-table reader; a file's family
// is found from its content, never from its name.
package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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
	progress *readProgress // while Read reads the workbook
}

// Workbook opens the file as an xlsx workbook (once) with a cap on its decompressed size.
func (f *File) Workbook() (*excelize.File, error) {
	if f.workbook != nil {
		return f.workbook, nil
	}
	if f.Format != FormatXLSX {
		return nil, &InputError{File: f.Name, Expected: "an .xlsx workbook"}
	}
	if err := checkZipSizes(f.Name, f.Content); err != nil {
		return nil, err
	}
	wb, err := excelize.OpenReader(bytes.NewReader(f.Content), excelize.Options{
		UnzipSizeLimit:    MaxUnzippedSize,
		UnzipXMLSizeLimit: MaxUnzippedSize,
	})
	if err != nil {
		return nil, &InputError{File: f.Name, Expected: "a readable .xlsx workbook, but the file is damaged or truncated", Err: err}
	}
	f.workbook = wb
	return wb, nil
}

// maxCompressionRatio is how much more than its compressed size a large part of a workbook may
// declare. Spreadsheet XML compresses about tenfold, rarely beyond a hundredfold; deflate cannot
// go past about a thousandfold, which is where zip bombs sit.
const maxCompressionRatio = 200

// checkZipSizes refuses a zip bomb from the sizes its directory declares, before anything is
// inflated: a workbook larger than MaxUnzippedSize, or a large part compressed beyond anything a
// spreadsheet program writes. A part that inflates past its declared size is stopped by the zip
// reader at that size.
func checkZipSizes(name string, content []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return &InputError{File: name, Expected: "a readable .xlsx workbook, but the zip archive is damaged or truncated", Err: err}
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > MaxUnzippedSize {
			return &InputError{File: name, Expected: fmt.Sprintf("a workbook that decompresses to at most %d MB, "+
				"but its parts declare more (a zip bomb, or not a statistical table); refused without decompressing it", MaxUnzippedSize>>20)}
		}
		if zf.UncompressedSize64 > 16<<20 && zf.UncompressedSize64 > maxCompressionRatio*max(zf.CompressedSize64, 1) {
			return &InputError{File: name, Expected: fmt.Sprintf("a workbook whose parts compress as spreadsheets do, "+
				"but %s declares %d MB from %d KB (a zip bomb); refused without decompressing it",
				zf.Name, zf.UncompressedSize64>>20, zf.CompressedSize64>>10)}
		}
	}
	return nil
}

// checkZipParts inflates every part of a workbook, to nowhere, and refuses one that is damaged
// or that inflates past the size it declares (a zip bomb that understates its size; the zip
// reader stops it there). checkZipSizes has capped the declared sizes, so this is bounded.
func checkZipParts(name string, content []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return &InputError{File: name, Expected: "a readable .xlsx workbook, but the zip archive is damaged or truncated", Err: err}
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
		}
		if err != nil {
			return &InputError{File: name, Expected: fmt.Sprintf("a readable .xlsx workbook, but its part %s is damaged "+
				"or inflates beyond the %d KB it declares (a zip bomb)", zf.Name, zf.UncompressedSize64>>10), Err: err}
		}
	}
	return nil
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
	ONSProductivity{},
	ONSSubnational{},
	OfcomCoverage{},
	OECDSDMX{},
	ONSGeography{},
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
// cannot read are refused here with an error that says what to do, and so is text that is not
// clean UTF-8.
func NewFile(name string, content []byte) (*File, error) {
	sum := sha256.Sum256(content)
	f := &File{Path: name, Name: name, Content: content, SHA256: hex.EncodeToString(sum[:])}
	switch {
	case len(bytes.TrimSpace(content)) == 0:
		return nil, &InputError{File: name, Expected: "an .xlsx workbook or a .csv table, but the file is empty"}
	case isOpenDocument(content):
		return nil, &InputError{File: name, Expected: "an .xlsx workbook, but this is an OpenDocument spreadsheet (.ods), which placevalue cannot read: " +
			"save it as .xlsx (Excel 2007-365) from a spreadsheet program, or convert it with `libreoffice --headless --convert-to xlsx " + name + "`"}
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		f.Format = FormatXLSX
	case bytes.HasPrefix(content, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// A legacy workbook, or an encrypted .xlsx (also an OLE container).
		return nil, &InputError{File: name, Expected: "an .xlsx workbook, but this is a legacy .xls (BIFF) workbook, which placevalue cannot read: open it in a spreadsheet program and save it as .xlsx (Excel Workbook), or convert it with `libreoffice --headless --convert-to xlsx " + name + "`"}
	case bytes.HasPrefix(content, []byte{0xFF, 0xFE}) || bytes.HasPrefix(content, []byte{0xFE, 0xFF}):
		return nil, &InputError{File: name, Expected: "a UTF-8 .csv table, but this text is UTF-16 (Excel's \"Unicode Text\"): save it as CSV UTF-8"}
	case isText(content):
		// Text that is not clean UTF-8 (another encoding, NUL bytes, escape sequences) is
		// refused with the line where it goes wrong.
		if err := checkText(name, content); err != nil {
			return nil, err
		}
		f.Format = FormatCSV
	default:
		return nil, &InputError{File: name, Expected: "an .xlsx workbook or a UTF-8 .csv table, but the content is neither"}
	}
	return f, nil
}

// odsMimetype is the first entry of an OpenDocument spreadsheet, stored uncompressed.
var odsMimetype = []byte("mimetypeapplication/vnd.oasis.opendocument.spreadsheet")

// isOpenDocument reports whether content is an OpenDocument spreadsheet: a zip whose mimetype
// entry says so. The entry is normally the first, uncompressed, so its bytes are at the start;
// otherwise the zip directory is read.
func isOpenDocument(content []byte) bool {
	if !bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		return false
	}
	if bytes.Contains(content[:min(len(content), 256)], odsMimetype) {
		return true
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	for _, zf := range zr.File {
		if zf.Name != "mimetype" || zf.UncompressedSize64 > 256 {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			return false
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, 256))
		return err == nil && strings.HasPrefix(string(b), "application/vnd.oasis.opendocument.spreadsheet")
	}
	return false
}

// isText reports whether content is text in some form, even if not clean UTF-8: its sample has
// either no NUL bytes (another encoding, such as Windows-1252) or is valid UTF-8 (with stray
// NULs). Binary files usually have both.
func isText(content []byte) bool {
	head := sample(content)
	return utf8.Valid(head) || !bytes.ContainsRune(head, 0)
}

// sample is the first 4 KB of content. It may end inside a multi-byte character: up to three
// trailing bytes are dropped to keep it valid.
func sample(content []byte) []byte {
	head := content
	if len(head) > 4096 {
		head = head[:4096]
		for i := 0; i < 3 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	return head
}

// checkText refuses text with bytes that are not UTF-8 or with control characters other than tab
// and line ends, naming the line and column: no published table has them, and a name carrying an
// escape sequence could rewrite a terminal or a log line.
func checkText(name string, content []byte) error {
	line, col := 1, 1
	for i := 0; i < len(content); {
		c := content[i]
		if c < 0x80 {
			switch {
			case c == '\n':
				line, col = line+1, 1
				i++
				continue
			case c == '\t' || c == '\r':
			case c < 0x20 || c == 0x7f:
				return &InputError{File: name, Row: line, Expected: fmt.Sprintf("text without control characters, but column %d holds %U", col, rune(c))}
			}
			i, col = i+1, col+1
			continue
		}
		r, size := utf8.DecodeRune(content[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &InputError{File: name, Row: line, Expected: fmt.Sprintf("UTF-8 text, but column %d holds the byte 0x%02X, which is not UTF-8: save the file as CSV UTF-8", col, c)}
		case r >= 0x80 && r <= 0x9f:
			return &InputError{File: name, Row: line, Expected: fmt.Sprintf("text without control characters, but column %d holds %U", col, r)}
		}
		i, col = i+size, col+1
	}
	return nil
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
	if f.Format == FormatXLSX {
		// A sheet that could not be read looks to every reader like a sheet of another layout:
		// say that it is damaged rather than that the publication is unknown.
		if err := checkZipParts(f.Name, f.Content); err != nil {
			return nil, err
		}
	}
	if f.Format == FormatCSV && strings.EqualFold(filepath.Ext(f.Name), ".xlsx") {
		// Text under a workbook's name (a web page saved by a failed download, a table renamed)
		// is no publication's layout: say what the name promised and what the file is.
		return nil, &InputError{File: f.Name, Expected: "an .xlsx workbook (a zip archive), as the file's name says, but the file is text: " +
			describe(f) + ": download or save it again as an .xlsx workbook"}
	}
	return nil, &InputError{File: f.Name, Expected: "one of the known publications (" + knownPublications() + "), but " + describe(f), Err: ErrUnknownPublication}
}

// describe says what an unrecognised file holds, so that a user can tell a wrong file from a
// changed layout: a workbook's sheets, or a CSV file's first line.
func describe(f *File) string {
	if f.Format == FormatCSV {
		line, _, _ := strings.Cut(string(f.Content[:min(len(f.Content), 512)]), "\n")
		line = strings.TrimSpace(strings.TrimPrefix(line, "\uFEFF"))
		if !utf8.ValidString(line) || len(line) > 200 {
			line = strings.ToValidUTF8(line[:min(len(line), 200)], "") + "..."
		}
		return fmt.Sprintf("its first line is %q", line)
	}
	wb, err := f.Workbook()
	if err != nil {
		return "it cannot be opened"
	}
	sheets := wb.GetSheetList()
	if len(sheets) > 12 {
		sheets = append(sheets[:12:12], "...")
	}
	return fmt.Sprintf("its sheets are %q and none has the header rows of those publications", sheets)
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
// on the batch's source and the UK region codes the geography does not know listed.
func Read(ctx context.Context, f *File) (*data.Batch, error) {
	defer f.Close()
	r, err := Detect(ctx, f)
	if err != nil {
		return nil, err
	}
	if f.workbook != nil {
		f.progress = newReadProgress(ctx, f.workbook)
	}
	b, err := r.Read(ctx, f)
	f.progress.finish()
	f.progress = nil
	if err != nil {
		return nil, err
	}
	b.Source.Publication = r.Publication()
	b.Source.FileName = f.Name
	b.Source.SHA256 = f.SHA256
	// Codes the geography cannot place are stored all the same, and listed for the ingest summary,
	// but under level other whatever the reader took them for: only districts and regions the
	// geography knows are ranked, and a made-up or mistyped code is not one of them.
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	b.UnknownRegions = geo.Unknown(b.Regions)
	unknown := make(map[string]bool, len(b.UnknownRegions))
	for i := range b.UnknownRegions {
		b.UnknownRegions[i].Level = data.LevelOther
		unknown[b.UnknownRegions[i].Code] = true
	}
	for i := range b.Regions {
		if unknown[b.Regions[i].Code] {
			b.Regions[i].Level = data.LevelOther
		}
	}
	return b, nil
}
