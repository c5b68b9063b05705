package report

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// CountryDisparity is the gap within one country between its best-placed fifth of regions and
// its worst-placed fifth, on the index of a level.
type CountryDisparity struct {
	metrics.Disparity
	CountryName string
}

// disparities computes the gap within every country of an index that has at least
// metrics.MinDisparityRegions ranked regions, the widest gap first (then by country name).
func disparities(ctx context.Context, w *data.Warehouse, idx metrics.Index) ([]CountryDisparity, error) {
	ranked := map[string]int{}
	var countries []string
	for _, rs := range idx.Regions {
		if rs.Index == nil || rs.Region.Country == "" {
			continue
		}
		if ranked[rs.Region.Country] == 0 {
			countries = append(countries, rs.Region.Country)
		}
		ranked[rs.Region.Country]++
	}
	names, err := countryNames(ctx, w)
	if err != nil {
		return nil, err
	}
	var out []CountryDisparity
	for _, c := range countries {
		if ranked[c] < metrics.MinDisparityRegions {
			continue
		}
		d, err := metrics.CountryDisparity(idx, c)
		if err != nil {
			return nil, err
		}
		name, ok := names[c]
		if !ok {
			if name, err = CountryName(ctx, w, c); err != nil {
				return nil, err
			}
		}
		out = append(out, CountryDisparity{Disparity: d, CountryName: name})
	}
	slices.SortStableFunc(out, func(a, b CountryDisparity) int {
		return cmp.Or(cmp.Compare(b.Difference, a.Difference), cmp.Compare(a.CountryName, b.CountryName))
	})
	return out, nil
}

// countryNames names countries by ISO3 code from the warehouse's whole-country regions in one
// query; CountryName covers the rest.
func countryNames(ctx context.Context, w *data.Warehouse) (map[string]string, error) {
	countries, err := w.Regions(ctx, data.LevelOECDCountry)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(countries))
	for _, c := range countries {
		if c.Country != "" && c.Code == c.Country {
			out[c.Country] = c.Name
		}
	}
	return out, nil
}

// DisparityHeader is the header of the disparity CSV: per country, how many regions are ranked,
// how many make each fifth, the mean index of the top and the bottom fifth, their difference and
// ratio (empty when the bottom's mean is 0), and the regions of each fifth by code, best first.
var DisparityHeader = []string{"country_code", "country_name", "regions_ranked", "regions_per_fifth",
	"top_fifth_mean", "bottom_fifth_mean", "difference", "ratio", "top_fifth", "bottom_fifth"}

// WriteDisparityCSV writes the disparity within each country of an index view: exactly the
// ranking page's "Disparity within countries" table.
func WriteDisparityCSV(w io.Writer, v IndexView) error {
	c := newCSV(w, DisparityHeader...)
	for _, d := range v.Disparities {
		ratio := ""
		if d.Ratio != nil {
			ratio = Score(*d.Ratio)
		}
		c.row(Text(d.Country), Text(d.CountryName), strconv.Itoa(d.Regions), strconv.Itoa(d.Group),
			Score(d.Top), Score(d.Bottom), Score(d.Difference), ratio,
			Text(regionCodes(d.TopRegions)), Text(regionCodes(d.BottomRegions)))
	}
	return c.close()
}

func regionCodes(rs []data.Region) string {
	codes := make([]string, len(rs))
	for i, r := range rs {
		codes[i] = r.Code
	}
	return strings.Join(codes, " ")
}
