package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// CSV files are RFC 4180 (CRLF line ends) UTF-8 with a byte order mark, so that Excel shows names
// such as "Île-de-France" correctly. Text that a spreadsheet would run as a formula (starting with
// = + - @ or a tab) is prefixed with an apostrophe: names from published files are data, never code.
const byteOrderMark = "\ufeff"

type csvWriter struct {
	w   *csv.Writer
	err error
}

func newCSV(w io.Writer, header ...string) *csvWriter {
	cw := &csvWriter{w: csv.NewWriter(w)}
	cw.w.UseCRLF = true
	if _, err := io.WriteString(w, byteOrderMark); err != nil {
		cw.err = err
	}
	cw.row(header...)
	return cw
}

func (c *csvWriter) row(fields ...string) {
	if c.err == nil {
		c.err = c.w.Write(fields)
	}
}

func (c *csvWriter) close() error {
	if c.err != nil {
		return c.err
	}
	c.w.Flush()
	return c.w.Error()
}

// Text makes a published string safe to open in a spreadsheet.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Number formats a published value in the shortest form that reads back as the same float64, so
// that an export reproduces the published cell exactly.
func Number(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// Score formats a computed 0–10 score at the precision charts show.
func Score(v float64) string { return strconv.FormatFloat(Round(v), 'f', -1, 64) }

// IndexHeader is the header of an index CSV.
func IndexHeader(idx metrics.Index) []string {
	h := []string{"rank", "region_code", "region_name", "index", "coverage"}
	for _, d := range idx.Dimensions {
		h = append(h, d.ID)
	}
	return append(h, "gdp_per_head")
}

// WriteIndexCSV writes the ranked regions of an index: exactly what the ranking chart shows.
func WriteIndexCSV(w io.Writer, idx metrics.Index) error {
	c := newCSV(w, IndexHeader(idx)...)
	for _, r := range Ranked(idx) {
		rec := []string{strconv.Itoa(r.Rank), Text(r.Region.Code), Text(r.Region.Name), Score(*r.Index), Score(r.Coverage)}
		for _, d := range idx.Dimensions {
			if s, ok := r.Dimensions[d.ID]; ok {
				rec = append(rec, Score(s))
			} else {
				rec = append(rec, "")
			}
		}
		c.row(append(rec, Number(r.Comparator))...)
	}
	return c.close()
}

// WriteProfileCSV writes a region's dimension scores beside the average, one row per dimension of
// the index: what the radar chart draws, and the dimensions it leaves out for want of data, whose
// score is empty, as the page's table lists them.
func WriteProfileCSV(w io.Writer, p Profile) error {
	c := newCSV(w, "region_code", "region_name", "dimension", "dimension_name", "score", "average")
	for _, d := range p.Dimensions {
		var score, avg string
		if s, ok := p.Score.Dimensions[d.ID]; ok {
			score = Score(s)
		}
		if a, ok := p.Average[d.ID]; ok {
			avg = Score(a)
		}
		c.row(Text(p.Region.Code), Text(p.Region.Name), d.ID, d.Name, score, avg)
	}
	return c.close()
}

// WriteObservationsCSV writes observations with their provenance.
func WriteObservationsCSV(w io.Writer, obs []data.ObservationRecord) error {
	c := newCSV(w, "region_code", "region_name", "indicator_id", "indicator_name", "unit", "period", "value",
		"lower_bound", "upper_bound", "status", "vintage", "source_file", "sheet", "cell")
	for _, o := range obs {
		c.row(Text(o.Region), Text(o.RegionName), o.Indicator, Text(o.IndicatorName), Text(o.Unit), Text(o.Period),
			Number(o.Value), Number(o.Lower), Number(o.Upper), string(o.Status), Text(o.Vintage),
			Text(o.Cell.File), Text(o.Cell.Sheet), o.Cell.Ref)
	}
	return c.close()
}

// WriteIndicatorsCSV writes the indicator catalogue as loaded.
func WriteIndicatorsCSV(w io.Writer, inds []data.Indicator) error {
	c := newCSV(w, "indicator_id", "name", "dimension", "unit", "direction", "source")
	for _, i := range inds {
		c.row(i.ID, Text(i.Name), i.Dimension, Text(i.Unit), string(i.Direction), i.Source)
	}
	return c.close()
}

// WriteFrameworksCSV writes every framework's dimensions and the indicators that count in each,
// in the frameworks' order, with the name and direction of each indicator the warehouse holds
// (loaded is false for the others, which have the catalogue's direction where it has one, and no
// name until their publication is loaded).
func WriteFrameworksCSV(w io.Writer, fws []*data.Framework, loaded []data.Indicator) error {
	byID := make(map[string]data.Indicator, len(loaded))
	for _, i := range loaded {
		byID[i.ID] = i
	}
	catalogue, err := data.Catalogue()
	if err != nil {
		return err
	}
	c := newCSV(w, "framework_id", "framework_name", "dimension_id", "dimension_name", "indicator_id", "indicator_name",
		"headline", "direction", "loaded")
	for _, f := range fws {
		for _, d := range f.Dimensions {
			for _, m := range f.Members {
				if m.Dimension != d.ID {
					continue
				}
				ind, ok := byID[m.Indicator]
				dir := ind.Direction
				if !ok {
					// Not loaded: its name comes with its publication, its direction from the catalogue.
					dir = catalogue[m.Indicator].Direction
				}
				c.row(f.ID, Text(f.Name), d.ID, Text(d.Name), m.Indicator, Text(ind.Name),
					strconv.FormatBool(m.Headline), string(dir), strconv.FormatBool(ok))
			}
		}
	}
	return c.close()
}

// WriteRegionsCSV writes regions.
func WriteRegionsCSV(w io.Writer, regions []data.Region) error {
	c := newCSV(w, "region_code", "region_name", "level", "parent_code", "country")
	for _, r := range regions {
		c.row(Text(r.Code), Text(r.Name), string(r.Level), Text(r.Parent), Text(r.Country))
	}
	return c.close()
}

// WriteRegionChangesCSV writes reorganisations: the code replaced, the code that replaced it,
// and the year.
func WriteRegionChangesCSV(w io.Writer, changes []data.RegionChange) error {
	c := newCSV(w, "old_code", "old_name", "new_code", "new_name", "year")
	for _, ch := range changes {
		c.row(Text(ch.OldCode), Text(ch.OldName), Text(ch.NewCode), Text(ch.NewName), strconv.Itoa(ch.Year))
	}
	return c.close()
}

// WriteSourcesCSV writes what is loaded.
func WriteSourcesCSV(w io.Writer, srcs []data.SourceSummary) error {
	c := newCSV(w, "source_id", "publication", "publisher", "title", "file_name", "vintage", "observations", "sha256", "loaded_at", "licence")
	for _, s := range srcs {
		c.row(strconv.FormatInt(s.ID, 10), s.Publication, s.Publisher, Text(s.Title), Text(s.FileName), Text(s.Vintage),
			strconv.Itoa(s.Observations), s.SHA256, s.LoadedAt.Format("2006-01-02T15:04:05Z"), Text(s.Licence))
	}
	return c.close()
}

// ParseLevel checks a ranking level given by a user, with an error that lists the choices.
func ParseLevel(s string) (data.Level, error) {
	for _, l := range data.RankingLevels {
		if string(l) == s {
			return l, nil
		}
	}
	var names []string
	for _, l := range data.RankingLevels {
		names = append(names, string(l))
	}
	return "", fmt.Errorf("unknown level %q: expected one of %s", s, strings.Join(names, ", "))
}

// IndexViewHeader is the header of an index CSV with its uncertainty and GDP comparison: rank,
// region, index and coverage, one column per dimension (by id), then GDP per head and its rank,
// then the 5th and 95th percentile ranks and the median rank across the Monte Carlo draws (the
// table's "rank 7 (5–11)" is rank_median (rank_low–rank_high)), then the caveats on the score:
// dimensions without data, dimensions scored on fewer than half of their indicators
// (dimension:have/of), stale figures (indicator@period), figures a publisher qualified
// (indicator:status) and outliers capped before scoring (indicator@period; only with
// outliers=winsorise).
func IndexViewHeader(v IndexView) []string {
	return append(IndexHeader(v.Index), "gdp_rank", "rank_low", "rank_high", "rank_median",
		"missing_dimensions", "thin_dimensions", "stale_figures", "qualified_figures", "capped_figures")
}

// WriteIndexViewCSV writes the ranked regions of an index view: exactly what the ranking chart
// shows.
func WriteIndexViewCSV(w io.Writer, v IndexView) error {
	c := newCSV(w, IndexViewHeader(v)...)
	for _, r := range Ranked(v.Index) {
		rec := []string{strconv.Itoa(r.Rank), Text(r.Region.Code), Text(r.Region.Name), Score(*r.Index), Score(r.Coverage)}
		for _, d := range v.Index.Dimensions {
			if s, ok := r.Dimensions[d.ID]; ok {
				rec = append(rec, Score(s))
			} else {
				rec = append(rec, "")
			}
		}
		rec = append(rec, Number(r.Comparator), rankOrEmpty(v.GDPRanks[r.Region.Code]))
		iv := v.Intervals[r.Region.Code]
		rec = append(rec, rankOrEmpty(iv.RankLow), rankOrEmpty(iv.RankHigh), rankOrEmpty(iv.Median))
		c.row(append(rec, caveatColumns(r)...)...)
	}
	return c.close()
}

func rankOrEmpty(r int) string {
	if r == 0 {
		return ""
	}
	return strconv.Itoa(r)
}
