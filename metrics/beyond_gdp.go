package metrics

import (
	"cmp"
	"slices"

	"github.com/placevalue/placevalue/data"
)

// GDPGap is one region's rank by GDP per head beside its rank by the index.
type GDPGap struct {
	Region     data.Region
	Index      float64
	GDPPerHead float64
	IndexRank  int
	GDPRank    int
	// Gap is GDPRank − IndexRank: positive when the region flourishes better than its output
	// suggests, negative when worse.
	Gap int
}

// BeyondGDP sets an index beside GDP per head.
type BeyondGDP struct {
	// Regions are the regions with both an index and GDP per head, in index order. Both ranks are
	// counted among these regions only, so that regions without GDP figures do not shift either.
	Regions []GDPGap
	// Threshold is the smallest |Gap| that counts as much better or much worse.
	Threshold int
	// Better are the regions with Gap ≥ Threshold, the largest gap first; Worse those with
	// Gap ≤ −Threshold, the most negative first. Equal gaps keep index order.
	Better, Worse []GDPGap
}

// CompareGDP ranks the regions of an index by the GDP per head in RegionScore.Comparator (1 for
// the highest; ties share a rank) beside their rank by the index. A threshold of 0 or less is a
// quarter of the regions compared, rounded up: |Gap| ≥ n/4.
func CompareGDP(idx Index, threshold int) BeyondGDP {
	var out BeyondGDP
	for _, rs := range idx.Regions {
		if rs.Index != nil && rs.Comparator != nil {
			out.Regions = append(out.Regions, GDPGap{Region: rs.Region, Index: *rs.Index, GDPPerHead: *rs.Comparator})
		}
	}
	n := len(out.Regions)
	indexes, gdp := make([]float64, n), make([]float64, n)
	for i, g := range out.Regions {
		indexes[i], gdp[i] = g.Index, g.GDPPerHead
	}
	indexRanks, gdpRanks := competitionRanks(indexes), competitionRanks(gdp)
	for i := range out.Regions {
		g := &out.Regions[i]
		g.IndexRank, g.GDPRank = indexRanks[i], gdpRanks[i]
		g.Gap = g.GDPRank - g.IndexRank
	}
	out.Threshold = threshold
	if threshold <= 0 {
		out.Threshold = (n + 3) / 4
	}
	for _, g := range out.Regions {
		switch {
		case n > 0 && g.Gap >= out.Threshold:
			out.Better = append(out.Better, g)
		case n > 0 && -g.Gap >= out.Threshold:
			out.Worse = append(out.Worse, g)
		}
	}
	slices.SortStableFunc(out.Better, func(a, b GDPGap) int { return cmp.Compare(b.Gap, a.Gap) })
	slices.SortStableFunc(out.Worse, func(a, b GDPGap) int { return cmp.Compare(a.Gap, b.Gap) })
	return out
}

// competitionRanks ranks values from the highest (1); equal values share the better rank and the
// next rank skips ("1, 2, 2, 4").
func competitionRanks(values []float64) []int {
	ranks := make([]int, len(values))
	for i, v := range values {
		r := 1
		for _, u := range values {
			if u > v {
				r++
			}
		}
		ranks[i] = r
	}
	return ranks
}
