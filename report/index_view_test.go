package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
)

func TestParseIndexQuery(t *testing.T) {
	tests := []struct {
		query   string
		wantErr string
		check   func(IndexQuery) bool
	}{
		{"", "", func(q IndexQuery) bool {
			return q.Level == data.LevelITL1 && q.Draws == DefaultDraws && q.Options.Weights == nil
		}},
		{"level=lad&weights=income=5,jobs=3,life_satisfaction=0", "", func(q IndexQuery) bool {
			return q.Level == data.LevelLAD && q.Options.Weights.Of("income") == 5 && q.Options.Weights.Of("life_satisfaction") == 0 &&
				q.Options.Weights.Of("health") == metrics.DefaultWeight
		}},
		{"weights=material", "", func(q IndexQuery) bool { return q.Options.Weights.Of("income") == 5 }},
		{"normalisation=zscore&aggregation=geometric&draws=10", "", func(q IndexQuery) bool {
			return q.Options.Normalisation == metrics.NormaliseZScore && q.Options.Aggregation == metrics.AggregateGeometric && q.Draws == 10
		}},
		{"aggregation=generalised&power=2", "", func(q IndexQuery) bool { return q.Options.Power == 2 }},
		{"level=itl9", `unknown level "itl9"`, nil},
		{"weights=incme=5", "weights: ", nil},
		{"draws=100001", `draws is "100001"`, nil},
		{"draws=-1", `draws is "-1"`, nil},
		{"power=x&aggregation=generalised", `power is "x"`, nil},
		{"normalisation=magic", "normalisation: ", nil},
		{"normalisation=goalposts", "", func(q IndexQuery) bool { return q.Options.Normalisation == metrics.NormaliseGoalposts }},
		{"normalisation=target", "", func(q IndexQuery) bool { return q.Options.Normalisation == metrics.NormaliseTarget }},
		{"", "", func(q IndexQuery) bool { return q.Framework() == data.DefaultFramework() && q.Options.Framework != nil }},
		{"level=lad&framework=uk-local&weights=connectivity=5", "", func(q IndexQuery) bool {
			return q.Framework().ID == "uk-local" && q.Options.Weights.Of("connectivity") == 5 && len(q.Options.Weights) == len(q.Framework().Dimensions)
		}},
		{"framework=uk-local&weights=material", "", func(q IndexQuery) bool { return q.Options.Weights.Of("jobs_and_pay") == 5 }},
		{"framework=uk-local&weights=income=5", `weights: unknown dimension "income" of the uk-local framework`, nil},
		{"framework=thriving", `unknown framework "thriving": expected one of oecd, uk-local`, nil},
		{"level=oecd-tl2&framework=uk-local", "the uk-local framework (UK local flourishing) has no indicators for OECD large regions (TL2): it is offered for itl1 (UK regions and nations (ITL1)), lad (UK local authorities)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			q, err := ParseIndexQuery(v.Get, data.LevelITL1)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.check(q) {
				t.Fatalf("ParseIndexQuery(%q) = %+v, %v", tt.query, q, err)
			}
			// A query survives the trip through a shareable URL.
			back, err := ParseIndexQuery(q.Values().Get, data.LevelOECDTL2)
			if err != nil || back.Values().Encode() != q.Values().Encode() {
				t.Errorf("round trip: %q -> %q (%v)", q.Values().Encode(), back.Values().Encode(), err)
			}
		})
	}
}

func TestIndexViewCSV(t *testing.T) {
	w := loadTestWarehouse(t)
	q := DefaultIndexQuery(data.LevelITL1)
	v, err := BuildIndex(context.Background(), w, q)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteIndexViewCSV(&buf, v); err != nil {
		t.Fatal(err)
	}
	golden(t, "index_view_itl1.csv", buf.Bytes())
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), byteOrderMark))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(rows[0], ",")
	if header != "rank,region_code,region_name,index,coverage,income,jobs,gdp_per_head,gdp_rank,rank_low,rank_high,rank_median,missing_dimensions,thin_dimensions,stale_figures,qualified_figures,capped_figures" {
		t.Fatalf("header = %s", header)
	}
	// London and the North East are the only regions with GDP per head: London ranks 1st by both.
	if rows[1][1] != "TLI" || rows[1][8] != "1" || rows[4][1] != "TLC" || rows[4][8] != "2" {
		t.Errorf("gdp ranks: %q / %q", rows[1], rows[4])
	}
	for _, r := range rows[1:] {
		rank, _ := strconv.Atoi(r[0])
		low, errLow := strconv.Atoi(r[9])
		high, errHigh := strconv.Atoi(r[10])
		median, errMedian := strconv.Atoi(r[11])
		if errLow != nil || errHigh != nil || errMedian != nil || low > rank || high < rank || median < low || median > high {
			t.Errorf("rank interval %s–%s does not hold rank %s and median rank %s", r[9], r[10], r[0], r[11])
		}
	}
	// Weighting jobs only changes nothing here (both dimensions agree), but zero income weight
	// must drop TLX9, whose only score is income, from the ranking.
	q.Options.Weights, _ = metrics.ParseWeights("income=0", nil)
	v, err = BuildIndex(context.Background(), w, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Ranked(v.Index) {
		if r.Region.Code == "TLX9" {
			t.Error("region with only a zero-weighted dimension is still ranked")
		}
	}
}

func TestIndexQueryEncode(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"", "level=itl1"},
		{"level=lad&weights=income=5,jobs=3,life_satisfaction=0", "level=lad&weights=income=5,jobs=3,life_satisfaction=0"},
		// Defaults are left out: equal weights, min-max, the arithmetic mean, 1,000 draws.
		{"weights=income=1,jobs=1&normalisation=minmax&aggregation=arithmetic&power=3&draws=1000", "level=itl1"},
		{"weights=equal", "level=itl1"},
		{"weights=material", "level=itl1&weights=income=5,jobs=5,housing=5"},
		{"framework=oecd", "level=itl1"},
		{"weights=material&framework=uk-local&level=lad", "level=lad&framework=uk-local&weights=jobs_and_pay=5,household_income=5,housing=5"},
		{"weights=community=2.5&normalisation=zscore&aggregation=generalised&power=-0.5&draws=0",
			"level=itl1&weights=community=2.5&normalisation=zscore&aggregation=generalised&power=-0.5&draws=0"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			q, err := ParseIndexQuery(v.Get, data.LevelITL1)
			if err != nil {
				t.Fatal(err)
			}
			got := q.Encode()
			if got != tt.want {
				t.Errorf("Encode() = %q, want %q", got, tt.want)
			}
			// The readable form parses back to the same query.
			back, err := url.ParseQuery(got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseIndexQuery(back.Get, data.LevelOECDTL2)
			if err != nil || again.Encode() != got {
				t.Errorf("round trip: %q -> %q (%v)", got, again.Encode(), err)
			}
		})
	}
}

func TestWeightsParam(t *testing.T) {
	def := data.DefaultFramework()
	w, err := metrics.ParseWeights("life_satisfaction=0,income=5,jobs=3", def)
	if err != nil {
		t.Fatal(err)
	}
	if got := WeightsParam(w, def); got != "income=5,jobs=3,life_satisfaction=0" {
		t.Errorf("WeightsParam = %q, want the changed dimensions in the OECD's order", got)
	}
	for _, w := range []metrics.Weights{nil, {}, {"income": 1}} {
		if got := WeightsParam(w, def); got != "" {
			t.Errorf("WeightsParam(%v) = %q, want \"\" for default weights", w, got)
		}
	}
}

func TestBeyondGDPCSV(t *testing.T) {
	w := loadTestWarehouse(t)
	v, err := BuildIndex(context.Background(), w, DefaultIndexQuery(data.LevelITL1))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteBeyondGDPCSV(&buf, v); err != nil {
		t.Fatal(err)
	}
	golden(t, "beyond_gdp_itl1.csv", buf.Bytes())
	// Only London and the North East have GDP per head: both ranks count these two, and London
	// is first by both, so neither stands out.
	want := "\ufeffregion_code,region_name,index,index_rank,gdp_per_head,gdp_rank,gap,stands_out\r\n" +
		"TLI,London,10,1,56431.5,1,0,\r\n" +
		"TLC,North East,0,2,24000,2,0,\r\n"
	if buf.String() != want {
		t.Errorf("beyond-GDP CSV =\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestStandsOut(t *testing.T) {
	b := metrics.BeyondGDP{Threshold: 3}
	for gap, want := range map[int]string{3: StandsOutBetter, 7: StandsOutBetter, 2: "", 0: "", -2: "", -3: StandsOutWorse} {
		if got := StandsOut(b, metrics.GDPGap{Gap: gap}); got != want {
			t.Errorf("gap %d: %q, want %q", gap, got, want)
		}
	}
}
