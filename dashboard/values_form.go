package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

// valuesForm is the ranking page's form: a 0–5 weight per dimension (as in the OECD Better Life
// Index), presets, and the normalisation and aggregation. It is a plain GET form that works
// without JavaScript: the handler turns its w_ fields into the weights parameter.
type valuesForm struct {
	Level string
	// Framework is the framework's id, "" for the default, sent again with the form.
	Framework string
	// Weights is the current weights parameter, sent again so that the weights of dimensions the
	// form does not show (no data at this level) survive a submission.
	Weights        string
	Draws          string // sent again when not the default
	Controls       []weightControl
	NoData         []string // names of the dimensions without data at this level
	Presets        []presetLink
	Normalisations []choice
	Outliers       []choice
	Aggregations   []choice
	Power          string
	// MethodChosen is true when the scaling, outliers or mean are not the defaults: the form
	// shows those choices open.
	MethodChosen bool
}

type weightControl struct {
	Field, Name string
	Options     []choice
}

type choice struct {
	Value, Label string
	Selected     bool
}

type presetLink struct {
	Title, Description, URL string
	Current                 bool
}

func newValuesForm(q report.IndexQuery, dims []data.Dimension) valuesForm {
	fw := q.Framework()
	f := valuesForm{Level: string(q.Level), Weights: report.WeightsParam(q.Options.Weights, fw), Power: "1"}
	if fw != data.DefaultFramework() {
		f.Framework = fw.ID
	}
	if q.Draws != report.DefaultDraws {
		f.Draws = strconv.Itoa(q.Draws)
	}
	shown := map[string]bool{}
	for _, d := range dims {
		shown[d.ID] = true
		f.Controls = append(f.Controls, weightControl{Field: weightField + d.ID, Name: d.Name, Options: weightChoices(q.Options.Weights.Of(d.ID))})
	}
	for _, d := range fw.Dimensions {
		if !shown[d.ID] {
			f.NoData = append(f.NoData, d.Name)
		}
	}
	current := report.WeightsParam(q.Options.Weights, fw)
	for _, p := range metrics.Presets(fw) {
		pq := q
		pq.Options.Weights = p.Weights
		f.Presets = append(f.Presets, presetLink{
			Title: p.Title, Description: p.Description, URL: rankingURLFor(pq),
			Current: report.WeightsParam(p.Weights, fw) == current,
		})
	}
	norm := q.Options.Normalisation
	if norm == "" {
		norm = metrics.NormaliseMinMax
	}
	f.Normalisations = choices(string(norm), [][2]string{
		{string(metrics.NormaliseMinMax), "Min–max: 0 for the lowest region, 10 for the highest"},
		{string(metrics.NormaliseZScore), "z-score: distance from the average"},
		{string(metrics.NormaliseRank), "Rank: only the order of regions counts"},
		{string(metrics.NormaliseGoalposts), "Goalposts held across years: lowest and highest of any year"},
		{string(metrics.NormaliseTarget), "Distance to target: published policy targets"},
	})
	outliers := q.Options.Outliers
	if outliers == "" {
		outliers = metrics.OutliersKeep
	}
	f.Outliers = choices(string(outliers), [][2]string{
		{string(metrics.OutliersKeep), "Keep them as published"},
		{string(metrics.OutliersWinsorise), "Cap the few most extreme (winsorise)"},
	})
	agg := q.Options.Aggregation
	if agg == "" {
		agg = metrics.AggregateArithmetic
	}
	f.Aggregations = choices(string(agg), [][2]string{
		{string(metrics.AggregateArithmetic), "Arithmetic mean: strengths fully make up for weaknesses"},
		{string(metrics.AggregateGeometric), "Geometric mean: weaknesses are only partly made up for"},
		{string(metrics.AggregateGeneralised), "Generalised mean with the power below"},
	})
	if agg == metrics.AggregateGeneralised {
		f.Power = strconv.FormatFloat(q.Options.Power, 'f', -1, 64)
	}
	f.MethodChosen = norm != metrics.NormaliseMinMax || outliers != metrics.OutliersKeep || agg != metrics.AggregateArithmetic
	return f
}

// weightChoices are the options of one dimension's weight control; a weight from a URL that is
// not a whole number is offered as it is.
func weightChoices(current float64) []choice {
	labels := []string{"0 · leave out", "1", "2", "3", "4", "5 · matters most"}
	out := make([]choice, 0, len(labels)+1)
	for i, l := range labels {
		out = append(out, choice{Value: strconv.Itoa(i), Label: l, Selected: float64(i) == current})
	}
	if !hasSelected(out) {
		v := strconv.FormatFloat(current, 'f', -1, 64)
		out = append(out, choice{Value: v, Label: v, Selected: true})
	}
	return out
}

func choices(current string, values [][2]string) []choice {
	out := make([]choice, len(values))
	for i, v := range values {
		out[i] = choice{Value: v[0], Label: v[1], Selected: v[0] == current}
	}
	return out
}

func hasSelected(cs []choice) bool {
	for _, c := range cs {
		if c.Selected {
			return true
		}
	}
	return false
}

// method says in words how the index on the page was made, for the explanation under the chart.
type method struct {
	Normalisation, Weights, Aggregation string
}

func newMethod(q report.IndexQuery) method {
	level := q.Level.Title()
	var m method
	switch q.Options.Normalisation {
	case metrics.NormaliseZScore:
		m.Normalisation = "by how far its value lies from the average of the " + level + ", in standard deviations: " +
			"the average scores 5, three standard deviations above or below reach 10 or 0."
	case metrics.NormaliseRank:
		m.Normalisation = "by its rank among the " + level + ": 0 for the lowest, 10 for the highest, evenly spaced in between, " +
			"so that only the order counts, not the size of the gaps."
	case metrics.NormaliseGoalposts:
		m.Normalisation = "by where its value lies between fixed goalposts: the lowest and the highest value any of the " + level +
			" had in any year loaded (listed below). A region's score changes only when its own value does, so a change over time is real change, not re-ranking."
	case metrics.NormaliseTarget:
		m.Normalisation = "by how far it falls short of a target (listed below): 10 at or beyond the target, 0 for the region furthest short of it. " +
			"Targets are published policy goals where one exists (such as the WHO air quality guideline or the UK's gigabit broadband target), otherwise the best value any region reached in any year loaded."
	default:
		m.Normalisation = "0 for the lowest value among the " + level + ", 10 for the highest, and in proportion in between."
	}
	if q.Options.Outliers == metrics.OutliersWinsorise {
		switch q.Options.Normalisation {
		case metrics.NormaliseRank:
			m.Normalisation += " (Capping extreme values changes nothing here: a rank does not see the size of the gaps.)"
		case metrics.NormaliseGoalposts, metrics.NormaliseTarget:
			m.Normalisation += " (Capping extreme values does not move fixed goalposts or targets: it applies to min-max and z-score scaling, and to indicators scored min-max for want of a bound; the notes name the indicators whose extreme values may set a bound.)"
		default:
			m.Normalisation += " Before that, an indicator whose values are strongly skewed (skewness above 2 and excess kurtosis above 3.5) has its few most extreme values capped at the next value in, at most five, so that one outlier does not squeeze every other region into a sliver of the scale; each capped figure is listed among its region's caveats."
		}
	}
	var chosen []string
	for _, d := range q.Framework().Dimensions {
		if w := q.Options.Weights.Of(d.ID); w != metrics.DefaultWeight {
			label := fmt.Sprintf("%s %g", d.Name, w)
			if w == 0 {
				label += " (left out)"
			}
			chosen = append(chosen, label)
		}
	}
	if len(chosen) == 0 {
		m.Weights = "each dimension counting the same"
	} else {
		m.Weights = "each dimension weighted as you chose (" + strings.Join(chosen, ", ") + "; every other dimension 1)"
	}
	switch q.Options.Aggregation {
	case metrics.AggregateGeometric:
		m.Aggregation = "the weighted geometric mean of the dimension scores, " + m.Weights + ": a weak dimension is only partly made up for by a strong one."
	case metrics.AggregateGeneralised:
		m.Aggregation = fmt.Sprintf("the weighted generalised mean (power %g) of the dimension scores, %s.", q.Options.Power, m.Weights)
	default:
		m.Aggregation = "the weighted mean of the dimension scores, " + m.Weights + "."
	}
	return m
}
