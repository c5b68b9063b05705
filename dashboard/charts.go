package dashboard

import (
	"encoding/json"
	"fmt"
	"html/template"
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
	colourIndex   = "#0f6b66"
	colourAverage = "#8a6d1f"
)

// echartsHost is where go-echarts would load ECharts from if its page templates were ever used:
// our own embedded copy, never its default CDN.
const echartsHost = "/static/vendor/"

// rankingChart is what the ranking page hands to app.js: a horizontal bar chart of the index of
// the ranked regions, best first, and for each bar what the option cannot carry (the link to the
// region's page, its rank and its GDP per head for the tooltip). Category values are region codes,
// which are unique where names may not be; app.js labels them "rank. name".
type rankingChart struct {
	Kind            string         `json:"kind"`
	Option          map[string]any `json:"option"`
	Regions         []chartRegion  `json:"regions"`
	ComparatorLabel string         `json:"comparatorLabel"`
}

type chartRegion struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Rank       int      `json:"rank"`
	Coverage   string   `json:"coverage"`
	GDPPerHead *float64 `json:"gdpPerHead"`
	URL        string   `json:"url"`
}

func newRankingChart(idx metrics.Index, level data.Level, comparatorLabel string) rankingChart {
	ranked := report.Ranked(idx)
	codes := make([]string, len(ranked))
	bars := make([]opts.BarData, len(ranked))
	regions := make([]chartRegion, len(ranked))
	for i, r := range ranked {
		codes[i] = r.Region.Code
		bars[i] = opts.BarData{Name: r.Region.Name, Value: report.Round(*r.Index)}
		regions[i] = chartRegion{
			Code: r.Region.Code, Name: r.Region.Name, Rank: r.Rank,
			Coverage:   coverageText(r, len(idx.Dimensions)),
			GDPPerHead: r.Comparator,
			URL:        regionURL(r.Region.Code, level),
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: echartsHost}),
		charts.WithColorsOpts(opts.Colors{colourIndex}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "56", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Min: 0, Max: metrics.MaxScore, SplitNumber: 5, Position: "top",
			Name: "Flourishing index (0–10)", NameLocation: "middle", NameGap: 24,
		}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(codes).AddSeries("Flourishing index", bars,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Color: "#1f2933"}),
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "30%"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "22" }),
		charts.WithEmphasisOpts(opts.Emphasis{ItemStyle: &opts.ItemStyle{Color: "#0a4d49"}}),
	)
	bar.XYReversal()
	bar.Validate()
	return rankingChart{Kind: "ranking", Option: bar.JSON(), Regions: regions, ComparatorLabel: comparatorLabel}
}

// profileChart is what the region page hands to app.js: a radar of the region's dimension scores
// against the average of its country's regions. A dimension without data is null.
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
	indicators := make([]*opts.Indicator, len(p.Dimensions))
	dims := make([]chartDimension, len(p.Dimensions))
	scores := make([]any, len(p.Dimensions))
	averages := make([]any, len(p.Dimensions))
	for i, d := range p.Dimensions {
		indicators[i] = &opts.Indicator{Name: d.Name, Min: 0, Max: metrics.MaxScore}
		dims[i] = chartDimension{ID: d.ID, Name: d.Name}
		if s, ok := p.Score.Dimensions[d.ID]; ok {
			scores[i] = report.Round(s)
		}
		if a, ok := p.Average[d.ID]; ok {
			averages[i] = report.Round(a)
		}
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

// averageName is the name of the comparison series: "Average of United Kingdom regions".
func averageName(p report.Profile) string {
	if p.AverageOf == "" {
		return "Average"
	}
	return strings.ToUpper(p.AverageOf[:1]) + p.AverageOf[1:]
}

// coverageText says for how many of the index's dimensions a region has data: "10 of 11".
func coverageText(r metrics.RegionScore, dimensions int) string {
	return fmt.Sprintf("%d of %d", len(r.Dimensions), dimensions)
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
