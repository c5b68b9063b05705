package metrics

import "github.com/placevalue/placevalue/data"

// Standing is where one region stands among all the regions of an index, as percentiles from 0
// to 100: the share of regions with a strictly lower score plus half the share with the same score
// (the region itself included), so that a region in the middle stands at 50 and a region alone, or
// tied with every other, also stands at 50.
type Standing struct {
	Region data.Region
	// Overall is the percentile of the region's index among the regions with an index; nil when
	// the region has none.
	Overall *float64
	// Dimensions hold the percentile of each of the region's dimension scores among the regions
	// with a score on that dimension.
	Dimensions map[string]float64
}

// Standings places each region of one country (data.Region.Country, e.g. "GBR") among all the
// regions of the index, in the index's order: "the UK outside London and the South is in the
// bottom half of OECD regions" is every such region with Overall below 50.
func Standings(idx Index, country string) []Standing {
	var indexes []float64
	byDim := map[string][]float64{}
	for _, rs := range idx.Regions {
		if rs.Index != nil {
			indexes = append(indexes, *rs.Index)
		}
		for d, s := range rs.Dimensions {
			byDim[d] = append(byDim[d], s)
		}
	}
	var out []Standing
	for _, rs := range idx.Regions {
		if rs.Region.Country != country {
			continue
		}
		st := Standing{Region: rs.Region, Dimensions: make(map[string]float64, len(rs.Dimensions))}
		if rs.Index != nil {
			p := percentile(*rs.Index, indexes)
			st.Overall = &p
		}
		for d, s := range rs.Dimensions {
			st.Dimensions[d] = percentile(s, byDim[d])
		}
		out = append(out, st)
	}
	return out
}

// percentile is 100 × (the share of all strictly below v + half the share equal to v).
func percentile(v float64, all []float64) float64 {
	below, equal := 0, 0
	for _, u := range all {
		switch {
		case u < v:
			below++
		case u == v:
			equal++
		}
	}
	return 100 * (float64(below) + float64(equal)/2) / float64(len(all))
}
