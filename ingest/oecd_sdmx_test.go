package ingest

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestOECDSDMXReadReal(t *testing.T) {
	f := openRealTestFile(t, "oecd/OECD_HSL_CWB_howslife_sdmx.csv")
	r := OECDSDMX{}
	if !r.Detect(context.Background(), f) {
		t.Fatal("Detect refused the real SDMX-CSV file")
	}
	b, err := r.Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	checkBatchConsistent(t, b)
	if len(b.Observations) != 5394 || len(b.Regions) != 47 || len(b.Indicators) != 155 {
		t.Errorf("got %d observations, %d regions, %d indicators; want 5394, 47, 155", len(b.Observations), len(b.Regions), len(b.Indicators))
	}
	src := b.Source
	if src.Publisher != "OECD" || src.Licence != "CC BY 4.0" || src.Vintage != "2025" || src.Publication != "oecd-sdmx-csv" ||
		src.Title != "OECD Data Explorer: OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1)" {
		t.Errorf("source %+v", src)
	}

	// One value of each OBS_STATUS kind in the file, and the United Kingdom's own.
	tests := []struct {
		region, indicator, period string
		want                      float64
		status                    data.Status
		ref                       string
	}{
		{"IRL", "oecd_sdmx.df_hsl_cwb.10_2", "2023", 77.7234001638793, data.StatusPublished, "R2C10"},
		{"NOR", "oecd_sdmx.df_hsl_cwb.11_1_dep.young", "2023", 4.60638649943792, data.StatusDefinitionDiffers, "R4C10"},
		{"ISR", "oecd_sdmx.df_hsl_cwb.5_2_dep", "2022", 11.1, data.StatusBreak, "R202C10"},
		{"CHE", "oecd_sdmx.df_hsl_cwb.1_1", "2023", 48940, data.StatusProvisional, "R587C10"},
		{"CRI", "oecd_sdmx.df_hsl_cwb.1_1", "2021", 18190, data.StatusEstimated, "R938C10"},
		{"UK", "oecd_sdmx.df_hsl_cwb.11_1", "2022", 7.45, data.StatusPublished, "R4265C10"},
		{"UK", "oecd_sdmx.df_hsl_cwb.11_1.old", "2022", 7.49, data.StatusPublished, "R4545C10"},
		// How's Life? has the gender wage gap against two bases: the unit keeps them apart.
		{"FIN", "oecd_sdmx.df_hsl_cwb.2_2.pt_wg_sal_m_median", "2022", 17.516859387, data.StatusPublished, "R8C10"},
		{"FIN", "oecd_sdmx.df_hsl_cwb.2_2.pt_wg_sal_m_d", "2023", 16.131884932, data.StatusPublished, "R5346C10"},
	}
	for _, tt := range tests {
		o := findObservation(t, b, tt.region, tt.indicator, tt.period)
		if o.Value == nil || *o.Value != tt.want || o.Status != tt.status || o.Cell.Ref != tt.ref || o.Cell.File != f.Name {
			t.Errorf("%s %s %s: %+v, want %v (%s) at %s", tt.region, tt.indicator, tt.period, o, tt.want, tt.status, tt.ref)
		}
	}

	statuses := map[data.Status]int{}
	for _, o := range b.Observations {
		statuses[o.Status]++
	}
	wantStatuses := map[data.Status]int{
		data.StatusPublished: 5030, data.StatusDefinitionDiffers: 302, data.StatusBreak: 27,
		data.StatusProvisional: 27, data.StatusEstimated: 8,
	}
	for s, n := range wantStatuses {
		if statuses[s] != n {
			t.Errorf("%d observations %s, want %d", statuses[s], s, n)
		}
	}

	regions := map[string]data.Region{}
	for _, r := range b.Regions {
		regions[r.Code] = r
	}
	if uk := regions["UK"]; uk.Level != data.LevelUK || uk.Name != "United Kingdom" {
		t.Errorf("GBR became %+v, want the UK region", uk)
	}
	if _, ok := regions["GBR"]; ok {
		t.Error("GBR kept as a country region beside UK")
	}
	if irl := regions["IRL"]; irl.Level != data.LevelOECDCountry || irl.Name != "Ireland" || irl.Country != "IRL" {
		t.Errorf("Ireland region %+v", irl)
	}
	for _, ind := range b.Indicators {
		if ind.Direction != data.Neutral || ind.Dimension != "" || ind.Source != "oecd-sdmx-csv" || ind.Unit == "" {
			t.Errorf("indicator %+v: want neutral, no dimension, a unit", ind)
		}
	}
}

func TestOECDSDMXLabelsFlavour(t *testing.T) {
	content := "DATAFLOW,REF_AREA: Reference area,MEASURE: Measure,UNIT_MEASURE: Unit of measure,AGE: Age,SEX: Sex,TIME_PERIOD: Time period,OBS_VALUE,OBS_STATUS: Observation status,UNIT_MULT: Unit multiplier\r\n" +
		"OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1): Current well-being,GBR: United Kingdom,11_1: Life satisfaction,0_TO_10: Scale 0-10,_T: Total,_T: Total,2022,7.45,A: Normal value,0: Units\r\n" +
		"OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1): Current well-being,FRA: France,11_1: Life satisfaction,0_TO_10: Scale 0-10,Y15T29: From 15 to 29 years,F: Female,2022,,M: Missing value,0: Units\r\n" +
		"OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1): Current well-being,FRA: France,1_1: Household income,USD_PPP_PS: US dollars PPP per person,_T: Total,_T: Total,2021,31.5,E: Estimated value,3: Thousands\r\n"
	f := openTestCSV(t, "labels.csv", content)
	r := OECDSDMX{}
	if !r.Detect(context.Background(), f) {
		t.Fatal("Detect refused the labels flavour")
	}
	b, err := r.Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	checkBatchConsistent(t, b)
	want := []data.Indicator{
		{ID: "oecd_sdmx.df_hsl_cwb.11_1", Name: "Life satisfaction", Unit: "Scale 0-10"},
		{ID: "oecd_sdmx.df_hsl_cwb.11_1.y15t29.f", Name: "Life satisfaction (From 15 to 29 years, Female)", Unit: "Scale 0-10"},
		{ID: "oecd_sdmx.df_hsl_cwb.1_1", Name: "Household income", Unit: "US dollars PPP per person ×10^3"},
	}
	for i, w := range want {
		got := b.Indicators[i]
		if got.ID != w.ID || got.Name != w.Name || got.Unit != w.Unit {
			t.Errorf("indicator %d = %+v, want %+v", i, got, w)
		}
	}
	if b.Regions[1].Name != "France" || b.Source.Title != "OECD Data Explorer: Current well-being" || b.Source.Vintage != "2022" {
		t.Errorf("regions %+v, source %+v", b.Regions, b.Source)
	}
	if o := b.Observations[1]; o.Value != nil || o.Status != data.StatusNotApplicable {
		t.Errorf("missing value %+v, want no value, not-applicable", o)
	}
	if o := b.Observations[2]; o.Value == nil || *o.Value != 31.5 || o.Status != data.StatusEstimated {
		t.Errorf("estimated value %+v", o)
	}
}

// TestOECDSDMXRegional reads the SDMX-CSV 2.0 shape of the regional database: label columns of
// their own, and TERRITORIAL_LEVEL.
func TestOECDSDMXRegional(t *testing.T) {
	content := "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,ACTION,TERRITORIAL_LEVEL,Territorial level,REF_AREA,Reference area,MEASURE,Measure,UNIT_MEASURE,Unit of measure,TIME_PERIOD,Time period,OBS_VALUE,Observation value,OBS_STATUS,Observation status\n" +
		"DATAFLOW,OECD.CFE.EDS:DSD_REG_HEALTH@DF_HEALTH(2.0),Regions - health,I,TL2,Large regions (TL2),UKC,North East (UK),LIFE_EXP,Life expectancy,Y,Years,2021,,80.1,,A,Normal value\n" +
		"DATAFLOW,OECD.CFE.EDS:DSD_REG_HEALTH@DF_HEALTH(2.0),Regions - health,I,TL2,Large regions (TL2),FR10,Ile-de-France,LIFE_EXP,Life expectancy,Y,Years,2021,,83.9,,A,Normal value\n" +
		"DATAFLOW,OECD.CFE.EDS:DSD_REG_HEALTH@DF_HEALTH(2.0),Regions - health,I,CTRY,Country,GBR,United Kingdom,LIFE_EXP,Life expectancy,Y,Years,2021,,80.7,,,\n" +
		"DATAFLOW,OECD.CFE.EDS:DSD_REG_HEALTH@DF_HEALTH(2.0),Regions - health,I,TL3,Small regions (TL3),FR101,Paris,LIFE_EXP,Life expectancy,Y,Years,2021,,85.2,,A,Normal value\n"
	f := openTestCSV(t, "regional.csv", content)
	r := OECDSDMX{}
	if !r.Detect(context.Background(), f) {
		t.Fatal("Detect refused SDMX-CSV 2.0")
	}
	b, err := r.Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	checkBatchConsistent(t, b)
	want := []data.Region{
		{Code: "TLC", Name: "North East", Level: data.LevelITL1, Parent: "UK", Country: "GBR"},
		{Code: "FR10", Name: "Ile-de-France", Level: data.LevelOECDTL2, Country: "FRA"},
		{Code: "UK", Name: "United Kingdom", Level: data.LevelUK, Country: "GBR"},
		{Code: "FR101", Name: "Paris", Level: data.LevelOther, Country: "FRA"},
	}
	for i, w := range want {
		if b.Regions[i] != w {
			t.Errorf("region %d = %+v, want %+v", i, b.Regions[i], w)
		}
	}
	if ind := b.Indicators[0]; ind.ID != "oecd_sdmx.df_health.life_exp" || ind.Name != "Life expectancy" || ind.Unit != "Years" {
		t.Errorf("indicator %+v", ind)
	}
	if b.Source.Title != "OECD Data Explorer: Regions - health" {
		t.Errorf("title %q", b.Source.Title)
	}
	if o := b.Observations[0]; o.Region != "TLC" || *o.Value != 80.1 || o.Cell.Ref != "R2C15" {
		t.Errorf("observation %+v", o)
	}
}

// TestOECDSDMXRegional10 reads the same regional rows written as the Data Explorer writes SDMX-CSV
// 1.0: codes only, and with labels in the header and in the cells ("TERRITORIAL_LEVEL: Territorial
// level", "TL2: Large regions"). The UK's TL2 regions are its NUTS 1 regions, stored under their
// ITL codes (UKC is TLC); other regions keep the OECD's code.
func TestOECDSDMXRegional10(t *testing.T) {
	const flow, flowLabel = "OECD.CFE.EDS:DSD_REG_ECO@DF_GDP(1.0)", "Regional economy"
	rows := []struct {
		area, areaLabel, level, levelLabel, period, value, status, statusLabel string

		// What the row must give, with the region's name in each flavour.
		region, codesName, labelsName string
		regionLevel                   data.Level
		country                       string
		wantStatus                    data.Status
	}{
		{"UKC", "North East (UK)", "TL2", "Large regions", "2021", "30412.5", "A", "Normal value",
			"TLC", "North East", "North East", data.LevelITL1, "GBR", data.StatusPublished},
		{"UKI", "London", "TL2", "Large regions", "2021", "71234", "P", "Provisional value",
			"TLI", "London", "London", data.LevelITL1, "GBR", data.StatusProvisional},
		{"UKM", "Scotland", "TL2", "Large regions", "2020", "41000.25", "E", "Estimated value",
			"TLM", "Scotland", "Scotland", data.LevelITL1, "GBR", data.StatusEstimated},
		{"UKN", "Northern Ireland", "TL2", "Large regions", "2021", "", "M", "Missing value",
			"TLN", "Northern Ireland", "Northern Ireland", data.LevelITL1, "GBR", data.StatusNotApplicable},
		{"UKC", "North East (UK)", "TL2", "Large regions", "2020", "29000", "", "",
			"TLC", "North East", "North East", data.LevelITL1, "GBR", data.StatusPublished},
		{"FR10", "Ile-de-France", "TL2", "Large regions", "2021", "75000.3", "B", "Break in series",
			"FR10", "FR10", "Ile-de-France", data.LevelOECDTL2, "FRA", data.StatusBreak},
		{"GBR", "United Kingdom", "CTRY", "Country", "2021", "48000", "A", "Normal value",
			"UK", "United Kingdom", "United Kingdom", data.LevelUK, "GBR", data.StatusPublished},
		// Small regions: the UK's are its ITL3 areas (UKC11 is TLC11); others stay out of rankings.
		{"UKC11", "Hartlepool and Stockton-on-Tees", "TL3", "Small regions", "2021", "25000.5", "A", "Normal value",
			"TLC11", "Hartlepool and Stockton-on-Tees", "Hartlepool and Stockton-on-Tees", data.LevelITL3, "GBR", data.StatusPublished},
		{"FRD11", "Calvados", "TL3", "Small regions", "2021", "31000", "A", "Normal value",
			"FRD11", "FRD11", "Calvados", data.LevelOther, "FRA", data.StatusPublished},
	}
	const header = "DATAFLOW,REF_AREA,TERRITORIAL_LEVEL,TERRITORIAL_TYPE,MEASURE,UNIT_MEASURE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT,DECIMALS"
	const valueColumn = 8
	labelled := func(code, label string) string {
		if code == "" {
			return ""
		}
		return code + ": " + label
	}
	codes := []string{header}
	labels := []string{"DATAFLOW,REF_AREA: Reference area,TERRITORIAL_LEVEL: Territorial level,TERRITORIAL_TYPE: Territorial type," +
		"MEASURE: Measure,UNIT_MEASURE: Unit of measure,TIME_PERIOD: Time period,OBS_VALUE,OBS_STATUS: Observation status," +
		"UNIT_MULT: Unit multiplier,DECIMALS: Decimals"}
	for _, r := range rows {
		codes = append(codes, strings.Join([]string{flow, r.area, r.level, "_Z", "GDP_PC", "USD_PPP_PS", r.period, r.value, r.status, "0", "1"}, ","))
		labels = append(labels, strings.Join([]string{labelled(flow, flowLabel), labelled(r.area, r.areaLabel), labelled(r.level, r.levelLabel),
			"_Z: Not applicable", "GDP_PC: Regional GDP per head", "USD_PPP_PS: US dollars per person PPP", r.period, r.value,
			labelled(r.status, r.statusLabel), "0: Units", "1: One"}, ","))
	}

	flavours := []struct {
		name, content    string
		labels           bool
		title, ind, unit string
	}{
		{"codes only", strings.Join(codes, "\r\n") + "\r\n", false, "OECD Data Explorer: " + flow, "GDP_PC", "USD_PPP_PS"},
		{"labels in the cells", strings.Join(labels, "\r\n") + "\r\n", true, "OECD Data Explorer: " + flowLabel, "Regional GDP per head", "US dollars per person PPP"},
	}
	for _, fl := range flavours {
		t.Run(fl.name, func(t *testing.T) {
			f := openTestCSV(t, "regional.csv", fl.content)
			b, err := Read(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			checkBatchConsistent(t, b)
			src := b.Source
			if src.Publication != "oecd-sdmx-csv" || src.Title != fl.title || src.Vintage != "2021" {
				t.Errorf("source %+v, want oecd-sdmx-csv, %q, vintage 2021", src, fl.title)
			}
			const id = "oecd_sdmx.df_gdp.gdp_pc"
			if len(b.Indicators) != 1 || b.Indicators[0].ID != id || b.Indicators[0].Name != fl.ind || b.Indicators[0].Unit != fl.unit {
				t.Errorf("indicators %+v, want one: %s, %q in %q", b.Indicators, id, fl.ind, fl.unit)
			}
			regions := map[string]data.Region{}
			for _, r := range b.Regions {
				regions[r.Code] = r
			}
			if len(b.Observations) != len(rows) {
				t.Fatalf("%d observations, want %d", len(b.Observations), len(rows))
			}
			for i, r := range rows {
				o := b.Observations[i]
				ref := fmt.Sprintf("R%dC%d", i+2, valueColumn)
				if o.Region != r.region || o.Indicator != id || o.Period != r.period || o.Status != r.wantStatus || o.Cell.Ref != ref || o.Cell.File != "regional.csv" {
					t.Errorf("row %d (%s %s): %s %s %s %s at %s, want %s %s %s %s at %s", i+2, r.area, r.period,
						o.Region, o.Indicator, o.Period, o.Status, o.Cell.Ref, r.region, id, r.period, r.wantStatus, ref)
				}
				if got, want := optional(o.Value), cmp.Or(r.value, "NULL"); got != want {
					t.Errorf("row %d (%s %s): value %s, want %s", i+2, r.area, r.period, got, want)
				}
				name := r.codesName
				if fl.labels {
					name = r.labelsName
				}
				if reg := regions[r.region]; reg.Name != name || reg.Level != r.regionLevel || reg.Country != r.country {
					t.Errorf("region %s (%s): %+v, want %q, level %s, country %s", r.region, r.area, reg, name, r.regionLevel, r.country)
				}
			}
			if len(regions) != 8 {
				t.Errorf("%d regions, want 8 (UKC twice)", len(regions))
			}
		})
	}
}

func TestOECDSDMXRefusesBadInput(t *testing.T) {
	const header = "DATAFLOW,REF_AREA,MEASURE,UNIT_MEASURE,AGE,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n"
	const flow = "OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1)"
	tests := []struct {
		name, content string
		row           int
		mention       string
	}{
		{"header only", header, 0, "at least one observation"},
		{"text value", header + flow + ",GBR,11_1,0_TO_10,_T,2022,7.45,A\n" + flow + ",FRA,11_1,0_TO_10,_T,2022,high,A\n", 3, `OBS_VALUE), found "high"`},
		{"duplicate", header + flow + ",GBR,11_1,0_TO_10,_T,2022,7.45,A\n" + flow + ",GBR,11_1,0_TO_10,_T,2022,7.5,A\n", 3, "also on row 2"},
		{"unknown status", header + flow + ",GBR,11_1,0_TO_10,_T,2022,7.45,Z\n", 2, `found "Z"`},
		{"no period", header + flow + ",GBR,11_1,0_TO_10,_T,,7.45,A\n", 2, "TIME_PERIOD"},
		{"no area", header + flow + ",,11_1,0_TO_10,_T,2022,7.45,A\n", 2, "REF_AREA"},
		{"bad dataflow", header + "???,GBR,11_1,0_TO_10,_T,2022,7.45,A\n", 2, "dataflow id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := openTestCSV(t, "sdmx.csv", tt.content)
			if !(OECDSDMX{}).Detect(context.Background(), f) {
				t.Fatal("Detect refused the file")
			}
			_, err := OECDSDMX{}.Read(context.Background(), f)
			ie := wantInputError(t, err, tt.row)
			if ie.File != "sdmx.csv" || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q, want it to say %q", err, tt.mention)
			}
		})
	}
}

func TestOECDSDMXEmptyValueIsNotAvailable(t *testing.T) {
	content := "DATAFLOW,REF_AREA,MEASURE,TIME_PERIOD,OBS_VALUE,OBS_STATUS\nOECD.X:DSD@DF_X(1.0),IRL,M1,2023,,A\nOECD.X:DSD@DF_X(1.0),IRL,M2,2023,NaN,\n"
	b, err := OECDSDMX{}.Read(context.Background(), openTestCSV(t, "empty.csv", content))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range b.Observations {
		if o.Value != nil || o.Status != data.StatusNotAvailable {
			t.Errorf("observation %+v, want no value, not-available", o)
		}
	}
}

func TestDataflowShortID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"OECD.WISE.WDP:DSD_HSL@DF_HSL_CWB(1.1)", "df_hsl_cwb"},
		{"OECD.CFE.EDS:DF_REGIONS(1.0)", "df_regions"},
		{"DF_X", "df_x"},
		{"", ""},
		{"a b", ""},
	}
	for _, tt := range tests {
		if got := dataflowShortID(tt.in); got != tt.want {
			t.Errorf("dataflowShortID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
