package metrics

import (
	"fmt"

	"github.com/placevalue/placevalue/data"
)

// FlagKind says what a Flag warns about.
type FlagKind string

// The kinds of flags on a region's score.
const (
	// FlagMissingDimension: the region has no score for one of the index's dimensions; its index is
	// the weighted mean of the dimensions it has, as if the missing one matched them.
	FlagMissingDimension FlagKind = "missing-dimension"
	// FlagStale: the region's value of an indicator is for an earlier period than the latest any
	// region has.
	FlagStale FlagKind = "stale"
	// FlagStatus: the region's value carries a publisher's qualifier (estimated, provisional, low
	// reliability, break in series, definition differs).
	FlagStatus FlagKind = "status"
	// FlagLowCoverage: the region has too few dimensions (Options.MinCoverage) to be given an index.
	FlagLowCoverage FlagKind = "low-coverage"
	// FlagThinDimension: the region's score on a dimension rests on fewer than half of the
	// indicators the index scores in it (Scottish districts' education on one of six, where the
	// others are published for England only).
	FlagThinDimension FlagKind = "thin-dimension"
	// FlagCapped: the region's value of an indicator was an outlier, capped at the next value in
	// before scoring (Options.Outliers).
	FlagCapped FlagKind = "capped"
)

// Flag is one caveat on a region's score.
type Flag struct {
	Kind      FlagKind
	Dimension string      // FlagMissingDimension, FlagThinDimension
	Have, Of  int         // FlagThinDimension: the region's indicators of the dimension, and the index's
	Indicator string      // FlagStale, FlagStatus, FlagCapped
	Period    string      // FlagStale, FlagStatus, FlagCapped: the period of the region's value
	Latest    string      // FlagStale: the latest period of the indicator among the regions
	Status    data.Status // FlagStatus
}

// String says what the flag means, for people.
func (f Flag) String() string {
	switch f.Kind {
	case FlagMissingDimension:
		return fmt.Sprintf("no data for %s", f.Dimension)
	case FlagStale:
		return fmt.Sprintf("%s is for %s; other regions have %s", f.Indicator, f.Period, f.Latest)
	case FlagStatus:
		return fmt.Sprintf("%s for %s is %s", f.Indicator, f.Period, f.Status)
	case FlagLowCoverage:
		return "too few dimensions with data for an index"
	case FlagThinDimension:
		return fmt.Sprintf("%s rests on %d of %d indicators", f.Dimension, f.Have, f.Of)
	case FlagCapped:
		return fmt.Sprintf("%s for %s is an outlier, capped before scoring", f.Indicator, f.Period)
	}
	return string(f.Kind)
}

// qualified reports whether a status with a value deserves a flag; revised figures are the
// publisher's best and need none.
func qualified(s data.Status) bool {
	switch s {
	case "", data.StatusPublished, data.StatusRevised:
		return false
	}
	return s.HasValue()
}
