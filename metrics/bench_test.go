package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/placevalue/placevalue/data"
)

// syntheticInput is shaped like the OECD TL2 table: regions of 38 countries, 15 indicators over
// the 11 dimensions (a third lower-is-better), about 5% of values missing, a few stale, GDP per
// head as the comparator. Each region has a latent level of well-being that every indicator
// follows loosely, so that rankings are neither fixed nor random. The same arguments always give
// the same input.
func syntheticInput(regions int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	in := Input{Comparator: "gdp"}
	for k := range 15 {
		dir := data.HigherIsBetter
		if k%3 == 2 {
			dir = data.LowerIsBetter
		}
		in.Indicators = append(in.Indicators, data.Indicator{
			ID: fmt.Sprintf("syn.i%02d", k), Dimension: data.Dimensions[k%len(data.Dimensions)].ID, Direction: dir,
		})
	}
	in.Indicators = append(in.Indicators, data.Indicator{ID: "gdp", Direction: data.HigherIsBetter})
	for r := range regions {
		reg := data.Region{
			Code: fmt.Sprintf("R%04d", r), Name: fmt.Sprintf("Region %04d", r),
			Level: data.LevelOECDTL2, Country: fmt.Sprintf("C%02d", r%38),
		}
		in.Regions = append(in.Regions, reg)
		level := rng.NormFloat64()
		for _, ind := range in.Indicators {
			if ind.ID != "gdp" && rng.Float64() < 0.05 {
				continue
			}
			v := 50 + 10*(0.6*level+0.8*rng.NormFloat64())
			if ind.Direction == data.LowerIsBetter {
				v = 100 - v
			}
			period := "2022"
			if rng.Float64() < 0.03 {
				period = "2019"
			}
			in.Values = append(in.Values, Value{Region: reg.Code, Indicator: ind.ID, Period: period, Value: v, Status: data.StatusPublished})
		}
	}
	return in
}

// oecdSize is roughly the number of OECD TL2 regions.
const oecdSize = 530

func BenchmarkPlainIndex(b *testing.B) {
	in := syntheticInput(oecdSize, 1)
	for b.Loop() {
		ComputeIndex(in, DefaultOptions)
	}
}

// BenchmarkUncertainty1000 also times the plain index in the same run and reports how many plain
// indexes 1,000 draws cost ("x-plain").
func BenchmarkUncertainty1000(b *testing.B) {
	in := syntheticInput(oecdSize, 1)
	const plainRuns = 200
	start := time.Now()
	for range plainRuns {
		ComputeIndex(in, DefaultOptions)
	}
	plain := float64(time.Since(start).Nanoseconds()) / plainRuns
	b.ResetTimer()
	for b.Loop() {
		Uncertainty(in, DefaultOptions, 1000, 42)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/plain, "x-plain")
}

// TestUncertaintySynthetic checks the fast path on OECD-sized data against the plain index: every
// draw's ranks equal those of ComputeIndex with that draw's options, every hard choice is found
// although pairs are pruned, and the result does not depend on the number of processors.
func TestUncertaintySynthetic(t *testing.T) {
	in := syntheticInput(oecdSize, 2)
	tests := []struct {
		name      string
		opt       Options
		wantNorms int
	}{
		{"generalised p=0.5", withOpt(DefaultOptions, func(o *Options) {
			o.Weights = Weights{"income": 3, "community": 0}
			o.Aggregation, o.Power = AggregateGeneralised, 0.5
		}), 3},
		{"goalposts, harmonic", withOpt(DefaultOptions, func(o *Options) {
			o.Normalisation = NormaliseGoalposts
			o.Goalposts = map[string]Goalpost{"syn.i00": {20, 80}, "syn.i02": {10, 90}}
			o.Aggregation, o.Power = AggregateGeneralised, -1
			o.MinCoverage = 0.9
		}), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkUncertainty(t, in, tt.opt, tt.wantNorms) })
	}
}

func checkUncertainty(t *testing.T, in Input, opt Options, wantNorms int) {
	const draws = 60
	res := Uncertainty(in, opt, draws, 7)

	tab := newTable(in, opt)
	base, rows := computeIndex(tab, opt)
	m := newUncertaintyModel(tab, opt, base, rows)
	ranks := m.rankDraws(draws, 7)
	n := len(m.regions)
	if n < oecdSize/2 || len(res.Regions) != n {
		t.Fatalf("%d regions ranked, result has %d", n, len(res.Regions))
	}
	pos := map[string]int{}
	for i, r := range m.regions {
		pos[r.Code] = i
	}
	pcg := rand.NewPCG(0, 0)
	rng := rand.New(pcg)
	w := make([]float64, m.nd)
	seen := map[Normalisation]bool{}
	for d := range draws {
		ni, ai := m.draw(pcg, rng, 7, d, w)
		seen[m.norms[ni]] = true
		dw := Weights{}
		for k, dim := range tab.dims {
			dw[dim.ID] = w[k]
			if m.weights[k] == 0 && w[k] != 0 {
				t.Fatalf("draw %d: zero weight of %s became %g", d, dim.ID, w[k])
			}
		}
		o := opt
		o.Normalisation, o.Weights, o.MinCoverage = m.norms[ni], dw, 0
		o.Aggregation, o.Power = m.aggs[ai].kind, m.aggs[ai].p
		ref := ComputeIndex(in, o)
		// rank the regions of the user's index by the reference indexes
		var idx []float64
		var at []int
		for _, rs := range ref.Regions {
			if i, ok := pos[rs.Region.Code]; ok {
				idx = append(idx, *rs.Index)
				at = append(at, i)
			}
		}
		want := competitionRanks(idx)
		for k, i := range at {
			if got := rankAt(ranks, i, d); got != want[k] {
				t.Fatalf("draw %d (%s, %+v): %s rank %d, reference %d", d, m.norms[ni], m.aggs[ai], m.regions[i].Code, got, want[k])
			}
		}
	}
	if len(seen) != wantNorms {
		t.Errorf("normalisations drawn: %v", seen)
	}

	// every pair, unpruned
	var wantHard int
	for a := range n {
		for b := a + 1; b < n; b++ {
			f := 0
			for d := range draws {
				if rankAt(ranks, b, d) < rankAt(ranks, a, d) {
					f++
				}
			}
			if f*10 >= draws && f*10 <= 9*draws {
				wantHard++
			}
		}
	}
	if len(res.HardChoices) != wantHard || wantHard == 0 {
		t.Errorf("%d hard choices, unpruned count %d", len(res.HardChoices), wantHard)
	}
	for k, h := range res.HardChoices {
		if h.Flipped < 0.1 || h.Flipped > 0.9 || h.AboveRank > h.BelowRank {
			t.Fatalf("hard choice %+v", h)
		}
		// compare counts, not shares, which carry rounding
		if k > 0 && distFromHalf(h, draws) < distFromHalf(res.HardChoices[k-1], draws) {
			t.Fatalf("hard choices out of order at %d", k)
		}
	}
	for _, r := range res.Regions {
		if !(r.RankLow <= r.Median && r.Median <= r.RankHigh) {
			t.Fatalf("%s: %s", r.Region.Code, r.RankInterval)
		}
	}

	prev := runtime.GOMAXPROCS(1)
	one := Uncertainty(in, opt, draws, 7)
	runtime.GOMAXPROCS(prev)
	if !reflect.DeepEqual(one, res) {
		t.Fatal("result differs with one processor")
	}
	if other := Uncertainty(in, opt, draws, 8); reflect.DeepEqual(other.Regions, res.Regions) && reflect.DeepEqual(other.HardChoices, res.HardChoices) {
		t.Fatal("another seed gives the same result")
	}
}

// distFromHalf is |2 × flips − draws|.
func distFromHalf(h HardChoice, draws int) int {
	f := int(math.Round(h.Flipped * float64(draws)))
	return max(2*f-draws, draws-2*f)
}

// rankAt is region i's rank in draw d.
func rankAt(r drawRanks, i, d int) int {
	return int(r.row(i)[d/4] >> (16 * (d % 4)) & 0xffff)
}
