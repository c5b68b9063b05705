package report

import (
	"context"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestDistrictsGetTheirAreasGDP: districts are compared with the GDP per head of the ITL3 area
// they lie in. Hartlepool and Stockton-on-Tees share TLC11's figure; Darlington has TLC13's;
// Highland, split between three ITL3 areas, has none.
func TestDistrictsGetTheirAreasGDP(t *testing.T) {
	ctx := context.Background()
	cell := data.Cell{File: "f.xlsx", Sheet: "Table 7", Ref: "A1"}
	obs := func(region, ind, period string, v float64) data.Observation {
		return data.Observation{Region: region, Indicator: ind, Period: period, Value: data.Float(v), Status: data.StatusPublished, Cell: cell}
	}
	lad := func(code, name, parent string) data.Region {
		return data.Region{Code: code, Name: name, Level: data.LevelLAD, Parent: parent, Country: "GBR"}
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "ONS", Title: "t", FileName: "f.xlsx", SHA256: "a", Vintage: "2023", Licence: "OGL"},
		Regions: []data.Region{
			{Code: "TLC11", Name: "Hartlepool and Stockton-on-Tees", Level: data.LevelITL3, Country: "GBR"},
			{Code: "TLC13", Name: "Darlington", Level: data.LevelITL3, Country: "GBR"},
			{Code: "TLM61", Name: "Caithness and Sutherland and Ross and Cromarty", Level: data.LevelITL3, Country: "GBR"},
			lad("E06000001", "Hartlepool", "TLC"), lad("E06000004", "Stockton-on-Tees", "TLC"),
			lad("E06000005", "Darlington", "TLC"), lad("S12000017", "Highland", "TLM"),
		},
		Indicators: []data.Indicator{
			{ID: Comparator, Name: "GDP per head", Unit: "£", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "ons_sni.life_satisfaction", Name: "Life satisfaction", Unit: "mean", Direction: data.HigherIsBetter, Source: "test"},
		},
		Observations: []data.Observation{
			obs("TLC11", Comparator, "2020", 24000), obs("TLC11", Comparator, "2021", 25000.5),
			obs("TLC13", Comparator, "2021", 31000), obs("TLM61", Comparator, "2021", 28000),
			obs("E06000001", "ons_sni.life_satisfaction", "2023", 7.1), obs("E06000004", "ons_sni.life_satisfaction", "2023", 7.4),
			obs("E06000005", "ons_sni.life_satisfaction", "2023", 7.3), obs("S12000017", "ons_sni.life_satisfaction", "2023", 7.6),
		},
	}
	w := loadBatches(t, b)
	q := DefaultIndexQuery(data.LevelLAD)
	q.Draws = 0
	v, err := BuildIndex(ctx, w, q)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"E06000001": 25000.5, "E06000004": 25000.5, "E06000005": 31000}
	for _, r := range v.Index.Regions {
		got, ok := want[r.Region.Code]
		switch {
		case !ok && r.Comparator != nil:
			t.Errorf("%s has GDP per head %v, want none", r.Region.Code, *r.Comparator)
		case ok && (r.Comparator == nil || *r.Comparator != got):
			t.Errorf("%s GDP per head = %v, want its area's latest, %v", r.Region.Code, r.Comparator, got)
		}
	}
	// Darlington ranks first by its area's output; Stockton and Hartlepool share the next rank.
	if v.GDPRanks["E06000005"] != 1 || v.GDPRanks["E06000001"] != 2 || v.GDPRanks["E06000004"] != 2 {
		t.Errorf("GDP ranks = %v", v.GDPRanks)
	}
}
