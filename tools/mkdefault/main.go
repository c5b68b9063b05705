// Command mkdefault regenerates placevalue's embedded default dataset (data/default) from the
// publishers' real files. It keeps the sheets the readers need and copies them cell by cell, with
// the publishers' values (to the last digit), cell types, styles, merged cells and links, so the
// readers see the publishers' layouts in files small enough to embed. Rows and columns are only
// left out, never moved past each other: some regions of the OECD sheets, the early years of the
// ONS GDP tables, and the rows that list sheets left out (tables of contents, the data
// dictionary).
//
//	go run ./tools/mkdefault -from ../shared/data/real -out data/default
package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// workbookCut is one published workbook and the parts of it that go into the default dataset.
type workbookCut struct {
	path   string   // under -from
	sheets []string // kept in the order the publisher has them
	// contents are the sheets that list other sheets with a link on each row: the rows of sheets
	// left out are dropped. Elsewhere, links to sheets left out are removed and their text kept.
	contents []string
	// keepRow, when set, says whether a row of a kept sheet goes in (cells as stored, column A
	// first).
	keepRow func(sheet string, cells []string) bool
	// keepColumn, when set, says whether a column (0-based) of a kept sheet goes in, given the
	// sheet's rows.
	keepColumn func(sheet string, rows [][]string, col int) bool
}

var workbookCuts = []workbookCut{
	{
		path:    "oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx",
		sheets:  []string{"Score_Last", "Indicator_Last", "Reference_year"},
		keepRow: oecdRegionsOf(oecdCountries, "Score_Last", "Indicator_Last"),
	},
	{
		path:       "ons/regionalgrossdomesticproductgdpallitlregions.xlsx",
		sheets:     []string{"Information", "Contents", "Notes", "Table 6", "Table 7"},
		contents:   []string{"Contents"},
		keepColumn: yearsFrom(onsFirstYear),
	},
	{
		path: "ons/subnatindicators_ninth_release_2024-03.xlsx",
		sheets: []string{
			"Notes", "Data dictionary",
			"Weekly pay", "Employment rate", "Unemployment rate", "GDHI per head", "Broadband availability",
			"Level 3+ qualifications", "Female HLE", "Male HLE", "Smokers",
			"Life satisfaction", "Anxiety", "Net additions", "Homicide",
		},
		contents: []string{"Notes", "Data dictionary"},
	},
}

// oecdCountries are the countries whose TL2 regions go in beside the UK's: neighbours and peers
// in Europe and one outside it, about a hundred regions, enough to rank UK regions among OECD
// regions within the size the binary can carry. Every country's national row goes in.
var oecdCountries = []string{
	"United Kingdom", "Ireland", "France", "Germany", "Netherlands", "Sweden", "Spain", "Canada",
}

// onsFirstYear is the first year of the ONS GDP tables kept: the last six years of the release,
// from before the pandemic to its latest (provisional) year.
const onsFirstYear = 2016

// oecdRegionsOf keeps the rows of the OECD's wide sheets apart from the regions of other
// countries: region rows name their country in column B and their code in column D; titles, the
// headers ("Country"), the national rows (column B empty) and the footnotes stay.
func oecdRegionsOf(countries []string, sheets ...string) func(sheet string, cells []string) bool {
	return func(sheet string, cells []string) bool {
		if !slices.Contains(sheets, sheet) || len(cells) < 4 || cells[1] == "" || cells[3] == "" || cells[1] == "Country" {
			return true
		}
		return slices.Contains(countries, cells[1])
	}
}

// yearsFrom drops the year columns before first from ITL tables (header "ITL | ITL code | Region
// name | 1998 | ...").
func yearsFrom(first int) func(sheet string, rows [][]string, col int) bool {
	return func(sheet string, rows [][]string, col int) bool {
		for _, cells := range rows {
			if len(cells) > 1 && cells[0] == "ITL" && cells[1] == "ITL code" {
				if col >= len(cells) {
					return true
				}
				y, err := strconv.Atoi(strings.TrimSpace(cells[col]))
				return err != nil || y >= first
			}
		}
		return true
	}
}

// outputNames name the project's files apart from the publishers' originals: they are our cuts,
// not the published files. The Ofcom name keeps its YYYYMM data date, which the reader needs.
var outputNames = map[string]string{
	"oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx":     "oecd-regional-wellbeing-2025-extract.xlsx",
	"ons/regionalgrossdomesticproductgdpallitlregions.xlsx": "ons-regional-gdp-itl-2023-extract.xlsx",
	"ons/subnatindicators_ninth_release_2024-03.xlsx":       "ons-subnational-indicators-2024-03-extract.xlsx",
	"connectivity/202105_fixed_laua_coverage_r01.csv":       "202105-ofcom-fixed-laua-coverage-extract.csv",
}

func outputName(source string) string {
	if n, ok := outputNames[source]; ok {
		return n
	}
	return filepath.Base(source)
}

// csvCut is a CSV file cut to some of its columns, by header label, in the publisher's order.
type csvCut struct {
	path    string
	columns []string
}

// csvCuts keep of Ofcom's coverage the local authority, its premises and the shares of premises
// that can, or cannot, get each kind of broadband: the measures the frameworks score. The counts of
// premises behind each share and the download-speed bands are left out.
var csvCuts = []csvCut{{
	path: "connectivity/202105_fixed_laua_coverage_r01.csv",
	columns: []string{"laua", "laua_name", "All Premises", "SFBB availability (% premises)",
		"UFBB (100Mbit/s) availability (% premises)", "UFBB availability (% premises)",
		"Full Fibre availability (% premises)", "Gigabit availability (% premises)",
		"% of premises unable to receive 2Mbit/s", "% of premises unable to receive 5Mbit/s",
		"% of premises unable to receive 10Mbit/s", "% of premises unable to receive 30Mbit/s",
		"% of premises below the USO", "% of premises with NGA"},
}}

// maxUnzipped caps how far a source workbook may decompress.
const maxUnzipped = 512 << 20

func main() {
	from := flag.String("from", "../shared/data/real", "folder of the publishers' real files (see its MANIFEST.md)")
	out := flag.String("out", "data/default", "folder to write the default dataset to")
	flag.Parse()
	if err := run(*from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mkdefault:", err)
		os.Exit(1)
	}
}

func run(from, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, c := range workbookCuts {
		dst := filepath.Join(out, outputName(c.path))
		if err := cutWorkbook(filepath.Join(from, c.path), dst, c); err != nil {
			return fmt.Errorf("%s: %w", c.path, err)
		}
		if err := report(dst); err != nil {
			return err
		}
	}
	for _, c := range csvCuts {
		dst := filepath.Join(out, outputName(c.path))
		if err := cutCSV(filepath.Join(from, c.path), dst, c.columns); err != nil {
			return fmt.Errorf("%s: %w", c.path, err)
		}
		if err := report(dst); err != nil {
			return err
		}
	}
	return nil
}

func report(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Printf("%s\t%d bytes\n", path, st.Size())
	return nil
}

func cutWorkbook(srcPath, dstPath string, cut workbookCut) (err error) {
	content, err := os.ReadFile(srcPath)
	if err != nil {
		return err
	}
	src, err := excelize.OpenReader(bytes.NewReader(content), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return err
	}
	defer src.Close()
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return err
	}
	for _, s := range cut.sheets {
		if idx, err := src.GetSheetIndex(s); err != nil || idx < 0 {
			return fmt.Errorf("no sheet %q", s)
		}
	}
	// Keep the publisher's sheet order whatever the order of the list.
	var ordered []string
	for _, s := range src.GetSheetList() {
		if slices.Contains(cut.sheets, s) {
			ordered = append(ordered, s)
		}
	}

	dst := excelize.NewFile()
	defer func() {
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}()
	if err := dst.SetSheetName("Sheet1", ordered[0]); err != nil {
		return err
	}
	for _, s := range ordered[1:] {
		if _, err := dst.NewSheet(s); err != nil {
			return err
		}
	}
	c := &copier{src: src, dst: dst, cut: cut, kept: ordered, styles: map[int]int{}}
	for _, s := range ordered {
		if c.links, err = sheetLinks(zr, s); err != nil {
			return fmt.Errorf("sheet %q: links: %w", s, err)
		}
		if err := c.copySheet(s); err != nil {
			return fmt.Errorf("sheet %q: %w", s, err)
		}
	}
	dst.SetActiveSheet(0)
	buf, err := dst.WriteToBuffer()
	if err != nil {
		return err
	}
	return os.WriteFile(dstPath, buf.Bytes(), 0o644)
}

// copier copies sheets from one workbook to another, mapping styles once.
type copier struct {
	src, dst *excelize.File
	cut      workbookCut
	kept     []string
	styles   map[int]int     // source style id -> destination style id
	links    map[string]link // the links of the sheet being copied, by cell
}

func (c *copier) copySheet(sheet string) error {
	rows, err := c.src.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	dstRow := make([]int, len(rows)+1) // source row (1-based) -> destination row, 0 when dropped
	next := 1
	width := 0
	for r, cells := range rows {
		if c.cut.keepRow != nil && !c.cut.keepRow(sheet, cells) {
			continue
		}
		if slices.Contains(c.cut.contents, sheet) && c.listsLeftOut(r+1, len(cells)) {
			continue
		}
		dstRow[r+1] = next
		next++
		for col, v := range cells {
			if v != "" {
				width = max(width, col+1)
			}
		}
	}
	dstCol := make([]int, width+1) // source column (1-based) -> destination column, 0 when dropped
	cols := 0
	for col := 1; col <= width; col++ {
		if c.cut.keepColumn == nil || c.cut.keepColumn(sheet, rows, col-1) {
			cols++
			dstCol[col] = cols
		}
	}

	for r, cells := range rows {
		to := dstRow[r+1]
		if to == 0 {
			continue
		}
		for col, raw := range cells {
			if raw == "" || dstCol[col+1] == 0 {
				continue
			}
			from, _ := excelize.CoordinatesToCellName(col+1, r+1)
			ref, _ := excelize.CoordinatesToCellName(dstCol[col+1], to)
			if err := c.copyCell(sheet, from, ref, raw); err != nil {
				return fmt.Errorf("cell %s: %w", from, err)
			}
			if err := c.copyLink(sheet, from, ref); err != nil {
				return fmt.Errorf("cell %s: %w", from, err)
			}
		}
	}

	merged, err := c.src.GetMergeCells(sheet)
	if err != nil {
		return err
	}
	for _, m := range merged {
		start, end, ok := shiftRange(m.GetStartAxis(), m.GetEndAxis(), dstRow, dstCol)
		if !ok {
			continue
		}
		if err := c.dst.MergeCell(sheet, start, end); err != nil {
			return err
		}
	}

	for col := 1; col <= width; col++ {
		if dstCol[col] == 0 {
			continue
		}
		name, _ := excelize.ColumnNumberToName(col)
		w, err := c.src.GetColWidth(sheet, name)
		if err != nil {
			return err
		}
		to, _ := excelize.ColumnNumberToName(dstCol[col])
		if err := c.dst.SetColWidth(sheet, to, to, w); err != nil {
			return err
		}
	}
	if next > 1 && cols > 0 {
		// The used range of what was written, where the publisher's may run to thousands of
		// empty columns.
		end, _ := excelize.CoordinatesToCellName(cols, next-1)
		return c.dst.SetSheetDimension(sheet, "A1:"+end)
	}
	return nil
}

// copyCell writes one cell with the type and style it has in the source.
func (c *copier) copyCell(sheet, from, to, raw string) error {
	typ, err := c.src.GetCellType(sheet, from)
	if err != nil {
		return err
	}
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber, excelize.CellTypeDate:
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return fmt.Errorf("number cell holds %q", raw)
		}
		// Write the shortest decimals that give back the same float64: excelize's automatic
		// precision would round to 15 significant digits.
		decimals := 0
		if _, frac, ok := strings.Cut(strconv.FormatFloat(v, 'f', -1, 64), "."); ok {
			decimals = len(frac)
		}
		if err := c.dst.SetCellFloat(sheet, to, v, decimals, 64); err != nil {
			return err
		}
	case excelize.CellTypeBool:
		if err := c.dst.SetCellBool(sheet, to, raw == "1" || strings.EqualFold(raw, "true")); err != nil {
			return err
		}
	default:
		// Shared and inline strings, cached formula text, and error values (#VALUE!), which a
		// reader sees as the same text.
		if err := c.dst.SetCellStr(sheet, to, raw); err != nil {
			return err
		}
	}
	style, err := c.style(sheet, from)
	if err != nil {
		return err
	}
	if style != 0 {
		return c.dst.SetCellStyle(sheet, to, to, style)
	}
	return nil
}

// style returns the destination style for a source cell's style, creating it once.
func (c *copier) style(sheet, ref string) (int, error) {
	id, err := c.src.GetCellStyle(sheet, ref)
	if err != nil || id == 0 {
		return 0, err
	}
	if d, ok := c.styles[id]; ok {
		return d, nil
	}
	s, err := c.src.GetStyle(id)
	if err != nil {
		return 0, err
	}
	d, err := c.dst.NewStyle(s)
	if err != nil {
		// Keep at least the number format, which decides how readers see a formatted value.
		d, err = c.dst.NewStyle(&excelize.Style{NumFmt: s.NumFmt, CustomNumFmt: s.CustomNumFmt})
		if err != nil {
			return 0, err
		}
	}
	c.styles[id] = d
	return d, nil
}

// listsLeftOut reports whether a row of a contents sheet links to a sheet that is left out.
func (c *copier) listsLeftOut(row, width int) bool {
	for col := 1; col <= width; col++ {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		if l, ok := c.links[ref]; ok && !l.external && !slices.Contains(c.kept, linkSheet(l.target)) {
			return true
		}
	}
	return false
}

// copyLink copies a cell's hyperlink: links to web pages, and links to sheets that are kept.
func (c *copier) copyLink(sheet, from, to string) error {
	l, ok := c.links[from]
	switch {
	case !ok:
		return nil
	case l.external:
		return c.dst.SetCellHyperLink(sheet, to, l.target, "External")
	case slices.Contains(c.kept, linkSheet(l.target)):
		return c.dst.SetCellHyperLink(sheet, to, l.target, "Location")
	}
	return nil
}

// link is a hyperlink: a web address, or a place in the workbook ("'Table 1'!A1").
type link struct {
	target   string
	external bool
}

// sheetLinks reads a sheet's hyperlinks from the workbook's XML. excelize's GetCellHyperLink
// gives the first link whose range holds a cell, but publishers' sheets keep stale range links
// beside the cell links that Excel follows (the ONS data dictionary has A5:A9 pointing to
// 'GVA per hour' and A5 to 'Weekly pay'): here a link on the cell itself wins.
func sheetLinks(zr *zip.Reader, sheet string) (map[string]link, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXML(zr, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	wbRels, err := readRels(zr, "xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	part := ""
	for _, s := range wb.Sheets {
		if s.Name == sheet {
			part = wbRels[s.RID]
		}
	}
	if part == "" {
		return nil, fmt.Errorf("no worksheet part for sheet %q", sheet)
	}
	if strings.HasPrefix(part, "/") {
		part = strings.TrimPrefix(part, "/")
	} else {
		part = path.Join("xl", part)
	}
	var ws struct {
		Links []struct {
			Ref      string `xml:"ref,attr"`
			Location string `xml:"location,attr"`
			RID      string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"hyperlinks>hyperlink"`
	}
	if err := readXML(zr, part, &ws); err != nil {
		return nil, err
	}
	rels, err := readRels(zr, path.Join(path.Dir(part), "_rels", path.Base(part)+".rels"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	links := map[string]link{}
	ranged := map[string]link{}
	for _, h := range ws.Links {
		l := link{target: h.Location}
		if h.RID != "" {
			l = link{target: rels[h.RID], external: true}
		}
		if l.target == "" {
			continue
		}
		from, to, isRange := strings.Cut(h.Ref, ":")
		if !isRange {
			links[h.Ref] = l
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("hyperlink range %q", h.Ref)
		}
		for r := r1; r <= r2; r++ {
			for col := c1; col <= c2; col++ {
				ref, _ := excelize.CoordinatesToCellName(col, r)
				if _, ok := ranged[ref]; !ok {
					ranged[ref] = l
				}
			}
		}
	}
	for ref, l := range ranged {
		if _, ok := links[ref]; !ok {
			links[ref] = l
		}
	}
	return links, nil
}

// readRels reads a relationships part: id -> target.
func readRels(zr *zip.Reader, name string) (map[string]string, error) {
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXML(zr, name, &rels); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rels.Rels {
		out[r.ID] = r.Target
	}
	return out, nil
}

func readXML(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(io.LimitReader(f, maxUnzipped)).Decode(v)
}

// linkSheet is the sheet an internal link points to: "'Table 1'!A1" gives Table 1.
func linkSheet(target string) string {
	s, _, _ := strings.Cut(strings.TrimPrefix(target, "#"), "!")
	return strings.ReplaceAll(strings.Trim(s, "'"), "''", "'")
}

// shiftRange moves a merged range to the destination rows and columns; ok is false when any of
// its rows or columns was dropped.
func shiftRange(start, end string, dstRow, dstCol []int) (string, string, bool) {
	c1, r1, err1 := excelize.CellNameToCoordinates(start)
	c2, r2, err2 := excelize.CellNameToCoordinates(end)
	if err1 != nil || err2 != nil || r2 >= len(dstRow) || c2 >= len(dstCol) {
		return "", "", false
	}
	for r := r1; r <= r2; r++ {
		if dstRow[r] == 0 {
			return "", "", false
		}
	}
	for col := c1; col <= c2; col++ {
		if dstCol[col] == 0 {
			return "", "", false
		}
	}
	s, _ := excelize.CoordinatesToCellName(dstCol[c1], dstRow[r1])
	e, _ := excelize.CoordinatesToCellName(dstCol[c2], dstRow[r2])
	return s, e, true
}

// copyCSV rewrites a CSV file record by record, so that what is embedded is what encoding/csv
// reads from the publisher's file.
// cutCSV writes the columns of a CSV file whose header labels are listed, in the file's order,
// every row kept and every field as published.
func cutCSV(srcPath, dstPath string, columns []string) (err error) {
	in, err := os.Open(srcPath)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(in)
	header, err := r.Read()
	if err != nil {
		return err
	}
	var keep []int
	for i, h := range header {
		if slices.Contains(columns, strings.TrimSpace(h)) {
			keep = append(keep, i)
		}
	}
	if len(keep) != len(columns) {
		return fmt.Errorf("found %d of the %d columns to keep", len(keep), len(columns))
	}
	out, err := os.Create(dstPath)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	w := csv.NewWriter(out)
	for rec := header; ; {
		row := make([]string, len(keep))
		for j, i := range keep {
			row[j] = rec[i]
		}
		if err := w.Write(row); err != nil {
			return err
		}
		if rec, err = r.Read(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
