package report

import (
	"io"
	"strconv"

	"github.com/placevalue/placevalue/metrics"
)

// What a region's gap between its GDP-per-head rank and its index rank says, in the words of the
// beyond-GDP table and CSV.
const (
	StandsOutBetter = "better than output suggests"
	StandsOutWorse  = "worse than output suggests"
)

// StandsOut says whether a region of a comparison flourishes much better or much worse than its
// GDP per head suggests (|gap| at least the comparison's threshold), "" when neither.
func StandsOut(b metrics.BeyondGDP, g metrics.GDPGap) string {
	switch {
	case b.Threshold > 0 && g.Gap >= b.Threshold:
		return StandsOutBetter
	case b.Threshold > 0 && -g.Gap >= b.Threshold:
		return StandsOutWorse
	}
	return ""
}

// BeyondGDPHeader is the header of the beyond-GDP CSV. Both ranks count only the regions with an
// index and GDP per head; gap is gdp_rank − index_rank, positive where a region flourishes better
// than its output suggests.
var BeyondGDPHeader = []string{"region_code", "region_name", "index", "index_rank", "gdp_per_head", "gdp_rank", "gap", "stands_out"}

// WriteBeyondGDPCSV writes each region's rank by GDP per head beside its rank by the index, in
// index order: exactly what the beyond-GDP chart and table show.
func WriteBeyondGDPCSV(w io.Writer, v IndexView) error {
	c := newCSV(w, BeyondGDPHeader...)
	for _, g := range v.GDP.Regions {
		gdp := g.GDPPerHead
		c.row(Text(g.Region.Code), Text(g.Region.Name), Score(g.Index), strconv.Itoa(g.IndexRank), Number(&gdp),
			strconv.Itoa(g.GDPRank), strconv.Itoa(g.Gap), StandsOut(v.GDP, g))
	}
	return c.close()
}
