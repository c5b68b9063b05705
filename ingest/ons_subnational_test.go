package ingest

import (
	"context"
	"errors"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestONSSubnationalReadReal(t *testing.T) {
	b := realSpreadsheetBatch(t, onsSNIFile)

	want := data.Source{Publication: "ons-subnational-indicators", Publisher: "ONS",
		Title:    "Subnational indicators explorer: underlying publicly available datasets and metadata",
		FileName: "subnatindicators_ninth_release_2024-03.xlsx", SHA256: b.Source.SHA256, Vintage: "2024-03-21",
		Licence: "Open Government Licence v3.0"}
	if b.Source != want {
		t.Errorf("source %+v, want %+v", b.Source, want)
	}
	// 49 metric sheets; one observation per area row, less the 9 rows of Scottish city regions
	// published without an area code.
	if len(b.Indicators) != 49 || len(b.Observations) != 14401 {
		t.Errorf("%d indicators, %d observations; want 49, 14401", len(b.Indicators), len(b.Observations))
	}
	byStatus := map[data.Status]int{}
	for _, o := range b.Observations {
		byStatus[o.Status]++
	}
	wantStatus := map[data.Status]int{
		data.StatusPublished:    14244,
		data.StatusNotAvailable: 74, // "na"
		// 4 x 10 well-being estimates, 2 apprenticeship rates, 1 homicide rate, and 33 cancer
		// figures "not published for data quality reasons"
		data.StatusSuppressed:     76,
		data.StatusLowReliability: 7, // anxiety estimates whose coefficient of variation is over 20%
	}
	for st, n := range wantStatus {
		if byStatus[st] != n {
			t.Errorf("%d observations %s, want %d (all: %v)", byStatus[st], st, n, byStatus)
		}
	}

	tests := []struct {
		name                      string
		region, indicator, period string
		value, lower, upper       *float64
		status                    data.Status
		cell                      string
	}{
		{"County Durham life satisfaction with its interval", "E06000047", "ons_sni.life_satisfaction", "2022-04/2023-03",
			data.Float(7.56), data.Float(7.35), data.Float(7.76), data.StatusPublished, "Life satisfaction!G15"},
		{"a value suppressed for low reliability", "E07000117", "ons_sni.life_satisfaction", "2022-04/2023-03",
			nil, nil, nil, data.StatusSuppressed, "Life satisfaction!G54"},
		{"an unreliable estimate keeps its value", "E07000122", "ons_sni.anxiety", "2022-04/2023-03",
			data.Float(2.6), data.Float(1.02), data.Float(4.17), data.StatusLowReliability, "Anxiety!G59"},
		{"na, not published for data quality reasons", "E07000170", "ons_sni.cancer_diagnosis", "2021",
			nil, nil, nil, data.StatusSuppressed, "Cancer diagnosis!G118"},
		{"a status that withholds a number", "E06000053", "ons_sni.apprenticeship_starts", "2022/2023",
			nil, nil, nil, data.StatusSuppressed, "Apprenticeship starts!G326"},
		{"a combined value is still a value", "E67000001", "ons_sni.reception_obesity", "2022/2023",
			data.Float(9.9744200000000003), data.Float(8.7325800000000005), data.Float(11.39381), data.StatusPublished, "Reception obesity!G214"},
		{"a month", "E06000047", "ons_sni.broadband_availability", "2023-09",
			data.Float(55.8), nil, nil, data.StatusPublished, "Broadband availability!D7"},
		{"a day", "TLB", "ons_sni.ofsted", "2024-01-31",
			data.Float(89.72335642519613), nil, nil, data.StatusPublished, "Ofsted!F9"},
		{"a financial year", "UK", "ons_sni.goverment_r_d", "2020-04/2021-03",
			data.Float(13447), nil, nil, data.StatusPublished, "Goverment R&D!E8"},
		{"a span of years", "UK", "ons_sni.female_hle", "2018/2020",
			data.Float(63.59), data.Float(63.4), data.Float(63.77), data.StatusPublished, "Female HLE!I13"},
		{"a span of days", "TLB", "ons_sni.adult_obesity", "2021-11-16/2022-11-15",
			data.Float(25.928509999999999), data.Float(25.700060000000001), data.Float(26.15701), data.StatusPublished, "Adult obesity!G11"},
		{"a twelve-month span", "UK", "ons_sni.employment_rate", "2022-10/2023-09",
			data.Float(75.7), data.Float(75.400000000000006), data.Float(76), data.StatusPublished, "Employment rate!H11"},
		{"an ITL1 region from a GSS code", "TLC", "ons_sni.weekly_pay", "2023",
			data.Float(528.20000000000005), data.Float(516.81200799999999), data.Float(539.5879920000001), data.StatusPublished, "Weekly pay!G16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := observationAt(t, b, tt.region, tt.indicator, tt.period)
			if o.Status != tt.status {
				t.Errorf("status %s, want %s", o.Status, tt.status)
			}
			for _, v := range []struct {
				name      string
				got, want *float64
			}{{"value", o.Value, tt.value}, {"lower", o.Lower, tt.lower}, {"upper", o.Upper, tt.upper}} {
				if (v.got == nil) != (v.want == nil) || (v.got != nil && *v.got != *v.want) {
					t.Errorf("%s %v, want %v", v.name, v.got, v.want)
				}
			}
			if got := o.Cell.Sheet + "!" + o.Cell.Ref; got != tt.cell {
				t.Errorf("cell %s, want %s", got, tt.cell)
			}
		})
	}
}

func TestONSSubnationalRegions(t *testing.T) {
	b := realSpreadsheetBatch(t, onsSNIFile)
	for _, want := range []data.Region{
		{Code: "UK", Name: "United Kingdom", Level: data.LevelUK, Country: "GBR"},
		{Code: "TLB", Name: "England", Level: data.LevelNation, Parent: "UK", Country: "GBR"},
		{Code: "TLL", Name: "Wales", Level: data.LevelITL1, Parent: "UK", Country: "GBR"},
		{Code: "E06000047", Name: "County Durham", Level: data.LevelLAD, Parent: "TLC", Country: "GBR"},
		{Code: "N09000001", Name: "Antrim and Newtownabbey", Level: data.LevelLAD, Parent: "TLN", Country: "GBR"},
		// Gateshead's and Tyne and Wear's codes before 2013: known, and superseded.
		{Code: "E08000020", Name: "Gateshead", Level: data.LevelLAD, Parent: "TLC", Country: "GBR", SupersededIn: 2013},
		{Code: "E11000004", Name: "Tyne and Wear", Level: data.LevelCounty, Parent: "TLC", Country: "GBR", SupersededIn: 2013},
		{Code: "E10000017", Name: "Lancashire", Level: data.LevelCounty, Parent: "TLD", Country: "GBR"},
		{Code: "TLC1", Name: "Tees Valley and Durham", Level: data.LevelITL2, Parent: "TLC", Country: "GBR"},
		{Code: "TLC11", Name: "Hartlepool and Stockton-on-Tees", Level: data.LevelITL3, Parent: "TLC1", Country: "GBR"},
		{Code: "E47000001", Name: "Greater Manchester", Level: data.LevelOther, Country: "GBR"},
		{Code: "K03000001", Name: "Great Britain", Level: data.LevelOther, Country: "GBR"},
	} {
		if got := regionIn(t, b, want.Code); got != want {
			t.Errorf("region %+v, want %+v", got, want)
		}
	}
	for _, r := range b.Regions {
		if (r.Level == data.LevelLAD || r.Level == data.LevelCounty) && r.Parent == "" {
			t.Errorf("%s %s has no parent", r.Level, r.Code)
		}
	}
}

func TestONSSubnationalIndicators(t *testing.T) {
	b := realSpreadsheetBatch(t, onsSNIFile)
	for _, want := range []data.Indicator{
		{ID: "ons_sni.life_satisfaction", Name: "Average life satisfaction rating", Dimension: "life_satisfaction",
			Unit: "Mean (Where 0 is 'not at all satisfied' and 10 is 'completely satisfied').", Direction: data.HigherIsBetter},
		{ID: "ons_sni.anxiety", Name: "Average anxiety rating", Dimension: "life_satisfaction",
			Unit: "Mean (Where 0 is 'not at all anxious' and 10 is 'completely anxious').", Direction: data.LowerIsBetter},
		// The sheet leaves out "(Great Britain)"; the dictionary row is found all the same.
		{ID: "ons_sni.employment_rate", Name: "Employment rate aged 16 to 64 years", Dimension: "jobs", Unit: "Percentage", Direction: data.HigherIsBetter},
		{ID: "ons_sni.employment_rate_ni", Name: "Employment rate aged 16 to 64 years (Northern Ireland)", Dimension: "jobs", Unit: "Percentage", Direction: data.HigherIsBetter},
		{ID: "ons_sni.unemployment_rate", Name: "Modelled unemployment rate aged 16 years and over", Dimension: "jobs", Unit: "Percentage", Direction: data.LowerIsBetter},
		{ID: "ons_sni.gva_per_hour", Name: "Gross Value Added per hour worked (Official Statistics in Development)", Unit: "Pounds", Direction: data.HigherIsBetter},
		{ID: "ons_sni.homicide", Name: "Homicide Offences (rate per million population)", Dimension: "safety", Unit: "Rate per 1,000,000 population", Direction: data.LowerIsBetter},
	} {
		want.Source = "ons-subnational-indicators"
		if got := indicatorIn(t, b, want.ID); got != want {
			t.Errorf("indicator %+v, want %+v", got, want)
		}
	}
	// Every metric sheet has a dictionary row in this release, so none is left neutral.
	for _, ind := range b.Indicators {
		if ind.Direction == data.Neutral {
			t.Errorf("%s: no direction from the Data dictionary", ind.ID)
		}
	}
}

// subnationalSheets builds a small workbook in the Subnational indicators layout.
func subnationalSheets(dictionaryMetric string) []testSheet {
	return []testSheet{
		{name: "Data dictionary", cells: map[string]any{
			"A1": "Metric data sources", "A2": "The data displayed are correct as of 16/02/2024.",
			"A3": "Metric", "E3": "Measure", "G3": "Are higher values better than or worse than the median?",
			"A4": dictionaryMetric, "E4": "Pounds", "G4": "Better",
		}},
		{name: "Weekly pay", cells: map[string]any{
			"A1": "(Back to Data Dictionary)", "A2": "Metric:", "B2": "Gross median weekly pay", "A3": "Date:", "B3": "2023",
			"A5": "Area Code", "B5": "Region", "C5": "Local Authority District", "D5": "Gross median weekly pay (£)", "E5": "Notes",
			"A6": "E12000001", "B6": "North East", "D6": 528.2,
			"A7": "E06000047", "C7": "County Durham", "D7": "na",
		}},
	}
}

func TestONSSubnationalFixtures(t *testing.T) {
	ctx := context.Background()
	t.Run("vintage from the dictionary when there are no Notes", func(t *testing.T) {
		f := writeTestWorkbook(t, "sni.xlsx", subnationalSheets("Gross median weekly pay")...)
		if !(ONSSubnational{}).Detect(ctx, f) {
			t.Fatal("not detected")
		}
		b, err := ONSSubnational{}.Read(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if b.Source.Vintage != "2024-02-16" {
			t.Errorf("vintage %q, want 2024-02-16", b.Source.Vintage)
		}
		if ind := indicatorIn(t, b, "ons_sni.weekly_pay"); ind.Direction != data.HigherIsBetter || ind.Unit != "Pounds" {
			t.Errorf("indicator %+v", ind)
		}
		o := observationAt(t, b, "E06000047", "ons_sni.weekly_pay", "2023")
		if o.Value != nil || o.Status != data.StatusNotAvailable {
			t.Errorf("na: %+v", o)
		}
	})
	t.Run("a metric without a dictionary row is neutral", func(t *testing.T) {
		f := writeTestWorkbook(t, "sni.xlsx", subnationalSheets("Something else")...)
		b, err := ONSSubnational{}.Read(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if ind := indicatorIn(t, b, "ons_sni.weekly_pay"); ind.Direction != data.Neutral || ind.Unit != "£" {
			t.Errorf("indicator %+v, want neutral, with the unit from the value header", ind)
		}
	})
	t.Run("no dictionary", func(t *testing.T) {
		f := writeTestWorkbook(t, "sni.xlsx", subnationalSheets("x")[1])
		_, err := ONSSubnational{}.Read(ctx, f)
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "sni.xlsx" {
			t.Errorf("got %v, want an InputError naming the file", err)
		}
	})
	t.Run("two area names in one row", func(t *testing.T) {
		sheets := subnationalSheets("Gross median weekly pay")
		sheets[1].cells["B7"] = "North East"
		f := writeTestWorkbook(t, "sni.xlsx", sheets...)
		_, err := ONSSubnational{}.Read(ctx, f)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Sheet != "Weekly pay" || ie.Row != 7 {
			t.Errorf("got %v, want an InputError for Weekly pay row 7", err)
		}
	})
}

func BenchmarkONSSubnationalRead(b *testing.B) {
	path := realSpreadsheet(b, onsSNIFile)
	for b.Loop() {
		if _, err := ReadFile(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
}
