package ingest

import (
	"context"
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/placevalue/placevalue/data"
)

// OfcomCoverage reads Ofcom Connected Nations fixed broadband coverage by local authority: a flat
// CSV with one row per local authority (laua, laua_name) and one column per coverage measure. The
// set of columns and their case change between releases, so columns are found by label and each
// label keeps one indicator id across releases.
type OfcomCoverage struct{}

// Publication implements Reader.
func (OfcomCoverage) Publication() string { return "ofcom-fixed-coverage-laua" }

var (
	ofcomCodeLabels = []string{"laua", "laua_code"}
	ofcomNameLabels = []string{"laua_name"}
)

// Detect implements Reader: a CSV whose header has the local authority code and name columns and
// at least one premises coverage column.
func (OfcomCoverage) Detect(ctx context.Context, f *File) bool {
	h := csvHeader(f)
	if findLabel(h, ofcomCodeLabels...) < 0 || findLabel(h, ofcomNameLabels...) < 0 {
		return false
	}
	for _, l := range h {
		if strings.Contains(strings.ToLower(l), "premises") {
			return true
		}
	}
	return false
}

// Read implements Reader.
func (r OfcomCoverage) Read(ctx context.Context, f *File) (*data.Batch, error) {
	period, err := ofcomPeriod(f.Name)
	if err != nil {
		return nil, err
	}
	t, err := readCSVTable(f)
	if err != nil {
		return nil, err
	}
	codeCol, nameCol := t.column(ofcomCodeLabels...), t.column(ofcomNameLabels...)
	if codeCol < 0 || nameCol < 0 {
		return nil, &InputError{File: f.Name, Row: 1, Expected: "a header with laua (or laua_code) and laua_name columns"}
	}
	if len(t.rows) == 0 {
		return nil, &InputError{File: f.Name, Expected: "at least one local authority row after the header"}
	}
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}

	b := &data.Batch{Source: data.Source{
		Publication: r.Publication(),
		Publisher:   "Ofcom",
		Title:       "Connected Nations: fixed broadband coverage by local authority",
		FileName:    f.Name,
		SHA256:      f.SHA256,
		Vintage:     period,
		Licence:     "Open Government Licence v3.0",
	}, VintageFromFileName: true}

	// One indicator per measure column, in the file's column order.
	indicatorOf := make([]string, len(t.header))
	seen := map[string]int{}
	for j, label := range t.header {
		if j == codeCol || j == nameCol {
			continue
		}
		ind := ofcomIndicator(label)
		if ind.ID == "ofcom." {
			return nil, &InputError{File: f.Name, Row: 1, Expected: fmt.Sprintf("a label for column %d", j+1)}
		}
		if prev, dup := seen[ind.ID]; dup {
			return nil, &InputError{File: f.Name, Row: 1, Expected: fmt.Sprintf("one column per measure, but columns %d and %d are both %q", prev+1, j+1, label)}
		}
		seen[ind.ID] = j
		ind.Source = r.Publication()
		if err := data.Classify(&ind); err != nil {
			return nil, err
		}
		indicatorOf[j] = ind.ID
		b.Indicators = append(b.Indicators, ind)
	}

	rowOf := map[string]int{}
	for i, rec := range t.rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		row := t.rowNumber(i)
		code := strings.ToUpper(strings.TrimSpace(rec[codeCol]))
		if code == "" {
			return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("a local authority code in column %d (%s)", codeCol+1, t.header[codeCol])}
		}
		if prev, dup := rowOf[code]; dup {
			return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("one row per local authority, but %s is also on row %d", code, prev)}
		}
		rowOf[code] = row
		region, known := geo.LAD(code)
		if !known {
			// A code of another level (a NUTS or ITL area, a county) in a table of local
			// authorities is a mistake in the file, not a new district.
			if other, ok := geo.Lookup(code); ok {
				return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("a local authority code in column %d (%s), but %s is the code of %s, a region of level %s",
					codeCol+1, t.header[codeCol], code, other.Name, other.Level)}
			}
			name := titleCaseName(rec[nameCol])
			if name == "" {
				return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("the name of local authority %s in column %d (%s): placevalue's geography does not know the code, so the file must name it",
					code, nameCol+1, t.header[nameCol])}
			}
			region = data.Region{Code: code, Name: name, Level: data.LevelLAD, Country: "GBR"}
		}
		b.Regions = append(b.Regions, region)

		for j, cell := range rec {
			if indicatorOf[j] == "" {
				continue
			}
			reading, err := ParseCell(cell)
			if err != nil {
				return nil, &InputError{File: f.Name, Row: row, Expected: fmt.Sprintf("a number or a missing-value marker in column %d (%s), found %q", j+1, t.header[j], strings.TrimSpace(cell))}
			}
			b.Observations = append(b.Observations, data.Observation{
				Region:    region.Code,
				Indicator: indicatorOf[j],
				Period:    period,
				Value:     reading.Value,
				Status:    reading.Status,
				Cell:      t.cellRef(i, j),
			})
		}
	}
	markNarrowSuperfast(b)
	return b, nil
}

// Ofcom's 2019 file publishes, as "SFBB availability", the share of premises whose speed is in the
// 30 to 300 Mbit/s band alone (the column equals that band's column in every row), where other
// releases count every premises that can get 30 Mbit/s or more. The figures stay as published,
// marked as on another definition, so that no trend compares them with other releases' as if
// they measured the same thing.
const (
	ofcomSuperfast     = "ofcom.sfbb_availability_pct_premises"
	ofcomSuperfastBand = "ofcom.premises_with_30_to_300mbit_s_download_speed_pct"
)

// markNarrowSuperfast marks a batch's superfast availability as definition-differs when every
// local authority's figure equals its 30 to 300 Mbit/s band.
func markNarrowSuperfast(b *data.Batch) {
	band := map[string]float64{}
	for _, o := range b.Observations {
		if o.Indicator == ofcomSuperfastBand && o.Value != nil {
			band[o.Region] = *o.Value
		}
	}
	var superfast []int
	for i, o := range b.Observations {
		if o.Indicator != ofcomSuperfast || o.Value == nil {
			continue
		}
		if v, ok := band[o.Region]; !ok || v != *o.Value {
			return
		}
		superfast = append(superfast, i)
	}
	if len(superfast) < 10 {
		return // too few rows to tell a definition from a coincidence
	}
	for _, i := range superfast {
		b.Observations[i].Status = data.StatusDefinitionDiffers
	}
}

// ofcomIndicator makes the indicator for one column label. Ids come from the label alone, so a
// column keeps its id whatever its case or position in a release.
func ofcomIndicator(label string) data.Indicator {
	label = strings.Join(strings.Fields(label), " ")
	lower := strings.ToLower(label)
	ind := data.Indicator{ID: "ofcom." + ofcomSlug(label), Name: label, Direction: data.Neutral}
	switch {
	case strings.HasPrefix(lower, "%"), strings.Contains(lower, "(% premises)"):
		ind.Unit = "% of premises"
	default:
		ind.Unit = "premises"
	}
	return ind
}

// slugWords spells out the symbols that carry meaning: "% premises" is a share, and bands such as
// "30<300Mbit/s" and ">=300Mbit/s" would lose theirs as bare digits.
var slugWords = strings.NewReplacer(">=", " at least ", "<", " to ", "%", " pct ")

// ofcomSlug turns a column label into the last part of its indicator id: "SFBB availability (%
// premises)" gives sfbb_availability_pct_premises and "% of premises below the USO" gives
// premises_below_the_uso_pct (a leading "% of" reads better as a suffix).
func ofcomSlug(label string) string {
	s := strings.ToLower(strings.TrimSpace(label))
	suffix := ""
	if rest, ok := strings.CutPrefix(s, "% of "); ok {
		s, suffix = rest, "_pct"
	}
	s = idSlug(slugWords.Replace(s))
	if s == "" {
		return ""
	}
	return s + suffix
}

// ofcomPeriod reads the data date from a file name, since Ofcom's files carry it nowhere else:
// 202105_fixed_laua_coverage_r01.csv is 2021-05, ..._2021_early.csv is 2021-01 (the January
// update) and ..._2019.csv is 2019.
func ofcomPeriod(fileName string) (string, error) {
	base := strings.TrimSuffix(fileName, path.Ext(fileName))
	tokens := strings.FieldsFunc(base, func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' })
	var found []string
	for i, tok := range tokens {
		if !allDigits(tok) || !plausibleYear(tok) {
			continue
		}
		switch len(tok) {
		case 6:
			if m := tok[4:]; m >= "01" && m <= "12" {
				found = append(found, tok[:4]+"-"+m)
			}
		case 4:
			if i+1 < len(tokens) && strings.EqualFold(tokens[i+1], "early") {
				found = append(found, tok+"-01")
			} else {
				found = append(found, tok)
			}
		}
	}
	rename := "rename the file so that its name starts with its YYYYMM data date, e.g. 202105_fixed_laua_coverage.csv"
	switch {
	case len(found) == 0:
		return "", &InputError{File: fileName, Expected: "a data date in the file name, since Ofcom's coverage files carry none inside: " + rename}
	case len(found) > 1:
		return "", &InputError{File: fileName, Expected: fmt.Sprintf("one data date in the file name, found %s: %s", strings.Join(found, " and "), rename)}
	}
	return found[0], nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func plausibleYear(tok string) bool {
	return len(tok) >= 4 && (tok[:2] == "19" || tok[:2] == "20")
}

// lowerWords stay lower case inside a place name: "Kingston upon Hull", "Stockton-on-Tees".
var lowerWords = map[string]bool{"and": true, "of": true, "upon": true, "on": true, "the": true, "in": true, "under": true, "le": true, "with": true}

// titleCaseName turns an UPPER CASE published name into a place name as people write it. Names
// that already have lower-case letters are kept as published.
func titleCaseName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if strings.ToUpper(name) != name {
		return name
	}
	var b strings.Builder
	word := 0
	startOfWord := true
	runes := []rune(strings.ToLower(name))
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if startOfWord && unicode.IsLetter(r) {
			end := i
			for end < len(runes) && (unicode.IsLetter(runes[end]) || runes[end] == '\'') {
				end++
			}
			w := string(runes[i:end])
			if word == 0 || !lowerWords[w] {
				w = string(unicode.ToUpper(runes[i])) + string(runes[i+1:end])
			}
			b.WriteString(w)
			word++
			i = end - 1
			startOfWord = false
			continue
		}
		b.WriteRune(r)
		startOfWord = r == ' ' || r == '-' || r == '(' || r == '/'
	}
	return b.String()
}
