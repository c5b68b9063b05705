package ingest

import (
	"context"
	"errors"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// TestONSGeographyRealFiles reads the ONS Open Geography files: every area they name, under the
// canonical code placevalue's geography gives it, and none it does not know.
func TestONSGeographyRealFiles(t *testing.T) {
	tests := []struct {
		file    string
		title   string
		vintage string
		areas   int // distinct regions read
		check   map[string]data.Region
	}{
		{"codes/LAD19_names_and_codes_UK.csv", "Local Authority Districts (2019) names and codes", "2019", 382,
			map[string]data.Region{"E06000001": {Name: "Hartlepool", Level: data.LevelLAD}}},
		// The English regions' GSS codes are stored under their ITL codes: E12000007 is London, TLI.
		{"codes/RGN19_names_and_codes_EN.csv", "Regions (2019) names and codes", "2019", 9,
			map[string]data.Region{"TLI": {Name: "London", Level: data.LevelITL1}, "TLC": {Name: "North East", Level: data.LevelITL1}}},
		// 391 districts of 2018, and the NUTS areas they lie in (UKI44 is the ITL3 TLI44).
		{"codes/LAD18_LAU118_NUTS318_NUTS218_NUTS118_UK_LU.csv", "Local Authority Districts to NUTS3 to NUTS2 to NUTS1 lookup (2018)", "2018", 0,
			map[string]data.Region{"E07000004": {Name: "Aylesbury Vale", Level: data.LevelLAD}, "TLI44": {Level: data.LevelITL3}, "TLI": {Name: "London", Level: data.LevelITL1}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := Read(context.Background(), openRealTestFile(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if b.Source.Publication != "ons-geography-codes" || b.Source.Title != tt.title || b.Source.Vintage != tt.vintage {
				t.Errorf("source = %+v", b.Source)
			}
			if len(b.Observations) != 0 || len(b.Indicators) != 0 {
				t.Errorf("a geography gave %d observations and %d indicators", len(b.Observations), len(b.Indicators))
			}
			if len(b.UnknownRegions) != 0 {
				t.Errorf("codes the geography does not know: %v", b.UnknownRegions)
			}
			if tt.areas > 0 && len(b.Regions) != tt.areas {
				t.Errorf("%d regions, want %d", len(b.Regions), tt.areas)
			}
			byCode := map[string]data.Region{}
			for _, r := range b.Regions {
				if _, dup := byCode[r.Code]; dup {
					t.Errorf("region %s listed twice", r.Code)
				}
				byCode[r.Code] = r
			}
			for code, want := range tt.check {
				got, ok := byCode[code]
				if !ok || got.Level != want.Level || (want.Name != "" && got.Name != want.Name) {
					t.Errorf("region %s = %+v (found %v), want %+v", code, got, ok, want)
				}
			}
		})
	}
}

// TestONSGeographyUnknownAndBad reads a hand-made lookup of a newer vintage: codes the geography
// does not know are kept under the publisher's names, with the lookup's parent; a row without a
// code is refused by its row.
func TestONSGeographyUnknownAndBad(t *testing.T) {
	f, err := NewFile("LAD25_RGN25_EN_LU.csv", []byte("LAD25CD,LAD25NM,RGN25CD,RGN25NM,FID\n"+
		"E06000001,Hartlepool,E12000001,North East,1\n"+
		"E06000099,New Town,E12000001,North East,2\n"+
		"E06000098,Newer Town,E12000099,Far North,3\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]data.Region{}
	for _, r := range b.Regions {
		got[r.Code] = r
	}
	want := map[string]data.Region{
		// Codes the geography does not know are kept, never ranked: level other.
		"E06000099": {Code: "E06000099", Name: "New Town", Level: data.LevelOther, Parent: "TLC", Country: "GBR"},
		"E06000098": {Code: "E06000098", Name: "Newer Town", Level: data.LevelOther, Parent: "E12000099", Country: "GBR"},
		"E12000099": {Code: "E12000099", Name: "Far North", Level: data.LevelOther, Country: "GBR"},
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("region %s = %+v, want %+v", code, got[code], w)
		}
	}
	if len(b.Regions) != 5 || len(b.UnknownRegions) != 3 || b.UnknownRegions[0].Code != "E06000098" {
		t.Errorf("regions %v, unknown %v", b.Regions, b.UnknownRegions)
	}
	if b.Source.Title != "Local Authority Districts to Regions lookup (2025)" || b.Source.Vintage != "2025" {
		t.Errorf("source = %+v", b.Source)
	}

	f, err = NewFile("LAD25_names.csv", []byte("LAD25CD,LAD25NM\nE06000001,Hartlepool\n,Nameless\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read(context.Background(), f)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Row != 3 || err.Error() != `LAD25_names.csv, row 3: expected an area code and name in columns 1 and 2 (LAD25CD, LAD25NM)` {
		t.Errorf("error = %v", err)
	}
}
