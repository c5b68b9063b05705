package report

import (
	"context"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// loadEarlierYears adds 2019 values to loadTestWarehouse's 2021 ones, wider than 2021's spread,
// and a 2021 PM2.5 indicator that has a published target (5 µg/m³, data/targets.csv).
func loadEarlierYears(t *testing.T, w *data.Warehouse) {
	t.Helper()
	cell := data.Cell{File: "g.xlsx", Sheet: "S", Ref: "B2"}
	obs := func(region, ind, period string, v float64) data.Observation {
		return data.Observation{Region: region, Indicator: ind, Period: period, Value: data.Float(v), Status: data.StatusPublished, Cell: cell}
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "ONS", Title: "t", FileName: "g.xlsx", SHA256: "2", Vintage: "2023", Licence: "OGL"},
		Regions: []data.Region{
			{Code: "TLC", Name: "x", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLI", Name: "x", Level: data.LevelITL1, Country: "GBR"},
			{Code: "TLM", Name: "x", Level: data.LevelITL1, Country: "GBR"},
		},
		Indicators: []data.Indicator{
			{ID: "oecd.disposable_income_per_capita", Name: "Income", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "oecd.unemployment_rate", Name: "Unemployment", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter, Source: "test"},
			{ID: "oecd.air_quality_pm2_5", Name: "PM2.5", Dimension: "environment", Unit: "µg/m³", Direction: data.LowerIsBetter, Source: "test"},
		},
		Observations: []data.Observation{
			obs("TLC", "oecd.disposable_income_per_capita", "2019", 10), obs("TLI", "oecd.disposable_income_per_capita", "2019", 50),
			obs("TLC", "oecd.unemployment_rate", "2019", 8), obs("TLI", "oecd.unemployment_rate", "2019", 2),
			obs("TLC", "oecd.air_quality_pm2_5", "2021", 10), obs("TLI", "oecd.air_quality_pm2_5", "2021", 7),
			obs("TLM", "oecd.air_quality_pm2_5", "2021", 12),
		},
	}
	if _, err := w.Load(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func TestGoalpostsAndTargetsFromTheWarehouse(t *testing.T) {
	w := loadTestWarehouse(t)
	loadEarlierYears(t, w)
	tests := []struct {
		normalisation string
		// index by region; a missing region is unranked
		want map[string]float64
		// bounds by indicator: low, high for goalposts; target for target
		wantBounds map[string][2]float64
		wantBasis  map[string]string
	}{
		{
			// Goalposts over 2019–2021: income 10–50, unemployment 2–8 (lower is better), PM2.5 7–12 (2021 only).
			// TLC: income (20−10)/40 → 2.5, unemployment (8−5)/6 → 5, PM2.5 (12−10)/5 → 4; mean 3.8333.
			// TLI: 7.5, 8.3333, 10 → 8.6111. TLM: 5, 6.6667, 0 → 3.8889. TLX9: 1 of 3 dimensions, unranked.
			normalisation: "goalposts",
			want:          map[string]float64{"TLC": 3.8333, "TLI": 8.6111, "TLM": 3.8889},
			wantBounds:    map[string][2]float64{"oecd.disposable_income_per_capita": {10, 50}, "oecd.unemployment_rate": {2, 8}, "oecd.air_quality_pm2_5": {7, 12}},
			wantBasis:     map[string]string{"oecd.disposable_income_per_capita": "in 2019–2021", "oecd.air_quality_pm2_5": "in 2021"},
		},
		{
			// Targets: income 50 and unemployment 2 (the best of any year, no published target),
			// PM2.5 5 (WHO). Shortfalls income 30, 10, 20 (most 30): 0, 6.6667, 3.3333;
			// unemployment 3, 1, 2: 0, 6.6667, 3.3333; PM2.5 5, 2, 7 (most 7): 2.8571, 7.1429, 0.
			normalisation: "target",
			want:          map[string]float64{"TLC": 0.9524, "TLI": 6.8254, "TLM": 2.2222},
			wantBounds:    map[string][2]float64{"oecd.disposable_income_per_capita": {50}, "oecd.unemployment_rate": {2}, "oecd.air_quality_pm2_5": {5}},
			wantBasis:     map[string]string{"oecd.disposable_income_per_capita": "no published target: the best of any region in 2019–2021", "oecd.air_quality_pm2_5": "WHO"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.normalisation, func(t *testing.T) {
			params := url.Values{"level": {"itl1"}, "normalisation": {tc.normalisation}, "draws": {"0"}}
			q, err := ParseIndexQuery(params.Get, data.LevelITL1)
			if err != nil {
				t.Fatal(err)
			}
			v, err := BuildIndex(context.Background(), w, q)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, r := range v.Index.Regions {
				if r.Index != nil {
					got[r.Region.Code] = math.Round(*r.Index*1e4) / 1e4
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("ranked %v, want %v", got, tc.want)
			}
			for code, want := range tc.want {
				if got[code] != want {
					t.Errorf("%s index = %v, want %v", code, got[code], want)
				}
			}
			// A region's page and profile download score it against the same bounds as the ranking.
			for code, want := range tc.want {
				rv, err := BuildRegion(context.Background(), w, code, q)
				if err != nil {
					t.Fatal(err)
				}
				if idx := rv.Profile.Score.Index; idx == nil || math.Round(*idx*1e4)/1e4 != want {
					t.Errorf("%s region view index = %v, want %v", code, idx, want)
				}
				p, err := RegionProfile(context.Background(), w, code, q.Level, q.Options)
				if err != nil {
					t.Fatal(err)
				}
				if idx := p.Score.Index; idx == nil || math.Round(*idx*1e4)/1e4 != want {
					t.Errorf("%s profile index = %v, want %v", code, idx, want)
				}
			}
			if len(v.Bounds) != len(tc.wantBounds) {
				t.Fatalf("bounds = %+v, want %d", v.Bounds, len(tc.wantBounds))
			}
			// Sorted by dimension: income, jobs, environment.
			if v.Bounds[0].Indicator.ID != "oecd.disposable_income_per_capita" || v.Bounds[2].Indicator.ID != "oecd.air_quality_pm2_5" {
				t.Errorf("bounds order = %s, %s, %s", v.Bounds[0].Indicator.ID, v.Bounds[1].Indicator.ID, v.Bounds[2].Indicator.ID)
			}
			for _, b := range v.Bounds {
				want := tc.wantBounds[b.Indicator.ID]
				got := [2]float64{b.Low, b.High}
				if tc.normalisation == "target" {
					got = [2]float64{b.Target}
				}
				if got != want {
					t.Errorf("%s bounds = %v, want %v", b.Indicator.ID, got, want)
				}
				if s := tc.wantBasis[b.Indicator.ID]; !strings.Contains(b.Basis, s) {
					t.Errorf("%s basis = %q, want it to contain %q", b.Indicator.ID, b.Basis, s)
				}
			}
		})
	}
}
