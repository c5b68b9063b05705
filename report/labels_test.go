package report

import (
	"context"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestSharedNamesAreLabelledWithTheirCountry: three OECD regions called "South East" and one
// "Centre" are told apart by their country; a name no other region has is left as it is.
func TestSharedNamesAreLabelledWithTheirCountry(t *testing.T) {
	ctx := context.Background()
	region := func(code, name, country string) data.Region {
		return data.Region{Code: code, Name: name, Level: data.LevelOECDTL2, Parent: country, Country: country}
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "OECD", Title: "t", FileName: "f.xlsx", SHA256: "l", Vintage: "2025", Licence: "CC BY 4.0"},
		Regions: []data.Region{
			{Code: "ROU", Name: "Romania", Level: data.LevelOECDCountry, Country: "ROU"},
			{Code: "BGR", Name: "Bulgaria", Level: data.LevelOECDCountry, Country: "BGR"},
			region("RO22", "South East", "ROU"), region("BG34", "South East", "BGR"), region("RO12", "Centre", "ROU"),
			region("FR10", "Île-de-France", "FRA"),
		},
		Indicators: []data.Indicator{{ID: "oecd.life_expectancy", Name: "Life expectancy", Unit: "years", Direction: data.HigherIsBetter, Source: "test"}},
	}
	for i, r := range []string{"RO22", "BG34", "RO12", "FR10"} {
		b.Observations = append(b.Observations, data.Observation{Region: r, Indicator: "oecd.life_expectancy", Period: "2022",
			Value: data.Float(float64(75 + i)), Status: data.StatusPublished, Cell: data.Cell{File: "f.xlsx", Sheet: "S", Ref: "A1"}})
	}
	w := loadBatches(t, b)
	q := DefaultIndexQuery(data.LevelOECDTL2)
	q.Draws = 0
	v, err := BuildIndex(ctx, w, q)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"RO22": "South East (Romania)", "BG34": "South East (Bulgaria)", "RO12": "Centre", "FR10": "Île-de-France"}
	for _, r := range v.Index.Regions {
		if got := v.Label(r.Region); got != want[r.Region.Code] {
			t.Errorf("label of %s = %q, want %q", r.Region.Code, got, want[r.Region.Code])
		}
	}
}
