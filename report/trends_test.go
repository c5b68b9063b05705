package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

// trendIndicators are shaped like the ONS Subnational Indicators: most with published 95%
// confidence intervals, some lower-is-better, and population as context.
var trendIndicators = []data.Indicator{
	{ID: "t.gdhi", Name: "Disposable income per head", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter},
	{ID: "t.employment", Name: "Employment rate", Dimension: "jobs", Unit: "%", Direction: data.HigherIsBetter},
	{ID: "t.unemployment", Name: "Unemployment rate", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter},
	{ID: "t.gigabit", Name: "Gigabit broadband", Dimension: "access_to_services", Unit: "% of premises", Direction: data.HigherIsBetter},
	{ID: "t.anxiety", Name: "Anxiety", Dimension: "life_satisfaction", Unit: "mean 0-10", Direction: data.LowerIsBetter},
	{ID: "t.satisfaction", Name: "Life satisfaction", Dimension: "life_satisfaction", Unit: "mean 0-10", Direction: data.HigherIsBetter},
	{ID: "t.population", Name: "Population", Unit: "persons", Direction: data.Neutral},
	{ID: "t.gdp", Name: "GDP per head", Unit: "£", Direction: data.HigherIsBetter},
}

// at is an observation of region E06000001; ci is its published interval, none when empty.
func at(indicator, period string, v float64, ci ...float64) data.Observation {
	o := data.Observation{Region: "E06000001", Indicator: indicator, Period: period, Value: data.Float(v),
		Status: data.StatusPublished, Cell: data.Cell{File: "sni.xlsx", Sheet: indicator, Ref: "G17"}}
	if len(ci) == 2 {
		o.Lower, o.Upper = data.Float(ci[0]), data.Float(ci[1])
	}
	return o
}

const (
	noteOverlap = "confidence intervals overlap: the change may be noise, not significant"
	noteNoCI    = "no confidence interval published for both periods, so significance is not tested (a full count, such as Ofcom's of every premises, has no sampling error; a survey estimate may be noise)"
	noteApart   = "confidence intervals do not overlap"
)

// trendWant is what a trend row says, worked out by hand.
type trendWant struct {
	From, To      string
	Before, After float64
	Change        string // at the published precision
	Arrow         string
	ForWellbeing  string
	Significant   bool
	Note          string
}

const noteBreak = "the publisher marks a break in the series or another definition between the two: not comparable, not significant"

func withStatus(o data.Observation, s data.Status) data.Observation {
	o.Status = s
	return o
}

func TestTrends(t *testing.T) {
	tests := []struct {
		name    string
		history []data.Observation
		want    *trendWant // nil: left out
	}{
		{
			// 7.29 (7.08–7.50) → 7.50 (7.30–7.70): 7.50 ≥ 7.30, the intervals share 7.30–7.50.
			name:    "intervals overlap",
			history: []data.Observation{at("t.satisfaction", "2021-04/2022-03", 7.29, 7.08, 7.5), at("t.satisfaction", "2022-04/2023-03", 7.5, 7.3, 7.7)},
			want:    &trendWant{"2021-04/2022-03", "2022-04/2023-03", 7.29, 7.5, "0.21", metrics.ArrowUp, ForWellbeingBetter, false, noteOverlap},
		},
		{
			// 60.0 (57.0–63.0) → 67.5 (64.0–71.0): 63.0 < 64.0, apart.
			name:    "intervals apart: significant",
			history: []data.Observation{at("t.employment", "2021-10/2022-09", 60, 57, 63), at("t.employment", "2022-10/2023-09", 67.5, 64, 71)},
			want:    &trendWant{"2021-10/2022-09", "2022-10/2023-09", 60, 67.5, "7.5", metrics.ArrowUp, ForWellbeingBetter, true, noteApart},
		},
		{
			name:    "no intervals published",
			history: []data.Observation{at("t.gdhi", "2020", 16500), at("t.gdhi", "2021", 16934)},
			want:    &trendWant{"2020", "2021", 16500, 16934, "434", metrics.ArrowUp, ForWellbeingBetter, false, noteNoCI},
		},
		{
			// One period has an interval, the other not: nothing to compare it with.
			name:    "interval for one period only",
			history: []data.Observation{at("t.gdhi", "2020", 17000, 16000, 18000), at("t.gdhi", "2021", 16934)},
			want:    &trendWant{"2020", "2021", 17000, 16934, "-66", metrics.ArrowDown, ForWellbeingWorse, false, noteNoCI},
		},
		{
			// Lower is better: unemployment 6.1 → 4.6 is a fall, and better; 5.0–7.2 and 3.2–6.0 overlap.
			name:    "lower is better, falling",
			history: []data.Observation{at("t.unemployment", "2021-10/2022-09", 6.1, 5.0, 7.2), at("t.unemployment", "2022-10/2023-09", 4.6, 3.2, 6.0)},
			want:    &trendWant{"2021-10/2022-09", "2022-10/2023-09", 6.1, 4.6, "-1.5", metrics.ArrowDown, ForWellbeingBetter, false, noteOverlap},
		},
		{
			// Lower is better: anxiety 2.61 (2.35–2.87) → 3.48 (3.04–3.92) is a rise, worse, and
			// significant: 2.87 < 3.04.
			name:    "lower is better, rising significantly",
			history: []data.Observation{at("t.anxiety", "2020-04/2021-03", 2.61, 2.35, 2.87), at("t.anxiety", "2022-04/2023-03", 3.48, 3.04, 3.92)},
			want:    &trendWant{"2020-04/2021-03", "2022-04/2023-03", 2.61, 3.48, "0.87", metrics.ArrowUp, ForWellbeingWorse, true, noteApart},
		},
		{
			// Neither better higher nor lower: context, left out.
			name:    "neutral indicator",
			history: []data.Observation{at("t.population", "2016", 92000), at("t.population", "2021", 92300)},
		},
		{
			// More is better for GDP per head, but it is the comparator, outside every well-being
			// dimension: its moves say nothing about well-being.
			name:    "outside every dimension",
			history: []data.Observation{at("t.gdp", "2020", 30000), at("t.gdp", "2021", 29000.5)},
			want:    &trendWant{"2020", "2021", 30000, 29000.5, "-999.5", metrics.ArrowDown, ForWellbeingNone, false, noteNoCI},
		},
		{
			// Ofcom's 2019 "superfast" column counted one speed band only: the publisher's
			// definition differs, so the jump is the change of measure, not of the place.
			name:    "definition differs",
			history: []data.Observation{withStatus(at("t.gigabit", "2019", 12.9), data.StatusDefinitionDiffers), at("t.gigabit", "2021-05", 95.7)},
			want:    &trendWant{"2019", "2021-05", 12.9, 95.7, "82.8", metrics.ArrowUp, ForWellbeingNotComparable, false, noteBreak},
		},
		{
			name:    "break in series, later",
			history: []data.Observation{at("t.gdhi", "2020", 16500), withStatus(at("t.gdhi", "2021", 16934), data.StatusBreak)},
			want:    &trendWant{"2020", "2021", 16500, 16934, "434", metrics.ArrowUp, ForWellbeingNotComparable, false, noteBreak},
		},
		{
			name:    "unchanged",
			history: []data.Observation{at("t.satisfaction", "2021", 7.3, 7.1, 7.5), at("t.satisfaction", "2022", 7.3, 7.1, 7.5)},
			want:    &trendWant{"2021", "2022", 7.3, 7.3, "0.0", metrics.ArrowUnchanged, ForWellbeingUnchanged, false, noteOverlap},
		},
		{
			// The earliest and the latest period, in whatever order they come; the middle is not compared.
			name: "three periods, out of order",
			history: []data.Observation{at("t.gdhi", "2021", 16934), at("t.gdhi", "2019", 15800.5),
				at("t.gdhi", "2020", 99999)},
			want: &trendWant{"2019", "2021", 15800.5, 16934, "1133.5", metrics.ArrowUp, ForWellbeingBetter, false, noteNoCI},
		},
		{
			// A later period published without a number does not end the series.
			name: "latest period without a value",
			history: []data.Observation{at("t.gdhi", "2020", 16500), at("t.gdhi", "2021", 16934),
				{Region: "E06000001", Indicator: "t.gdhi", Period: "2022", Status: data.StatusSuppressed}},
			want: &trendWant{"2020", "2021", 16500, 16934, "434", metrics.ArrowUp, ForWellbeingBetter, false, noteNoCI},
		},
		{
			name:    "one period only: left out",
			history: []data.Observation{at("t.gigabit", "2023-09", 91.4)},
		},
		{
			name: "one period with a value: left out",
			history: []data.Observation{at("t.gigabit", "2023-09", 91.4),
				{Region: "E06000001", Indicator: "t.gigabit", Period: "2022-09", Status: data.StatusNotAvailable}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Trends(tt.history, trendIndicators)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(got) != 0 {
					t.Fatalf("trends = %+v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d trends, want 1: %+v", len(got), got)
			}
			g := got[0]
			have := trendWant{g.Trend.From, g.Trend.To, g.Trend.Before, g.Trend.After, Change(g.Trend), g.Trend.Arrow,
				g.ForWellbeing, g.Trend.Significant, g.Trend.Note}
			if diff := cmp.Diff(*tt.want, have); diff != "" {
				t.Errorf("trend (-want +got):\n%s", diff)
			}
			if g.Indicator.ID != tt.history[0].Indicator || g.Indicator.Name == "" || g.Earlier.Period != tt.want.From || g.Later.Period != tt.want.To {
				t.Errorf("trend is of %+v, comparing %s with %s", g.Indicator, g.Earlier.Period, g.Later.Period)
			}
		})
	}
}

// TestTrendsOrder checks the order of a region's trends: by dimension in the OECD's order, then
// by indicator name; indicators outside every dimension last.
func TestTrendsOrder(t *testing.T) {
	history := []data.Observation{
		at("t.population", "2016", 92000), at("t.population", "2021", 92300),
		at("t.satisfaction", "2021", 7.3), at("t.satisfaction", "2022", 7.4),
		at("t.anxiety", "2021", 3.1), at("t.anxiety", "2022", 3.0),
		at("t.unemployment", "2021", 5.1), at("t.unemployment", "2022", 4.6),
		at("t.employment", "2021", 68), at("t.employment", "2022", 69.7),
		at("t.gigabit", "2023-09", 91.4),
		at("t.gdhi", "2020", 16500), at("t.gdhi", "2021", 16934),
		// Neutral and not in the catalogue: left out.
		at("t.uncatalogued", "2020", 1), at("t.uncatalogued", "2021", 2),
	}
	got, err := Trends(history, trendIndicators)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tr := range got {
		ids = append(ids, tr.Indicator.ID)
	}
	want := []string{"t.gdhi", "t.employment", "t.unemployment", "t.anxiety", "t.satisfaction"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// loadTrendHistory adds an earlier release to the test warehouse: Scotland's income and
// unemployment in 2020, with confidence intervals for unemployment in both years, and a region
// whose indicator name would be a formula in a spreadsheet.
func loadTrendHistory(t *testing.T, w *data.Warehouse) {
	t.Helper()
	ctx := context.Background()
	cell := data.Cell{File: "older.xlsx", Sheet: "S", Ref: "B2"}
	obs := func(region, ind, period string, v float64, ci ...float64) data.Observation {
		o := data.Observation{Region: region, Indicator: ind, Period: period, Value: data.Float(v), Status: data.StatusPublished, Cell: cell}
		if len(ci) == 2 {
			o.Lower, o.Upper = data.Float(ci[0]), data.Float(ci[1])
		}
		return o
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "ONS", Title: "t", FileName: "older.xlsx", SHA256: "older", Vintage: "2022", Licence: "OGL"},
		Regions: []data.Region{
			{Code: "TLM", Name: "x", Level: data.LevelITL1, Country: "GBR"},
		},
		Indicators: []data.Indicator{
			{ID: "oecd.disposable_income_per_capita", Name: "Income", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "oecd.unemployment_rate", Name: "Unemployment", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter, Source: "test"},
			{ID: "t.formula", Name: "=1+1", Unit: "-per cent", Direction: data.HigherIsBetter, Source: "test"},
		},
		Observations: []data.Observation{
			obs("TLM", "oecd.disposable_income_per_capita", "2020", 28.5),
			obs("TLM", "oecd.unemployment_rate", "2020", 4.5, 4.1, 4.9),
			obs("TLM", "t.formula", "2020", 1), obs("TLM", "t.formula", "2021", 1),
		},
	}
	if _, err := w.Load(ctx, b); err != nil {
		t.Fatal(err)
	}
	// The 2021 unemployment figure again, now with its interval, in a later release.
	b = &data.Batch{
		Source:       data.Source{Publication: "test", Publisher: "ONS", Title: "t", FileName: "ci.xlsx", SHA256: "ci", Vintage: "2024", Licence: "OGL"},
		Regions:      []data.Region{{Code: "TLM", Name: "x", Level: data.LevelITL1, Country: "GBR"}},
		Indicators:   b.Indicators[1:2],
		Observations: []data.Observation{obs("TLM", "oecd.unemployment_rate", "2021", 4, 3.6, 4.4)},
	}
	if _, err := w.Load(ctx, b); err != nil {
		t.Fatal(err)
	}
}

func TestRegionTrendsAndCSV(t *testing.T) {
	ctx := context.Background()
	w := loadTestWarehouse(t)
	loadTrendHistory(t, w)

	r, trends, err := RegionTrends(ctx, w, "TLM")
	if err != nil {
		t.Fatal(err)
	}
	// Income 28.5 → 30 (no intervals); unemployment 4.5 (4.1–4.9) → 4 (3.6–4.4), lower is
	// better, intervals overlap on 4.1–4.4; the formula-named indicator outside every dimension, unchanged.
	var got []string
	for _, tr := range trends {
		got = append(got, tr.Indicator.ID+" "+Change(tr.Trend)+" "+tr.ForWellbeing)
	}
	want := []string{"oecd.disposable_income_per_capita 1.5 better", "oecd.unemployment_rate -0.5 better", "t.formula 0 no direction"}
	if r.Name != "Scotland" || !cmp.Equal(got, want) {
		t.Fatalf("trends of %s = %q, want %q", r.Name, got, want)
	}

	// The region page shows the same trends, whatever the index query.
	v, err := BuildRegion(ctx, w, "TLM", DefaultIndexQuery(""))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(trends, v.Trends); diff != "" {
		t.Errorf("region view trends differ (-RegionTrends +BuildRegion):\n%s", diff)
	}
	// London has one period of everything: no trends.
	if london, err := BuildRegion(ctx, w, "TLI", DefaultIndexQuery("")); err != nil || len(london.Trends) != 0 {
		t.Errorf("London trends = %+v, %v; want none", london.Trends, err)
	}

	var buf bytes.Buffer
	if err := WriteTrendsCSV(&buf, r, trends); err != nil {
		t.Fatal(err)
	}
	golden(t, "trends_tlm.csv", buf.Bytes())
	if !strings.Contains(buf.String(), ",'=1+1,,'-per cent,higher,") {
		t.Errorf("spreadsheet text is not made safe in the CSV:\n%s", buf.String())
	}

	if _, _, err := RegionTrends(ctx, w, "NOPE"); !errors.Is(err, ErrNotFound) {
		t.Errorf("trends of an unknown region: %v, want ErrNotFound", err)
	}
}

// TestLatestPublished: the latest figure with a value of each indicator that is better higher or
// lower, in the order of the default framework's dimensions; context figures are left out.
func TestLatestPublished(t *testing.T) {
	missing := at("t.gdhi", "2022", 0)
	missing.Value = nil
	history := []data.Observation{
		at("t.satisfaction", "2022", 7.4), at("t.satisfaction", "2021", 7.3),
		at("t.gdhi", "2020", 16500), at("t.gdhi", "2021", 16934), missing,
		at("t.population", "2021", 92300), at("t.uncatalogued", "2021", 2),
	}
	var got []string
	for _, f := range LatestPublished(history, trendIndicators) {
		got = append(got, fmt.Sprintf("%s %s %g", f.Indicator.ID, f.Observation.Period, *f.Observation.Value))
	}
	want := []string{"t.gdhi 2021 16934", "t.satisfaction 2022 7.4"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("latest published (-want +got):\n%s", diff)
	}
}

// TestGrowthRatesAreNoTrend: the ONS accounts' annual growth rates are classified neutral by the
// catalogue, so a region's change over time leaves them out, while GDP per head stays.
func TestGrowthRatesAreNoTrend(t *testing.T) {
	var inds []data.Indicator
	for _, id := range []string{"ons.gdp_cvm_growth", "ons.gdp_cvm_per_head_growth", "ons.gva_growth", "ons.gva_per_head_growth", "ons.gdp_per_head"} {
		ind := data.Indicator{ID: id, Name: id}
		if err := data.Classify(&ind); err != nil {
			t.Fatal(err)
		}
		inds = append(inds, ind)
	}
	var history []data.Observation
	for _, ind := range inds {
		history = append(history, at(ind.ID, "1999", 2.5), at(ind.ID, "2021", 7.1))
	}
	trends, err := Trends(history, inds)
	if err != nil {
		t.Fatal(err)
	}
	if len(trends) != 1 || trends[0].Indicator.ID != "ons.gdp_per_head" {
		var ids []string
		for _, tr := range trends {
			ids = append(ids, tr.Indicator.ID)
		}
		t.Errorf("trends of %v, want GDP per head only", ids)
	}
}
