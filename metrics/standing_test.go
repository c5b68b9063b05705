package metrics

import (
	"fmt"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestStandings(t *testing.T) {
	region := func(code, country string, index float64, dims map[string]float64) RegionScore {
		rs := RegionScore{Region: data.Region{Code: code, Name: code, Country: country}, Dimensions: dims}
		if index >= 0 {
			rs.Index = &index
		}
		return rs
	}
	idx := Index{Regions: []RegionScore{
		region("D", "FRA", 8, map[string]float64{"income": 5}),
		region("B", "GBR", 4, map[string]float64{"income": 3}),
		region("C", "FRA", 4, map[string]float64{"income": 3}),
		region("A", "GBR", 2, map[string]float64{"income": 1, "health": 7}),
		region("E", "GBR", -1, map[string]float64{"income": 3}),
	}}
	// overall, among the 4 indexes (2, 4, 4, 8): A (0 below + ½ × 1 equal)/4 = 12.5;
	// B (1 below + ½ × 2 equal)/4 = 50; E has no index.
	// income, among 5 scores (5, 3, 3, 1, 3): A (0 + ½)/5 = 10; B and E (1 + 3/2)/5 = 50.
	// health: A alone, (0 + ½)/1 = 50.
	want := "B overall 50 income 50; A overall 12.5 income 10 health 50; E overall - income 50"
	if got := standings(Standings(idx, "GBR")); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := Standings(idx, "USA"); got != nil {
		t.Fatalf("other country: %v", got)
	}
	// all equal: every region at 50
	equal := Index{Regions: []RegionScore{region("A", "GBR", 3, nil), region("B", "GBR", 3, nil)}}
	if got := standings(Standings(equal, "GBR")); got != "A overall 50; B overall 50" {
		t.Fatalf("all equal: %s", got)
	}
}

func standings(ss []Standing) string {
	var out []string
	for _, s := range ss {
		o := "-"
		if s.Overall != nil {
			o = fmt.Sprint(*s.Overall)
		}
		line := s.Region.Code + " overall " + o
		for _, d := range data.Dimensions {
			if p, ok := s.Dimensions[d.ID]; ok {
				line += fmt.Sprintf(" %s %g", d.ID, p)
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "; ")
}
