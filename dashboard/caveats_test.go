package dashboard

import (
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

func TestCaveatSummary(t *testing.T) {
	stale := func(period, latest string) metrics.Flag {
		return metrics.Flag{Kind: metrics.FlagStale, Indicator: "a", Period: period, Latest: latest}
	}
	status := func(s data.Status) metrics.Flag {
		return metrics.Flag{Kind: metrics.FlagStatus, Indicator: "b", Status: s}
	}
	missing := func(d string) metrics.Flag { return metrics.Flag{Kind: metrics.FlagMissingDimension, Dimension: d} }
	dims := []data.Dimension{{ID: "health", Name: "Health"}, {ID: "safety", Name: "Safety"}}
	tests := []struct {
		name  string
		flags []metrics.Flag
		want  string
	}{
		{"none", nil, ""},
		{"missing dimensions by name", []metrics.Flag{missing("health"), missing("safety")}, "no data: Health, Safety"},
		{"thin dimensions after missing ones", []metrics.Flag{{Kind: metrics.FlagThinDimension, Dimension: "health", Have: 1, Of: 6}, missing("safety")},
			"no data: Safety; few figures: Health"},
		{"a dimension the index does not name", []metrics.Flag{missing("jobs")}, "no data: jobs"},
		{"one stale, lag in years", []metrics.Flag{stale("2023", "2024")}, "1 older figure (up to 1 year)"},
		{"largest lag, by the year a period ends", []metrics.Flag{stale("2014", "2024"), stale("2021-04/2022-03", "2022-04/2023-03")},
			"2 older figures (up to 10 years)"},
		{"lag unknown", []metrics.Flag{stale("Q1", "Q2")}, "1 older figure"},
		{"all kinds, qualified in order of first appearance", []metrics.Flag{status(data.StatusProvisional), stale("2019", "2021"),
			missing("safety"), status(data.StatusEstimated), status(data.StatusEstimated), status(data.StatusProvisional)},
			"no data: Safety; 1 older figure (up to 2 years); 2 provisional; 2 estimates"},
		{"capped outliers last", []metrics.Flag{{Kind: metrics.FlagCapped, Indicator: "a"}, status(data.StatusEstimated), {Kind: metrics.FlagCapped, Indicator: "b"}},
			"1 estimate; 2 capped outliers"},
		{"one capped outlier", []metrics.Flag{{Kind: metrics.FlagCapped, Indicator: "a"}}, "1 capped outlier"},
		{"one of each wording", []metrics.Flag{status(data.StatusLowReliability), status(data.StatusBreak), status(data.StatusDefinitionDiffers)},
			"1 low reliability; 1 series break; 1 other definition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := caveatSummary(metrics.RegionScore{Flags: tt.flags}, dims); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGDPAxisIsLogarithmicOverAWideSpan(t *testing.T) {
	gaps := func(vs ...float64) []metrics.GDPGap {
		var out []metrics.GDPGap
		for _, v := range vs {
			out = append(out, metrics.GDPGap{GDPPerHead: v})
		}
		return out
	}
	tests := []struct {
		name     string
		regions  []metrics.GDPGap
		wantType string
	}{
		{"UK regions: 24,000 to 56,000", gaps(24000, 30000, 56431), "value"},
		{"districts: 15,000 to 582,000", gaps(15000, 26853, 582584), "log"},
		{"exactly five times", gaps(10000, 50000), "value"},
		{"none", nil, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := gdpAxis(tt.regions, "GDP per head")
			if a.Type != tt.wantType || (a.Type == "log") != (a.Name == "GDP per head, log scale") {
				t.Errorf("axis %q named %q, want type %q", a.Type, a.Name, tt.wantType)
			}
		})
	}
}
