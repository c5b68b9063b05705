package ingest

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/placevalue/placevalue/data"
)

// OECDWellbeing reads the OECD Regional Well-Being data file: indicator values by TL2 region
// (Indicator_Last), the OECD's own 0-10 topic scores (Score_Last), and the reference year of each
// indicator by country (Reference_year). Each sheet has a block of regions and, under it, a block
// of whole countries that repeats the header.
type OECDWellbeing struct{}

// Publication implements Reader.
func (OECDWellbeing) Publication() string { return "oecd-regional-wellbeing" }

const (
	oecdIndicatorSheet = "Indicator_Last"
	oecdScoreSheet     = "Score_Last"
	oecdReferenceSheet = "Reference_year"
)

var oecdHeader = []string{"Country", "Region", "Code"}

// oecdTitleYear finds the edition's year in a sheet title: "Indicators values - 2024 or last
// available year".
var oecdTitleYear = regexp.MustCompile(`(?i)\b((?:19|20)\d{2})\s+or\s+last\s+available\s+year`)

// oecdSubjective is the Reference_year column that covers the Gallup survey indicators, and the
// indicators it covers. The OECD spells it "indicactors".
var (
	oecdSubjective           = regexp.MustCompile(`(?i)^subjective indica\w*tors`)
	oecdSubjectiveIndicators = []string{"Life satisfaction", "Satisfaction with housing affordability", "Perceived social network support"}
)

// Detect implements Reader: both value sheets, with the Country/Region/Code header.
func (OECDWellbeing) Detect(ctx context.Context, f *File) bool {
	if f.Format != FormatXLSX {
		return false
	}
	wb, err := f.Workbook()
	if err != nil {
		return false
	}
	_, scores := sheetNamed(wb.GetSheetList(), oecdScoreSheet)
	sheet, values := sheetNamed(wb.GetSheetList(), oecdIndicatorSheet)
	if !scores || !values {
		return false
	}
	t, err := OpenTable(ctx, f, sheet, oecdHeader...)
	if err != nil {
		return false
	}
	t.Close()
	return true
}

// Read implements Reader.
func (r OECDWellbeing) Read(ctx context.Context, f *File) (*data.Batch, error) {
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	ind, err := readOECDSheet(ctx, f, oecdIndicatorSheet)
	if err != nil {
		return nil, err
	}
	year := ""
	for _, l := range ind.table.Above {
		for _, c := range l.Cells {
			if m := oecdTitleYear.FindStringSubmatch(c); m != nil && year == "" {
				year = m[1]
			}
		}
	}
	if year == "" {
		return nil, &InputError{File: f.Name, Sheet: ind.table.Sheet, Expected: `a title above the table giving the year, like "Indicators values - 2024 or last available year"`}
	}
	refYears, err := readOECDReferenceYears(ctx, f)
	if err != nil {
		return nil, err
	}
	scores, err := readOECDSheet(ctx, f, oecdScoreSheet)
	if err != nil {
		return nil, err
	}
	scores.scores = true

	b := newBatchBuilder(data.Source{
		Publication: r.Publication(),
		Publisher:   "OECD",
		Title:       "OECD Regional Well-Being",
		Vintage:     year,
		Licence:     "CC BY 4.0",
	})
	b.batch.Sheets = []string{ind.table.Sheet}
	if wb, err := f.Workbook(); err == nil {
		if ref, ok := sheetNamed(wb.GetSheetList(), oecdReferenceSheet); ok {
			b.batch.Sheets = append(b.batch.Sheets, ref)
		}
	}
	b.batch.Sheets = append(b.batch.Sheets, scores.table.Sheet)
	for _, s := range []*oecdSheet{ind, scores} {
		ids := make([]string, len(s.columns))
		for i, c := range s.columns {
			indicator := data.Indicator{ID: "oecd." + idSlug(c.label), Name: c.label, Unit: c.unit, Source: r.Publication()}
			if s.scores {
				// The OECD's scores are kept beside our index, never in it: no dimension.
				slug := idSlug(c.label)
				if d, ok := data.DimensionByName(c.label); ok {
					slug = d.ID
				}
				indicator = data.Indicator{ID: "oecd.score." + slug, Name: c.label + " (OECD well-being score)", Unit: c.unit,
					Direction: data.HigherIsBetter, Source: r.Publication()}
			}
			if err := b.indicator(indicator); err != nil {
				return nil, err
			}
			ids[i] = indicator.ID
		}
		for _, row := range s.rows {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			region, iso3, err := s.region(row, geo)
			if err != nil {
				return nil, err
			}
			b.region(region)
			for i, c := range s.columns {
				v, err := s.table.Number(row, c.col)
				if err != nil {
					return nil, err
				}
				period := year
				if !s.scores {
					if p := refYears[iso3][strings.ToLower(c.label)]; p != "" {
						period = p
					}
				}
				b.observe(data.Observation{Region: region.Code, Indicator: ids[i], Period: period,
					Value: v.Value, Status: v.Status, Cell: s.table.Cell(row, c.col)})
			}
		}
	}
	return b.done()
}

// oecdSheet is one of the OECD's wide sheets, read whole (a few hundred rows): the country names
// that the region rows use are only mapped to ISO3 codes by the country rows at the bottom.
type oecdSheet struct {
	table                          *Table
	scores                         bool // the OECD's topic scores rather than indicator values
	countryCol, regionCol, codeCol int
	columns                        []oecdColumn
	rows                           []Line
	iso3                           map[string]string // country name -> ISO3
}

type oecdColumn struct {
	col         int
	label, unit string
}

func readOECDSheet(ctx context.Context, f *File, name string) (*oecdSheet, error) {
	wb, err := f.Workbook()
	if err != nil {
		return nil, err
	}
	sheet, ok := sheetNamed(wb.GetSheetList(), name)
	if !ok {
		return nil, &InputError{File: f.Name, Expected: fmt.Sprintf("a sheet named %q", name)}
	}
	t, err := OpenTable(ctx, f, sheet, oecdHeader...)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	s := &oecdSheet{table: t, countryCol: t.Col("Country"), regionCol: t.Col("Region"),
		codeCol: t.Col("Code"), iso3: map[string]string{}}
	for i := s.codeCol + 1; i < len(t.Header); i++ {
		if t.Header[i] == "" {
			continue
		}
		c := oecdColumn{col: i, label: t.Header[i]}
		if i < len(t.Units) {
			c.unit = t.Units[i]
		}
		s.columns = append(s.columns, c)
	}
	if len(s.columns) == 0 {
		return nil, &InputError{File: f.Name, Sheet: sheet, Row: t.HeaderRow, Expected: "indicator columns to the right of Country, Region and Code"}
	}
	for t.Next() {
		row := t.Row()
		if row.Cell(s.codeCol) == "" {
			return nil, t.cellError(row, s.codeCol, "a region or country code", nil)
		}
		if row.Cell(s.countryCol) == "" {
			// A country row: its name is in the Region column.
			s.iso3[strings.ToLower(row.Cell(s.regionCol))] = row.Cell(s.codeCol)
		}
		s.rows = append(s.rows, row)
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// region resolves a row to its region and the ISO3 code of its country. UK regions are the ITL1
// regions under their canonical codes, and the UK row is the canonical UK.
func (s *oecdSheet) region(row Line, geo *data.Geography) (data.Region, string, error) {
	code, name := row.Cell(s.codeCol), row.Cell(s.regionCol)
	country := row.Cell(s.countryCol)
	if country == "" {
		if c, ok := geo.Canonical(code); ok && c.Level == data.LevelUK {
			return c, code, nil
		}
		return data.Region{Code: code, Name: name, Level: data.LevelOECDCountry, Country: code}, code, nil
	}
	iso3, ok := s.iso3[strings.ToLower(country)]
	if !ok {
		return data.Region{}, "", s.table.cellError(row, s.countryCol,
			fmt.Sprintf("a country listed in the country rows at the bottom of the sheet, but %q is not", country), nil)
	}
	if c, ok := geo.Canonical(code); ok && iso3 == "GBR" && c.Level == data.LevelITL1 {
		return c, iso3, nil
	}
	return data.Region{Code: code, Name: name, Level: data.LevelOECDTL2, Parent: iso3, Country: iso3}, iso3, nil
}

// readOECDReferenceYears reads the Reference_year sheet: ISO3 code -> lower-cased indicator name
// -> normalised period. Cells without a year ("..", "()") are left out: the title year applies.
func readOECDReferenceYears(ctx context.Context, f *File) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	wb, err := f.Workbook()
	if err != nil {
		return nil, err
	}
	sheet, ok := sheetNamed(wb.GetSheetList(), oecdReferenceSheet)
	if !ok {
		return out, nil
	}
	t, err := OpenTable(ctx, f, sheet, "Disposable income per capita")
	if err != nil {
		return nil, err
	}
	defer t.Close()
	for t.Next() {
		row := t.Row()
		iso3 := ""
		for i, h := range t.Header {
			if h == "" && row.Cell(i) != "" {
				iso3 = row.Cell(i)
				break
			}
		}
		if iso3 == "" {
			return nil, t.cellError(row, 0, "an ISO3 country code before the reference years", nil)
		}
		if out[iso3] == nil {
			out[iso3] = map[string]string{}
		}
		for i, h := range t.Header {
			cell := row.Cell(i)
			if h == "" || cell == "" || cell == ".." || cell == "()" {
				continue
			}
			p, err := NormalisePeriod(cell)
			if err != nil {
				return nil, t.cellError(row, i, `a reference year like "2022(00)", "2023" or "2020-23"`, err)
			}
			names := []string{h}
			if oecdSubjective.MatchString(h) {
				names = oecdSubjectiveIndicators
			}
			for _, n := range names {
				out[iso3][strings.ToLower(n)] = p
			}
		}
	}
	return out, t.Err()
}

// sheetNamed finds a sheet by name, ignoring case and surrounding spaces.
func sheetNamed(sheets []string, name string) (string, bool) {
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return s, true
		}
	}
	return "", false
}
