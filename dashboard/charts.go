package dashboard

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

// Chart options are built with go-echarts' option types and then leave go-echarts: its templates
// would write region names into the page unescaped. chartJSON serialises them with encoding/json,
// which escapes <, > and & (and U+2028/U+2029) as \u003c..., so a name such as
// "</script><img onerror=...>" cannot end the JSON block it is written into. static/app.js parses
// the block, adds the formatters (which escape text for ECharts' HTML tooltips) and draws.

// The palette of the charts; static/style.css uses the same colours.
const (
	colourIndex    = "#0f6b66"
	colourAverage  = "#8a6d1f"
	colourInterval = "#9fcfca"
	colourBetter   = "#0f6b66"
	colourWorse    = "#b4462b"
	colourAsGDP    = "#9aa5b1"
)

// echartsHost is where go-echarts would load ECharts from if its page templates were ever used:
// our own embedded copy, never its default CDN.
const echartsHost = "/static/vendor/"

// rankingChart is what the ranking page hands to app.js: side by side, a horizontal bar chart of
// the index of the ranked regions, best first, and each region's rank interval across the Monte
// Carlo draws (a bar from the 5th to the 95th percentile rank, a dot at the rank in the user's own
// index), with for each region what the option cannot carry (the link to the region's page, its
// rank and interval, its GDP per head for the tooltip). Category values are region codes, which
// are unique where names may not be; app.js labels them "rank. name".
type rankingChart struct {
	Kind            string         `json:"kind"`
	Option          map[string]any `json:"option"`
	Regions         []chartRegion  `json:"regions"`
	ComparatorLabel string         `json:"comparatorLabel"`
	// Draws is the number of plausible alternatives the intervals come from; 0 when they were
	// not drawn.
	Draws int `json:"draws"`
}

type chartRegion struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Rank       int      `json:"rank"`
	RankLow    int      `json:"rankLow"`
	RankHigh   int      `json:"rankHigh"`
	Interval   string   `json:"interval"` // "rank 7 (5–11)"
	Coverage   string   `json:"coverage"`
	GDPPerHead *float64 `json:"gdpPerHead"`
	URL        string   `json:"url"`
}

// The series of the ranking chart, in order: app.js and the tests find them by position.
const (
	seriesIndex        = 0 // the index, bars on the left
	seriesIntervalBase = 1 // transparent, from the axis to where the interval starts
	seriesInterval     = 2 // the interval, stacked on the base
	seriesOwnRank      = 3 // a dot at the rank in the user's own index
)

// intervalPad widens each drawn interval by this much on each side, so that an interval of one
// rank (every draw agrees) still shows as a short bar around its dot.
const intervalPad = 0.35

func newRankingChart(v report.IndexView, comparatorLabel string) rankingChart {
	ranked := report.Ranked(v.Index)
	n := len(ranked)
	codes := make([]string, n)
	bars := make([]opts.BarData, n)
	bases := make([]opts.BarData, n)
	spans := make([]opts.BarData, n)
	dots := make([]opts.ScatterData, n)
	regions := make([]chartRegion, n)
	for i, r := range ranked {
		iv := v.Intervals[r.Region.Code]
		codes[i] = r.Region.Code
		bars[i] = opts.BarData{Name: v.Label(r.Region), Value: report.Round(*r.Index)}
		bases[i] = opts.BarData{Name: v.Label(r.Region), Value: float64(iv.RankLow) - intervalPad}
		spans[i] = opts.BarData{Name: v.Label(r.Region), Value: float64(iv.RankHigh-iv.RankLow) + 2*intervalPad}
		dots[i] = opts.ScatterData{Name: v.Label(r.Region), Value: []any{r.Rank, r.Region.Code}}
		regions[i] = chartRegion{
			Code: r.Region.Code, Name: v.Label(r.Region), Rank: r.Rank,
			RankLow: iv.RankLow, RankHigh: iv.RankHigh, Interval: iv.String(),
			Coverage:   coverageText(r, v.Index.Dimensions, v.Query.Options.Weights),
			GDPPerHead: r.Comparator,
			URL:        regionURLFor(r.Region.Code, v.Query),
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: echartsHost}),
		charts.WithColorsOpts(opts.Colors{colourIndex}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(
			opts.Grid{Left: "8", Right: "40%", Top: "44", Bottom: "8", ContainLabel: opts.Bool(true)},
			opts.Grid{Left: "64%", Right: "20", Top: "44", Bottom: "8"},
		),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Min: 0, Max: metrics.MaxScore, SplitNumber: 5, Position: "top",
			Name: "Flourishing index (0–10)", NameLocation: "middle", NameGap: 24,
		}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	// The intervals' axis runs from 0 to n+1 so that a padded interval at either end is not cut;
	// app.js labels only the ranks 1 to n.
	bar.ExtendXAxis(opts.XAxis{
		GridIndex: 1, Type: "value", Min: 0, Max: n + 1, MinInterval: 1, Position: "top",
		Name: "Rank in plausible alternatives", NameLocation: "middle", NameGap: 24,
	})
	bar.ExtendYAxis(opts.YAxis{
		GridIndex: 1, Type: "category", Inverse: opts.Bool(true), Data: codes,
		AxisLabel: &opts.AxisLabel{Show: opts.Bool(false)},
	})
	onIntervalGrid := func(s *charts.SingleSeries) {
		s.XAxisIndex, s.YAxisIndex = 1, 1
		s.Stack = "interval"
		s.BarMaxWidth = "14"
	}
	bar.SetXAxis(codes).AddSeries("Flourishing index", bars,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Color: "#1f2933"}),
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "30%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "22" }),
		charts.WithEmphasisOpts(opts.Emphasis{ItemStyle: &opts.ItemStyle{Color: "#0a4d49"}}),
	)
	bar.AddSeries("Interval start", bases,
		charts.WithSeriesOpts(onIntervalGrid),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "transparent"}),
		charts.WithEmphasisOpts(opts.Emphasis{ItemStyle: &opts.ItemStyle{Color: "transparent"}}),
	)
	bar.AddSeries("Rank in 90% of plausible alternatives", spans,
		charts.WithSeriesOpts(onIntervalGrid),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourInterval, BorderRadius: "7"}),
	)
	dot := charts.NewScatter()
	dot.AddSeries("Rank in your index", dots,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.XAxisIndex, s.YAxisIndex = 1, 1
			s.SymbolSize = 9
		}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourIndex, BorderColor: "#ffffff", BorderWidth: 1.5}),
	)
	bar.Overlap(dot)
	bar.XYReversal()
	bar.Validate()
	return rankingChart{Kind: "ranking", Option: bar.JSON(), Regions: regions, ComparatorLabel: comparatorLabel, Draws: v.Query.Draws}
}

// profileChart is what the region page hands to app.js: a radar of the region's dimension scores
// against the average of its country's regions, on the dimensions the region has a score for.
type profileChart struct {
	Kind       string           `json:"kind"`
	Option     map[string]any   `json:"option"`
	Dimensions []chartDimension `json:"dimensions"`
}

type chartDimension struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func newProfileChart(p report.Profile) profileChart {
	// Only the dimensions the region has a score for are drawn: a radar draws a missing value at
	// its centre, where it would read as a score of 0. The page names the others.
	var indicators []*opts.Indicator
	var dims []chartDimension
	var scores, averages []any
	for _, d := range p.Dimensions {
		s, ok := p.Score.Dimensions[d.ID]
		if !ok {
			continue
		}
		indicators = append(indicators, &opts.Indicator{Name: d.Name, Min: 0, Max: metrics.MaxScore})
		dims = append(dims, chartDimension{ID: d.ID, Name: d.Name})
		scores = append(scores, report.Round(s))
		var avg any
		if a, ok := p.Average[d.ID]; ok {
			avg = report.Round(a)
		}
		averages = append(averages, avg)
	}
	average := averageName(p)
	radar := charts.NewRadar()
	radar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: echartsHost}),
		charts.WithColorsOpts(opts.Colors{colourIndex, colourAverage}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithRadarComponentOpts(opts.RadarComponent{
			Indicator: indicators, Shape: "polygon", SplitNumber: 5, Center: []string{"50%", "48%"},
			AxisName: &opts.AxisName{Color: "#3e4c59", FontSize: 13},
		}),
	)
	radar.AddSeries(p.Region.Name, []opts.RadarData{{Name: p.Region.Name, Value: scores}},
		charts.WithLineStyleOpts(opts.LineStyle{Width: 2.5}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.2)}),
	)
	radar.AddSeries(average, []opts.RadarData{{Name: average, Value: averages}},
		charts.WithLineStyleOpts(opts.LineStyle{Width: 2, Type: "dashed"}),
	)
	radar.Validate()
	return profileChart{Kind: "profile", Option: radar.JSON(), Dimensions: dims}
}

// beyondChart is what the beyond-GDP page hands to app.js: a scatter of each region's index
// against its GDP per head, in three series: the regions that flourish much better than their
// output suggests, much worse, and the rest. Each point's value is [GDP per head, index, position
// in Regions], so that tooltips and links find the region whatever the series.
type beyondChart struct {
	Kind            string         `json:"kind"`
	Option          map[string]any `json:"option"`
	Regions         []beyondRegion `json:"regions"`
	ComparatorLabel string         `json:"comparatorLabel"`
}

type beyondRegion struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Index      float64 `json:"index"`
	IndexRank  int     `json:"indexRank"`
	GDPPerHead float64 `json:"gdpPerHead"`
	GDPRank    int     `json:"gdpRank"`
	Gap        int     `json:"gap"`
	StandsOut  string  `json:"standsOut"`
	URL        string  `json:"url"`
}

// The regions that stand out are named beside their points up to this many regions; beyond,
// names would overlap and only the tooltips name them.
const maxLabelledPoints = 25

func newBeyondChart(v report.IndexView, comparatorLabel string) beyondChart {
	out := beyondChart{Kind: "beyond-gdp", ComparatorLabel: comparatorLabel}
	groups := []struct {
		name, colour, standsOut string
		points                  []opts.ScatterData
	}{
		{"Much better than output suggests", colourBetter, report.StandsOutBetter, nil},
		{"Much worse than output suggests", colourWorse, report.StandsOutWorse, nil},
		{"About as output suggests", colourAsGDP, "", nil},
	}
	for i, g := range v.GDP.Regions {
		so := report.StandsOut(v.GDP, g)
		out.Regions = append(out.Regions, beyondRegion{
			Code: g.Region.Code, Name: v.Label(g.Region), Index: report.Round(g.Index), IndexRank: g.IndexRank,
			GDPPerHead: g.GDPPerHead, GDPRank: g.GDPRank, Gap: g.Gap, StandsOut: so,
			URL: regionURLFor(g.Region.Code, v.Query),
		})
		for k := range groups {
			if groups[k].standsOut == so {
				groups[k].points = append(groups[k].points, opts.ScatterData{
					Name: v.Label(g.Region), Value: []any{g.GDPPerHead, report.Round(g.Index), i},
				})
			}
		}
	}
	scatter := charts.NewScatter()
	scatter.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: echartsHost}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "40", Right: "48", Top: "24", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(gdpAxis(v.GDP.Regions, comparatorLabel)),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "value", Min: 0, Max: metrics.MaxScore, Name: "Flourishing index (0–10)", NameLocation: "middle", NameGap: 36,
		}),
	)
	for _, g := range groups {
		// Only the regions that stand out are named on the chart: they are the story, and fewer
		// names overlap less.
		label := opts.Label{Show: opts.Bool(g.standsOut != "" && len(out.Regions) <= maxLabelledPoints), Position: "right", Color: "#323f4b", Formatter: "{b}"}
		scatter.AddSeries(g.name, g.points,
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.SymbolSize = 12 }),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: g.colour, BorderColor: "#ffffff", BorderWidth: 1}),
			charts.WithLabelOpts(label),
		)
	}
	scatter.Validate()
	out.Option = scatter.JSON()
	return out
}

// logScaleFrom is the ratio of the highest to the lowest GDP per head from which the beyond-GDP
// chart's GDP axis is logarithmic: districts range from £15,000 to £580,000 (the City of London),
// and on a linear axis all but a few would crowd into its left tenth.
const logScaleFrom = 5.0

// gdpAxis is the beyond-GDP chart's axis of GDP per head: linear, or logarithmic where the
// figures span more than logScaleFrom times, which its name then says.
func gdpAxis(regions []metrics.GDPGap, label string) opts.XAxis {
	axis := opts.XAxis{Type: "value", Scale: opts.Bool(true), Name: label, NameLocation: "middle", NameGap: 30}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range regions {
		lo, hi = math.Min(lo, g.GDPPerHead), math.Max(hi, g.GDPPerHead)
	}
	if lo > 0 && hi/lo > logScaleFrom {
		axis.Type, axis.Name = "log", label+", log scale"
	}
	return axis
}

// averageName is the name of the comparison series: "Average of United Kingdom regions".
func averageName(p report.Profile) string {
	if p.AverageOf == "" {
		return "Average"
	}
	return strings.ToUpper(p.AverageOf[:1]) + p.AverageOf[1:]
}

// coverageText says for how many of the index's dimensions a region has data: "10 of 11".
func coverageText(r metrics.RegionScore, dims []data.Dimension, w metrics.Weights) string {
	text := fmt.Sprintf("%d of %d", len(r.Dimensions), len(dims))
	// With weights of their own, what the coverage rule counts is the share of the weight.
	if len(r.Dimensions) == len(dims) {
		return text
	}
	for _, d := range dims {
		if w.Of(d.ID) != w.Of(dims[0].ID) {
			return text + fmt.Sprintf(" (%.0f%% of the weight)", 100*r.Coverage)
		}
	}
	return text
}

// chartJSON serialises a chart for a <script type="application/json"> block. encoding/json
// escapes <, > and &, so the result can be inserted verbatim (as template.JS) into the page.
func chartJSON(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("chart options: %w", err)
	}
	return template.JS(b), nil
}
