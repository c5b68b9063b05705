package ingest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/placevalue/placevalue/data"
	"github.com/xuri/excelize/v2"
)

// ONSGDP reads the ONS regional accounts workbooks by ITL region: "Regional gross domestic product
// (GDP): all ITL regions" and "Regional gross value added (balanced) per head and income
// components". Each "Table N" sheet has its title in row 1 ("Table 7: ... per head at current
// market prices, pounds [note 1]"), then an ITL | ITL code | Region name header with one column
// per year; the industry tables add SIC07 code and industry columns. Rows are in hierarchical
// order: each ITL1 region, then its ITL2 regions, each followed by its ITL3 regions.
type ONSGDP struct{}

// Publication implements Reader.
func (ONSGDP) Publication() string { return "ons-gdp-itl" }

var onsGDPHeader = []string{"ITL", "ITL code", "Region name"}

// onsGDPIndicators gives the tables' measures short, stable ids; a title not listed here gets
// "ons." and a slug of its name. Titles are compared ignoring case.
var onsGDPIndicators = map[string]string{
	"Gross Value Added (Balanced) at current basic prices":                                     "ons.gva_current_prices",
	"Value Added Tax (VAT) on products":                                                        "ons.vat_on_products",
	"Other taxes on products":                                                                  "ons.other_taxes_on_products",
	"Subsidies on products":                                                                    "ons.subsidies_on_products",
	"Gross Domestic Product (GDP) at current market prices":                                    "ons.gdp_current_prices",
	"Total resident population numbers":                                                        "ons.population",
	"Gross Domestic Product (GDP) per head at current market prices":                           "ons.gdp_per_head",
	"Whole economy GVA implied deflators":                                                      "ons.gva_deflator",
	"Gross Domestic Product (GDP) chained volume measures (CVM) index":                         "ons.gdp_cvm_index",
	"Gross Domestic Product (GDP) chained volume measures (CVM) in 2019 money value":           "ons.gdp_cvm",
	"Gross Domestic Product (GDP) chained volume measures (CVM) in 2019 money value, per head": "ons.gdp_cvm_per_head",
	"Gross Domestic Product (GDP) chained volume measures (CVM) annual growth rates":           "ons.gdp_cvm_growth",
	"Gross Domestic Product (GDP) chained volume measures (CVM) per head annual growth rates":  "ons.gdp_cvm_per_head_growth",
	"Gross value added (balanced) per head of population at current basic prices":              "ons.gva_per_head",
	"Gross value added (balanced) per head indices":                                            "ons.gva_per_head_index",
	"Gross value added (balanced) annual growth rates":                                         "ons.gva_growth",
	"Gross value added (balanced) per head annual growth rates":                                "ons.gva_per_head_growth",
	"Gross value added (balanced) by industry at current basic prices":                         "ons.gva_by_industry",
	"Compensation of employees by industry at current basic prices":                            "ons.compensation_of_employees",
	"Mixed income by industry at current basic prices":                                         "ons.mixed_income",
	"Rental income by industry at current basic prices":                                        "ons.rental_income",
	"Non-market capital consumption by industry at current basic prices":                       "ons.non_market_capital_consumption",
	"Holding gains by industry at current basic prices":                                        "ons.holding_gains",
	"Gross trading profits by industry at current basic prices":                                "ons.gross_trading_profits",
	"Gross trading surplus by industry at current basic prices":                                "ons.gross_trading_surplus",
	"Taxes on production by industry at current basic prices":                                  "ons.taxes_on_production",
	"Subsidies on production by industry at current basic prices":                              "ons.subsidies_on_production",
	"Statistical discrepancy between income components and balanced GVA total":                 "ons.statistical_discrepancy",
	"Gross disposable household income (GDHI) per head":                                        "ons.gdhi_per_head",
	"Gross disposable household income (GDHI) at current basic prices":                         "ons.gdhi",
}

var (
	onsTableSheet  = regexp.MustCompile(`(?i)^table \d+$`)
	onsTablePrefix = regexp.MustCompile(`(?i)^table \d+\s*:\s*`)
	onsYear        = regexp.MustCompile(`^\d{4}$`)
	onsPublished   = regexp.MustCompile(`(?i)published on (\d{1,2} ` + months + ` \d{4})`)
	onsProvisional = regexp.MustCompile(`(?i)latest year'?s data are provisional`)
)

// Detect implements Reader: an Information or Contents sheet, and a first "Table N" sheet with
// the ITL header and year columns.
func (ONSGDP) Detect(ctx context.Context, f *File) bool {
	if f.Format != FormatXLSX {
		return false
	}
	wb, err := f.Workbook()
	if err != nil {
		return false
	}
	sheets := wb.GetSheetList()
	_, info := sheetNamed(sheets, "Information")
	_, contents := sheetNamed(sheets, "Contents")
	if !info && !contents {
		return false
	}
	for _, s := range sheets {
		if onsTableSheet.MatchString(strings.TrimSpace(s)) {
			t, err := OpenTable(ctx, f, s, onsGDPHeader...)
			if err != nil {
				return false
			}
			t.Close()
			for _, h := range t.Header {
				if onsYear.MatchString(h) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// Read implements Reader.
func (r ONSGDP) Read(ctx context.Context, f *File) (*data.Batch, error) {
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	wb, err := f.Workbook()
	if err != nil {
		return nil, err
	}
	info, err := readONSInformation(ctx, f)
	if err != nil {
		return nil, err
	}
	b := newBatchBuilder(data.Source{
		Publication: r.Publication(),
		Publisher:   "ONS",
		Title:       info.title,
		Vintage:     info.published,
		Licence:     "Open Government Licence v3.0",
	})
	infoSheet, _ := sheetNamed(wb.GetSheetList(), "Information")
	read := []string{infoSheet}
	for _, sheet := range wb.GetSheetList() {
		if !onsTableSheet.MatchString(strings.TrimSpace(sheet)) {
			continue
		}
		if err := r.readTable(ctx, f, sheet, info.provisional, geo, b); err != nil {
			return nil, err
		}
		read = append(read, sheet)
	}
	if len(read) == 1 {
		return nil, &InputError{File: f.Name, Expected: `sheets named "Table 1", "Table 2", ...`}
	}
	b.batch.Sheets = read
	return b.done()
}

type onsInformation struct {
	title, published string
	provisional      bool // the latest year's data are provisional
}

// readONSInformation reads the Information sheet: its title, the publication date and whether
// the latest year is provisional.
func readONSInformation(ctx context.Context, f *File) (onsInformation, error) {
	var info onsInformation
	wb, err := f.Workbook()
	if err != nil {
		return info, err
	}
	sheet, ok := sheetNamed(wb.GetSheetList(), "Information")
	if !ok {
		return info, &InputError{File: f.Name, Expected: "an Information sheet giving the publication date"}
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return info, &InputError{File: f.Name, Sheet: sheet, Expected: "a readable worksheet", Err: err}
	}
	defer rows.Close()
	for rows.Next() {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return info, &InputError{File: f.Name, Sheet: sheet, Expected: "a readable row", Err: err}
		}
		for _, c := range cells {
			c = cleanSpace(c)
			if info.title == "" && c != "" {
				info.title = c
			}
			if m := onsPublished.FindStringSubmatch(c); m != nil && info.published == "" {
				d, err := time.Parse("2 January 2006", m[1])
				if err != nil {
					return info, &InputError{File: f.Name, Sheet: sheet, Expected: `a publication date like "published on 25 April 2023"`, Err: err}
				}
				info.published = d.Format("2006-01-02")
			}
			if onsProvisional.MatchString(c) {
				info.provisional = true
			}
		}
	}
	if info.published == "" {
		return info, &InputError{File: f.Name, Sheet: sheet, Expected: `a publication date like "published on 25 April 2023"`}
	}
	return info, nil
}

// readTable reads one "Table N" sheet.
func (r ONSGDP) readTable(ctx context.Context, f *File, sheet string, provisional bool, geo *data.Geography, b *batchBuilder) error {
	t, err := OpenTable(ctx, f, sheet, onsGDPHeader...)
	if err != nil {
		return err
	}
	defer t.Close()
	name, unit := splitONSTitle(t.Title())
	if name == "" {
		return &InputError{File: f.Name, Sheet: sheet, Row: 1, Expected: `a title above the table like "Table 7: Gross Domestic Product (GDP) per head at current market prices, pounds"`}
	}
	id := onsIndicatorID(name)
	levelCol, codeCol, nameCol := t.Col("ITL"), t.Col("ITL code"), t.Col("Region name")
	sicCol, industryCol := t.Col("SIC07 code"), t.Col("SIC07 industry")
	var years []int
	last := ""
	for i, h := range t.Header {
		if onsYear.MatchString(h) {
			years = append(years, i)
			if h > last {
				last = h
			}
		}
	}
	if len(years) == 0 {
		return &InputError{File: f.Name, Sheet: sheet, Row: t.HeaderRow, Expected: `year columns headed "1998", "1999", ...`}
	}
	if sicCol >= 0 && industryCol < 0 {
		return &InputError{File: f.Name, Sheet: sheet, Row: t.HeaderRow, Expected: `a "SIC07 industry" column beside "SIC07 code"`}
	}

	var itl1, itl2 string // the last ITL1 and ITL2 codes above the current row
	for t.Next() {
		row := t.Row()
		region, err := onsITLRegion(t, row, levelCol, codeCol, nameCol, &itl1, &itl2, geo)
		if err != nil {
			return err
		}
		b.region(region)
		ind := data.Indicator{ID: id, Name: name, Unit: unit, Source: r.Publication()}
		if sicCol >= 0 {
			code, industry := row.Cell(sicCol), row.Cell(industryCol)
			if code == "" {
				return t.cellError(row, sicCol, "a SIC07 industry code", nil)
			}
			ind.ID = id + ".sic_" + idSlug(code)
			ind.Name = fmt.Sprintf("%s: %s (SIC07 %s)", name, industry, code)
		}
		if err := b.indicator(ind); err != nil {
			return err
		}
		for _, col := range years {
			v, err := t.Number(row, col)
			if err != nil {
				return err
			}
			if provisional && t.Header[col] == last && v.Status == data.StatusPublished {
				v.Status = data.StatusProvisional
			}
			b.observe(data.Observation{Region: region.Code, Indicator: ind.ID, Period: t.Header[col],
				Value: v.Value, Status: v.Status, Cell: t.Cell(row, col)})
		}
	}
	return t.Err()
}

// onsITLRegion resolves a row to its region. The ITL column gives the level; ITL2 and ITL3 rows
// take as parent the last ITL1 or ITL2 row above them. Codes are checked against that hierarchy as
// published, then resolved through the UK geography, so that releases that still use NUTS codes
// (UKC11) store their values under the ITL 2021 code of the same area (TLC11).
func onsITLRegion(t *Table, row Line, levelCol, codeCol, nameCol int, itl1, itl2 *string, geo *data.Geography) (data.Region, error) {
	level, code, name := row.Cell(levelCol), strings.ToUpper(strings.TrimSpace(row.Cell(codeCol))), row.Cell(nameCol)
	if code == "" || name == "" {
		return data.Region{}, t.cellError(row, codeCol, "an ITL code and a region name", nil)
	}
	known, isKnown := geo.Canonical(code)
	// within checks the published hierarchy: by the geography where it knows the code (NUTS 2016's
	// UKN10 lies in UKN0), else by the code's prefix.
	within := func(parent string) bool {
		if isKnown {
			return known.Parent == canonicalCode(geo, parent)
		}
		return strings.HasPrefix(code, parent)
	}
	r := data.Region{Code: code, Name: name, Country: "GBR"}
	switch strings.ToUpper(level) {
	case "UK", "OTHER":
		// The UK, England and Extra-Regio, and "UKX", the UK less Extra-Regio.
		r.Level, r.Parent = data.LevelOther, "UK"
	case "ITL1":
		*itl1, *itl2 = code, ""
		r.Level, r.Parent = data.LevelITL1, "UK"
	case "ITL2":
		if *itl1 == "" || !within(*itl1) {
			return data.Region{}, t.cellError(row, codeCol, "an ITL2 region under the ITL1 region above it", fmt.Errorf("%s is not in %q", code, *itl1))
		}
		*itl2 = code
		r.Level, r.Parent = data.LevelITL2, canonicalCode(geo, *itl1)
	case "ITL3":
		if *itl2 == "" || !within(*itl2) {
			return data.Region{}, t.cellError(row, codeCol, "an ITL3 region under the ITL2 region above it", fmt.Errorf("%s is not in %q", code, *itl2))
		}
		r.Level, r.Parent = data.LevelITL3, canonicalCode(geo, *itl2)
	default:
		return data.Region{}, t.cellError(row, levelCol, `"UK", "Other", "ITL1", "ITL2" or "ITL3"`, fmt.Errorf("found %q", level))
	}
	if isKnown {
		return known, nil
	}
	return r, nil
}

// canonicalCode is the canonical code of a UK region above local authority level, or the code as
// given when the geography does not know it.
func canonicalCode(geo *data.Geography, code string) string {
	if c, ok := geo.Canonical(code); ok {
		return c.Code
	}
	return code
}

// splitONSTitle splits "Table 7: Gross Domestic Product (GDP) per head at current market prices,
// pounds [note 1]" into the measure's name and its unit (the text after the last comma).
func splitONSTitle(title string) (name, unit string) {
	title = onsTablePrefix.ReplaceAllString(StripNotes(cleanSpace(title)), "")
	i := strings.LastIndex(title, ",")
	if i < 0 {
		return title, ""
	}
	return strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+1:])
}

func onsIndicatorID(name string) string {
	for title, id := range onsGDPIndicators {
		if strings.EqualFold(title, name) {
			return id
		}
	}
	return "ons." + idSlug(name)
}
