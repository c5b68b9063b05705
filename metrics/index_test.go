package metrics

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// smallInput is four regions of one country:
//
//	indicator  dimension  direction  A        B             C     D
//	i1         income     higher     10 (2020) 20            30    -
//	i2         income     lower      1        3 (estimated)  -     -
//	i3         health     higher     5        5             5     5
//	i4         jobs       higher     2        -             -     -
//	gdp        (comparator)          40       30            20    -
//
// Min-max: i1 scores A 0, B 5, C 10; i2 A 10, B 0; i3 all equal, 5 each; i4 alone, 5.
// Income: A (0+10)/2 = 5, B (5+0)/2 = 2.5, C 10. Health: 5 each. Jobs: A 5.
func smallInput() Input {
	reg := func(code, name string) data.Region {
		return data.Region{Code: code, Name: name, Level: data.LevelOECDTL2, Country: "XXX"}
	}
	ind := func(id, dim string, dir data.Direction) data.Indicator {
		return data.Indicator{ID: id, Dimension: dim, Direction: dir}
	}
	val := func(region, indicator, period string, v float64) Value {
		return Value{Region: region, Indicator: indicator, Period: period, Value: v, Status: data.StatusPublished}
	}
	estimated := val("B", "i2", "2021", 3)
	estimated.Status = data.StatusEstimated
	return Input{
		Regions: []data.Region{reg("A", "Aland"), reg("B", "Bland"), reg("C", "Cland"), reg("D", "Dland")},
		Indicators: []data.Indicator{
			ind("i1", "income", higher), ind("i2", "income", lower), ind("i3", "health", higher),
			ind("i4", "jobs", higher), ind("gdp", "income", higher), ind("pop", "", data.Neutral),
		},
		Values: []Value{
			val("A", "i1", "2020", 10), val("B", "i1", "2021", 20), val("C", "i1", "2021", 30),
			val("A", "i2", "2021", 1), estimated,
			val("A", "i3", "2021", 5), val("B", "i3", "2021", 5), val("C", "i3", "2021", 5), val("D", "i3", "2021", 5),
			val("A", "i4", "2021", 2),
			val("A", "gdp", "2021", 40), val("B", "gdp", "2021", 30), val("C", "gdp", "2021", 20),
			val("A", "pop", "2021", 1e6), val("Z", "i1", "2021", 1e9), val("B", "i3", "2021", math.NaN()),
		},
		Comparator: "gdp",
	}
}

// ranking is "code:rank:index" for each region in order, index "-" when nil.
func ranking(idx Index) string {
	var parts []string
	for _, r := range idx.Regions {
		s := "-"
		if r.Index != nil {
			s = strconvG(*r.Index)
		}
		parts = append(parts, r.Region.Code+":"+itoa(r.Rank)+":"+s)
	}
	return strings.Join(parts, " ")
}

func TestComputeIndex(t *testing.T) {
	share := Options{MinIndicatorShare: 0.5, MinCoverage: 0.5} // drops i4 (1 of 4 regions)
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		// i4 kept: jobs A 5. A (5+5+5)/3 = 5; B (2.5+5)/2 = 3.75; C (10+5)/2 = 7.5; D 5.
		// A and D tie at 5 and share rank 2; B is 4th.
		{"zero options are today's index", Options{}, "C:1:7.5 A:2:5 D:2:5 B:4:3.75"},
		// no jobs: A (5+5)/2 = 5, B 3.75, C 7.5, D (health only, coverage 1/2) 5
		{"default options", share, "C:1:7.5 A:2:5 D:2:5 B:4:3.75"},
		// income 3, health 1: A (15+5)/4 = 5; B (7.5+5)/4 = 3.125; C (30+5)/4 = 8.75;
		// D covers 1/4 of the weight, below 0.5: no index
		{"weights", withOpt(share, func(o *Options) { o.Weights = Weights{"income": 3} }), "C:1:8.75 A:2:5 B:3:3.125 D:0:-"},
		// health weighs 0: the index is income alone; D has only health, so no index
		{"zero weight", withOpt(share, func(o *Options) { o.Weights = Weights{"health": 0} }), "C:1:10 A:2:5 B:3:2.5 D:0:-"},
		// lifted onto [0.1, 10]: 5 → 5.05, 2.5 → 2.575, 10 → 10.
		// A √(5.05×5.05) → 5; B √(2.575×5.05) = 3.606071 → (3.606071−0.1)/0.99 = 3.541486;
		// C √(10×5.05) = 7.106335 → 7.077106; D 5.05 → 5
		{"geometric", withOpt(share, func(o *Options) { o.Aggregation = AggregateGeometric }), "C:1:7.0771 A:2:5 D:2:5 B:4:3.5415"},
		// i1 between 0 and 40: A 2.5, B 5, C 7.5; i2 and i3 min-max (no goalposts).
		// A income (2.5+10)/2 = 6.25 → (6.25+5)/2 = 5.625; B (5+0)/2 = 2.5 → 3.75; C 7.5 → 6.25; D 5
		{"goalposts", withOpt(share, func(o *Options) {
			o.Normalisation = NormaliseGoalposts
			o.Goalposts = map[string]Goalpost{"i1": {0, 40}}
		}), "C:1:6.25 A:2:5.625 D:3:5 B:4:3.75"},
		// i1 target 20: shortfalls A 10, B 0, C 0 → A 0, B 10, C 10.
		// A (0+10)/2 = 5 → 5; B (10+0)/2 = 5 → 5; C 10 → 7.5; D 5: A, B, D tie
		{"target", withOpt(share, func(o *Options) {
			o.Normalisation = NormaliseTarget
			o.Targets = map[string]float64{"i1": 20}
		}), "C:1:7.5 A:2:5 B:2:5 D:2:5"},
		// percentile rank gives three distinct values the same scores as min-max, and two values
		// 0 and 10: the same index as min-max
		{"rank", withOpt(share, func(o *Options) { o.Normalisation = NormaliseRank }), "C:1:7.5 A:2:5 D:2:5 B:4:3.75"},
		{"all weights zero", withOpt(share, func(o *Options) { o.Weights = full(allZeroWeights()) }), "A:0:- B:0:- C:0:- D:0:-"},
		{"unknown normalisation", withOpt(share, func(o *Options) { o.Normalisation = "median" }), "A:0:- B:0:- C:0:- D:0:-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ranking(ComputeIndex(smallInput(), tt.opt)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func withOpt(o Options, change func(*Options)) Options {
	change(&o)
	return o
}

func allZeroWeights() Weights {
	w := Weights{}
	for _, d := range data.Dimensions {
		w[d.ID] = 0
	}
	return w
}

func TestComputeIndexDetails(t *testing.T) {
	idx := ComputeIndex(smallInput(), DefaultOptions)
	if got := dimensionIDs(idx.Dimensions); got != "income health" {
		t.Errorf("dimensions %s", got)
	}
	byCode := map[string]RegionScore{}
	for _, r := range idx.Regions {
		byCode[r.Region.Code] = r
	}
	// coverage: D has 1 of 2 dimensions
	if c := byCode["D"].Coverage; c != 0.5 {
		t.Errorf("D coverage %g, want 0.5", c)
	}
	if g := byCode["A"].Comparator; g == nil || *g != 40 {
		t.Errorf("A comparator %v", g)
	}
	if g := byCode["D"].Comparator; g != nil {
		t.Errorf("D comparator %v, want none", *g)
	}
	wantFlags := map[string]string{
		"A": "i1 is for 2020; other regions have 2021",
		"B": "i2 for 2021 is estimated",
		"C": "",
		"D": "no data for income",
	}
	for code, want := range wantFlags {
		if got := flagText(byCode[code].Flags); got != want {
			t.Errorf("%s flags %q, want %q", code, got, want)
		}
	}
	if len(idx.Notes) != 0 {
		t.Errorf("notes %v", idx.Notes)
	}

	weighted := ComputeIndex(smallInput(), withOpt(DefaultOptions, func(o *Options) { o.Weights = Weights{"income": 3} }))
	d := weighted.Regions[3]
	// 1/(3+1) of the weight
	if d.Region.Code != "D" || d.Coverage != 0.25 || flagText(d.Flags) != "too few dimensions with data for an index; no data for income" {
		t.Errorf("D: %+v", d)
	}

	// A weight raised on a dimension without data (jobs: i4 is published for one region only) is
	// named as changing nothing; one left at 1 or set to 0, or on a dimension with data, is not.
	idle := ComputeIndex(smallInput(), withOpt(DefaultOptions, func(o *Options) {
		o.Weights = Weights{"jobs": 4, "safety": 0, "housing": 1, "income": 3}
	}))
	if want := []string{"Jobs has no data for these regions, so its weight of 4 changes nothing"}; !slices.Equal(idle.Notes, want) {
		t.Errorf("notes %q, want %q", idle.Notes, want)
	}
	if ranking(idle) != ranking(ComputeIndex(smallInput(), withOpt(DefaultOptions, func(o *Options) { o.Weights = Weights{"income": 3} }))) {
		t.Errorf("the idle weight changed the index: %s", ranking(idle))
	}

	// A dimension weighted 0 counts for nothing: D, without income, is not flagged for it, and
	// its coverage is all of the weight that counts.
	zero := ComputeIndex(smallInput(), withOpt(DefaultOptions, func(o *Options) { o.Weights = Weights{"income": 0} }))
	for _, r := range zero.Regions {
		if r.Region.Code == "D" && (flagText(r.Flags) != "" || r.Coverage != 1) {
			t.Errorf("income weighted 0: D flags %q, coverage %g; want none and 1", flagText(r.Flags), r.Coverage)
		}
	}

	goal := ComputeIndex(smallInput(), withOpt(DefaultOptions, func(o *Options) { o.Normalisation = NormaliseGoalposts }))
	wantNotes := []string{
		"i1: no goalposts given, scored min-max on this year's values",
		"i2: no goalposts given, scored min-max on this year's values",
		"i3: no goalposts given, scored min-max on this year's values",
	}
	if !slices.Equal(goal.Notes, wantNotes) {
		t.Errorf("notes %q", goal.Notes)
	}

	bad := ComputeIndex(smallInput(), withOpt(DefaultOptions, func(o *Options) { o.Weights = full(allZeroWeights()) }))
	if want := "options: every weight is 0: give at least one dimension a weight above 0; no region is ranked"; !slices.Equal(bad.Notes, []string{want}) {
		t.Errorf("notes %q", bad.Notes)
	}
}

func TestComputeIndexEdges(t *testing.T) {
	one := Input{
		Regions:    []data.Region{{Code: "A", Name: "Aland"}},
		Indicators: []data.Indicator{{ID: "i1", Dimension: "income", Direction: lower}},
		// the later period wins over the earlier, whatever the order
		Values: []Value{{Region: "A", Indicator: "i1", Period: "2022", Value: 3}, {Region: "A", Indicator: "i1", Period: "2021", Value: 9}},
	}
	// a single region scores the middle of the scale and ranks first
	if got := ranking(ComputeIndex(one, DefaultOptions)); got != "A:1:5" {
		t.Errorf("single region: %s", got)
	}
	if got := flagText(ComputeIndex(one, DefaultOptions).Regions[0].Flags); got != "" {
		t.Errorf("single region flags: %s", got)
	}
	// target 2, lower is better: 3 is 1 short, the furthest short, so 0
	target := Options{Normalisation: NormaliseTarget, Targets: map[string]float64{"i1": 2}}
	if got := ranking(ComputeIndex(one, target)); got != "A:1:0" {
		t.Errorf("single region, target: %s", got)
	}
	none := Input{Regions: []data.Region{{Code: "B", Name: "Bland"}, {Code: "A", Name: "Aland"}}}
	if got := ranking(ComputeIndex(none, DefaultOptions)); got != "A:0:- B:0:-" {
		t.Errorf("no data: %s", got)
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		opt     Options
		wantErr string
	}{
		{"zero", Options{}, ""},
		{"full", Options{Normalisation: NormaliseGoalposts, Goalposts: map[string]Goalpost{"i1": {0, 1}},
			Targets: map[string]float64{"i1": 3}, Weights: Weights{"income": 5}, Aggregation: AggregateGeneralised, Power: -1}, ""},
		{"normalisation", Options{Normalisation: "median"}, `unknown normalisation "median"; known: minmax, goalposts, zscore, rank, target`},
		{"normalisation not as its id", Options{Normalisation: "Rank"}, `unknown normalisation "Rank"; known: minmax, goalposts, zscore, rank, target`},
		{"aggregation", Options{Aggregation: "max"}, `unknown aggregation "max"; known: arithmetic, geometric, generalised`},
		{"power", Options{Aggregation: AggregateGeneralised, Power: math.Inf(1)}, "power of the generalised mean is +Inf, expected a number from -100 to 100"},
		{"power too large", Options{Aggregation: AggregateGeneralised, Power: -101}, "power of the generalised mean is -101, expected a number from -100 to 100"},
		{"weights", Options{Weights: Weights{"jobs": 9}}, "weight for jobs is 9, expected a number from 0 to 5"},
		{"goalposts", Options{Goalposts: map[string]Goalpost{"i1": {5, 5}}}, "goalposts for i1 are 5 to 5, expected a finite low bound below the high bound"},
		{"target", Options{Targets: map[string]float64{"i1": math.NaN()}}, "target for i1 is NaN, expected a finite number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errString(tt.opt.Validate()); got != tt.wantErr {
				t.Fatalf("error %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestCountryAverage(t *testing.T) {
	idx := ComputeIndex(smallInput(), DefaultOptions)
	avg := CountryAverage(idx, "XXX")
	// income: (5 + 2.5 + 10)/3 = 5.8333; health 5
	if !closeTo(avg["income"], 5.833333, 1e-6) || avg["health"] != 5 || len(avg) != 2 {
		t.Fatalf("got %v", avg)
	}
	if got := CountryAverage(idx, "YYY"); len(got) != 0 {
		t.Fatalf("other country: %v", got)
	}
}

func dimensionIDs(ds []data.Dimension) string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID)
	}
	return strings.Join(ids, " ")
}

func flagText(fs []Flag) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.String())
	}
	return strings.Join(s, "; ")
}
