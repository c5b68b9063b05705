package ingest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// ONSSubnational reads the ONS "Subnational indicators explorer: underlying data" workbook: one
// sheet per metric, each with a key/value block (Metric:, Date:, Coverage:, Geography:) above an
// "Area Code" table in outline layout, where an area's name sits in the column of its level; and
// a Data dictionary sheet that says, per metric, whether higher values are better.
type ONSSubnational struct{}

// Publication implements Reader.
func (ONSSubnational) Publication() string { return "ons-subnational-indicators" }

const (
	sniDictionarySheet = "Data dictionary"
	sniCodeLabel       = "Area Code"
)

// sniSkipSheets are not metric sheets. Devolution is a policy measure (the share of people under
// a devolution deal), not an outcome for places.
var sniSkipSheets = []string{"Notes", "Voluntary TQV", sniDictionarySheet, "Data inclusivity", "Devolution"}

// sniLADPrefixes are the GSS prefixes of local authority districts and unitary authorities.
var sniLADPrefixes = []string{"E06", "E07", "E08", "E09", "W06", "S12", "N09"}

var (
	sniCorrectAsOf = regexp.MustCompile(`(?i)correct as of (\d{1,2}/\d{1,2}/\d{4})`)
	// sniInDevelopment is a label the metric sheets add to names that the dictionary leaves out.
	sniInDevelopment = regexp.MustCompile(`(?i)\s*\(official statistics in development\)`)
)

// Detect implements Reader: a Data dictionary sheet with a polarity column, and metric sheets
// with an Area Code header.
func (ONSSubnational) Detect(ctx context.Context, f *File) bool {
	if f.Format != FormatXLSX {
		return false
	}
	wb, err := f.Workbook()
	if err != nil {
		return false
	}
	sheets := wb.GetSheetList()
	dict, ok := sheetNamed(sheets, sniDictionarySheet)
	if !ok {
		return false
	}
	t, err := OpenTable(ctx, f, dict, "Metric")
	if err != nil {
		return false
	}
	polarity := sniPolarityCol(t)
	t.Close()
	if polarity < 0 {
		return false
	}
	for _, s := range sheets {
		if sniSkipped(s) {
			continue
		}
		if t, err := OpenTable(ctx, f, s, sniCodeLabel); err == nil {
			t.Close()
			return true
		}
	}
	return false
}

// Read implements Reader.
func (r ONSSubnational) Read(ctx context.Context, f *File) (*data.Batch, error) {
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	wb, err := f.Workbook()
	if err != nil {
		return nil, err
	}
	sheets := wb.GetSheetList()
	dict, correctAsOf, err := readSNIDictionary(ctx, f, sheets)
	if err != nil {
		return nil, err
	}
	title, released, err := readSNINotes(ctx, f, sheets)
	if err != nil {
		return nil, err
	}
	vintage := released
	if vintage == "" {
		vintage = correctAsOf
	}
	if vintage == "" {
		return nil, &InputError{File: f.Name, Expected: `a release date in the Notes sheet or a "correct as of" date in the Data dictionary`}
	}
	if title == "" {
		title = "Subnational indicators explorer: underlying data"
	}
	b := newBatchBuilder(data.Source{
		Publication: r.Publication(),
		Publisher:   "ONS",
		Title:       title,
		Vintage:     vintage,
		Licence:     "Open Government Licence v3.0",
	})
	// Find the metric sheets and their labels first: matching a label to the dictionary depends
	// on which labels the other sheets use.
	var metricSheets, labels []string
	for _, sheet := range sheets {
		if sniSkipped(sheet) {
			continue
		}
		t, err := OpenTable(ctx, f, sheet, sniCodeLabel)
		if errors.Is(err, errNoHeader) {
			continue // a sheet of text, not a metric
		}
		if err != nil {
			return nil, err
		}
		label := t.AboveValue("Metric:")
		t.Close()
		if label == "" {
			return nil, &InputError{File: f.Name, Sheet: sheet, Expected: `a "Metric:" label above the table`}
		}
		metricSheets, labels = append(metricSheets, sheet), append(labels, label)
	}
	if len(metricSheets) == 0 {
		return nil, &InputError{File: f.Name, Expected: `metric sheets with an "Area Code" header`}
	}
	entries := dict.match(labels)
	for i, sheet := range metricSheets {
		t, err := OpenTable(ctx, f, sheet, sniCodeLabel)
		if err != nil {
			return nil, err
		}
		e, ok := entries[labels[i]]
		err = r.readMetric(ctx, t, labels[i], e, ok, geo, b)
		t.Close()
		if err != nil {
			return nil, err
		}
	}
	read, _ := sheetNamed(sheets, sniDictionarySheet)
	b.batch.Sheets = []string{read}
	if notes, ok := sheetNamed(sheets, "Notes"); ok {
		b.batch.Sheets = append(b.batch.Sheets, notes)
	}
	b.batch.Sheets = append(b.batch.Sheets, metricSheets...)
	return b.done()
}

func sniSkipped(sheet string) bool {
	_, skip := sheetNamed(sniSkipSheets, sheet)
	return skip
}

// sniColumns are the roles of a metric sheet's columns.
type sniColumns struct {
	code, value, lower, upper int
	names                     []int // outline columns between the code and the value
	status                    []int // Observation Status, Notes: text that may withhold the value
	accuracy                  int
}

func sniColumnsOf(t *Table) (sniColumns, error) {
	c := sniColumns{code: t.Col(sniCodeLabel), value: -1, lower: -1, upper: -1, accuracy: -1}
	for i := c.code + 1; i < len(t.Header); i++ {
		h := strings.ToLower(t.Header[i])
		switch {
		case h == "":
		case strings.HasPrefix(h, "lower 95%"):
			c.lower = i
		case strings.HasPrefix(h, "upper 95%"):
			c.upper = i
		case h == "observation status" || h == "notes":
			c.status = append(c.status, i)
		case h == "data accuracy":
			c.accuracy = i
		default:
			c.value = i // the last other column: names come first, then the value
		}
	}
	if c.value < 0 {
		return c, &InputError{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Expected: "a value column after the area name columns"}
	}
	for i := c.code + 1; i < c.value; i++ {
		if t.Header[i] != "" {
			c.names = append(c.names, i)
		}
	}
	if len(c.names) == 0 {
		return c, &InputError{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Expected: "area name columns between Area Code and the value"}
	}
	return c, nil
}

func (r ONSSubnational) readMetric(ctx context.Context, t *Table, metric string, e sniEntry, inDictionary bool, geo *data.Geography, b *batchBuilder) error {
	cols, err := sniColumnsOf(t)
	if err != nil {
		return err
	}
	date := t.AboveValue("Date:")
	period, err := NormalisePeriod(date)
	if err != nil {
		return &InputError{File: t.File, Sheet: t.Sheet, Expected: `a "Date:" above the table giving a year, month or range`, Err: err}
	}
	ind := data.Indicator{ID: "ons_sni." + idSlug(t.Sheet), Name: metric, Unit: parenthesised(t.Header[cols.value]),
		Direction: data.Neutral, Source: r.Publication()}
	if inDictionary {
		ind.Direction = e.direction
		if e.measure != "" {
			ind.Unit = e.measure
		}
	} else {
		warn(ctx, "metric sheet has no Data dictionary row; its direction is neutral",
			"file", t.File, "sheet", t.Sheet, "metric", metric)
	}
	if err := b.indicator(ind); err != nil {
		return err
	}

	itl1 := "" // the last ITL1 region row above: the parent of districts the geography does not know
	var uncoded []string
	for t.Next() {
		row := t.Row()
		if code := row.Cell(cols.code); code != "" && isMarker(code) {
			// Areas without a GSS code ("na" for the Scottish city regions) cannot be stored.
			uncoded = append(uncoded, row.Ref(cols.code))
			continue
		}
		region, err := sniRegion(t, row, cols, itl1, geo)
		if err != nil {
			return err
		}
		if region.Level == data.LevelITL1 {
			itl1 = region.Code
		}
		b.region(region)
		v, err := t.Number(row, cols.value)
		if err != nil {
			return err
		}
		o := data.Observation{Region: region.Code, Indicator: ind.ID, Period: period, Value: v.Value, Status: v.Status,
			Cell: t.Cell(row, cols.value)}
		for _, c := range cols.status {
			if st := sniStatus(row.Cell(c)); st != "" {
				o.Status = st
				break
			}
		}
		if o.Status == data.StatusPublished && cols.accuracy >= 0 && strings.Contains(strings.ToLower(row.Cell(cols.accuracy)), "unreliable") {
			o.Status = data.StatusLowReliability
		}
		if !o.Status.HasValue() {
			o.Value = nil
		} else if o.Value == nil {
			// A flag on a cell without a number: the number is missing.
			o.Status = data.StatusNotAvailable
		}
		if o.Value != nil {
			if o.Lower, err = sniBound(t, row, cols.lower); err != nil {
				return err
			}
			if o.Upper, err = sniBound(t, row, cols.upper); err != nil {
				return err
			}
		}
		b.observe(o)
	}
	if len(uncoded) > 0 {
		warn(ctx, "rows without an area code left out", "file", t.File, "sheet", t.Sheet, "cells", uncoded)
	}
	return t.Err()
}

// sniStatus reads an Observation Status or Notes cell: text saying the value is withheld or
// unreliable. A value "not published for data quality reasons" (or for disclosure) exists but
// was withheld by the publisher, as "suppressed" says; one not published without a reason is
// simply not available. Other text ("Obsolete code since 2023", "Value for Hackney and City of
// London combined") leaves the value as published.
func sniStatus(text string) data.Status {
	s := strings.ToLower(text)
	withheld := strings.Contains(s, "not published") || strings.Contains(s, "withheld")
	deliberately := strings.Contains(s, "quality") || strings.Contains(s, "reliab") ||
		strings.Contains(s, "disclos") || strings.Contains(s, "confidential")
	switch {
	case strings.Contains(s, "suppressed"), withheld && deliberately:
		return data.StatusSuppressed
	case strings.Contains(s, "not available"), strings.Contains(s, "not published"), strings.Contains(s, "unavailable"):
		return data.StatusNotAvailable
	case strings.Contains(s, "low reliability"), strings.Contains(s, "unreliable"):
		return data.StatusLowReliability
	}
	return ""
}

func sniBound(t *Table, row Line, col int) (*float64, error) {
	if col < 0 {
		return nil, nil
	}
	v, err := t.Number(row, col)
	if err != nil {
		return nil, err
	}
	return v.Value, nil
}

// sniRegion resolves a row's area code by its GSS prefix. Districts and counties the geography
// does not know keep their published name and take the last ITL1 region above them as parent; the
// ingest summary reports them.
func sniRegion(t *Table, row Line, cols sniColumns, itl1 string, geo *data.Geography) (data.Region, error) {
	code := strings.ToUpper(strings.TrimSpace(row.Cell(cols.code)))
	name := ""
	for _, c := range cols.names {
		if n := row.Cell(c); n != "" {
			if name != "" {
				return data.Region{}, t.cellError(row, c, "one area name, in the column of the area's level", fmt.Errorf("found %q and %q", name, n))
			}
			name = n
		}
	}
	if code == "" || name == "" {
		return data.Region{}, t.cellError(row, cols.code, "an area code and an area name", nil)
	}
	if c, ok := geo.Canonical(code); ok {
		return c, nil
	}
	r := data.Region{Code: code, Name: name, Level: data.LevelOther, Country: "GBR"}
	switch prefix := code[:min(3, len(code))]; {
	case prefix == "E10" || prefix == "E11":
		if c, ok := geo.County(code); ok {
			return c, nil
		}
		r.Level, r.Parent = data.LevelCounty, itl1
	case isLADCode(prefix):
		if l, ok := geo.LAD(code); ok {
			return l, nil
		}
		r.Level, r.Parent = data.LevelLAD, itl1
	case strings.HasPrefix(code, "TL") && len(code) == 4:
		r.Level, r.Parent = data.LevelITL2, code[:3]
	case strings.HasPrefix(code, "TL") && len(code) == 5:
		r.Level, r.Parent = data.LevelITL3, code[:4]
	}
	return r, nil
}

func isLADCode(prefix string) bool {
	for _, p := range sniLADPrefixes {
		if prefix == p {
			return true
		}
	}
	return false
}

// parenthesised returns the text in the last parentheses of a label: "... per hour worked (£)"
// gives "£".
func parenthesised(label string) string {
	label = strings.TrimSpace(label)
	if !strings.HasSuffix(label, ")") {
		return ""
	}
	i := strings.LastIndex(label, "(")
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(label[i+1 : len(label)-1])
}

// sniDictionary is the Data dictionary: per metric, its polarity and unit of measure.
type sniDictionary struct {
	entries []sniEntry
}

type sniEntry struct {
	metric    string // normalised for matching
	direction data.Direction
	measure   string
}

// normaliseMetric prepares a metric name for matching: case, spacing and the "(Official
// Statistics in Development)" label that only the metric sheets carry are ignored.
func normaliseMetric(s string) string {
	return strings.ToLower(cleanSpace(sniInDevelopment.ReplaceAllString(s, "")))
}

// match pairs the metric sheets' "Metric:" labels with dictionary rows. The dictionary's
// hyperlinks do not help: most of them point at the first metric sheet. A label matches a row of
// the same name (after normalising); a label that leaves out a qualifier, such as "Employment rate
// aged 16 to 64 years" for "... (Great Britain)", matches the one row that extends it and that no
// other label names exactly. Labels without a row are left out of the result.
func (d *sniDictionary) match(labels []string) map[string]sniEntry {
	out := map[string]sniEntry{}
	exact := map[string]bool{}
	for _, l := range labels {
		for _, e := range d.entries {
			if e.metric == normaliseMetric(l) {
				out[l] = e
				exact[e.metric] = true
			}
		}
	}
	for _, l := range labels {
		if _, ok := out[l]; ok {
			continue
		}
		var found []sniEntry
		for _, e := range d.entries {
			if strings.HasPrefix(e.metric, normaliseMetric(l)+" (") && !exact[e.metric] {
				found = append(found, e)
			}
		}
		if len(found) == 1 {
			out[l] = found[0]
		}
	}
	return out
}

// readSNIDictionary reads the Data dictionary, and its "correct as of" date as a fallback vintage.
func readSNIDictionary(ctx context.Context, f *File, sheets []string) (*sniDictionary, string, error) {
	sheet, ok := sheetNamed(sheets, sniDictionarySheet)
	if !ok {
		return nil, "", &InputError{File: f.Name, Expected: `a "Data dictionary" sheet saying whether higher values of each metric are better`}
	}
	t, err := OpenTable(ctx, f, sheet, "Metric")
	if err != nil {
		return nil, "", err
	}
	defer t.Close()
	metricCol, polarityCol, measureCol := t.Col("Metric"), sniPolarityCol(t), t.Col("Measure")
	if polarityCol < 0 {
		return nil, "", &InputError{File: f.Name, Sheet: sheet, Row: t.HeaderRow, Expected: `a column "Are higher values better than or worse than the median?"`}
	}
	asOf := ""
	for _, l := range t.Above {
		for _, c := range l.Cells {
			if m := sniCorrectAsOf.FindStringSubmatch(c); m != nil && asOf == "" {
				if asOf, err = day("2/1/2006", m[1]); err != nil {
					return nil, "", &InputError{File: f.Name, Sheet: sheet, Row: l.Num, Expected: "a date like 16/02/2024", Err: err}
				}
			}
		}
	}
	d := &sniDictionary{}
	for t.Next() {
		row := t.Row()
		metric := row.Cell(metricCol)
		if metric == "" {
			continue
		}
		e := sniEntry{metric: normaliseMetric(metric), measure: row.Cell(measureCol), direction: data.Neutral}
		switch strings.ToLower(row.Cell(polarityCol)) {
		case "better":
			e.direction = data.HigherIsBetter
		case "worse":
			e.direction = data.LowerIsBetter
		}
		d.entries = append(d.entries, e)
	}
	if err := t.Err(); err != nil {
		return nil, "", err
	}
	return d, asOf, nil
}

func sniPolarityCol(t *Table) int {
	for i, h := range t.Header {
		if strings.Contains(strings.ToLower(h), "higher values better") {
			return i
		}
	}
	return -1
}

// readSNINotes reads the Notes sheet's title and release date ("Release date:" with the date to
// its right or under it). Both are "" when there is no Notes sheet.
func readSNINotes(ctx context.Context, f *File, sheets []string) (title, released string, err error) {
	sheet, ok := sheetNamed(sheets, "Notes")
	if !ok {
		return "", "", nil
	}
	wb, err := f.Workbook()
	if err != nil {
		return "", "", err
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return "", "", &InputError{File: f.Name, Sheet: sheet, Expected: "a readable worksheet", Err: err}
	}
	defer rows.Close()
	dateCol := -1 // the column of "Release date:" when the date is in the row under it
	for n := 1; rows.Next(); n++ {
		if err := ctx.Err(); err != nil {
			return "", "", err
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return "", "", &InputError{File: f.Name, Sheet: sheet, Row: n, Expected: "a readable row", Err: err}
		}
		for i, c := range cells {
			c = cleanSpace(c)
			switch {
			case c == "":
			case title == "":
				title = c
			case dateCol == i:
				released, err = sniDate(c)
				if err != nil {
					return "", "", &InputError{File: f.Name, Sheet: sheet, Row: n, Expected: "a release date like 21/03/2024", Err: err}
				}
				return title, released, nil
			case sameLabel(c, "Release date:"):
				dateCol = i
				for j := i + 1; j < len(cells); j++ {
					if cells[j] != "" {
						dateCol = j
						break
					}
				}
				if dateCol != i {
					released, err = sniDate(cleanSpace(cells[dateCol]))
					if err != nil {
						return "", "", &InputError{File: f.Name, Sheet: sheet, Row: n, Expected: "a release date like 21/03/2024", Err: err}
					}
					return title, released, nil
				}
			}
		}
	}
	return title, "", nil
}

// sniDate reads a date written as 21/03/2024 or stored as an Excel date serial.
func sniDate(s string) (string, error) {
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		t, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			return "", err
		}
		return t.Format("2006-01-02"), nil
	}
	return day("2/1/2006", s)
}
