package dashboard

import (
	"context"
	"strconv"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/report"
)

// ukCountry is the country whose regions the ITL1 ranking places among OECD regions.
const ukCountry = "GBR"

// ukStanding places the UK's ITL1 regions among all OECD large regions, overall.
type ukStanding struct {
	// OtherFramework: the ranking is on another framework, and the standing on the OECD's, with
	// equal weights.
	OtherFramework bool
	Ranked         int // OECD large regions with an index
	Rows           []standingRow
	BottomHalf     int // UK regions below the OECD median
}

type standingRow struct {
	Name, URL  string
	Percentile string // "38"
	Half       string // "top half", "bottom half"
}

// ukStanding is nil when no OECD region outside the UK is loaded.
func (s *Server) ukStanding(ctx context.Context, q report.IndexQuery) (*ukStanding, error) {
	all, err := report.StandingsAmongOECD(ctx, s.warehouse, ukCountry, q.Options)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	out := &ukStanding{Ranked: all[0].Ranked, OtherFramework: q.Framework() != data.DefaultFramework()}
	for _, st := range all {
		if st.Overall == nil || st.Region.Level != data.LevelITL1 {
			continue
		}
		row := standingRow{Name: st.Region.Name, URL: regionURLFor(st.Region.Code, q), Percentile: percentileText(*st.Overall), Half: halfText(*st.Overall)}
		if *st.Overall < 50 {
			out.BottomHalf++
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// percentileText rounds a percentile to a whole number, for people, but keeps a decimal where
// rounding would hide which half of the regions it is in (49.6 is not 50) or make it the very
// top or bottom (99.5 is not 100).
func percentileText(p float64) string {
	s := strconv.FormatFloat(p, 'f', 0, 64)
	if (s == "0" || s == "50" || s == "100") && s != strconv.FormatFloat(p, 'f', -1, 64) {
		s = strconv.FormatFloat(p, 'f', 1, 64)
	}
	return s
}

func halfText(p float64) string {
	switch {
	case p < 50:
		return "bottom half"
	case p > 50:
		return "top half"
	}
	return "middle"
}
