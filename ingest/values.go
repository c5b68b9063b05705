package ingest

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/placevalue/placevalue/data"
)

// Reading is what one published cell says: a number, a marker that stands for a missing number,
// or a number with a flag. Value is nil exactly when Status carries no value.
type Reading struct {
	Value  *float64
	Status data.Status
}

// cellMarkers are the published ways of saying "no number here" and what each means. Bare letters
// are the older ONS shorthand ("u" in the regional accounts growth tables).
var cellMarkers = map[string]data.Status{
	"":      data.StatusNotAvailable, // a blank cell inside a table
	"..":    data.StatusNotAvailable,
	"-":     data.StatusNotAvailable,
	"n/a":   data.StatusNotAvailable,
	"na":    data.StatusNotAvailable, // ONS Subnational indicators
	"[x]":   data.StatusNotAvailable,
	"x":     data.StatusNotAvailable,
	"[c]":   data.StatusSuppressed,
	"c":     data.StatusSuppressed,
	"[z]":   data.StatusNotApplicable,
	"z":     data.StatusNotApplicable,
	"[u]":   data.StatusSuppressed, // alone, [u] means the figure was withheld for low reliability
	"u":     data.StatusSuppressed,
	"[low]": data.StatusSuppressed,
	"[w]":   data.StatusSuppressed, // GSS: no or too few sample observations
	"w":     data.StatusSuppressed,
	// Spreadsheet error values: the publisher's formula produced no number (the OECD file has
	// #VALUE! where an input was N/A).
	"#value!": data.StatusNotAvailable,
	"#n/a":    data.StatusNotAvailable,
	"#div/0!": data.StatusNotAvailable,
	"#ref!":   data.StatusNotAvailable,
	"#num!":   data.StatusNotAvailable,
	"#name?":  data.StatusNotAvailable,
	"#null!":  data.StatusNotAvailable,
}

// flagMarkers may follow a number ("12.3 [p]"): the number is kept and flagged.
var flagMarkers = map[string]data.Status{
	"[u]":   data.StatusLowReliability,
	"[low]": data.StatusLowReliability,
	"[e]":   data.StatusEstimated,
	"[p]":   data.StatusProvisional,
	"[r]":   data.StatusRevised,
}

var (
	// thousands is a number written with comma thousands separators, such as "1,234,567.8".
	thousands = regexp.MustCompile(`^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$`)
	// trailingFlag is a flag marker at the end of a cell, after a number.
	trailingFlag = regexp.MustCompile(`\s*(\[[a-zA-Z]+\])$`)
	// noteMarker is a reference to the notes sheet: [note 1], [note 1,2], [notes 3 and 4].
	noteMarker = regexp.MustCompile(`(?i)\s*\[\s*notes?\s*\d+(\s*(,|and)\s*\d+)*\s*\]`)
)

// isMarker reports whether a cell holds one of the markers that stand for a missing value.
func isMarker(s string) bool {
	_, ok := cellMarkers[strings.ToLower(cleanSpace(s))]
	return ok
}

// errNotNumber is wrapped when a cell holds text that is neither a number nor a marker.
var errNotNumber = errors.New("not a number")

// ParseCell reads one published cell strictly: the raw stored text of a number parses to exactly
// the float64 the cell holds, numbers stored as text and with thousands separators are accepted,
// markers become a status without a value, and anything else is an error.
func ParseCell(s string) (Reading, error) {
	if isDecimal(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return Reading{Value: &v, Status: data.StatusPublished}, nil
		}
	}
	s = StripNotes(cleanSpace(s))
	if st, ok := cellMarkers[strings.ToLower(s)]; ok {
		return Reading{Status: st}, nil
	}
	status := data.StatusPublished
	if m := trailingFlag.FindStringSubmatch(s); m != nil {
		st, ok := flagMarkers[strings.ToLower(m[1])]
		if !ok {
			return Reading{}, fmt.Errorf("%w: %q", errNotNumber, s)
		}
		status = st
		s = strings.TrimSpace(strings.TrimSuffix(s, m[0]))
	}
	v, ok := parseNumber(s)
	if !ok {
		return Reading{}, fmt.Errorf("%w: %q", errNotNumber, s)
	}
	return Reading{Value: &v, Status: status}, nil
}

func parseNumber(s string) (float64, bool) {
	if thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if !isDecimal(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// isDecimal reports whether s is a decimal number as spreadsheets store it, [-+]digits[.digits]
// [e[-+]digits]: no hexadecimal, no Inf or NaN (which strconv.ParseFloat would accept), no currency
// or percent signs. It is a hand-written check because every cell of a table goes through it.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// StripNotes removes note references such as "[note 1]" or "[note 1,2]" from a title or header.
func StripNotes(s string) string {
	if !strings.Contains(s, "[") {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(noteMarker.ReplaceAllString(s, ""))
}

// cleanSpace trims a cell, counting no-break spaces as spaces, and joins inner runs of white space
// (line breaks in headers) into one space.
func cleanSpace(s string) string {
	clean := len(s) > 0 && s[0] != ' ' && s[len(s)-1] != ' '
	for i := 0; clean && i < len(s); i++ {
		clean = s[i] < 0x80 && s[i] >= 0x20 && !(s[i] == ' ' && i > 0 && s[i-1] == ' ')
	}
	if clean {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// controlChar finds a control character (C0 other than white space, DEL, or C1) in a cleaned
// cell. Published text has none; one in a cell is a damaged or hostile file.
func controlChar(s string) (rune, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return rune(c), true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x80 && r <= 0x9f {
			return r, true
		}
		i += size
	}
	return 0, false
}

// fusedYear is a year fused into a column name: "Index_2004", "Pounds_2010", "Hours_2019".
var fusedYear = regexp.MustCompile(`^([A-Za-z][A-Za-z ]*?)_((?:18|19|20|21)\d{2})$`)

// numericYear reads a year stored as a number, which a spreadsheet may write as "2004",
// "2004.0" or "2.004E3", and gives it as "2004".
func numericYear(s string) (string, bool) {
	if !isDecimal(s) {
		return "", false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != math.Trunc(v) || v < 1800 || v > 2199 {
		return "", false
	}
	return strconv.Itoa(int(v)), true
}

// headerPeriod reports whether a header label names a period, and which: a year however it is
// stored, a year fused into a name, or any period NormalisePeriod reads.
func headerPeriod(s string) (string, bool) {
	s = StripNotes(s)
	if y, ok := numericYear(s); ok {
		return y, true
	}
	if m := fusedYear.FindStringSubmatch(s); m != nil {
		return m[2], true
	}
	p, err := NormalisePeriod(s)
	return p, err == nil
}

// sameLabel compares two labels as a reader would: ignoring case, notes and spacing.
func sameLabel(a, b string) bool {
	return strings.EqualFold(StripNotes(cleanSpace(a)), StripNotes(cleanSpace(b)))
}

// idSlug turns a published name into the snake_case part of an indicator id:
// "Air quality (PM2.5)" -> "air_quality_pm2_5".
func idSlug(s string) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = false
			b.WriteRune(r)
			continue
		}
		underscore = true
	}
	return b.String()
}

var months = "(January|February|March|April|May|June|July|August|September|October|November|December)"

// Period shapes publishers use, each with its normalised form. Normalised periods are a year
// ("2021"), a month ("2023-09"), a day ("2024-01-31"), or a range of those joined by "/".
var periodShapes = []struct {
	re   *regexp.Regexp
	norm func(m []string) (string, error)
}{
	{regexp.MustCompile(`^(\d{4})$`), func(m []string) (string, error) { return m[1], nil }},
	// OECD reference years: the last year, then the first year's last two digits in parentheses.
	{regexp.MustCompile(`^(\d{4})\s*\(\d{2}\)$`), func(m []string) (string, error) { return m[1], nil }},
	// A year marked as revised or provisional: the period is the year.
	{regexp.MustCompile(`(?i)^(\d{4})\s+(revised|provisional)$`), func(m []string) (string, error) { return m[1], nil }},
	// "2020-23", "2022/23": a span of years, or an academic or financial year.
	{regexp.MustCompile(`^(\d{4})\s*[-/–]\s*(\d{2})$`), func(m []string) (string, error) {
		return yearSpan(m[1], m[1][:2]+m[2], true)
	}},
	{regexp.MustCompile(`^(\d{4})\s*[-/–]\s*(\d{4})$`), func(m []string) (string, error) {
		return yearSpan(m[1], m[2], false)
	}},
	{regexp.MustCompile(`^(\d{1,2})/(\d{4})$`), func(m []string) (string, error) { return month(m[2], m[1]) }},
	{regexp.MustCompile(`^(\d{1,2})/(\d{4})\s*[-–]\s*(\d{1,2})/(\d{4})$`), func(m []string) (string, error) {
		from, err := month(m[2], m[1])
		if err != nil {
			return "", err
		}
		to, err := month(m[4], m[3])
		return from + "/" + to, err
	}},
	{regexp.MustCompile(`^(\d{1,2}/\d{1,2}/\d{4})\s*[-–]\s*(\d{1,2}/\d{1,2}/\d{4})$`), func(m []string) (string, error) {
		from, err := day("2/1/2006", m[1])
		if err != nil {
			return "", err
		}
		to, err := day("2/1/2006", m[2])
		return from + "/" + to, err
	}},
	// UK financial years run from April to March.
	{regexp.MustCompile(`(?i)^financial year ending (\d{4})$`), func(m []string) (string, error) {
		y, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("%04d-04/%04d-03", y-1, y), nil
	}},
	{regexp.MustCompile(`(?i)^as (?:at|of) (\d{1,2} ` + months + ` \d{4})$`), func(m []string) (string, error) {
		return day("2 January 2006", m[1])
	}},
}

// NormalisePeriod turns a published period into placevalue's form: "2021" -> "2021",
// "2022(00)" -> "2022", "2020-23" -> "2020/2023", "04/2022 - 03/2023" -> "2022-04/2023-03",
// "09/2023" -> "2023-09".
func NormalisePeriod(s string) (string, error) {
	s = cleanSpace(s)
	for _, p := range periodShapes {
		if m := p.re.FindStringSubmatch(s); m != nil {
			return p.norm(m)
		}
	}
	return "", fmt.Errorf("period %q is not a year, a month, a day or a range of those", s)
}

func yearSpan(from, to string, short bool) (string, error) {
	f, _ := strconv.Atoi(from)
	t, _ := strconv.Atoi(to)
	if short && t < f {
		t += 100 // "1999-00": the second year is in the next century
	}
	if t < f || (short && t-f > 10) {
		return "", fmt.Errorf("period %s to %s is not a span of years", from, to)
	}
	return fmt.Sprintf("%04d/%04d", f, t), nil
}

func month(year, mon string) (string, error) {
	m, _ := strconv.Atoi(mon)
	if m < 1 || m > 12 {
		return "", fmt.Errorf("month %q is not between 1 and 12", mon)
	}
	return fmt.Sprintf("%s-%02d", year, m), nil
}

func day(layout, s string) (string, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return "", fmt.Errorf("date %q: %w", s, err)
	}
	return t.Format("2006-01-02"), nil
}
