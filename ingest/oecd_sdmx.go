package ingest

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/placevalue/placevalue/data"
)

// OECDSDMX reads SDMX-CSV downloads from the OECD Data Explorer: long tables with one observation
// per row, the series key spread over dimension columns between the structure column (DATAFLOW,
// or STRUCTURE in SDMX-CSV 2.0) and TIME_PERIOD, and attributes such as OBS_STATUS after
// OBS_VALUE. Both the codes-only flavour and the labels flavour are read: labels come either in
// the cells ("GBR: United Kingdom", under a header "REF_AREA: Reference area") or, in SDMX-CSV 2.0,
// in a column of their own right after the code column.
type OECDSDMX struct{}

// Publication implements Reader.
func (OECDSDMX) Publication() string { return "oecd-sdmx-csv" }

// Detect implements Reader.
func (OECDSDMX) Detect(ctx context.Context, f *File) bool {
	h := csvHeader(f)
	if len(h) == 0 {
		return false
	}
	ids := make([]string, len(h))
	for i, l := range h {
		ids[i], _ = splitCodeLabel(l)
	}
	first := strings.ToUpper(ids[0])
	return (first == "DATAFLOW" || first == "STRUCTURE") &&
		findLabel(ids, "OBS_VALUE") >= 0 && findLabel(ids, "TIME_PERIOD") >= 0 && findLabel(ids, "REF_AREA") >= 0
}

// sdmxNotBreakdowns are dimensions that are not breakdowns of a measure: where, what and in which
// unit, plus classifications that follow from the measure (DOMAIN in How's Life?).
var sdmxNotBreakdowns = map[string]bool{
	"REF_AREA": true, "TERRITORIAL_LEVEL": true, "TERRITORIAL_TYPE": true, "MEASURE": true,
	"UNIT_MEASURE": true, "FREQ": true, "DOMAIN": true,
}

// sdmxTotals are the codes of a breakdown that mean "all of it" or "does not apply"; they are left
// out of indicator ids.
var sdmxTotals = map[string]bool{"_T": true, "_Z": true}

// sdmxStatuses maps SDMX observation status codes (CL_OBS_STATUS) to ours.
var sdmxStatuses = map[string]data.Status{
	"":  data.StatusPublished,
	"A": data.StatusPublished,
	"E": data.StatusEstimated,
	"F": data.StatusEstimated, // forecast
	"I": data.StatusEstimated, // imputed
	"P": data.StatusProvisional,
	"B": data.StatusBreak,
	"D": data.StatusDefinitionDiffers,
	"U": data.StatusLowReliability,
	"M": data.StatusNotApplicable,
	"L": data.StatusNotAvailable,
	"O": data.StatusNotAvailable,
	"C": data.StatusSuppressed,
	"N": data.StatusSuppressed,
	"Q": data.StatusSuppressed,
}

// sdmxColumn is one column of an SDMX-CSV file, with the column holding its labels if any.
type sdmxColumn struct {
	index int
	id    string // REF_AREA
	label string // "Reference area", when the header gives one
	// labelIndex is the SDMX-CSV 2.0 column that holds this column's labels, -1 when none.
	labelIndex int
}

// sdmxValue is one coded cell: the code, and its label when the file gives one.
type sdmxValue struct{ code, label string }

func (v sdmxValue) name() string {
	if v.label != "" {
		return v.label
	}
	return v.code
}

type sdmxLayout struct {
	columns    map[string]sdmxColumn // by id
	breakdowns []sdmxColumn          // in file order
	structure  sdmxColumn            // DATAFLOW or STRUCTURE_ID
	structName int                   // STRUCTURE_NAME column, -1 when absent
}

var (
	sdmxID     = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	dataflowID = regexp.MustCompile(`^[a-z0-9_]+$`)
)

func sdmxLayoutOf(f *File, header []string) (*sdmxLayout, error) {
	l := &sdmxLayout{columns: map[string]sdmxColumn{}, structName: -1}
	var order []sdmxColumn
	for i, h := range header {
		id, label := splitCodeLabel(h)
		if !sdmxID.MatchString(id) {
			// SDMX-CSV 2.0 labels flavour: "Reference area" right after REF_AREA.
			if len(order) > 0 && order[len(order)-1].index == i-1 {
				prev := order[len(order)-1]
				prev.labelIndex = i
				prev.label = h
				order[len(order)-1] = prev
				l.columns[prev.id] = prev
				continue
			}
			return nil, &InputError{File: f.Name, Row: 1, Expected: fmt.Sprintf("SDMX column ids such as REF_AREA in the header, found %q in column %d", h, i+1)}
		}
		if _, dup := l.columns[id]; dup {
			return nil, &InputError{File: f.Name, Row: 1, Expected: fmt.Sprintf("each SDMX column once, but %s appears twice", id)}
		}
		c := sdmxColumn{index: i, id: id, label: label, labelIndex: -1}
		l.columns[id] = c
		order = append(order, c)
	}
	for _, need := range []string{"REF_AREA", "TIME_PERIOD", "OBS_VALUE"} {
		if _, ok := l.columns[need]; !ok {
			return nil, &InputError{File: f.Name, Row: 1, Expected: "an SDMX-CSV header with a " + need + " column"}
		}
	}
	switch {
	case order[0].id == "DATAFLOW":
		l.structure = order[0]
	case order[0].id == "STRUCTURE":
		c, ok := l.columns["STRUCTURE_ID"]
		if !ok {
			return nil, &InputError{File: f.Name, Row: 1, Expected: "a STRUCTURE_ID column after STRUCTURE (SDMX-CSV 2.0)"}
		}
		l.structure = c
		if n, ok := l.columns["STRUCTURE_NAME"]; ok {
			l.structName = n.index
		}
	default:
		return nil, &InputError{File: f.Name, Row: 1, Expected: "DATAFLOW or STRUCTURE as the first column of an SDMX-CSV file"}
	}
	// The dimensions are the columns between the structure columns and TIME_PERIOD.
	timeAt := l.columns["TIME_PERIOD"].index
	for _, c := range order {
		switch c.id {
		case "DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION":
			continue
		}
		if c.index < timeAt && !sdmxNotBreakdowns[c.id] {
			l.breakdowns = append(l.breakdowns, c)
		}
	}
	return l, nil
}

// value reads a coded cell of a record.
func (l *sdmxLayout) value(rec []string, id string) sdmxValue {
	c, ok := l.columns[id]
	if !ok {
		return sdmxValue{}
	}
	return columnValue(rec, c)
}

func columnValue(rec []string, c sdmxColumn) sdmxValue {
	code, label := splitCodeLabel(rec[c.index])
	if c.labelIndex >= 0 {
		label = strings.TrimSpace(rec[c.labelIndex])
	}
	return sdmxValue{code: code, label: label}
}

// splitCodeLabel splits "GBR: United Kingdom" into its code and label. Codes never contain ": "
// (dataflow ids contain ':' but no space after it).
func splitCodeLabel(s string) (code, label string) {
	code, label, _ = strings.Cut(strings.TrimSpace(s), ": ")
	return strings.TrimSpace(code), strings.TrimSpace(label)
}

// sdmxSeries is what one row says about its indicator before ids are settled.
type sdmxSeries struct {
	key       string // measure and non-total breakdown codes, lower case, '.'-joined
	name      string
	unit      sdmxValue
	unitMult  string
	dataflow  string
	ambiguous bool // the same key comes in more than one unit in this file
}

// Read implements Reader.
func (r OECDSDMX) Read(ctx context.Context, f *File) (*data.Batch, error) {
	t, err := readCSVTable(f)
	if err != nil {
		return nil, err
	}
	l, err := sdmxLayoutOf(f, t.header)
	if err != nil {
		return nil, err
	}
	if len(t.rows) == 0 {
		return nil, &InputError{File: f.Name, Expected: "at least one observation row after the header"}
	}
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}

	// First pass: the series of every row, to learn which measures come in several units (How's
	// Life? publishes the gender wage gap both against median and against decile wages).
	series := make([]sdmxSeries, len(t.rows))
	units := map[string]map[string]bool{}
	title := ""
	for i, rec := range t.rows {
		s, err := l.seriesOf(f, t.rowNumber(i), rec)
		if err != nil {
			return nil, err
		}
		series[i] = s
		k := s.dataflow + "." + s.key
		if units[k] == nil {
			units[k] = map[string]bool{}
		}
		units[k][s.unit.code] = true
		if title == "" {
			title = l.title(rec)
		}
	}

	b := &data.Batch{Source: data.Source{
		Publication: r.Publication(),
		Publisher:   "OECD",
		Title:       title,
		FileName:    f.Name,
		SHA256:      f.SHA256,
		Licence:     "CC BY 4.0",
	}}
	regionSeen := map[string]bool{}
	indicatorSeen := map[string]bool{}
	rowOf := map[[3]string]int{}
	valueCol := l.columns["OBS_VALUE"].index
	for i, rec := range t.rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		row := t.rowNumber(i)
		s := series[i]
		s.ambiguous = len(units[s.dataflow+"."+s.key]) > 1
		ind := s.indicator()
		ind.Source = r.Publication()
		if !indicatorSeen[ind.ID] {
			indicatorSeen[ind.ID] = true
			if err := data.Classify(&ind); err != nil {
				return nil, err
			}
			b.Indicators = append(b.Indicators, ind)
		}

		region, err := l.regionOf(f, row, rec, geo)
		if err != nil {
			return nil, err
		}
		if !regionSeen[region.Code] {
			regionSeen[region.Code] = true
			b.Regions = append(b.Regions, region)
		}

		period := l.value(rec, "TIME_PERIOD").code
		if period == "" {
			return nil, &InputError{File: f.Name, Row: row, Expected: "a TIME_PERIOD"}
		}
		if period > b.Source.Vintage {
			b.Source.Vintage = period
		}
		key := [3]string{region.Code, ind.ID, period}
		if prev, dup := rowOf[key]; dup {
			return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("one observation per region, indicator and period, but %s %s %s is also on row %d", region.Code, ind.ID, period, prev)}
		}
		rowOf[key] = row

		obs := data.Observation{Region: region.Code, Indicator: ind.ID, Period: period, Cell: t.cellRef(i, valueCol)}
		statusCode := l.value(rec, "OBS_STATUS").code
		status, ok := sdmxStatuses[strings.ToUpper(statusCode)]
		if !ok {
			return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("an SDMX OBS_STATUS code (A, E, P, B, D, ...), found %q", statusCode)}
		}
		reading, err := ParseCell(rec[valueCol])
		if strings.EqualFold(strings.TrimSpace(rec[valueCol]), "NaN") {
			// SDMX writes a missing value as NaN.
			reading, err = Reading{Status: data.StatusNotAvailable}, nil
		}
		if err != nil {
			return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("a number in column %d (OBS_VALUE), found %q", valueCol+1, strings.TrimSpace(rec[valueCol]))}
		}
		switch {
		case reading.Value == nil && status.HasValue():
			obs.Status = reading.Status
		case reading.Value == nil || !status.HasValue():
			obs.Status = status
		default:
			obs.Value, obs.Status = reading.Value, status
		}
		b.Observations = append(b.Observations, obs)
	}
	return b, nil
}

// seriesOf reads the indicator part of a row's series key.
func (l *sdmxLayout) seriesOf(f *File, row int, rec []string) (sdmxSeries, error) {
	flow := columnValue(rec, l.structure).code
	short := dataflowShortID(flow)
	if short == "" {
		return sdmxSeries{}, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("a dataflow id such as OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1) in column %d, found %q", l.structure.index+1, flow)}
	}
	var codes, names []string
	if m, ok := l.columns["MEASURE"]; ok {
		v := columnValue(rec, m)
		if v.code == "" {
			return sdmxSeries{}, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("a MEASURE code in column %d", m.index+1)}
		}
		codes, names = append(codes, v.code), append(names, v.name())
	}
	for _, c := range l.breakdowns {
		v := columnValue(rec, c)
		if v.code == "" || sdmxTotals[strings.ToUpper(v.code)] {
			continue
		}
		codes, names = append(codes, v.code), append(names, v.name())
	}
	s := sdmxSeries{
		key:      strings.ToLower(strings.Join(codes, ".")),
		unit:     l.value(rec, "UNIT_MEASURE"),
		unitMult: l.value(rec, "UNIT_MULT").code,
		dataflow: short,
	}
	if len(names) > 0 {
		s.name = names[0]
		if len(names) > 1 {
			s.name += " (" + strings.Join(names[1:], ", ") + ")"
		}
	}
	return s, nil
}

// indicator makes the indicator of a series: oecd_sdmx.<dataflow>.<measure>[.<breakdowns>], with
// the unit added only where the file has the same measure in several units.
func (s sdmxSeries) indicator() data.Indicator {
	id := "oecd_sdmx." + s.dataflow
	if s.key != "" {
		id += "." + s.key
	}
	name := s.name
	if name == "" {
		name = s.dataflow
	}
	if s.ambiguous && s.unit.code != "" {
		id += "." + strings.ToLower(s.unit.code)
		name += " [" + s.unit.name() + "]"
	}
	unit := s.unit.name()
	if s.unitMult != "" && s.unitMult != "0" {
		unit = strings.TrimSpace(unit + " ×10^" + s.unitMult)
	}
	return data.Indicator{ID: id, Name: name, Unit: unit, Direction: data.Neutral}
}

// dataflowShortID is the dataflow's own id in lower case: OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1)
// gives df_hsl_cwb.
func dataflowShortID(flow string) string {
	s := flow
	if i := strings.LastIndexAny(s, ":@"); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if !dataflowID.MatchString(s) {
		return ""
	}
	return s
}

// title names the publication from the dataflow label when the file gives one.
func (l *sdmxLayout) title(rec []string) string {
	v := columnValue(rec, l.structure)
	if l.structName >= 0 {
		v.label = strings.TrimSpace(rec[l.structName])
	}
	if v.label != "" {
		return "OECD Data Explorer: " + v.label
	}
	return "OECD Data Explorer: " + v.code
}

// regionOf makes the region of a row. Countries are keyed by ISO3 code, except the United
// Kingdom, which is the UK region of the UK geography; UK TL2 regions are ITL1 regions.
func (l *sdmxLayout) regionOf(f *File, row int, rec []string, geo *data.Geography) (data.Region, error) {
	area := l.value(rec, "REF_AREA")
	code := strings.ToUpper(area.code)
	if code == "" {
		return data.Region{}, &InputError{File: f.Name, Row: row, Expected: "a REF_AREA code"}
	}
	level := data.LevelOECDCountry
	if tl, ok := l.columns["TERRITORIAL_LEVEL"]; ok {
		switch v := strings.ToUpper(columnValue(rec, tl).code); v {
		case "CTRY", "TL1", "":
		case "TL2":
			level = data.LevelOECDTL2
		case "TL3":
			// There is no OECD TL3 level yet: keep TL3 regions out of the TL2 comparison, but
			// UK ones are ITL3 areas (UKC11 is TLC11).
			level = data.LevelOther
			if r, ok := geo.Canonical(code); ok && r.Level == data.LevelITL3 {
				return r, nil
			}
		default:
			return data.Region{}, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("TERRITORIAL_LEVEL CTRY, TL1, TL2 or TL3, found %q", v)}
		}
	}
	if level != data.LevelOther {
		if r, ok := geo.Canonical(code); ok {
			return r, nil
		}
	}
	name := area.label
	country := ""
	if level == data.LevelOECDCountry {
		country = code
		if name == "" {
			name = oecdCountryNames[code]
		}
	} else if len(code) >= 2 {
		country = iso3FromISO2[code[:2]]
	}
	if name == "" {
		name = code
	}
	return data.Region{Code: code, Name: name, Level: level, Country: country}, nil
}

// oecdCountryNames names the countries the codes-only flavour gives only as ISO3 codes: OECD
// members and the partner countries of How's Life? and the regional database.
var oecdCountryNames = map[string]string{
	"ARG": "Argentina", "AUS": "Australia", "AUT": "Austria", "BEL": "Belgium", "BGR": "Bulgaria",
	"BRA": "Brazil", "CAN": "Canada", "CHE": "Switzerland", "CHL": "Chile", "CHN": "China",
	"COL": "Colombia", "CRI": "Costa Rica", "CZE": "Czechia", "DEU": "Germany", "DNK": "Denmark",
	"ESP": "Spain", "EST": "Estonia", "FIN": "Finland", "FRA": "France", "GBR": "United Kingdom",
	"GRC": "Greece", "HRV": "Croatia", "HUN": "Hungary", "IDN": "Indonesia", "IND": "India",
	"IRL": "Ireland", "ISL": "Iceland", "ISR": "Israel", "ITA": "Italy", "JPN": "Japan",
	"KOR": "Korea", "LTU": "Lithuania", "LUX": "Luxembourg", "LVA": "Latvia", "MEX": "Mexico",
	"NLD": "Netherlands", "NOR": "Norway", "NZL": "New Zealand", "PER": "Peru", "POL": "Poland",
	"PRT": "Portugal", "ROU": "Romania", "RUS": "Russia", "SVK": "Slovak Republic", "SVN": "Slovenia",
	"SWE": "Sweden", "THA": "Thailand", "TUR": "Türkiye", "USA": "United States", "ZAF": "South Africa",
}

// iso3FromISO2 gives the country of an OECD regional code, whose first two letters are the ISO2
// code of its country (FR1, US06, DE1). The UK's regions resolve through the UK geography instead.
var iso3FromISO2 = map[string]string{
	"AR": "ARG", "AU": "AUS", "AT": "AUT", "BE": "BEL", "BG": "BGR", "BR": "BRA", "CA": "CAN",
	"CH": "CHE", "CL": "CHL", "CN": "CHN", "CO": "COL", "CR": "CRI", "CZ": "CZE", "DE": "DEU",
	"DK": "DNK", "ES": "ESP", "EE": "EST", "FI": "FIN", "FR": "FRA", "GR": "GRC", "EL": "GRC",
	"HR": "HRV", "HU": "HUN", "ID": "IDN", "IN": "IND", "IE": "IRL", "IS": "ISL", "IL": "ISR",
	"IT": "ITA", "JP": "JPN", "KR": "KOR", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MX": "MEX",
	"NL": "NLD", "NO": "NOR", "NZ": "NZL", "PE": "PER", "PL": "POL", "PT": "PRT", "RO": "ROU",
	"RU": "RUS", "SK": "SVK", "SI": "SVN", "SE": "SWE", "TH": "THA", "TR": "TUR", "US": "USA",
	"ZA": "ZAF", "UK": "GBR",
}
