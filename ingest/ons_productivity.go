package ingest

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// ONSProductivity reads ONS "Subregional productivity: labour productivity indices by ITL
// region". A Contents sheet of free text comes first; each table sheet (A1-A5, GVA per hour
// worked; B1-B5, GVA per filled job; "Productivity Hours", "Productivity Jobs") has its title in
// row 1, a subtitle in row 2, a unit ("UK=100", "2019=100" or blank) in row 3 and the header
// ITL_level | ITL_code | Region_name | Index_2004 ... with the year fused into each column's name
// (Index_YYYY, Pounds_YYYY, Hours_YYYY). Codes are NUTS 2016 style (UKC, UKC11, and " UKX" with
// a stray space), stored under their ITL 2021 codes.
type ONSProductivity struct{}

// Publication implements Reader.
func (ONSProductivity) Publication() string { return "ons-productivity-itl" }

// onsProductivityHeaders are the header labels a table sheet is found by, as releases spell them.
var onsProductivityHeaders = [][]string{
	{"ITL_level", "ITL_code", "Region_name"},
	{"ITL level", "ITL code", "Region name"},
}

var (
	onsProductivityUnit    = regexp.MustCompile(`^(?i)(UK|\d{4})\s*=\s*100$`)
	onsProductivityRelease = regexp.MustCompile(`(?i)` + months + `\s+(\d{4})\s+release`)
	onsTableLabel          = regexp.MustCompile(`(?i)^table\s+[A-Z]?\d+\s*:\s*`)
)

// openProductivityTable opens a sheet's table by either spelling of its header; a sheet with no
// such header gives an error wrapping errNoHeader.
func openProductivityTable(ctx context.Context, f *File, sheet string) (*Table, error) {
	var err error
	for _, labels := range onsProductivityHeaders {
		var t *Table
		if t, err = OpenTable(ctx, f, sheet, labels...); err == nil {
			return t, nil
		}
		if !errors.Is(err, errNoHeader) {
			return nil, err
		}
	}
	return nil, err
}

// productivityYears lists the year columns of a table: those whose fused word or label is a year.
func productivityYears(t *Table) []int {
	var cols []int
	for i, h := range t.Header {
		if onsYear.MatchString(h) {
			cols = append(cols, i)
		}
	}
	return cols
}

// Detect implements Reader: a Contents sheet and a sheet with the ITL_code header and year columns.
func (ONSProductivity) Detect(ctx context.Context, f *File) bool {
	if f.Format != FormatXLSX {
		return false
	}
	wb, err := f.Workbook()
	if err != nil {
		return false
	}
	sheets := wb.GetSheetList()
	if _, ok := sheetNamed(sheets, "Contents"); !ok {
		return false
	}
	for _, s := range sheets {
		if sameLabel(s, "Contents") {
			continue
		}
		t, err := openProductivityTable(ctx, f, s)
		if err != nil {
			continue
		}
		t.Close()
		return len(productivityYears(t)) > 0
	}
	return false
}

// Read implements Reader.
func (r ONSProductivity) Read(ctx context.Context, f *File) (*data.Batch, error) {
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	wb, err := f.Workbook()
	if err != nil {
		return nil, err
	}
	contents, _ := sheetNamed(wb.GetSheetList(), "Contents")
	vintage, err := productivityRelease(ctx, f, contents)
	if err != nil {
		return nil, err
	}
	b := newBatchBuilder(data.Source{
		Publication: r.Publication(),
		Publisher:   "ONS",
		Title:       "Subregional productivity: labour productivity indices by ITL region",
		Vintage:     vintage,
		Licence:     "Open Government Licence v3.0",
	})
	read := []string{contents}
	latest := ""
	for _, sheet := range wb.GetSheetList() {
		if sheet == contents {
			continue
		}
		ok, last, err := r.readTable(ctx, f, sheet, geo, b)
		if err != nil {
			return nil, err
		}
		if ok {
			read = append(read, sheet)
			latest = max(latest, last)
		}
	}
	if len(read) == 1 {
		return nil, &InputError{File: f.Name, Expected: "a sheet with an ITL_level | ITL_code | Region_name header and year columns (Index_2004, ...)"}
	}
	if b.batch.Source.Vintage == "" {
		// No release date in the Contents sheet: the latest year of data stands for the release.
		b.batch.Source.Vintage = latest
	}
	b.batch.Sheets = read
	return b.done()
}

// productivityRelease reads the release from the Contents sheet ("... published with the ONS
// Subregional Productivity June 2024 release" gives 2024-06), or "" when it names none.
func productivityRelease(ctx context.Context, f *File, sheet string) (string, error) {
	wb, err := f.Workbook()
	if err != nil {
		return "", err
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return "", &InputError{File: f.Name, Sheet: sheet, Expected: "a readable worksheet", Err: err}
	}
	defer rows.Close()
	for rows.Next() {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return "", &InputError{File: f.Name, Sheet: sheet, Expected: "a readable row", Err: err}
		}
		for _, c := range cells {
			if m := onsProductivityRelease.FindStringSubmatch(cleanSpace(c)); m != nil {
				d, err := time.Parse("January 2006", m[1]+" "+m[2])
				if err != nil {
					return "", &InputError{File: f.Name, Sheet: sheet, Expected: `a release like "June 2024 release"`, Err: err}
				}
				return d.Format("2006-01"), nil
			}
		}
	}
	return "", nil
}

// readTable reads one table sheet; a sheet without the header (notes, a chart) is skipped and
// gives false. It returns the latest year read.
func (r ONSProductivity) readTable(ctx context.Context, f *File, sheet string, geo *data.Geography, b *batchBuilder) (bool, string, error) {
	t, err := openProductivityTable(ctx, f, sheet)
	if errors.Is(err, errNoHeader) {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	defer t.Close()
	years := productivityYears(t)
	if len(years) == 0 {
		return false, "", &InputError{File: f.Name, Sheet: sheet, Row: t.HeaderRow, Expected: `year columns headed "Index_2004", "Index_2005", ...`}
	}
	levelCol, codeCol, nameCol := -1, -1, -1
	for _, labels := range onsProductivityHeaders {
		if c := t.Col(labels[1]); c >= 0 {
			levelCol, codeCol, nameCol = t.Col(labels[0]), c, t.Col(labels[2])
		}
	}
	title := cleanSpace(t.Title())
	unit := ""
	for _, l := range t.Above {
		for _, c := range l.Cells {
			if onsProductivityUnit.MatchString(c) {
				unit = strings.ReplaceAll(c, " ", "")
			}
		}
	}
	// One indicator per fused word: a sheet normally has one (Index, Pounds or Hours).
	indicators := make([]data.Indicator, len(t.Header))
	for _, col := range years {
		word := ""
		if col < len(t.Units) {
			word = t.Units[col]
		}
		ind := productivityIndicator(title, word, sheet, unit)
		ind.Source = r.Publication()
		if err := b.indicator(ind); err != nil {
			return false, "", err
		}
		indicators[col] = ind
	}
	last := ""
	for _, col := range years {
		last = max(last, t.Header[col])
	}
	for t.Next() {
		row := t.Row()
		code := strings.ToUpper(strings.TrimSpace(row.Cell(codeCol)))
		name := row.Cell(nameCol)
		if code == "" || name == "" {
			return false, "", t.cellError(row, codeCol, "an ITL code and a region name", nil)
		}
		region, known := geo.Canonical(code)
		if !known {
			region = data.Region{Code: code, Name: name, Country: "GBR", Level: productivityLevel(row.Cell(levelCol))}
		}
		b.region(region)
		for _, col := range years {
			v, err := t.Number(row, col)
			if err != nil {
				return false, "", err
			}
			b.observe(data.Observation{Region: region.Code, Indicator: indicators[col].ID, Period: t.Header[col],
				Value: v.Value, Status: v.Status, Cell: t.Cell(row, col)})
		}
	}
	return true, last, t.Err()
}

func productivityLevel(level string) data.Level {
	switch strings.ToUpper(strings.TrimSpace(level)) {
	case "ITL1":
		return data.LevelITL1
	case "ITL2":
		return data.LevelITL2
	case "ITL3":
		return data.LevelITL3
	}
	return data.LevelOther
}

// productivityIndicator names a table's measure from its title ("Table A2: Current Price
// (unsmoothed) GVA (B) per hour worked indices; ITL2 and ITL3 subregions, 2004 - 2020") and the
// word fused to its years. Ids are built from what the title says, so that the older wording
// ("Nominal", "Real") gives the same ids: ons.gva_per_hour_index, ons.gva_per_job_smoothed,
// ons.gva_per_hour_cvm_index, ...
func productivityIndicator(title, word, sheet, unit string) data.Indicator {
	name := StripNotes(onsTableLabel.ReplaceAllString(title, ""))
	if i := strings.Index(name, ";"); i >= 0 {
		name = strings.TrimSpace(name[:i])
	}
	lower, w := strings.ToLower(name), strings.ToLower(word)
	ind := data.Indicator{Name: name, Unit: unit, Direction: data.Neutral}
	per := ""
	switch {
	case !strings.Contains(lower, "gva"):
	case strings.Contains(lower, "per hour"):
		per = "per_hour"
	case strings.Contains(lower, "per filled job"), strings.Contains(lower, "per job"):
		per = "per_job"
	}
	if per == "" {
		// A sheet of the inputs, such as "Productivity Hours" with Hours_YYYY columns.
		switch w {
		case "hours":
			ind.ID, ind.Name = "ons.hours_worked", "Hours worked"
		case "jobs":
			ind.ID, ind.Name = "ons.filled_jobs", "Filled jobs"
		default:
			ind.ID = "ons." + idSlug(sheet+" "+word)
			if name == "" {
				ind.Name = sheet + " (" + word + ")"
			}
		}
		if ind.Unit == "" {
			ind.Unit = w
		}
		return ind
	}
	id := "ons.gva_" + per
	if strings.Contains(lower, "chained volume") || strings.HasPrefix(lower, "real") {
		id += "_cvm"
	}
	isIndex := strings.Contains(lower, "indices") || strings.Contains(lower, "index") || w == "index"
	if isIndex {
		id += "_index"
	}
	if strings.Contains(lower, "(smoothed)") {
		id += "_smoothed"
	}
	ind.ID = id
	if ind.Unit == "" {
		switch {
		case w == "pounds" || strings.Contains(name, "£"):
			ind.Unit = "£"
		case isIndex:
			ind.Unit = "index"
		default:
			ind.Unit = w
		}
	}
	return ind
}
