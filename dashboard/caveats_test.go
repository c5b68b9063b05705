package dashboard

import (
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

func TestCaveatSummary(t *testing.T) {
	stale := metrics.Flag{Kind: metrics.FlagStale, Indicator: "a", Period: "2019", Latest: "2021"}
	status := func(s data.Status) metrics.Flag {
		return metrics.Flag{Kind: metrics.FlagStatus, Indicator: "b", Status: s}
	}
	missing := metrics.Flag{Kind: metrics.FlagMissingDimension, Dimension: "safety"}
	tests := []struct {
		name  string
		flags []metrics.Flag
		want  string
	}{
		{"none", nil, ""},
		{"missing dimensions show in coverage, not here", []metrics.Flag{missing}, ""},
		{"one stale", []metrics.Flag{stale}, "1 older figure"},
		{"two stale", []metrics.Flag{stale, stale}, "2 older figures"},
		{"qualified, in order of first appearance", []metrics.Flag{status(data.StatusProvisional), stale, status(data.StatusEstimated),
			status(data.StatusEstimated), status(data.StatusProvisional)}, "1 older figure, 2 provisional, 2 estimates"},
		{"one of each wording", []metrics.Flag{status(data.StatusLowReliability), status(data.StatusBreak), status(data.StatusDefinitionDiffers)},
			"1 low reliability, 1 series break, 1 other definition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := caveatSummary(metrics.RegionScore{Flags: tt.flags}); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
