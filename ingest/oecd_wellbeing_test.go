package ingest

import (
	"context"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestOECDWellbeingReadReal(t *testing.T) {
	b := realSpreadsheetBatch(t, oecdWellbeingFile)

	want := data.Source{Publication: "oecd-regional-wellbeing", Publisher: "OECD", Title: "OECD Regional Well-Being",
		FileName: "OECD-Regional-Well-Being-Data-File_2025.xlsx", SHA256: b.Source.SHA256, Vintage: "2024", Licence: "CC BY 4.0"}
	if b.Source != want {
		t.Errorf("source %+v, want %+v", b.Source, want)
	}
	// 468 TL2 regions and 41 countries; 15 indicators and 11 topic scores for each.
	if len(b.Observations) != 13234 || len(b.Regions) != 509 || len(b.Indicators) != 26 {
		t.Errorf("%d observations, %d regions, %d indicators; want 13234, 509, 26",
			len(b.Observations), len(b.Regions), len(b.Indicators))
	}
	byStatus := map[data.Status]int{}
	for _, o := range b.Observations {
		byStatus[o.Status]++
	}
	// 264 N/A and 17 #VALUE! cells in Indicator_Last, 179 N/A in Score_Last.
	if byStatus[data.StatusNotAvailable] != 264+17+179 {
		t.Errorf("statuses %v, want %d not available", byStatus, 264+17+179)
	}

	tests := []struct {
		name                      string
		region, indicator, period string
		value                     *float64
		status                    data.Status
		sheet, ref                string
	}{
		{"Greater London disposable income, period from 2022(00)", "TLI", "oecd.disposable_income_per_capita", "2022",
			data.Float(47301.7), data.StatusPublished, "Indicator_Last", "E402"},
		{"New South Wales: a raw value's exact float", "AU1", "oecd.disposable_income_per_capita", "2022",
			data.Float(41725.300000000003), data.StatusPublished, "Indicator_Last", "E9"},
		{"Gallup indicators over 2020-23", "TLI", "oecd.life_satisfaction", "2020/2023",
			data.Float(6.9), data.StatusPublished, "Indicator_Last", "P402"},
		{"no reference year: the title's year", "TLI", "oecd.internet_speed", "2024",
			data.Float(5.7), data.StatusPublished, "Indicator_Last", "R402"},
		{"UK as a whole", "UK", "oecd.life_expectancy", "2021",
			data.Float(80.7), data.StatusPublished, "Indicator_Last", "I516"},
		{"N/A is not available, with no value", "TUR", "oecd.disposable_income_per_capita", "2024",
			nil, data.StatusNotAvailable, "Indicator_Last", "E515"},
		{"#VALUE! is not available", "CO81", "oecd.population_with_at_least_secondary_education", "2022",
			nil, data.StatusNotAvailable, "Indicator_Last", "J82"},
		{"a UK score", "TLI", "oecd.score.civic_engagement", "2024",
			data.Float(4.8626605949746278), data.StatusPublished, "Score_Last", "L402"},
		{"the UK's score", "UK", "oecd.score.safety", "2024",
			data.Float(9.819277108433738), data.StatusPublished, "Score_Last", "K516"},
		{"a missing score", "TRC3", "oecd.score.income", "2024",
			nil, data.StatusNotAvailable, "Score_Last", "E395"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := observationAt(t, b, tt.region, tt.indicator, tt.period)
			if o.Status != tt.status {
				t.Errorf("status %s, want %s", o.Status, tt.status)
			}
			if (o.Value == nil) != (tt.value == nil) || (o.Value != nil && *o.Value != *tt.value) {
				t.Errorf("value %v, want %v", o.Value, tt.value)
			}
			if want := (data.Cell{File: b.Source.FileName, Sheet: tt.sheet, Ref: tt.ref}); o.Cell != want {
				t.Errorf("cell %+v, want %+v", o.Cell, want)
			}
		})
	}
}

func TestOECDWellbeingRegionsAndIndicators(t *testing.T) {
	b := realSpreadsheetBatch(t, oecdWellbeingFile)
	regions := []data.Region{
		{Code: "TLI", Name: "London", Level: data.LevelITL1, Parent: "UK", Country: "GBR"},
		{Code: "TLC", Name: "North East", Level: data.LevelITL1, Parent: "UK", Country: "GBR"},
		{Code: "UK", Name: "United Kingdom", Level: data.LevelUK, Country: "GBR"},
		{Code: "AU1", Name: "New South Wales", Level: data.LevelOECDTL2, Parent: "AUS", Country: "AUS"},
		{Code: "TRB1", Name: "Central East Anatolia - West", Level: data.LevelOECDTL2, Parent: "TUR", Country: "TUR"},
		{Code: "AUS", Name: "Australia", Level: data.LevelOECDCountry, Country: "AUS"},
	}
	for _, want := range regions {
		if got := regionIn(t, b, want.Code); got != want {
			t.Errorf("region %+v, want %+v", got, want)
		}
	}
	for _, r := range b.Regions {
		if len(r.Code) == 3 && r.Code[:2] == "UK" {
			t.Errorf("UK region kept under its OECD code: %+v", r)
		}
	}

	inds := []data.Indicator{
		{ID: "oecd.disposable_income_per_capita", Name: "Disposable income per capita", Dimension: "income", Unit: "USD PPP", Direction: data.HigherIsBetter},
		{ID: "oecd.unemployment_rate", Name: "Unemployment rate", Dimension: "jobs", Unit: "%", Direction: data.LowerIsBetter},
		{ID: "oecd.air_quality_pm2_5", Name: "Air quality (PM2.5)", Dimension: "environment", Unit: "µg/m³", Direction: data.LowerIsBetter},
		{ID: "oecd.perceived_social_network_support", Name: "Perceived social network support", Dimension: "community", Unit: "index 0 to 10", Direction: data.HigherIsBetter},
		{ID: "oecd.score.civic_engagement", Name: "Civic engagement (OECD well-being score)", Unit: "Score [0-10]", Direction: data.HigherIsBetter},
	}
	for _, want := range inds {
		want.Source = "oecd-regional-wellbeing"
		if got := indicatorIn(t, b, want.ID); got != want {
			t.Errorf("indicator %+v, want %+v", got, want)
		}
	}
	// Every indicator value belongs to a dimension; no score does.
	for _, ind := range b.Indicators {
		isScore := len(ind.ID) > len("oecd.score.") && ind.ID[:len("oecd.score.")] == "oecd.score."
		if isScore != (ind.Dimension == "") || ind.Direction == data.Neutral {
			t.Errorf("indicator %+v: want a dimension and a direction for values, none for scores", ind)
		}
	}
}

func BenchmarkOECDWellbeingRead(b *testing.B) {
	path := realSpreadsheet(b, oecdWellbeingFile)
	for b.Loop() {
		if _, err := ReadFile(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
}

func TestOECDWellbeingRefusals(t *testing.T) {
	sheet := func(name, title string, extra map[string]any) testSheet {
		cells := map[string]any{"F4": title, "B7": "Country", "C7": "Region", "D7": "Code", "E7": "Employment rate", "E8": "%",
			"B9": "Atlantis", "C9": "North Atlantis", "D9": "AT1", "E9": 70.5,
			"C11": "Atlantis", "D11": "ATL", "E11": 71}
		for k, v := range extra {
			cells[k] = v
		}
		return testSheet{name: name, cells: cells}
	}
	const title = "Indicators values - 2024 or last available year"
	tests := []struct {
		name   string
		sheets []testSheet
		sheet  string
		row    int
	}{
		{"a region of a country without a country row",
			[]testSheet{sheet("Indicator_Last", title, map[string]any{"B10": "Utopia", "C10": "Utopia North", "D10": "UT1", "E10": 1}),
				sheet("Score_Last", "Score", nil)}, "Indicator_Last", 10},
		{"no year in the title",
			[]testSheet{sheet("Indicator_Last", "Indicators values", nil), sheet("Score_Last", "Score", nil)}, "Indicator_Last", 0},
		{"a bad reference year",
			[]testSheet{sheet("Indicator_Last", title, nil), sheet("Score_Last", "Score", nil),
				{name: "Reference_year", cells: map[string]any{"B3": "Disposable income per capita", "C3": "Employment rate",
					"A4": "ATL", "B4": "2022(00)", "C4": "sometime"}}}, "Reference_year", 4},
		{"text for a score",
			[]testSheet{sheet("Indicator_Last", title, nil), sheet("Score_Last", "Score", map[string]any{"E9": "high"})}, "Score_Last", 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeTestWorkbook(t, "oecd.xlsx", tt.sheets...)
			if !(OECDWellbeing{}).Detect(context.Background(), f) {
				t.Fatal("not detected")
			}
			_, err := OECDWellbeing{}.Read(context.Background(), f)
			ie, ok := err.(*InputError)
			if !ok || ie.File != "oecd.xlsx" || ie.Sheet != tt.sheet || ie.Row != tt.row {
				t.Errorf("got %v, want an InputError for sheet %s, row %d", err, tt.sheet, tt.row)
			}
		})
	}

	f := writeTestWorkbook(t, "oecd.xlsx", sheet("Indicator_Last", title, nil), sheet("Score_Last", "Score", nil))
	b, err := OECDWellbeing{}.Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if o := observationAt(t, b, "AT1", "oecd.employment_rate", "2024"); o.Value == nil || *o.Value != 70.5 {
		t.Errorf("without Reference_year the title's year applies: %+v", o)
	}
	if r := regionIn(t, b, "AT1"); r.Parent != "ATL" || r.Level != data.LevelOECDTL2 {
		t.Errorf("region %+v", r)
	}
}
