package data

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// historyBatch is a release of life satisfaction (with confidence intervals) and GDP per head
// (without) for London and the City of London, one observation per period given.
func historyBatch(sha, vintage string, obs ...Observation) *Batch {
	return &Batch{
		Source: Source{Publication: "test", Publisher: "ONS", Title: "Test", FileName: sha + ".xlsx", SHA256: sha, Vintage: vintage, Licence: "OGL"},
		Regions: []Region{
			{Code: "TLI", Name: "London", Level: LevelITL1, Parent: "UK", Country: "GBR"},
			{Code: "E09000001", Name: "City of London", Level: LevelLAD},
		},
		Indicators: []Indicator{
			{ID: "ons.life_satisfaction", Name: "Life satisfaction", Dimension: "life_satisfaction", Unit: "mean 0-10", Direction: HigherIsBetter, Source: "test"},
			{ID: "ons.gdp_per_head", Name: "GDP per head", Unit: "pounds", Direction: Neutral, Source: "test"},
		},
		Observations: obs,
	}
}

func TestRegionHistory(t *testing.T) {
	ctx := context.Background()
	w := mustOpen(t)
	cell := func(ref string) Cell { return Cell{File: "f.xlsx", Sheet: "S", Ref: ref} }
	value := func(region, ind, period string, v float64, ref string) Observation {
		return Observation{Region: region, Indicator: ind, Period: period, Value: Float(v), Status: StatusPublished, Cell: cell(ref)}
	}
	withCI := func(o Observation, lower, upper float64) Observation {
		o.Lower, o.Upper = Float(lower), Float(upper)
		return o
	}
	older := historyBatch("older", "2023",
		withCI(value("TLI", "ons.life_satisfaction", "2020-04/2021-03", 7.2, "G2"), 7.1, 7.3),
		withCI(value("TLI", "ons.life_satisfaction", "2021-04/2022-03", 7.3, "G3"), 7.2, 7.4),
		// No number in the latest period: the series ends at 2021.
		Observation{Region: "TLI", Indicator: "ons.gdp_per_head", Period: "2022", Status: StatusNotAvailable, Cell: cell("H4")},
		value("TLI", "ons.gdp_per_head", "2019", 50000, "H2"),
		value("TLI", "ons.gdp_per_head", "2021", 54000, "H3"),
		value("E09000001", "ons.gdp_per_head", "2021", 90000, "H5"),
	)
	if _, err := w.Load(ctx, older); err != nil {
		t.Fatal(err)
	}
	// A later release revises 2021-04/2022-03 and adds 2022-04/2023-03; 2020-04/2021-03 stays
	// current from the older release.
	newer := historyBatch("newer", "2024",
		withCI(value("TLI", "ons.life_satisfaction", "2021-04/2022-03", 7.25, "G3"), 7.15, 7.35),
		withCI(value("TLI", "ons.life_satisfaction", "2022-04/2023-03", 7.5, "G4"), 7.4, 7.6),
	)
	if _, err := w.Load(ctx, newer); err != nil {
		t.Fatal(err)
	}

	want := []Observation{
		value("TLI", "ons.gdp_per_head", "2019", 50000, "H2"),
		value("TLI", "ons.gdp_per_head", "2021", 54000, "H3"),
		withCI(value("TLI", "ons.life_satisfaction", "2020-04/2021-03", 7.2, "G2"), 7.1, 7.3),
		withCI(value("TLI", "ons.life_satisfaction", "2021-04/2022-03", 7.25, "G3"), 7.15, 7.35),
		withCI(value("TLI", "ons.life_satisfaction", "2022-04/2023-03", 7.5, "G4"), 7.4, 7.6),
	}
	got, err := w.RegionHistory(ctx, "TLI")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history of TLI (-want +got):\n%s", diff)
	}

	// Each region has its own history; a code that is not stored (even one that would break a
	// query built from text) has none.
	city, err := w.RegionHistory(ctx, "E09000001")
	if err != nil || len(city) != 1 || *city[0].Value != 90000 {
		t.Errorf("history of E09000001 = %+v, %v; want its one value", city, err)
	}
	for _, code := range []string{"TLC", "TLI' OR '1'='1"} {
		if none, err := w.RegionHistory(ctx, code); err != nil || len(none) != 0 {
			t.Errorf("history of %q = %+v, %v; want none", code, none, err)
		}
	}
}
