package data

import "testing"

func TestCanonicalUKRegions(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code, wantCode, wantName string
		wantLevel                Level
	}{
		{"UKC", "TLC", "North East", LevelITL1},      // OECD TL2 / NUTS 2016 code
		{"TLH", "TLH", "East of England", LevelITL1}, // ONS publishes "East"
		{"E12000007", "TLI", "London", LevelITL1},    // GSS region code
		{" ukm ", "TLM", "Scotland", LevelITL1},      // stray spaces and case
		{"W92000004", "TLL", "Wales", LevelITL1},
		{"K02000001", "UK", "United Kingdom", LevelUK},
		{"GBR", "UK", "United Kingdom", LevelUK},
		{"E92000001", "TLB", "England", LevelNation},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			r, ok := geo.Canonical(tt.code)
			if !ok || r.Code != tt.wantCode || r.Name != tt.wantName || r.Level != tt.wantLevel {
				t.Fatalf("Canonical(%q) = %+v, %v; want %s %q %s", tt.code, r, ok, tt.wantCode, tt.wantName, tt.wantLevel)
			}
		})
	}
	if _, ok := geo.Canonical("UKZ"); ok {
		t.Error("unknown code UKZ resolved")
	}
	if n := len(geo.ITL1()); n != 12 {
		t.Errorf("ITL1 regions = %d, want 12", n)
	}
}

func TestLADRollUp(t *testing.T) {
	geo, err := UKGeography()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lad, parent, name string }{
		{"E09000001", "TLI", "City of London"},
		{"E06000060", "TLJ", "Buckinghamshire"}, // created 2020
		{"E06000065", "TLE", "North Yorkshire"}, // created 2023
		{"S12000033", "TLM", "Aberdeen City"},   // Scotland
		{"W06000015", "TLL", "Cardiff"},         // Wales
		{"N09000003", "TLN", "Belfast"},         // Northern Ireland
		{"E07000004", "TLJ", "Aylesbury Vale"},  // abolished 2020, still in older releases
		{"E08000037", "TLC", "Gateshead"},       // recoded 2013
	}
	for _, tt := range tests {
		r, ok := geo.LAD(tt.lad)
		if !ok || r.Parent != tt.parent || r.Name != tt.name || r.Level != LevelLAD {
			t.Errorf("LAD(%s) = %+v, %v; want %q in %s", tt.lad, r, ok, tt.name, tt.parent)
		}
	}
}

func TestCatalogueIsValid(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for id, e := range cat {
		if e.Dimension != "" && e.Direction == Neutral {
			t.Errorf("%s is in dimension %s but neutral: it could never be scored", id, e.Dimension)
		}
	}
}
