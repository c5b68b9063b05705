package report

import (
	"context"
	"math"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// loadOECDRegions adds two OECD large regions outside the UK, and France as a whole country, to
// the test warehouse. With the four UK regions, the OECD TL2 index then scores:
//
//	income (15–40):       TLC 20 → 2, TLI 40 → 10, TLM 30 → 6, TLX9 25 → 4, FR10 35 → 8, DE30 15 → 0
//	unemployment (2–7):   TLC 5 → 4,  TLI 3 → 8,   TLM 4 → 6,                FR10 7 → 0, DE30 2 → 10
//	index:                TLC 3,      TLI 9,       TLM 6,      TLX9 4,       FR10 4,     DE30 5
func loadOECDRegions(t *testing.T, w *data.Warehouse) {
	t.Helper()
	cell := data.Cell{File: "oecd.xlsx", Sheet: "S", Ref: "A1"}
	obs := func(region, ind string, v float64) data.Observation {
		return data.Observation{Region: region, Indicator: ind, Period: "2021", Value: data.Float(v), Status: data.StatusPublished, Cell: cell}
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test-oecd", Publisher: "OECD", Title: "t", FileName: "oecd.xlsx", SHA256: "2", Vintage: "2025", Licence: "CC BY 4.0"},
		Regions: []data.Region{
			{Code: "FR10", Name: "Île-de-France", Level: data.LevelOECDTL2, Country: "FRA"},
			{Code: "DE30", Name: "Berlin", Level: data.LevelOECDTL2, Country: "DEU"},
			{Code: "FRA", Name: "France", Level: data.LevelOECDCountry, Country: "FRA"},
		},
		Indicators: []data.Indicator{
			{ID: "oecd.disposable_income_per_capita", Name: "Income", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "oecd.unemployment_rate", Name: "Unemployment", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter, Source: "test"},
		},
		Observations: []data.Observation{
			obs("FR10", "oecd.disposable_income_per_capita", 35), obs("DE30", "oecd.disposable_income_per_capita", 15),
			obs("FR10", "oecd.unemployment_rate", 7), obs("DE30", "oecd.unemployment_rate", 2),
		},
	}
	if _, err := w.Load(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func TestBuildRegion(t *testing.T) {
	ctx := context.Background()
	w := loadTestWarehouse(t)
	loadOECDRegions(t, w)
	v, err := BuildRegion(ctx, w, "TLM", DefaultIndexQuery(""))
	if err != nil {
		t.Fatal(err)
	}
	if v.Query.Level != data.LevelITL1 || v.Score.Rank != 2 || v.AverageOf != "average of United Kingdom regions" {
		t.Fatalf("view = level %s, rank %d, %q", v.Query.Level, v.Score.Rank, v.AverageOf)
	}
	if v.Interval.Median != 2 || v.Interval.RankLow != 2 || v.Interval.RankHigh != 2 {
		t.Errorf("interval = %v: Scotland is second whatever the choices", v.Interval)
	}
	// Scotland scores 5 and 5 against the UK averages 4.375 and 5.
	if len(v.Strengths) != 1 || v.Strengths[0].Dimension != "income" || v.Strengths[0].Difference != 0.625 || len(v.Weaknesses) != 0 {
		t.Errorf("strengths %+v, weaknesses %+v", v.Strengths, v.Weaknesses)
	}
	// TLX9 shares one of the two dimensions: sqrt(2.5² × 2/1) = 3.536; London and the North East
	// are both sqrt(5² + 5²) = 7.071 away, in name order.
	var similar []string
	for _, n := range v.Similar {
		similar = append(similar, n.Region.Code)
	}
	if len(similar) != 3 || similar[0] != "TLX9" || similar[1] != "TLI" || similar[2] != "TLC" ||
		math.Abs(v.Similar[0].Distance-math.Sqrt(12.5)) > 1e-9 {
		t.Errorf("similar = %v (%+v)", similar, v.Similar)
	}
	if v.Best == nil || v.Best.Best.Code != "TLI" || v.BestIndex != 10 || len(v.Best.Dimensions) != 2 || v.Best.Dimensions[0].Difference != -5 {
		t.Errorf("best = %+v, index %g", v.Best, v.BestIndex)
	}
	// Among the six OECD regions (indexes 9, 6, 5, 4, 4, 3), Scotland's 6 is above four and level
	// with itself: (4 + ½) / 6 = 75%. Its income score 6 is above 2, 4 and 0 of six: 58.3%; its
	// jobs score 6 above 4 and 0 of five: 50%.
	if v.OECD == nil || v.OECD.Ranked != 6 || v.OECD.Overall == nil || *v.OECD.Overall != 75 {
		t.Fatalf("OECD standing = %+v", v.OECD)
	}
	if got := v.OECD.Standing.Dimensions; math.Abs(got["income"]-350.0/6) > 1e-9 || got["jobs"] != 50 {
		t.Errorf("dimension standings = %v", got)
	}

	all, err := StandingsAmongOECD(ctx, w, "GBR", DefaultIndexQuery("").Options)
	if err != nil || len(all) != 4 {
		t.Fatalf("UK standings = %+v, %v", all, err)
	}
	// TLX9's 4 ties with Île-de-France: (1 + 2/2) / 6.
	for _, st := range all {
		if st.Region.Code == "TLX9" && math.Abs(*st.Overall-100.0/3) > 1e-9 {
			t.Errorf("TLX9 overall = %g, want 33.3", *st.Overall)
		}
	}

	// France's regions are averaged under the name of the country the OECD file gives.
	fr, err := BuildRegion(ctx, w, "FR10", DefaultIndexQuery(""))
	if err != nil || fr.AverageOf != "average of France regions" || fr.OECD != nil {
		t.Errorf("FR10: %q, OECD %+v, %v", fr.AverageOf, fr.OECD, err)
	}
	if _, err := BuildRegion(ctx, w, "FR10", DefaultIndexQuery(data.LevelITL1)); err == nil {
		t.Error("FR10 in the ITL1 ranking")
	}
}

func TestCountryName(t *testing.T) {
	ctx := context.Background()
	w := loadTestWarehouse(t)
	loadOECDRegions(t, w)
	for iso3, want := range map[string]string{"FRA": "France", "GBR": "United Kingdom", "DEU": "DEU", "": ""} {
		if got, err := CountryName(ctx, w, iso3); err != nil || got != want {
			t.Errorf("CountryName(%q) = %q, %v; want %q", iso3, got, err, want)
		}
	}
}
