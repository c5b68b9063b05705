package dashboard

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// hostileName is a region name as a spreadsheet could carry it: if any page wrote it as markup,
// the browser would run alert(1).
const hostileName = `</script><img src=x onerror=alert(1)>`

// hostileCode is the code of the region named hostileName: an ITL1-level region, so that it is
// ranked beside the real ones.
const hostileCode = "TLQ"

// oecdIndicators are shaped like the OECD Regional Well-Being file's: one or two per dimension,
// with the direction that is better, and population as context that is never scored.
var oecdIndicators = []data.Indicator{
	{ID: "oecd.disposable_income_per_capita", Name: "Household disposable income per capita", Dimension: "income", Unit: "USD PPP", Direction: data.HigherIsBetter},
	{ID: "oecd.employment_rate", Name: "Employment rate", Dimension: "jobs", Unit: "%", Direction: data.HigherIsBetter},
	{ID: "oecd.unemployment_rate", Name: "Unemployment rate", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter},
	{ID: "oecd.number_of_rooms_per_capita", Name: "Number of rooms per person", Dimension: "housing", Unit: "ratio", Direction: data.HigherIsBetter},
	{ID: "oecd.population_with_at_least_secondary_education", Name: "Labour force with at least secondary education", Dimension: "education", Unit: "%", Direction: data.HigherIsBetter},
	{ID: "oecd.life_expectancy", Name: "Life expectancy at birth", Dimension: "health", Unit: "years", Direction: data.HigherIsBetter},
	{ID: "oecd.mortality_rate", Name: "Age adjusted mortality rate", Dimension: "health", Unit: "per 1 000 people", Direction: data.LowerIsBetter},
	{ID: "oecd.air_quality_pm2_5", Name: "Air pollution, level of PM2.5", Dimension: "environment", Unit: "µg/m³", Direction: data.LowerIsBetter},
	{ID: "oecd.homicide_rate", Name: "Homicide rate", Dimension: "safety", Unit: "per 100 000 people", Direction: data.LowerIsBetter},
	{ID: "oecd.voter_turnout", Name: "Voter turnout", Dimension: "civic_engagement", Unit: "%", Direction: data.HigherIsBetter},
	{ID: "oecd.households_broadband_access", Name: "Households with broadband access", Dimension: "access_to_services", Unit: "%", Direction: data.HigherIsBetter},
	{ID: "oecd.perceived_social_network_support", Name: "Perceived social network support", Dimension: "community", Unit: "%", Direction: data.HigherIsBetter},
	{ID: "oecd.life_satisfaction", Name: "Life satisfaction", Dimension: "life_satisfaction", Unit: "index 0 to 10", Direction: data.HigherIsBetter},
	{ID: "oecd.population", Name: "Population", Unit: "persons", Direction: data.Neutral},
}

type oecdRow struct {
	region  data.Region
	values  []float64 // in oecdIndicators order
	missing []int     // positions published as "N/A", whose values are ignored
}

func uk(code, name string) data.Region {
	return data.Region{Code: code, Name: name, Level: data.LevelITL1, Parent: "UK", Country: "GBR"}
}

func tl2(code, name, country string) data.Region {
	return data.Region{Code: code, Name: name, Level: data.LevelOECDTL2, Country: country}
}

// oecdRows: UK regions with the OECD's names (the warehouse keeps the canonical ITL names),
// the hostile region, and a few TL2 regions elsewhere. Northern Ireland has data for three
// dimensions only, too few for a rank.
var oecdRows = []oecdRow{
	{uk("TLC", "North East England"), []float64{21500, 70.1, 5.9, 2.3, 81.0, 79.4, 10.9, 7.0, 1.0, 64.3, 92, 92.5, 6.7, 2647000}, nil},
	{uk("TLD", "North West England"), []float64{22800, 72.9, 4.3, 2.3, 80.2, 79.6, 10.6, 8.1, 1.1, 65.0, 93, 93.1, 6.8, 7417000}, nil},
	{uk("TLE", "Yorkshire and the Humber"), []float64{22000, 72.5, 4.6, 2.3, 79.5, 80.0, 10.3, 8.0, 0.9, 64.8, 93, 93.0, 6.8, 5481000}, nil},
	{uk("TLF", "East Midlands"), []float64{22700, 74.3, 4.0, 2.4, 79.9, 80.6, 9.9, 8.3, 0.8, 67.3, 93, 93.4, 6.9, 4880000}, nil},
	{uk("TLG", "West Midlands"), []float64{22300, 72.2, 5.3, 2.3, 78.1, 80.1, 10.4, 8.6, 1.1, 64.7, 93, 92.4, 6.8, 5950000}, nil},
	{uk("TLH", "East of England"), []float64{26600, 76.9, 3.5, 2.5, 81.8, 81.7, 9.0, 8.9, 0.7, 69.9, 95, 94.2, 7.0, 6335000}, nil},
	{uk("TLI", "Greater London"), []float64{33500, 74.9, 5.2, 2.0, 87.6, 82.1, 8.8, 10.9, 1.4, 67.8, 96, 91.2, 6.8, 8797000}, nil},
	{uk("TLJ", "South East England"), []float64{29900, 77.5, 3.4, 2.5, 84.5, 82.2, 8.7, 8.4, 0.7, 70.6, 96, 94.6, 7.0, 9278000}, nil},
	{uk("TLK", "South West England"), []float64{26300, 77.4, 3.2, 2.5, 83.3, 82.3, 8.6, 6.5, 0.6, 71.1, 94, 94.9, 7.1, 5712000}, nil},
	{uk("TLL", "Wales"), []float64{20900, 72.4, 3.9, 2.5, 80.8, 80.2, 10.2, 6.3, 0.8, 66.6, 92, 94.0, 6.9, 3107000}, nil},
	{uk("TLM", "Scotland"), []float64{24100, 73.6, 3.6, 2.4, 88.9, 78.9, 11.2, 5.4, 1.0, 63.8, 93, 93.3, 6.9, 5436000}, nil},
	{uk("TLN", "Northern Ireland"), []float64{20800, 71.5, 0, 0, 0, 80.6, 0, 0, 0, 0, 0, 0, 0, 1904000}, []int{2, 3, 4, 6, 7, 8, 9, 10, 11, 12}},
	{uk(hostileCode, hostileName), []float64{23000, 73.0, 4.5, 2.4, 82.0, 80.5, 10.0, 7.5, 0.9, 66.0, 94, 93.5, 6.9, 1000000}, nil},
	{tl2("FR10", "Île-de-France", "FRA"), []float64{30500, 70.1, 7.6, 1.9, 84.0, 84.0, 7.6, 11.8, 1.3, 74.0, 91, 90.5, 6.6, 12317000}, nil},
	{tl2("DE30", "Berlin", "DEU"), []float64{26900, 73.8, 5.6, 1.9, 87.0, 81.3, 9.4, 13.1, 1.0, 75.6, 92, 90.8, 7.0, 3755000}, nil},
	{tl2("NL32", "Noord-Holland", "NLD"), []float64{31000, 80.0, 3.5, 2.6, 84.2, 82.4, 8.1, 9.4, 0.8, 80.1, 98, 92.9, 7.5, 2952000}, nil},
	{tl2("CL06", "Libertador General Bernardo O'Higgins", "CHL"), []float64{11300, 60.2, 7.9, 1.4, 55.0, 79.8, 10.8, 25.0, 3.5, 48.0, 65, 82.0, 6.3, 991000}, nil},
	// A whole country, as the OECD file has them: its name is what "average of France regions" names.
	{data.Region{Code: "FRA", Name: "France", Level: data.LevelOECDCountry, Country: "FRA"}, []float64{28000, 68.0, 7.3, 1.9, 82.0, 82.5, 8.5, 11.0, 1.2, 74.0, 90, 90.0, 6.6, 68000000}, nil},
	// go-echarts' templates would turn this string into code; here it must stay a string.
	{tl2("ZZ01", "__f__function(){alert(2)}", "ZZZ"), []float64{18000, 65.0, 6.0, 1.8, 70.0, 78.0, 11.0, 15.0, 2.0, 55.0, 85, 88.0, 6.5, 500000}, nil},
}

func oecdBatch() *data.Batch {
	const file = "OECD-Regional-Well-Being-Data-File_2025.xlsx"
	b := &data.Batch{
		Source: data.Source{Publication: "oecd-regional-wellbeing", Publisher: "OECD", Title: "OECD Regional Well-Being",
			FileName: file, SHA256: "test-oecd", Vintage: "2025", Licence: "CC BY 4.0"},
		Indicators: slices.Clone(oecdIndicators),
	}
	for i := range b.Indicators {
		b.Indicators[i].Source = "oecd-regional-wellbeing"
	}
	for r, row := range oecdRows {
		b.Regions = append(b.Regions, row.region)
		for k, ind := range oecdIndicators {
			o := data.Observation{Region: row.region.Code, Indicator: ind.ID, Period: "2022", Status: data.StatusPublished,
				Cell: data.Cell{File: file, Sheet: "Indicator_Last", Ref: fmt.Sprintf("%c%d", 'E'+k, 9+r)}}
			if slices.Contains(row.missing, k) {
				o.Status = data.StatusNotAvailable
			} else {
				o.Value = data.Float(row.values[k])
			}
			b.Observations = append(b.Observations, o)
		}
	}
	return b
}

// gdpBatch is GDP per head from the ONS regional accounts: the comparator, never in the index.
func gdpBatch() *data.Batch {
	const file = "regionalgrossdomesticproductgdpallitlregions.xlsx"
	gdp := map[string]float64{"TLC": 23995, "TLD": 29172, "TLE": 27218, "TLF": 27099, "TLG": 28106, "TLH": 30751,
		"TLI": 56431, "TLJ": 35134, "TLK": 29282, "TLL": 24557, "TLM": 31980, "TLN": 26894, hostileCode: 30000.5}
	b := &data.Batch{
		Source: data.Source{Publication: "ons-regional-gdp", Publisher: "ONS", Title: "Regional gross domestic product: all ITL regions",
			FileName: file, SHA256: "test-ons-gdp", Vintage: "2023-04-25", Licence: "Open Government Licence v3.0"},
		Indicators: []data.Indicator{{ID: "ons.gdp_per_head", Name: "GDP per head", Unit: "£", Direction: data.Neutral, Source: "ons-regional-gdp"}},
	}
	for i, row := range oecdRows {
		v, ok := gdp[row.region.Code]
		if !ok {
			continue
		}
		b.Regions = append(b.Regions, row.region)
		b.Observations = append(b.Observations, data.Observation{Region: row.region.Code, Indicator: "ons.gdp_per_head",
			Period: "2021", Value: data.Float(v), Status: data.StatusPublished,
			Cell: data.Cell{File: file, Sheet: "Table 7", Ref: fmt.Sprintf("AA%d", 3+i)}})
	}
	// The ITL3 area of Hartlepool, whose districts are set beside its figure; 2021 is provisional.
	b.Regions = append(b.Regions, data.Region{Code: "TLC11", Name: "Hartlepool and Stockton-on-Tees", Level: data.LevelITL3, Country: "GBR"})
	b.Observations = append(b.Observations, data.Observation{Region: "TLC11", Indicator: "ons.gdp_per_head",
		Period: "2021", Value: data.Float(26853), Status: data.StatusProvisional, Cell: data.Cell{File: file, Sheet: "Table 7", Ref: "AA7"}})
	return b
}

// ladIndicators are shaped like the ONS subnational indicators' metrics.
func ladIndicators() []data.Indicator {
	inds := []data.Indicator{
		{ID: "ons.gdhi_per_head", Name: "Gross disposable household income per head", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter},
		{ID: "ons_sni.employment_rate", Name: "Employment rate, 16-64", Dimension: "jobs", Unit: "%", Direction: data.HigherIsBetter},
		{ID: "ons_sni.female_hle", Name: "Female healthy life expectancy", Dimension: "health", Unit: "years", Direction: data.HigherIsBetter},
		{ID: "ons_sni.broadband_availability", Name: "Gigabit-capable broadband availability", Dimension: "access_to_services", Unit: "% of premises", Direction: data.HigherIsBetter},
		{ID: "ons_sni.life_satisfaction", Name: "Life satisfaction", Dimension: "life_satisfaction", Unit: "mean score 0-10", Direction: data.HigherIsBetter},
	}
	for i := range inds {
		inds[i].Source = "ons-subnational-indicators"
	}
	return inds
}

// ladIntervals are half the widths of the 95% confidence intervals published with the
// survey-based metrics.
var ladIntervals = map[string]float64{"ons_sni.employment_rate": 4.5, "ons_sni.female_hle": 2.2, "ons_sni.life_satisfaction": 0.2}

// ladBatch is shaped like the ONS subnational indicators: local authorities, a few metrics.
// Belfast has two of five dimensions, too few for a rank; Allerdale was replaced in 2023.
func ladBatch() *data.Batch {
	const file = "subnatindicators_ninth_release_2024-03.xlsx"
	inds := ladIndicators()
	rows := []struct {
		code   string
		values []float64
		has    []bool // nil when every value is published; false marks a suppressed cell
	}{
		{"E06000001", []float64{17200, 67.5, 58.1, 91.0, 7.3}, nil},
		{"E07000178", []float64{24800, 76.0, 66.0, 80.2, 7.5}, nil},
		{"E08000003", []float64{17900, 70.1, 58.4, 88.7, 7.2}, nil},
		{"N09000003", []float64{19500, 0, 0, 0, 7.4}, []bool{true, false, false, false, true}},
		{"S12000036", []float64{25100, 76.9, 65.2, 70.9, 7.6}, nil},
		{"W06000015", []float64{19300, 71.9, 60.8, 67.4, 7.4}, nil},
		// Allerdale, replaced by Cumberland in 2023: stored, never ranked.
		{"E07000026", []float64{18800, 74.2, 60.1, 60.5, 7.2}, nil},
	}
	b := &data.Batch{
		Source: data.Source{Publication: "ons-subnational-indicators", Publisher: "ONS", Title: "Subnational indicators explorer",
			FileName: file, SHA256: "test-ons-subnational", Vintage: "2024-03-21", Licence: "Open Government Licence v3.0"},
		Indicators: inds,
	}
	for r, row := range rows {
		b.Regions = append(b.Regions, data.Region{Code: row.code, Name: row.code, Level: data.LevelLAD})
		for k, ind := range inds {
			o := data.Observation{Region: row.code, Indicator: ind.ID, Period: "2022-04/2023-03", Status: data.StatusPublished,
				Cell: data.Cell{File: file, Sheet: ind.Name, Ref: fmt.Sprintf("G%d", 12+r)}}
			if row.has != nil && !row.has[k] {
				o.Status = data.StatusSuppressed
			} else {
				o.Value = data.Float(row.values[k])
				if h, ok := ladIntervals[ind.ID]; ok {
					o.Lower, o.Upper = data.Float(row.values[k]-h), data.Float(row.values[k]+h)
				}
			}
			b.Observations = append(b.Observations, o)
		}
	}
	return b
}

// ladEarlierBatch is an earlier release of the subnational indicators, a year before ladBatch's,
// for Hartlepool only: the trends of its region page, against ladBatch's figures, are
//
//	income 16,500 → 17,200, no intervals: ↑ better, not significant
//	jobs 57.0 (52.5–61.5) → 67.5 (63.0–72.0): ↑ better, significant (61.5 < 63.0)
//	health 59.0 (56.8–61.2) → 58.1 (55.9–60.3): ↓ worse, the intervals overlap
//	life satisfaction 7.3 (7.1–7.5) → 7.3 (7.1–7.5): unchanged
//
// and its gigabit figure, suppressed here, has one period only: no trend.
func ladEarlierBatch() *data.Batch {
	const file = "subnatindicators_eighth_release.xlsx"
	inds := ladIndicators()
	b := &data.Batch{
		Source: data.Source{Publication: "ons-subnational-indicators", Publisher: "ONS", Title: "Subnational indicators explorer",
			FileName: file, SHA256: "test-ons-subnational-earlier", Vintage: "2023-03-01", Licence: "Open Government Licence v3.0"},
		Indicators: inds,
		Regions:    []data.Region{{Code: "E06000001", Name: "Hartlepool", Level: data.LevelLAD}},
	}
	for k, v := range []float64{16500, 57.0, 59.0, 0, 7.3} {
		ind := inds[k]
		o := data.Observation{Region: "E06000001", Indicator: ind.ID, Period: "2021-04/2022-03", Status: data.StatusPublished,
			Cell: data.Cell{File: file, Sheet: ind.Name, Ref: "G12"}}
		if ind.ID == "ons_sni.broadband_availability" {
			o.Status = data.StatusSuppressed
		} else {
			o.Value = data.Float(v)
			if h, ok := ladIntervals[ind.ID]; ok {
				o.Lower, o.Upper = data.Float(v-h), data.Float(v+h)
			}
		}
		b.Observations = append(b.Observations, o)
	}
	return b
}

// mustWarehouse fills a new DuckDB file with the test batches and opens it read-only, as the
// server does.
func mustWarehouse(tb testing.TB) *data.Warehouse {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "placevalue.duckdb")
	w, err := data.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range []*data.Batch{oecdBatch(), gdpBatch(), ladBatch(), ladEarlierBatch()} {
		if _, err := w.Load(ctx, b); err != nil {
			w.Close()
			tb.Fatalf("load %s: %v", b.Source.FileName, err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	ro, err := data.OpenReadOnly(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ro.Close() })
	return ro
}
