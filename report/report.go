// Package report builds the tables placevalue shows — rankings, region profiles, observation
// listings — from the warehouse and the metrics, and writes them as CSV. The command line's export
// and the dashboard's downloads both come from here, so they are the same by construction.
package report

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// Comparator is the indicator kept beside the index, never inside it: GDP per head.
const Comparator = "ons.gdp_per_head"

// ErrNotFound is returned for a region or level that the warehouse does not hold.
var ErrNotFound = errors.New("not found")

// Ranking computes the index of the regions of one ranking level.
func Ranking(ctx context.Context, w *data.Warehouse, level data.Level, opt metrics.Options) (metrics.Index, error) {
	in, err := indexInput(ctx, w, level)
	if err != nil {
		return metrics.Index{}, err
	}
	opt, _, err = withBounds(ctx, w, level, in.Indicators, opt)
	if err != nil {
		return metrics.Index{}, err
	}
	return metrics.ComputeIndex(in, opt), nil
}

// indexInput gathers the regions of a ranking level, the indicators, and each region's latest
// value of each indicator.
func indexInput(ctx context.Context, w *data.Warehouse, level data.Level) (metrics.Input, error) {
	members := level.Members()
	regions, err := w.Regions(ctx, members...)
	if err != nil {
		return metrics.Input{}, err
	}
	indicators, err := w.Indicators(ctx)
	if err != nil {
		return metrics.Input{}, err
	}
	latest, err := w.LatestValues(ctx, members...)
	if err != nil {
		return metrics.Input{}, err
	}
	values := make([]metrics.Value, 0, len(latest))
	for _, o := range latest {
		values = append(values, metrics.Value{Region: o.Region, Indicator: o.Indicator, Period: o.Period, Value: *o.Value, Status: o.Status})
	}
	if level == data.LevelLAD {
		if values, err = withAreaComparator(ctx, w, regions, values); err != nil {
			return metrics.Input{}, err
		}
	}
	return metrics.Input{Regions: regions, Indicators: indicators, Values: values, Comparator: Comparator}, nil
}

// withAreaComparator gives each district without GDP per head of its own the GDP per head of the
// ITL3 area it lies in (data.Geography.ITL3Of): the ONS publishes GDP per head down to ITL3 areas,
// groups of whole districts, so every district of an area shares its figure. A district that
// straddles two areas gets none.
func withAreaComparator(ctx context.Context, w *data.Warehouse, districts []data.Region, values []metrics.Value) ([]metrics.Value, error) {
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	areas, err := w.LatestValuesOf(ctx, Comparator, data.LevelITL3)
	if err != nil {
		return nil, err
	}
	byArea := make(map[string]data.Observation, len(areas))
	for _, o := range areas {
		byArea[o.Region] = o
	}
	own := map[string]bool{}
	for _, v := range values {
		if v.Indicator == Comparator {
			own[v.Region] = true
		}
	}
	for _, d := range districts {
		area, ok := geo.ITL3Of(d.Code)
		o, published := byArea[area]
		if !ok || !published || own[d.Code] {
			continue
		}
		values = append(values, metrics.Value{Region: d.Code, Indicator: Comparator, Period: o.Period, Value: *o.Value, Status: o.Status})
	}
	return values, nil
}

// Ranked is the part of an index that has an index value, in rank order.
func Ranked(idx metrics.Index) []metrics.RegionScore {
	var out []metrics.RegionScore
	for _, r := range idx.Regions {
		if r.Index != nil {
			out = append(out, r)
		}
	}
	return out
}

// Unranked lists the regions that have some data but too little for an index.
func Unranked(idx metrics.Index) []metrics.RegionScore {
	var out []metrics.RegionScore
	for _, r := range idx.Regions {
		if r.Index == nil && len(r.Dimensions) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Profile is one region's dimension scores beside the average of its country's regions at the same
// level.
type Profile struct {
	Region     data.Region
	Level      data.Level
	Score      metrics.RegionScore
	Dimensions []data.Dimension // the index's dimensions, in order
	Average    map[string]float64
	// AverageOf names what Average is the mean of, e.g. "average of United Kingdom regions".
	AverageOf string
	RankedOf  int // how many regions the level ranks
}

// RankingLevelOf is the ranking level a region is shown in by default.
func RankingLevelOf(r data.Region) (data.Level, bool) {
	for _, l := range data.RankingLevels {
		if slices.Contains(l.Members(), r.Level) && (l != data.LevelOECDTL2 || r.Level == data.LevelOECDTL2) {
			return l, true
		}
	}
	return "", false
}

// RegionProfile computes a region's profile within a ranking level ("" for its default level).
func RegionProfile(ctx context.Context, w *data.Warehouse, code string, level data.Level, opt metrics.Options) (Profile, error) {
	r, level, err := regionAt(ctx, w, code, level)
	if err != nil {
		return Profile{}, err
	}
	if opt.Framework != nil {
		if err := CheckFrameworkLevel(opt.Framework, level); err != nil {
			return Profile{}, err
		}
	}
	idx, err := Ranking(ctx, w, level, opt)
	if err != nil {
		return Profile{}, err
	}
	return profileIn(ctx, w, r, level, idx)
}

// regionAt finds a region and the ranking level to show it in: the level asked for, or its
// default level when that is "". A region that is not in the warehouse, or not in the level, is
// ErrNotFound.
func regionAt(ctx context.Context, w *data.Warehouse, code string, level data.Level) (data.Region, data.Level, error) {
	r, ok, err := w.Region(ctx, code)
	if err != nil {
		return data.Region{}, "", err
	}
	if !ok {
		return data.Region{}, "", fmt.Errorf("region %q: %w", code, ErrNotFound)
	}
	if level == "" {
		if level, ok = RankingLevelOf(r); !ok {
			return data.Region{}, "", fmt.Errorf("region %s is a %s, which is not ranked: %w", code, r.Level, ErrNotFound)
		}
	}
	if !slices.Contains(level.Members(), r.Level) {
		return data.Region{}, "", fmt.Errorf("region %s is not in level %s: %w", code, level, ErrNotFound)
	}
	return r, level, nil
}

// profileIn is a region's profile in an index of its level.
func profileIn(ctx context.Context, w *data.Warehouse, r data.Region, level data.Level, idx metrics.Index) (Profile, error) {
	p := Profile{Region: r, Level: level, Dimensions: idx.Dimensions, RankedOf: len(Ranked(idx))}
	for _, rs := range idx.Regions {
		if rs.Region.Code == r.Code {
			p.Score = rs
		}
	}
	p.Average = metrics.CountryAverage(idx, r.Country)
	country, err := CountryName(ctx, w, r.Country)
	if err != nil {
		return Profile{}, err
	}
	places := "regions"
	if level == data.LevelLAD {
		places = "local authorities"
	}
	p.AverageOf = "average of " + country + " " + places
	return p, nil
}

// CountryName is the name of a country given by its ISO 3166-1 alpha-3 code: the name of the
// warehouse's oecd-country region with that code (the OECD files name every country), else of
// the warehouse's whole-country region for it (the United Kingdom is stored under the ITL code
// UK, with country GBR), else the name the UK geography gives the code, else the code itself.
func CountryName(ctx context.Context, w *data.Warehouse, iso3 string) (string, error) {
	if iso3 == "" {
		return "", nil
	}
	r, ok, err := w.Region(ctx, iso3)
	if err != nil {
		return "", err
	}
	if ok && r.Level == data.LevelOECDCountry {
		return r.Name, nil
	}
	countries, err := w.Regions(ctx, data.LevelOECDCountry, data.LevelUK)
	if err != nil {
		return "", err
	}
	for _, c := range countries {
		if c.Country == iso3 {
			return c.Name, nil
		}
	}
	if geo, err := data.UKGeography(); err == nil {
		if c, ok := geo.Canonical(iso3); ok && c.Level == data.LevelUK {
			return c.Name, nil
		}
	}
	return iso3, nil
}

// Round is the precision of scores in charts and CSV alike: three decimals on a 0–10 scale.
func Round(v float64) float64 { return math.Round(v*1000) / 1000 }
