package report

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestDisparityCSV checks the disparity within countries on OECD regions with one indicator
// whose values run from 0 to 10, so that each region's index is its value:
//
//	France, 10 regions 1..10: a fifth is 2; top (10+9)/2 = 9.5, bottom (2+1)/2 = 1.5: gap 8, ratio 6.333
//	DEU (no country row, so named by its code), 5 regions 4..8: a fifth is 1; 8 against 4: gap 4, ratio 2
//	Italy, 4 regions (0, 5, 5, 5): too few, left out
func TestDisparityCSV(t *testing.T) {
	ctx := context.Background()
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "OECD", Title: "t", FileName: "f.xlsx", SHA256: "1", Vintage: "2025", Licence: "CC BY 4.0"},
		Regions: []data.Region{
			{Code: "FRA", Name: "France", Level: data.LevelOECDCountry, Country: "FRA"},
			{Code: "ITA", Name: "Italy", Level: data.LevelOECDCountry, Country: "ITA"},
		},
		Indicators: []data.Indicator{{ID: "oecd.disposable_income_per_capita", Name: "Income", Dimension: "income", Unit: "USD", Direction: data.HigherIsBetter, Source: "test"}},
	}
	add := func(country, code string, v float64) {
		b.Regions = append(b.Regions, data.Region{Code: code, Name: "Region " + code, Level: data.LevelOECDTL2, Parent: country, Country: country})
		b.Observations = append(b.Observations, data.Observation{Region: code, Indicator: "oecd.disposable_income_per_capita", Period: "2022",
			Value: data.Float(v), Status: data.StatusPublished, Cell: data.Cell{File: "f.xlsx", Sheet: "S", Ref: "A1"}})
	}
	for i := 1; i <= 10; i++ {
		add("FRA", fmt.Sprintf("FR%02d", i), float64(i))
	}
	for v := 4; v <= 8; v++ {
		add("DEU", fmt.Sprintf("DE%d", v), float64(v))
	}
	for i, v := range []float64{0, 5, 5, 5} {
		add("ITA", fmt.Sprintf("IT%d", i), v)
	}
	w := loadBatches(t, b)
	v, err := BuildIndex(ctx, w, IndexQuery{Level: data.LevelOECDTL2, Options: DefaultIndexQuery(data.LevelOECDTL2).Options})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDisparityCSV(&buf, v); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffcountry_code,country_name,regions_ranked,regions_per_fifth,top_fifth_mean,bottom_fifth_mean,difference,ratio,top_fifth,bottom_fifth\r\n" +
		"FRA,France,10,2,9.5,1.5,8,6.333,FR10 FR09,FR02 FR01\r\n" +
		"DEU,DEU,5,1,8,4,4,2,DE8,DE4\r\n"
	if buf.String() != want {
		t.Errorf("disparity CSV =\n%q\nwant\n%q", buf.String(), want)
	}
}
