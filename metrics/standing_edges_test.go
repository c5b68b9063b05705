package metrics

import (
	"testing"

	"github.com/placevalue/placevalue/data"
)

// standingRegion is a region of a country with an index (none when index is negative) and
// dimension scores.
func standingRegion(code, country string, index float64, dims map[string]float64) RegionScore {
	rs := RegionScore{Region: data.Region{Code: code, Name: code, Country: country}, Dimensions: dims}
	if index >= 0 {
		rs.Index = &index
	}
	return rs
}

func TestStandingsSingleRegionAndTies(t *testing.T) {
	tests := []struct {
		name    string
		regions []RegionScore
		country string
		want    string
	}{
		// alone: (0 below + ½ × 1 equal)/1 = 50 overall and on each dimension
		{"single region", []RegionScore{
			standingRegion("A", "GBR", 6.2, map[string]float64{"income": 9.5, "health": 0}),
		}, "GBR", "A overall 50 income 50 health 50"},
		// alone and without an index: no overall standing, its dimensions still placed
		{"single region without an index", []RegionScore{
			standingRegion("A", "GBR", -1, map[string]float64{"jobs": 3}),
		}, "GBR", "A overall - jobs 50"},
		// indexes 7, 7, 7, 3: each 7 has 1 below and 3 equal, (1 + 3/2)/4 = 62.5; the 3 has
		// none below and itself equal, (0 + 1/2)/4 = 12.5
		{"three tied at the top", []RegionScore{
			standingRegion("A", "GBR", 7, nil), standingRegion("B", "GBR", 7, nil),
			standingRegion("C", "GBR", 7, nil), standingRegion("D", "GBR", 3, nil),
		}, "GBR", "A overall 62.5; B overall 62.5; C overall 62.5; D overall 12.5"},
		// indexes 8, 5, 2, 2: each 2 has none below and 2 equal, (0 + 2/2)/4 = 25; the 5 has 2
		// below, (2 + 1/2)/4 = 62.5; the 8 has 3 below, (3 + 1/2)/4 = 87.5
		{"two tied at the bottom", []RegionScore{
			standingRegion("A", "GBR", 8, nil), standingRegion("B", "GBR", 5, nil),
			standingRegion("C", "GBR", 2, nil), standingRegion("D", "GBR", 2, nil),
		}, "GBR", "A overall 87.5; B overall 62.5; C overall 25; D overall 25"},
		// GBR's B ties with FRA's F on the index (4) and with FRA's G on income (6): regions of
		// other countries count. Indexes 8, 4, 4, 1 (H has no index and is left out): B has 1
		// below and 2 equal, (1 + 1)/4 = 50. Income among 6, 6, 2 and H's 9: B has 1 below (2)
		// and 2 equal, (1 + 1)/4 = 50; A has none below, (0 + 1/2)/4 = 12.5. Health: A alone, 50.
		{"ties with regions of another country", []RegionScore{
			standingRegion("E", "FRA", 8, nil),
			standingRegion("B", "GBR", 4, map[string]float64{"income": 6}),
			standingRegion("F", "FRA", 4, map[string]float64{"income": 6}),
			standingRegion("A", "GBR", 1, map[string]float64{"income": 2, "health": 4}),
			standingRegion("H", "FRA", -1, map[string]float64{"income": 9}),
		}, "GBR", "B overall 50 income 50; A overall 12.5 income 12.5 health 50"},
		{"no regions", nil, "GBR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := standings(Standings(Index{Regions: tt.regions}, tt.country))
			if got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestStandingsMeanIsHalf: counting ties as half below, the standings of all the regions of an
// index average exactly 50 on the index and on every dimension, however many tie. Indexes 6, 6,
// 6, 2, 9 stand at 50, 50, 50, 10, 90; income scores 1, 1, 1, 1 at 50 each.
func TestStandingsMeanIsHalf(t *testing.T) {
	idx := Index{Regions: []RegionScore{
		standingRegion("A", "GBR", 6, map[string]float64{"income": 1}),
		standingRegion("B", "FRA", 6, map[string]float64{"income": 1}),
		standingRegion("C", "GBR", 6, map[string]float64{"income": 1}),
		standingRegion("D", "DEU", 2, map[string]float64{"income": 1}),
		standingRegion("E", "FRA", 9, nil),
	}}
	var overall, income []float64
	for _, country := range []string{"GBR", "FRA", "DEU"} {
		for _, s := range Standings(idx, country) {
			overall = append(overall, *s.Overall)
			if p, ok := s.Dimensions["income"]; ok {
				income = append(income, p)
			}
		}
	}
	if got := Mean(overall); len(overall) != 5 || got != 50 {
		t.Errorf("overall standings %v, mean %v; want 5 averaging 50", overall, got)
	}
	if len(income) != 4 || Mean(income) != 50 || income[0] != 50 {
		t.Errorf("income standings %v; want 4 at 50", income)
	}
	st := Standings(idx, "DEU")
	if len(st) != 1 || *st[0].Overall != 10 {
		t.Errorf("got %s, want D at (0 + 1/2)/5 = 10", standings(st))
	}
}
