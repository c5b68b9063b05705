package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// Caveat is one flag on a region's score (metrics.Flag), in words, so that a stale or qualified
// figure behind a score is said wherever the score is shown, never hidden.
type Caveat struct {
	Flag metrics.Flag
	Text string
}

// statusWords says what a publisher's qualifier means, in a sentence.
var statusWords = map[data.Status]string{
	data.StatusEstimated:         "an estimate",
	data.StatusProvisional:       "provisional",
	data.StatusLowReliability:    "of low reliability (the publisher's warning)",
	data.StatusBreak:             "after a break in the series",
	data.StatusDefinitionDiffers: "on a definition that differs from the standard one",
}

// Caveats says, for each flag on a region's score in an index, what it means, naming indicators
// and dimensions as the index does: dimensions without data first, then stale figures, then
// figures a publisher qualified.
func Caveats(rs metrics.RegionScore, idx metrics.Index) []Caveat {
	indicator := func(id string) string {
		if i := slices.IndexFunc(idx.Indicators, func(ind data.Indicator) bool { return ind.ID == id }); i >= 0 {
			return idx.Indicators[i].Name
		}
		return id
	}
	dimension := func(id string) string {
		if i := slices.IndexFunc(idx.Dimensions, func(d data.Dimension) bool { return d.ID == id }); i >= 0 {
			return idx.Dimensions[i].Name
		}
		return id
	}
	ranked := !slices.ContainsFunc(rs.Flags, func(f metrics.Flag) bool { return f.Kind == metrics.FlagLowCoverage })
	out := make([]Caveat, 0, len(rs.Flags))
	for _, f := range rs.Flags {
		var text string
		switch f.Kind {
		case metrics.FlagLowCoverage:
			text = "Too few dimensions with data for an index."
		case metrics.FlagMissingDimension:
			text = "No data for " + dimension(f.Dimension) + "."
			if ranked {
				text = "No data for " + dimension(f.Dimension) + ": the index is the weighted mean of the other dimensions, as if this one matched them."
			}
		case metrics.FlagThinDimension:
			text = fmt.Sprintf("%s rests on %d of the %d indicators the index scores in it.", dimension(f.Dimension), f.Have, f.Of)
		case metrics.FlagStale:
			text = indicator(f.Indicator) + ": the latest figure is for " + f.Period + "; other regions have figures for " + f.Latest + "."
		case metrics.FlagStatus:
			words, ok := statusWords[f.Status]
			if !ok {
				words = strings.ReplaceAll(string(f.Status), "-", " ")
			}
			text = indicator(f.Indicator) + " for " + f.Period + " is " + words + "."
		case metrics.FlagCapped:
			text = indicator(f.Indicator) + " for " + f.Period + " is an outlier among these regions: it was capped at the next value in before scoring (outliers=winsorise)."
		default:
			text = f.String()
		}
		out = append(out, Caveat{Flag: f, Text: text})
	}
	slices.SortStableFunc(out, func(a, b Caveat) int { return caveatOrder[a.Flag.Kind] - caveatOrder[b.Flag.Kind] })
	return out
}

var caveatOrder = map[metrics.FlagKind]int{
	metrics.FlagLowCoverage: 0, metrics.FlagMissingDimension: 1, metrics.FlagThinDimension: 2, metrics.FlagStale: 3, metrics.FlagStatus: 4,
	metrics.FlagCapped: 5,
}

// caveatColumns are the flags of a score as the index CSV's last five columns: the dimensions
// without data, the thin ones as dimension:have/of, the stale figures as indicator@period, the
// qualified ones as indicator:status, and the outliers capped before scoring as
// indicator@period, each space-separated.
func caveatColumns(rs metrics.RegionScore) []string {
	var missing, thin, stale, qualified, capped []string
	for _, f := range rs.Flags {
		switch f.Kind {
		case metrics.FlagMissingDimension:
			missing = append(missing, f.Dimension)
		case metrics.FlagThinDimension:
			thin = append(thin, fmt.Sprintf("%s:%d/%d", f.Dimension, f.Have, f.Of))
		case metrics.FlagStale:
			stale = append(stale, f.Indicator+"@"+f.Period)
		case metrics.FlagStatus:
			qualified = append(qualified, f.Indicator+":"+string(f.Status))
		case metrics.FlagCapped:
			capped = append(capped, f.Indicator+"@"+f.Period)
		}
	}
	return []string{strings.Join(missing, " "), strings.Join(thin, " "), strings.Join(stale, " "), strings.Join(qualified, " "), strings.Join(capped, " ")}
}
