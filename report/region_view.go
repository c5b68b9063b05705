package report

import (
	"context"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// SimilarRegionsShown is how many most similar regions a region view lists.
const SimilarRegionsShown = 5

// RegionView is everything the region page shows about one region under a user's index query:
// its profile, where it ranks and how sure that rank is, what it does best and worst against its
// country's average, the regions most like it, how far it is from the best region, and, for UK
// ITL1 regions, where it stands among all OECD large regions; and how its indicators moved over
// time.
type RegionView struct {
	Profile
	// Query is the query the view was computed with, its level resolved.
	Query IndexQuery
	// Interval is the region's median rank and 5th–95th percentile rank across the draws; zero
	// when the region is not ranked.
	Interval metrics.RankInterval
	// Strengths and Weaknesses compare the region's dimension scores with Profile.Average,
	// furthest above (below) first.
	Strengths, Weaknesses []metrics.DimensionGap
	// Similar are the regions of the level nearest in dimension scores, nearest first.
	Similar []metrics.Neighbour
	// Best compares the region with the top region of the index; nil when the region is not
	// ranked. Best.Best is the region itself when it tops the index.
	Best *metrics.BestGap
	// BestIndex is the index of Best.Best.
	BestIndex float64
	// OECD is where a UK ITL1 region stands among the OECD large regions; nil for other regions
	// and when no OECD region is loaded.
	OECD *OECDStanding
	// Caveats are the flags on the region's score in words: dimensions without data, stale and
	// qualified figures.
	Caveats []Caveat
	// ReplacedBy are the reorganisations that replaced the region (a superseded region is never
	// ranked: its figures stay on its own code); Formed are those that created it.
	ReplacedBy, Formed []data.RegionChange
	// Published are, for a replaced region, the latest figure published for it of each indicator
	// that is better higher or lower: what it had, since it has no score.
	Published []PublishedFigure
	// Notes say where the index departs from its options, as IndexView.Notes.
	Notes []string
	// Trends compare, for each indicator with values for two periods or more, the earliest with
	// the latest, in the order of Trends. They do not depend on the query.
	Trends []IndicatorTrend
}

// OECDStanding places a UK region among the OECD large (TL2) regions, computed with the same
// normalisation and aggregation as the view, on the OECD framework (with the view's weights
// when the view is on the OECD framework too, else equal weights).
type OECDStanding struct {
	metrics.Standing
	// Ranked is how many OECD large regions (the UK's included) have an index: Overall is a
	// percentile among them.
	Ranked int
	// Dimensions are the OECD index's dimensions, in order.
	Dimensions []data.Dimension
}

// BuildRegion computes the view of a region. The query's level may be "": the region's own
// ranking level. A region not in the warehouse, or not in the level, is ErrNotFound.
func BuildRegion(ctx context.Context, w *data.Warehouse, code string, q IndexQuery) (RegionView, error) {
	r, level, err := regionAt(ctx, w, code, q.Level)
	if err != nil {
		return RegionView{}, err
	}
	q.Level = level
	if err := CheckFrameworkLevel(q.Framework(), level); err != nil {
		return RegionView{}, err
	}
	in, err := indexInput(ctx, w, level)
	if err != nil {
		return RegionView{}, err
	}
	// The same goalposts or targets as the level's ranking, so that the region's scores are the
	// ranking's.
	opt, _, err := withBounds(ctx, w, level, in.Indicators, q.Options)
	if err != nil {
		return RegionView{}, err
	}
	u := metrics.Uncertainty(in, opt, q.Draws, DefaultSeed)
	p, err := profileIn(ctx, w, r, level, u.Index)
	if err != nil {
		return RegionView{}, err
	}
	v := RegionView{Profile: p, Query: q, Notes: append(append([]string(nil), u.Index.Notes...), u.Notes...)}
	for _, ru := range u.Regions {
		if ru.Region.Code == code {
			v.Interval = ru.RankInterval
		}
	}
	v.Strengths, v.Weaknesses = metrics.StrengthsAndWeaknesses(p.Score, p.Average, p.Dimensions)
	v.Caveats = Caveats(p.Score, u.Index)
	// The region is in the index, so this cannot fail.
	v.Similar, _ = metrics.SimilarRegions(u.Index, code, SimilarRegionsShown)
	if p.Score.Index != nil {
		if best, err := metrics.DistanceToBest(u.Index, code); err == nil {
			v.Best = &best
			for _, rs := range u.Index.Regions {
				if rs.Region.Code == best.Best.Code {
					v.BestIndex = *rs.Index
				}
			}
		}
	}
	history, err := w.RegionHistory(ctx, code)
	if err != nil {
		return RegionView{}, err
	}
	if v.Trends, err = Trends(history, in.Indicators); err != nil {
		return RegionView{}, err
	}
	changes, err := w.RegionChanges(ctx, code)
	if err != nil {
		return RegionView{}, err
	}
	for _, ch := range changes {
		switch code {
		case ch.OldCode:
			v.ReplacedBy = append(v.ReplacedBy, ch)
		case ch.NewCode:
			v.Formed = append(v.Formed, ch)
		}
	}
	if len(v.ReplacedBy) > 0 {
		v.Published = LatestPublished(history, in.Indicators)
	}
	if r.Level == data.LevelITL1 {
		all, err := StandingsAmongOECD(ctx, w, r.Country, q.Options)
		if err != nil {
			return RegionView{}, err
		}
		for i := range all {
			if all[i].Region.Code == code {
				v.OECD = &all[i]
			}
		}
	}
	return v, nil
}

// StandingsAmongOECD places each ranked region of a country (e.g. "GBR") among all OECD large
// (TL2) regions, computed with the given options on the OECD framework (in another framework's
// place, with equal weights), in the order of the OECD index. It is empty when no OECD region
// outside the UK is loaded.
func StandingsAmongOECD(ctx context.Context, w *data.Warehouse, country string, opt metrics.Options) ([]OECDStanding, error) {
	// Other frameworks have no indicators for OECD regions: the standing is always on the OECD's
	// own framework, with the options' weights when they are its weights.
	if opt.Framework != nil && opt.Framework != data.DefaultFramework() {
		opt.Framework, opt.Weights = data.DefaultFramework(), nil
	}
	idx, err := Ranking(ctx, w, data.LevelOECDTL2, opt)
	if err != nil {
		return nil, err
	}
	others := 0
	for _, rs := range idx.Regions {
		if rs.Region.Level == data.LevelOECDTL2 {
			others++
		}
	}
	if others == 0 {
		return nil, nil
	}
	ranked := len(Ranked(idx))
	var out []OECDStanding
	for _, st := range metrics.Standings(idx, country) {
		out = append(out, OECDStanding{Standing: st, Ranked: ranked, Dimensions: idx.Dimensions})
	}
	return out, nil
}
