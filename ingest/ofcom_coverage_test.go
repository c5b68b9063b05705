package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestOfcomCoverageReadReal(t *testing.T) {
	type value struct {
		region, indicator string
		want              float64
		ref               string
	}
	tests := []struct {
		file                             string
		period                           string
		regions, indicators, observation int
		values                           []value
		// narrowSuperfast: the file's "SFBB availability" is the 30 to 300 Mbit/s band alone.
		narrowSuperfast bool
	}{
		{
			file: "connectivity/ofcom_fixed_laua_coverage_2019.csv", period: "2019",
			regions: 382, indicators: 36, observation: 382 * 36, narrowSuperfast: true,
			values: []value{
				{"S12000033", "ofcom.sfbb_availability_pct_premises", 73.3, "R2C5"},
				{"S12000033", "ofcom.premises_below_the_uso_pct", 0.2, "R2C12"},
				{"S12000033", "ofcom.premises_able_to_receive_sfbb_from_fwa_pct", 0, "R2C15"},
				{"S12000033", "ofcom.number_of_premises_with_sfbb_availability", 117152, "R2C16"},
			},
		},
		{
			file: "connectivity/ofcom_fixed_laua_coverage_2021_early.csv", period: "2021-01",
			regions: 379, indicators: 38, observation: 379 * 38,
			values: []value{
				{"S12000033", "ofcom.sfbb_availability_pct_premises", 94.3, "R2C5"},
				{"E06000060", "ofcom.gigabit_availability_pct_premises", 18.0, "R50C9"},
			},
		},
		{
			file: "connectivity/202105_fixed_laua_coverage_r01.csv", period: "2021-05",
			regions: 374, indicators: 38, observation: 374 * 38,
			values: []value{
				{"S12000033", "ofcom.sfbb_availability_pct_premises", 94.4, "R2C5"},
				{"W06000015", "ofcom.gigabit_availability_pct_premises", 81.9, "R59C9"},
				{"E06000060", "ofcom.full_fibre_availability_pct_premises", 15.5, "R50C8"},
				{"S12000033", "ofcom.premises_with_at_least_300mbit_s_download_speed_pct", 55.8, "R2C36"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := openRealTestFile(t, tt.file)
			b, err := OfcomCoverage{}.Read(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			checkBatchConsistent(t, b)
			if len(b.Regions) != tt.regions || len(b.Indicators) != tt.indicators || len(b.Observations) != tt.observation {
				t.Errorf("got %d regions, %d indicators, %d observations; want %d, %d, %d",
					len(b.Regions), len(b.Indicators), len(b.Observations), tt.regions, tt.indicators, tt.observation)
			}
			src := b.Source
			if src.Vintage != tt.period || src.Publisher != "Ofcom" || src.Licence != "Open Government Licence v3.0" ||
				src.Publication != "ofcom-fixed-coverage-laua" || src.SHA256 != f.SHA256 {
				t.Errorf("source %+v", src)
			}
			for _, o := range b.Observations {
				want := data.StatusPublished
				if tt.narrowSuperfast && o.Indicator == ofcomSuperfast {
					want = data.StatusDefinitionDiffers
				}
				if o.Period != tt.period || o.Status != want || o.Cell.File != f.Name || o.Cell.Sheet != "" {
					t.Fatalf("observation %+v, want status %s", o, want)
				}
			}
			for _, v := range tt.values {
				o := findObservation(t, b, v.region, v.indicator, tt.period)
				if *o.Value != v.want || o.Cell.Ref != v.ref {
					t.Errorf("%s %s = %v at %s, want %v at %s", v.region, v.indicator, *o.Value, o.Cell.Ref, v.want, v.ref)
				}
			}
			for _, r := range b.Regions {
				if r.Level != data.LevelLAD || r.Parent == "" {
					t.Errorf("region %+v: want a LAD with its ITL1 parent", r)
				}
			}
		})
	}
}

func TestOfcomCoverageRegionsAndIndicators(t *testing.T) {
	f := openRealTestFile(t, "connectivity/202105_fixed_laua_coverage_r01.csv")
	b, err := OfcomCoverage{}.Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]data.Region{}
	for _, r := range b.Regions {
		regions[r.Code] = r
	}
	if r := regions["S12000033"]; r.Name != "Aberdeen City" || r.Parent != "TLM" {
		t.Errorf("Aberdeen City region %+v, want its canonical name and parent TLM", r)
	}
	if r := regions["E06000023"]; r.Name != "Bristol, City of" || r.Parent != "TLK" {
		t.Errorf("Bristol region %+v", r)
	}
	indicators := map[string]data.Indicator{}
	for _, ind := range b.Indicators {
		indicators[ind.ID] = ind
	}
	tests := []struct {
		id        string
		dimension string
		direction data.Direction
		unit      string
	}{
		{"ofcom.sfbb_availability_pct_premises", "access_to_services", data.HigherIsBetter, "% of premises"},
		{"ofcom.gigabit_availability_pct_premises", "access_to_services", data.HigherIsBetter, "% of premises"},
		{"ofcom.full_fibre_availability_pct_premises", "access_to_services", data.HigherIsBetter, "% of premises"},
		{"ofcom.premises_unable_to_receive_10mbit_s_pct", "access_to_services", data.LowerIsBetter, "% of premises"},
		{"ofcom.premises_below_the_uso_pct", "access_to_services", data.LowerIsBetter, "% of premises"},
		{"ofcom.number_of_premises_with_gigabit_availability", "", data.Neutral, "premises"},
		{"ofcom.all_premises", "", data.Neutral, "premises"},
		{"ofcom.premises_with_30_to_300mbit_s_download_speed_pct", "", data.Neutral, "% of premises"},
	}
	for _, tt := range tests {
		ind, ok := indicators[tt.id]
		if !ok {
			t.Errorf("indicator %s missing", tt.id)
			continue
		}
		if ind.Dimension != tt.dimension || ind.Direction != tt.direction || ind.Unit != tt.unit || ind.Source != "ofcom-fixed-coverage-laua" {
			t.Errorf("indicator %+v, want dimension %q, direction %s, unit %q", ind, tt.dimension, tt.direction, tt.unit)
		}
	}
}

// TestOfcomCoverageIDsStable checks that a column keeps its id across releases and letter case.
func TestOfcomCoverageIDsStable(t *testing.T) {
	older := "LAUA,LAUA_NAME,SFBB AVAILABILITY (% PREMISES),% OF PREMISES BELOW THE USO\nE06000001,HARTLEPOOL,97.1,0.3\n"
	b, err := OfcomCoverage{}.Read(context.Background(), openTestCSV(t, "ofcom_2018_coverage.csv", older))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ind := range b.Indicators {
		ids = append(ids, ind.ID)
	}
	want := "ofcom.sfbb_availability_pct_premises ofcom.premises_below_the_uso_pct"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("ids %s, want %s", got, want)
	}
}

func TestOfcomCoverageMarkersAndUnknownDistricts(t *testing.T) {
	content := "laua_code,laua_name,SFBB availability (% premises),Number of premises with SFBB availability\n" +
		" E06000001 ,HARTLEPOOL,[x],\n" +
		"E07999999,KINGSTON UPON HULL AND ST. ALBANS-ON-SEA,12.5,[c]\n"
	b, err := OfcomCoverage{}.Read(context.Background(), openTestCSV(t, "202401_coverage.csv", content))
	if err != nil {
		t.Fatal(err)
	}
	checkBatchConsistent(t, b)
	want := []struct {
		region, indicator string
		status            data.Status
		ref               string
	}{
		{"E06000001", "ofcom.sfbb_availability_pct_premises", data.StatusNotAvailable, "R2C3"},
		{"E06000001", "ofcom.number_of_premises_with_sfbb_availability", data.StatusNotAvailable, "R2C4"},
		{"E07999999", "ofcom.sfbb_availability_pct_premises", data.StatusPublished, "R3C3"},
		{"E07999999", "ofcom.number_of_premises_with_sfbb_availability", data.StatusSuppressed, "R3C4"},
	}
	for _, w := range want {
		o := findObservation(t, b, w.region, w.indicator, "2024-01")
		if o.Status != w.status || o.Cell.Ref != w.ref {
			t.Errorf("%s %s: status %s at %s, want %s at %s", w.region, w.indicator, o.Status, o.Cell.Ref, w.status, w.ref)
		}
	}
	if r := b.Regions[0]; r.Name != "Hartlepool" || r.Parent != "TLC" {
		t.Errorf("known district %+v", r)
	}
	if r := b.Regions[1]; r.Name != "Kingston upon Hull and St. Albans-on-Sea" || r.Parent != "" || r.Level != data.LevelLAD {
		t.Errorf("unknown district %+v: want the published name in title case and no parent", r)
	}
}

func TestOfcomCoverageRefusesBadInput(t *testing.T) {
	const header = "laua,laua_name,SFBB availability (% premises)\n"
	tests := []struct {
		name, file, content string
		row                 int
		mention             string
	}{
		{"header only", "202105_coverage.csv", header, 0, "at least one local authority row"},
		{"text in a number column", "202105_coverage.csv", header + "E06000001,HARTLEPOOL,97.1\nE06000002,MIDDLESBROUGH,high\n", 3, `column 3 (SFBB availability (% premises)), found "high"`},
		{"no period in the name", "fixed_laua_coverage.csv", header + "E06000001,HARTLEPOOL,97.1\n", 0, "rename the file"},
		{"two periods in the name", "2019_coverage_2021.csv", header + "E06000001,HARTLEPOOL,97.1\n", 0, "2019 and 2021"},
		{"duplicate district", "202105_coverage.csv", header + "E06000001,HARTLEPOOL,97.1\nE06000001,HARTLEPOOL,97.1\n", 3, "also on row 2"},
		{"missing code", "202105_coverage.csv", header + ",HARTLEPOOL,97.1\n", 2, "local authority code"},
		{"ragged row", "202105_coverage.csv", header + "E06000001,HARTLEPOOL\n", 2, "well-formed CSV"},
		{"NUTS code for a district", "202105_coverage.csv", header + "E06000001,HARTLEPOOL,97.1\nUKC11,HARTLEPOOL AND STOCKTON,97.1\n", 3,
			"a local authority code in column 1 (laua), but UKC11 is the code of Hartlepool and Stockton-on-Tees, a region of level itl3"},
		{"county code for a district", "202105_coverage.csv", header + "E10000006,CUMBRIA,97.1\n", 2, "E10000006 is the code of Cumbria, a region of level county"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := openTestCSV(t, tt.file, tt.content)
			if !(OfcomCoverage{}).Detect(context.Background(), f) {
				t.Fatal("Detect refused the file")
			}
			_, err := OfcomCoverage{}.Read(context.Background(), f)
			ie := wantInputError(t, err, tt.row)
			if ie.File != tt.file || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q, want it to name %s and say %q", err, tt.file, tt.mention)
			}
		})
	}
}

func TestOfcomPeriod(t *testing.T) {
	tests := []struct{ name, want string }{
		{"202105_fixed_laua_coverage_r01.csv", "2021-05"},
		{"ofcom_fixed_laua_coverage_2021_early.csv", "2021-01"},
		{"ofcom_fixed_laua_coverage_2019.csv", "2019"},
		{"201809-fixed-laua-coverage.csv", "2018-09"},
		{"2019_data.csv", "2019"},
		{"fixed_laua_coverage_r01.csv", ""},
		{"202113_fixed_laua_coverage.csv", ""},
		{"data.csv", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ofcomPeriod(tt.name)
			if tt.want == "" {
				wantInputError(t, err, 0)
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ofcomPeriod(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
			}
		})
	}
}

func TestOfcomSlug(t *testing.T) {
	tests := []struct{ label, want string }{
		{"SFBB availability (% premises)", "sfbb_availability_pct_premises"},
		{"SFBB AVAILABILITY (% PREMISES)", "sfbb_availability_pct_premises"},
		{"Gigabit availability (% premises)", "gigabit_availability_pct_premises"},
		{"% of premises below the USO", "premises_below_the_uso_pct"},
		{"% of premises unable to receive 2Mbit/s", "premises_unable_to_receive_2mbit_s_pct"},
		{"% of premises with >=300Mbit/s download speed", "premises_with_at_least_300mbit_s_download_speed_pct"},
		{"Number of premises with 30<300Mbit/s download speed", "number_of_premises_with_30_to_300mbit_s_download_speed"},
	}
	for _, tt := range tests {
		if got := ofcomSlug(tt.label); got != tt.want {
			t.Errorf("ofcomSlug(%q) = %q, want %q", tt.label, got, tt.want)
		}
	}
}

func TestTitleCaseName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ABERDEEN CITY", "Aberdeen City"},
		{"KING'S LYNN AND WEST NORFOLK", "King's Lynn and West Norfolk"},
		{"STOCKTON-ON-TEES", "Stockton-on-Tees"},
		{"BRISTOL, CITY OF", "Bristol, City of"},
		{"THE VALE OF GLAMORGAN", "The Vale of Glamorgan"},
		{"Newcastle upon Tyne", "Newcastle upon Tyne"},
	}
	for _, tt := range tests {
		if got := titleCaseName(tt.in); got != tt.want {
			t.Errorf("titleCaseName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDetectCSVFamilies checks that each CSV reader takes its own real files and refuses the
// others'.
func TestDetectCSVFamilies(t *testing.T) {
	files := map[string]string{
		"connectivity/202105_fixed_laua_coverage_r01.csv":       "ofcom-fixed-coverage-laua",
		"connectivity/ofcom_fixed_laua_coverage_2019.csv":       "ofcom-fixed-coverage-laua",
		"connectivity/ofcom_fixed_laua_coverage_2021_early.csv": "ofcom-fixed-coverage-laua",
		"oecd/OECD_HSL_CWB_howslife_sdmx.csv":                   "oecd-sdmx-csv",
		"oecd/OECD-Regional-Well-Being-Data-File_2025.xlsx":     "",
		"ons/subnatindicators_ninth_release_2024-03.xlsx":       "",
		"ons/regionalgrossdomesticproductgdpallitlregions.xlsx": "",
		"codes/LAD18_LAU118_NUTS318_NUTS218_NUTS118_UK_LU.csv":  "ons-geography-codes",
		"codes/LAD19_names_and_codes_UK.csv":                    "ons-geography-codes",
		"codes/RGN19_names_and_codes_EN.csv":                    "ons-geography-codes",
	}
	readers := []Reader{OfcomCoverage{}, OECDSDMX{}, ONSGeography{}}
	for rel, want := range files {
		t.Run(rel, func(t *testing.T) {
			f := openRealTestFile(t, rel)
			for _, r := range readers {
				if got := r.Detect(context.Background(), f); got != (r.Publication() == want) {
					t.Errorf("%s.Detect = %v", r.Publication(), got)
				}
			}
			if f.Format != FormatCSV {
				return
			}
			// No other reader claims a CSV file first, and other CSV files are refused.
			r, err := Detect(context.Background(), f)
			switch {
			case want == "" && !errors.Is(err, ErrUnknownPublication):
				t.Errorf("Detect = %v, %v; want ErrUnknownPublication", r, err)
			case want != "" && (err != nil || r.Publication() != want):
				t.Errorf("Detect = %v, %v; want %s", r, err, want)
			}
		})
	}
}

func findObservation(t *testing.T, b *data.Batch, region, indicator, period string) data.Observation {
	t.Helper()
	for _, o := range b.Observations {
		if o.Region == region && o.Indicator == indicator && o.Period == period {
			return o
		}
	}
	t.Fatalf("no observation for %s %s %s", region, indicator, period)
	return data.Observation{}
}
