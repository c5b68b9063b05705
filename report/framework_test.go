package report

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestUKLocalFramework builds an index of local authorities on the UK local framework from a real
// warehouse file: pay counts in jobs and pay, life satisfaction in personal well-being, and the
// OECD indicator loaded beside them counts in nothing.
//
//	              weekly pay  life satisfaction  oecd.life_expectancy
//	E06000001     500 → 10    7.0 → 0            80
//	E06000002     400 → 0     8.0 → 10           81
//	E06000003     450 → 5     7.9 → 9            82
//
// Index: E06000003 (5+9)/2 = 7; the other two (10+0)/2 = (0+10)/2 = 5, tied second.
func TestUKLocalFramework(t *testing.T) {
	ctx := context.Background()
	cell := data.Cell{File: "sni.xlsx", Sheet: "S", Ref: "A1"}
	obs := func(region, ind string, v float64) data.Observation {
		return data.Observation{Region: region, Indicator: ind, Period: "2023", Value: data.Float(v), Status: data.StatusPublished, Cell: cell}
	}
	b := &data.Batch{
		Source: data.Source{Publication: "test", Publisher: "ONS", Title: "t", FileName: "sni.xlsx", SHA256: "sni", Vintage: "2024", Licence: "OGL"},
		Regions: []data.Region{
			{Code: "E06000001", Name: "Hartlepool", Level: data.LevelLAD, Parent: "TLC", Country: "GBR"},
			{Code: "E06000002", Name: "Middlesbrough", Level: data.LevelLAD, Parent: "TLC", Country: "GBR"},
			{Code: "E06000003", Name: "Redcar and Cleveland", Level: data.LevelLAD, Parent: "TLC", Country: "GBR"},
		},
		Indicators: []data.Indicator{
			{ID: "ons_sni.weekly_pay", Name: "Gross median weekly pay", Dimension: "income", Unit: "£", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "ons_sni.life_satisfaction", Name: "Life satisfaction", Dimension: "life_satisfaction", Unit: "mean", Direction: data.HigherIsBetter, Source: "test"},
			{ID: "oecd.life_expectancy", Name: "Life expectancy", Dimension: "health", Unit: "years", Direction: data.HigherIsBetter, Source: "test"},
		},
		Observations: []data.Observation{
			obs("E06000001", "ons_sni.weekly_pay", 500), obs("E06000002", "ons_sni.weekly_pay", 400), obs("E06000003", "ons_sni.weekly_pay", 450),
			obs("E06000001", "ons_sni.life_satisfaction", 7), obs("E06000002", "ons_sni.life_satisfaction", 8), obs("E06000003", "ons_sni.life_satisfaction", 7.9),
			obs("E06000001", "oecd.life_expectancy", 80), obs("E06000002", "oecd.life_expectancy", 81), obs("E06000003", "oecd.life_expectancy", 82),
		},
	}
	w := loadBatches(t, b)
	query := func(raw string) IndexQuery {
		t.Helper()
		v, _ := url.ParseQuery(raw)
		q, err := ParseIndexQuery(v.Get, data.LevelLAD)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	v, err := BuildIndex(ctx, w, query("framework=uk-local&draws=0"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteIndexViewCSV(&buf, v); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimPrefix(buf.String(), byteOrderMark), "\r\n")
	want := []string{
		"rank,region_code,region_name,index,coverage,jobs_and_pay,personal_wellbeing,gdp_per_head,gdp_rank,rank_low,rank_high,rank_median,missing_dimensions,thin_dimensions,stale_figures,qualified_figures,capped_figures",
		"1,E06000003,Redcar and Cleveland,7,1,5,9,,,1,1,1,,,,,",
		"2,E06000001,Hartlepool,5,1,10,0,,,2,2,2,,,,,",
		"2,E06000002,Middlesbrough,5,1,0,10,,,2,2,2,,,,,",
	}
	if got := lines[:len(want)]; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("UK local index CSV:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The same warehouse on the OECD framework scores all three indicators, in its dimensions.
	def, err := BuildIndex(ctx, w, query("draws=0"))
	if err != nil {
		t.Fatal(err)
	}
	if got := IndexHeader(def.Index); strings.Join(got[5:], ",") != "income,health,life_satisfaction,gdp_per_head" {
		t.Errorf("OECD framework columns = %v", got)
	}
	// A region page in a framework that is not offered at the region's level says so.
	_, err = BuildRegion(ctx, w, "E06000001", query("framework=uk-local"))
	if err != nil {
		t.Errorf("UK local region view: %v", err)
	}
	q := query("framework=uk-local")
	q.Level = ""
	if _, err := BuildRegion(ctx, w, "E06000001", q); err != nil {
		t.Errorf("UK local region view at its own level: %v", err)
	}
	var fle *FrameworkLevelError
	if err := CheckFrameworkLevel(q.Framework(), data.LevelOECDTL2); !errors.As(err, &fle) || fle.Level != data.LevelOECDTL2 {
		t.Errorf("CheckFrameworkLevel at oecd-tl2 = %v", err)
	}
}
