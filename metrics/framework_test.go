package metrics

import (
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestFrameworkDecidesDimensions: the same input scored under two frameworks. Three regions:
//
//	indicator                 stored dimension   direction  A    B    C
//	ons_sni.weekly_pay        income             higher     500  400  450
//	ons_sni.life_satisfaction life_satisfaction  higher     7    8    7.9
//	oecd.homicide_rate        safety             lower      1    2    3
//
// Under the UK local framework pay counts in jobs_and_pay, life satisfaction in
// personal_wellbeing, and the OECD homicide rate in nothing. Min-max: pay A 10, B 0, C 5; life
// satisfaction A 0, B 10, C (7.9−7)/(8−7)·10 = 9. Index: A (10+0)/2 = 5, B (0+10)/2 = 5,
// C (5+9)/2 = 7. Under the default framework (nil: the stored dimensions) homicide is scored
// too, in safety: A 10, B 5, C 0, so A = (10+0+10)/3 = 6.667, B = (0+10+5)/3 = 5, C = (5+9+0)/3.
func TestFrameworkDecidesDimensions(t *testing.T) {
	uk, err := data.FrameworkByID("uk-local")
	if err != nil {
		t.Fatal(err)
	}
	reg := func(code string) data.Region {
		return data.Region{Code: code, Name: code, Level: data.LevelLAD, Country: "GBR"}
	}
	ind := func(id, dim string, dir data.Direction) data.Indicator {
		return data.Indicator{ID: id, Dimension: dim, Direction: dir}
	}
	val := func(region, indicator string, v float64) Value {
		return Value{Region: region, Indicator: indicator, Period: "2023", Value: v, Status: data.StatusPublished}
	}
	in := Input{
		Regions: []data.Region{reg("A"), reg("B"), reg("C")},
		Indicators: []data.Indicator{
			ind("ons_sni.weekly_pay", "income", higher), ind("ons_sni.life_satisfaction", "life_satisfaction", higher),
			ind("oecd.homicide_rate", "safety", lower),
		},
		Values: []Value{
			val("A", "ons_sni.weekly_pay", 500), val("B", "ons_sni.weekly_pay", 400), val("C", "ons_sni.weekly_pay", 450),
			val("A", "ons_sni.life_satisfaction", 7), val("B", "ons_sni.life_satisfaction", 8), val("C", "ons_sni.life_satisfaction", 7.9),
			val("A", "oecd.homicide_rate", 1), val("B", "oecd.homicide_rate", 2), val("C", "oecd.homicide_rate", 3),
		},
	}
	opt := DefaultOptions
	opt.Framework = uk
	idx := ComputeIndex(in, opt)
	if got := dimensionIDs(idx.Dimensions); got != "jobs_and_pay personal_wellbeing" {
		t.Errorf("UK local dimensions = %s", got)
	}
	if got := ranking(idx); got != "C:1:7 A:2:5 B:2:5" {
		t.Errorf("UK local ranking = %s", got)
	}
	for _, i := range idx.Indicators {
		if d, _ := uk.DimensionOf(i.ID); i.Dimension != d {
			t.Errorf("%s scored in %s, want the framework's %s", i.ID, i.Dimension, d)
		}
	}
	if c := idx.Regions[0]; !closeTo(c.Dimensions["personal_wellbeing"], 9, 1e-9) || c.Dimensions["jobs_and_pay"] != 5 {
		t.Errorf("C's dimensions = %v", c.Dimensions)
	}
	// Weights are the framework's: leaving personal well-being out ranks by pay alone.
	opt.Weights = Weights{"personal_wellbeing": 0}
	if got := ranking(ComputeIndex(in, opt)); got != "A:1:10 C:2:5 B:3:0" {
		t.Errorf("UK local ranking by pay alone = %s", got)
	}
	// A weight for a dimension of another framework is not valid for this one.
	opt.Weights = Weights{"income": 0}
	if got := ComputeIndex(in, opt); len(rankedOf(got)) != 0 || len(got.Notes) == 0 {
		t.Errorf("weights of another framework: ranked %d, notes %v", len(rankedOf(got)), got.Notes)
	}
	def := ComputeIndex(in, DefaultOptions)
	if got := dimensionIDs(def.Dimensions); got != "income safety life_satisfaction" {
		t.Errorf("default dimensions = %s", got)
	}
	if got := ranking(def); got != "A:1:6.6667 B:2:5 C:3:4.6667" {
		t.Errorf("default ranking = %s", got)
	}
}

// rankedOf is the ranked regions of an index.
func rankedOf(idx Index) []RegionScore {
	var out []RegionScore
	for _, r := range idx.Regions {
		if r.Index != nil {
			out = append(out, r)
		}
	}
	return out
}
