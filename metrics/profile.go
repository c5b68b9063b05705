package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/placevalue/placevalue/data"
)

// DimensionGap compares a region's score on one dimension with a reference score.
type DimensionGap struct {
	Dimension  string
	Score      float64
	Reference  float64
	Difference float64 // Score − Reference
}

// StrengthsAndWeaknesses compares a region's dimension scores with a reference (such as
// CountryAverage): strengths are the dimensions above it, furthest above first; weaknesses those
// below, furthest below first. Dimensions that the region or the reference lacks are left out, and
// a dimension exactly at the reference is neither. Equal differences keep the order of dims (the
// index's dimensions).
func StrengthsAndWeaknesses(rs RegionScore, reference map[string]float64, dims []data.Dimension) (strengths, weaknesses []DimensionGap) {
	for _, d := range dims {
		s, ok := rs.Dimensions[d.ID]
		ref, refOK := reference[d.ID]
		if !ok || !refOK {
			continue
		}
		g := DimensionGap{Dimension: d.ID, Score: s, Reference: ref, Difference: s - ref}
		switch {
		case g.Difference > 0:
			strengths = append(strengths, g)
		case g.Difference < 0:
			weaknesses = append(weaknesses, g)
		}
	}
	slices.SortStableFunc(strengths, func(a, b DimensionGap) int { return cmp.Compare(b.Difference, a.Difference) })
	slices.SortStableFunc(weaknesses, func(a, b DimensionGap) int { return cmp.Compare(a.Difference, b.Difference) })
	return strengths, weaknesses
}

// Neighbour is a region close to another in its dimension scores.
type Neighbour struct {
	Region   data.Region
	Distance float64
	Shared   int // dimensions both regions have
}

// SimilarRegions finds the k regions of an index most like the region with the given code: the
// smallest Euclidean distance between their dimension scores, over the dimensions both have and
// only for regions sharing at least half of the index's dimensions. So that sharing fewer
// dimensions does not make a region look closer, the distance is scaled up to all the index's
// dimensions: sqrt(sum of squared differences × dimensions / shared); with every dimension shared it
// is the plain Euclidean distance. Equal distances are ordered by name; k ≤ 0 returns them all.
func SimilarRegions(idx Index, code string, k int) ([]Neighbour, error) {
	self, err := findRegion(idx, code)
	if err != nil {
		return nil, err
	}
	dims := len(idx.Dimensions)
	var out []Neighbour
	for _, other := range idx.Regions {
		if other.Region.Code == code {
			continue
		}
		var sum float64
		shared := 0
		for _, d := range idx.Dimensions {
			a, okA := self.Dimensions[d.ID]
			b, okB := other.Dimensions[d.ID]
			if okA && okB {
				sum += (a - b) * (a - b)
				shared++
			}
		}
		if shared == 0 || 2*shared < dims {
			continue
		}
		out = append(out, Neighbour{Region: other.Region, Distance: math.Sqrt(sum * float64(dims) / float64(shared)), Shared: shared})
	}
	slices.SortFunc(out, func(a, b Neighbour) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.Region.Name, b.Region.Name))
	})
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// BestGap compares a region with the region at the top of the index, dimension by dimension.
type BestGap struct {
	Best data.Region
	// Dimensions hold the region's score, the best region's as Reference, and the difference
	// (negative where the region is behind; the best overall need not lead every dimension), for
	// the index's dimensions both have, in the index's order.
	Dimensions []DimensionGap
}

// DistanceToBest compares the region with the given code with the region with the highest index
// (of regions tied first, the first in the index's order, which is by name).
func DistanceToBest(idx Index, code string) (BestGap, error) {
	self, err := findRegion(idx, code)
	if err != nil {
		return BestGap{}, err
	}
	var best *RegionScore
	for i, rs := range idx.Regions {
		if rs.Index != nil && (best == nil || *rs.Index > *best.Index) {
			best = &idx.Regions[i]
		}
	}
	if best == nil {
		return BestGap{}, fmt.Errorf("no region in the index is ranked")
	}
	out := BestGap{Best: best.Region}
	for _, d := range idx.Dimensions {
		s, ok := self.Dimensions[d.ID]
		b, okB := best.Dimensions[d.ID]
		if ok && okB {
			out.Dimensions = append(out.Dimensions, DimensionGap{Dimension: d.ID, Score: s, Reference: b, Difference: s - b})
		}
	}
	return out, nil
}

// MinDisparityRegions is the fewest ranked regions a country needs for CountryDisparity.
const MinDisparityRegions = 5

// Disparity compares a country's best-placed regions with its worst-placed.
type Disparity struct {
	Country string
	Regions int // the country's regions with an index
	// Group is how many regions make each fifth: a fifth of Regions, rounded down.
	Group                     int
	TopRegions, BottomRegions []data.Region
	Top, Bottom               float64 // mean index of each group
	Difference                float64 // Top − Bottom
	// Ratio is Top / Bottom; nil when Bottom is 0.
	Ratio *float64
}

// CountryDisparity is the gap within a country between the mean index of its top 20% of regions
// and its bottom 20%. It needs at least MinDisparityRegions regions with an index.
func CountryDisparity(idx Index, country string) (Disparity, error) {
	var ranked []RegionScore
	for _, rs := range idx.Regions {
		if rs.Region.Country == country && rs.Index != nil {
			ranked = append(ranked, rs)
		}
	}
	n := len(ranked)
	if n < MinDisparityRegions {
		return Disparity{}, fmt.Errorf("disparity within %s needs at least %d regions with an index, found %d", country, MinDisparityRegions, n)
	}
	out := Disparity{Country: country, Regions: n, Group: n / 5}
	top, bottom := ranked[:out.Group], ranked[n-out.Group:]
	var topSum, bottomSum float64
	for i := range out.Group {
		out.TopRegions = append(out.TopRegions, top[i].Region)
		out.BottomRegions = append(out.BottomRegions, bottom[i].Region)
		topSum += *top[i].Index
		bottomSum += *bottom[i].Index
	}
	out.Top, out.Bottom = topSum/float64(out.Group), bottomSum/float64(out.Group)
	out.Difference = out.Top - out.Bottom
	if out.Bottom != 0 {
		r := out.Top / out.Bottom
		out.Ratio = &r
	}
	return out, nil
}

// Trend arrows.
const (
	ArrowUp        = "↑"
	ArrowDown      = "↓"
	ArrowUnchanged = "→"
)

// Trend is how one region's value of one indicator moved between two periods.
type Trend struct {
	Region, Indicator string
	From, To          string // periods
	Before, After     float64
	Change            float64 // After − Before
	Arrow             string  // the direction of the value, not of well-being
	// Significant is true only when both values have confidence intervals and they do not
	// overlap. Note says why not otherwise.
	Significant bool
	Note        string
	// Incomparable: the publisher marks one of the two values as after a break in the series or
	// on another definition, so the move may be the change of measure, not of the place.
	Incomparable bool
}

// TrendBetween compares two observations of the same region and indicator, the earlier period
// first (periods compare as text: "2019" < "2021", "2019/2020" < "2021").
func TrendBetween(earlier, later data.Observation) (Trend, error) {
	if earlier.Region != later.Region || earlier.Indicator != later.Indicator {
		return Trend{}, fmt.Errorf("trend needs two observations of one region and indicator, got %s %s and %s %s",
			earlier.Region, earlier.Indicator, later.Region, later.Indicator)
	}
	if earlier.Period >= later.Period {
		return Trend{}, fmt.Errorf("trend of %s in %s: period %q is not before %q", earlier.Indicator, earlier.Region, earlier.Period, later.Period)
	}
	if earlier.Value == nil || later.Value == nil {
		return Trend{}, fmt.Errorf("trend of %s in %s: no value for %s or %s", earlier.Indicator, earlier.Region, earlier.Period, later.Period)
	}
	t := Trend{
		Region: earlier.Region, Indicator: earlier.Indicator, From: earlier.Period, To: later.Period,
		Before: *earlier.Value, After: *later.Value, Change: *later.Value - *earlier.Value,
	}
	switch {
	case t.Change > 0:
		t.Arrow = ArrowUp
	case t.Change < 0:
		t.Arrow = ArrowDown
	default:
		t.Arrow = ArrowUnchanged
	}
	breaks := func(s data.Status) bool { return s == data.StatusBreak || s == data.StatusDefinitionDiffers }
	switch {
	case breaks(earlier.Status) || breaks(later.Status):
		t.Incomparable = true
		t.Note = "the publisher marks a break in the series or another definition between the two: not comparable, not significant"
	case earlier.Lower == nil || earlier.Upper == nil || later.Lower == nil || later.Upper == nil:
		t.Note = "no confidence interval published for both periods, so significance is not tested (a full count, such as Ofcom's of every premises, has no sampling error; a survey estimate may be noise)"
	case *earlier.Upper < *later.Lower || *later.Upper < *earlier.Lower:
		t.Significant = true
		t.Note = "confidence intervals do not overlap"
	default:
		t.Note = "confidence intervals overlap: the change may be noise, not significant"
	}
	return t, nil
}

func findRegion(idx Index, code string) (RegionScore, error) {
	for _, rs := range idx.Regions {
		if rs.Region.Code == code {
			return rs, nil
		}
	}
	return RegionScore{}, fmt.Errorf("region %q is not in the index", code)
}
