package metrics

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/placevalue/placevalue/data"
)

// RankInterval is where a region ranks across the draws of Uncertainty: the median rank and the
// 5th and 95th percentile ranks (RankLow is the better, smaller number).
type RankInterval struct {
	Median, RankLow, RankHigh int
}

// String reads "rank 7 (5–11)".
func (r RankInterval) String() string {
	return fmt.Sprintf("rank %d (%d–%d)", r.Median, r.RankLow, r.RankHigh)
}

// RegionUncertainty is one region's rank in the user's own index and across the draws.
type RegionUncertainty struct {
	Region data.Region
	Rank   int // in the user's own index
	RankInterval
}

// HardChoice is a pair of regions whose order depends on choices reasonable people differ on:
// Above ranks above Below in the user's own index (or ties with it and comes first by name), and
// Below ranks strictly above Above in Flipped of the draws, from 0.1 to 0.9. A pair that ties in
// every draw is no hard choice: no choice separates them.
type HardChoice struct {
	Above, Below         data.Region
	AboveRank, BelowRank int // in the user's own index
	Flipped              float64
}

// UncertaintyResult is how much an index's ranking depends on the choices behind it.
type UncertaintyResult struct {
	Draws int
	Seed  uint64
	// Index is the user's own index, that the draws vary.
	Index Index
	// Regions are the regions ranked in Index, in its order.
	Regions []RegionUncertainty
	// HardChoices are sorted by how close Flipped is to one half, closest first, then by the ranks.
	HardChoices []HardChoice
	// Notes say when the draws could not be made.
	Notes []string
}

// MaxUncertaintyRegions is the most ranked regions Uncertainty draws for: ranks are stored in 15
// bits so that pairs of regions compare four draws at a time. Far more than any level placevalue
// ranks (OECD TL3 has about 2,000 regions).
const MaxUncertaintyRegions = 1<<15 - 1

// Hard choices are pairs flipped in at least hardLow and at most hardHigh tenths of the draws.
const (
	hardLow  = 1
	hardHigh = 9
)

// Uncertainty computes the user's index and then recomputes it draws times, each time with
// choices varied at random around the user's own: each weight multiplied by a factor from ½ to 2
// (uniform on a log scale; zero weights stay zero; weights scaled down together if one passes 5,
// which leaves every index unchanged), the normalisation drawn from min-max, z-score, percentile
// rank and the user's own, and the aggregation drawn from arithmetic, geometric and the user's own.
// Each draw ranks the regions ranked in the user's index (the same regions in every draw, whatever
// their coverage under the draw's weights). Draws fewer than 1 leave every interval at the user's
// rank. The result depends only on the inputs and the seed, not on the number of processors:
// draw d takes its random numbers from a PCG stream derived from (seed, d).
func Uncertainty(in Input, opt Options, draws int, seed uint64) UncertaintyResult {
	t := newTable(in, opt)
	base, rows := computeIndex(t, opt)
	res := UncertaintyResult{Draws: max(draws, 0), Seed: seed, Index: base}
	m := newUncertaintyModel(t, opt, base, rows)
	n := len(m.regions)
	if n == 0 {
		return res
	}
	res.Regions = make([]RegionUncertainty, n)
	for i := range n {
		r := m.baseRank[i]
		res.Regions[i] = RegionUncertainty{Region: m.regions[i], Rank: r, RankInterval: RankInterval{r, r, r}}
	}
	if n > MaxUncertaintyRegions {
		res.Draws = 0
		res.Notes = append(res.Notes, fmt.Sprintf("%d regions are ranked, more than the %d Uncertainty can draw for", n, MaxUncertaintyRegions))
		return res
	}
	if draws < 1 {
		return res
	}

	ranks := m.rankDraws(draws, seed)
	lo, hi := make([]int, n), make([]int, n)
	parallel(n, func(from, to int) {
		hist := make([]int, n+1)
		for i := from; i < to; i++ {
			clear(hist)
			for _, w := range ranks.row(i) {
				for ; w != 0; w >>= 16 { // padding, in the top lanes of the last word, is 0
					hist[w&0xffff]++
				}
			}
			res.Regions[i].RankInterval, lo[i], hi[i] = intervals(hist, draws)
		}
	})
	res.HardChoices = m.hardChoices(ranks, lo, hi)
	return res
}

// intervals reads a histogram of ranks (hist[r] draws at rank r). The percentile ranks are nearest
// rank: the smallest rank at or better than which at least that share of the draws fall. lo and hi
// bound the draws more strictly: fewer than 5% of the draws rank better than lo, and fewer than 5%
// worse than hi, so two regions whose [lo, hi] do not overlap swap places in fewer than 10% of the
// draws (or in more than 90%) and cannot be a hard choice.
func intervals(hist []int, draws int) (iv RankInterval, lo, hi int) {
	cum := 0
	for r, c := range hist {
		below := cum // draws ranked better than r
		cum += c
		if c == 0 {
			continue
		}
		if iv.RankLow == 0 && cum*100 >= 5*draws {
			iv.RankLow = r
		}
		if iv.Median == 0 && cum*100 >= 50*draws {
			iv.Median = r
		}
		if iv.RankHigh == 0 && cum*100 >= 95*draws {
			iv.RankHigh = r
		}
		if below*20 < draws {
			lo = r
		}
		if hi == 0 && (draws-cum)*20 < draws {
			hi = r
		}
	}
	return iv, lo, hi
}

// uncertaintyModel holds what does not change between draws: the ranked regions, which of their
// dimensions have a score, and for each normalisation and aggregation a draw may use, the terms
// the aggregation averages (see aggregator), 0 where a dimension has no score. All are row-major
// by region, in the order of the user's index, so that a draw is one pass of multiply-adds.
type uncertaintyModel struct {
	nd       int
	regions  []data.Region
	baseRank []int
	weights  []float64
	norms    []Normalisation
	aggs     []aggregator
	present  []float64     // present[i*nd+d]: 1 when region i has a score on dimension d, else 0
	terms    [][][]float64 // terms[norm][agg][i*nd+d]
}

func newUncertaintyModel(t *table, opt Options, base Index, rows []int) *uncertaintyModel {
	m := &uncertaintyModel{nd: len(t.dims), weights: t.weights(opt.Weights)}
	var ranked []int
	for p, rs := range base.Regions {
		if rs.Index != nil {
			m.regions = append(m.regions, rs.Region)
			m.baseRank = append(m.baseRank, rs.Rank)
			ranked = append(ranked, rows[p])
		}
	}
	m.norms = []Normalisation{NormaliseMinMax, NormaliseZScore, NormaliseRank}
	if own := opt.Normalisation.orDefault(); !slices.Contains(m.norms, own) {
		m.norms = append(m.norms, own)
	}
	m.aggs = []aggregator{{kind: AggregateArithmetic}, {kind: AggregateGeometric}}
	if own := newAggregator(opt.Aggregation, opt.Power); !slices.Contains(m.aggs, own) {
		m.aggs = append(m.aggs, own)
	}
	for k, norm := range m.norms {
		o := opt
		o.Normalisation = norm
		all, _, _ := t.dimScores(o)
		scores := make([]float64, 0, len(ranked)*m.nd)
		for _, r := range ranked {
			scores = append(scores, all[r*m.nd:(r+1)*m.nd]...)
		}
		if k == 0 {
			m.present = make([]float64, len(scores))
			for c, s := range scores {
				if !math.IsNaN(s) {
					m.present[c] = 1
				}
			}
		}
		byAgg := make([][]float64, len(m.aggs))
		for a, agg := range m.aggs {
			x := agg.terms(scores, make([]float64, 0, len(scores)))
			for c := range x {
				if m.present[c] == 0 {
					x[c] = 0
				}
			}
			byAgg[a] = x
		}
		m.terms = append(m.terms, byAgg)
	}
	return m
}

// draw picks draw d's normalisation and aggregation and fills w with its weights.
func (m *uncertaintyModel) draw(pcg *rand.PCG, rng *rand.Rand, seed uint64, d int, w []float64) (norm, agg int) {
	pcg.Seed(seed, splitmix(uint64(d)))
	norm = rng.IntN(len(m.norms))
	agg = rng.IntN(len(m.aggs))
	var top float64
	for i, bw := range m.weights {
		w[i] = bw * math.Exp2(2*rng.Float64()-1)
		top = max(top, w[i])
	}
	if top > MaxWeight {
		for i := range w {
			w[i] *= MaxWeight / top
		}
	}
	return norm, agg
}

// splitmix scrambles a draw number into a stream id, so that neighbouring draws' streams share no
// structure.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// drawRanks holds every region's rank in every draw, region-major, four draws to a 64-bit word,
// 16 bits a rank, so that flips compares four draws at a time. Padding draws hold rank 0.
type drawRanks struct {
	words  []uint64
	draws  int
	stride int // words per region
}

func newDrawRanks(regions, draws int) drawRanks {
	stride := (draws + 3) / 4
	return drawRanks{words: make([]uint64, regions*stride), draws: draws, stride: stride}
}

func (r drawRanks) row(i int) []uint64 { return r.words[i*r.stride : (i+1)*r.stride] }

// The 16-bit lanes of a word.
const (
	laneHigh = 0x8000_8000_8000_8000
	laneOne  = 0x0001_0001_0001_0001
)

// flips counts the draws in which below ranks strictly above (a smaller rank than) above, four
// draws a word: in each lane (above | 0x8000) − below − 1 keeps its high bit exactly when
// above > below, and never borrows from the next lane because ranks are below 0x8000. Padding
// (0 against 0) counts nothing.
func flips(above, below []uint64) int {
	below = below[:len(above)]
	f := 0
	for k, a := range above {
		f += bits.OnesCount64((a | laneHigh - below[k] - laneOne) & laneHigh)
	}
	return f
}

// rankDraws ranks the regions in every draw. Draws are shared out over GOMAXPROCS workers in
// contiguous blocks of whole words, each worker with its own generator, reseeded for each draw.
func (m *uncertaintyModel) rankDraws(draws int, seed uint64) drawRanks {
	n, nd := len(m.regions), m.nd
	ranks := newDrawRanks(n, draws)
	parallel(ranks.stride, func(from, to int) {
		pcg := rand.NewPCG(0, 0)
		rng := rand.New(pcg)
		w := make([]float64, nd)
		values := make([]float64, n)
		order := make([]uint64, n)
		scratch := make([]uint64, n)
		word := make([]uint64, n) // the ranks of the word being filled, for every region
		for g := from; g < to; g++ {
			clear(word)
			for lane := range min(4, draws-4*g) {
				ni, ai := m.draw(pcg, rng, seed, 4*g+lane, w)
				terms, agg := m.terms[ni][ai], m.aggs[ai]
				for i := range n {
					x := terms[i*nd : (i+1)*nd]
					p := m.present[i*nd : (i+1)*nd]
					var sum, total float64
					for k, wk := range w {
						sum += wk * x[k]
						total += wk * p[k]
					}
					values[i] = agg.order(sum, total)
				}
				shift := 16 * lane
				rankValues(values, order, scratch, func(i, rank int) { word[i] |= uint64(rank) << shift })
			}
			for i, v := range word {
				ranks.words[i*ranks.stride+g] = v
			}
		}
	})
	return ranks
}

// rankValues gives each value its competition rank, 1 for the greatest. It sorts plain integers,
// not structs, and only on 16 bits: each value's place between the smallest and the greatest, in
// 2^16 equal steps, above the value's position in 16 bits. Values that share a step, which are
// few, are then put in order by their full value. order and scratch are space as long as values.
func rankValues(values []float64, order, scratch []uint64, set func(i, rank int)) {
	n := len(values)
	if n == 0 {
		return
	}
	lo, hi := slices.Min(values), slices.Max(values)
	scale := (1<<16 - 1) / (hi - lo)
	if math.IsInf(scale, 0) || math.IsNaN(scale) {
		scale = 0 // no spread, or too little to divide by: one step, sorted by value
	}
	for i, v := range values {
		// monotone in v: a rounded difference and product never reverse an order
		step := min(uint64((v-lo)*scale), 1<<16-1)
		order[i] = step<<16 | uint64(i)
	}
	radixSort16(order, scratch)
	for s := 0; s < n; {
		e := s + 1
		for e < n && order[e]>>16 == order[s]>>16 {
			e++
		}
		if e-s > 1 {
			slices.SortFunc(order[s:e], func(a, b uint64) int { return cmp.Compare(values[a&0xffff], values[b&0xffff]) })
		}
		s = e
	}
	rank := 0
	for p := range n {
		i := int(order[n-1-p] & 0xffff)
		if p == 0 || values[i] != values[order[n-p]&0xffff] {
			rank = p + 1
		}
		set(i, rank)
	}
}

// radixSort16 sorts keys stably by their bits 16 to 31, a byte at a time; scratch is space as
// long as keys. For a few hundred keys it is several times faster than a comparison sort.
func radixSort16(keys, scratch []uint64) {
	var counts [2][256]int32
	for _, k := range keys {
		counts[0][byte(k>>16)]++
		counts[1][byte(k>>24)]++
	}
	src, dst := keys, scratch[:len(keys)]
	for b, shift := range [2]int{16, 24} {
		c := &counts[b]
		var sum int32
		for v, cv := range c {
			c[v], sum = sum, sum+cv
		}
		for _, k := range src {
			v := byte(k >> shift)
			dst[c[v]] = k
			c[v]++
		}
		src, dst = dst, src
	}
}

// hardChoices counts, for each pair of regions whose [lo, hi] rank bounds overlap, the draws in
// which the lower-placed region of the user's index ranks strictly above the other.
func (m *uncertaintyModel) hardChoices(ranks drawRanks, lo, hi []int) []HardChoice {
	n, draws := len(m.regions), ranks.draws
	byLo := make([]int, n)
	for i := range byLo {
		byLo[i] = i
	}
	slices.SortFunc(byLo, func(a, b int) int { return cmp.Compare(lo[a], lo[b]) })
	type pair struct{ above, below int32 }
	var pairs []pair
	for x, a := range byLo {
		for _, b := range byLo[x+1:] {
			if lo[b] > hi[a] {
				break
			}
			pairs = append(pairs, pair{int32(min(a, b)), int32(max(a, b))})
		}
	}
	counts := make([]int, len(pairs))
	parallel(len(pairs), func(from, to int) {
		for p := from; p < to; p++ {
			counts[p] = flips(ranks.row(int(pairs[p].above)), ranks.row(int(pairs[p].below)))
		}
	})
	// Each hard choice is sorted as one key: the distance of its count from half the draws, then
	// its places in the user's index (which order by rank, then name), then whether it flipped in
	// fewer or more than half the draws, which with the distance gives back the count. Places are
	// below MaxUncertaintyRegions < 1<<15.
	var keys []uint64
	for p, pr := range pairs {
		f := counts[p]
		if f*10 < hardLow*draws || f*10 > hardHigh*draws {
			continue
		}
		dist, more := uint64(draws-2*f), uint64(0)
		if 2*f > draws {
			dist, more = uint64(2*f-draws), 1
		}
		keys = append(keys, dist<<31|uint64(pr.above)<<16|uint64(pr.below)<<1|more)
	}
	slices.Sort(keys)
	out := make([]HardChoice, len(keys))
	for k, key := range keys {
		dist, a, b := int(key>>31), int(key>>16&(1<<15-1)), int(key>>1&(1<<15-1))
		f := (draws - dist) / 2
		if key&1 == 1 {
			f = (draws + dist) / 2
		}
		out[k] = HardChoice{
			Above: m.regions[a], Below: m.regions[b],
			AboveRank: m.baseRank[a], BelowRank: m.baseRank[b],
			Flipped: float64(f) / float64(draws),
		}
	}
	return out
}

// parallel runs work over [0, n) in contiguous blocks, one per worker, on up to GOMAXPROCS
// goroutines.
func parallel(n int, work func(from, to int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		work(0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range workers {
		from, to := k*n/workers, (k+1)*n/workers
		wg.Go(func() { work(from, to) })
	}
	wg.Wait()
}
