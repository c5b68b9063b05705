package data

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultFrameworkIsTheOECDs(t *testing.T) {
	f := DefaultFramework()
	if f.ID != "oecd" {
		t.Fatalf("default framework = %s, want oecd", f.ID)
	}
	// The eleven OECD regional well-being dimensions, by the ids URLs and CSV columns use.
	want := []string{"income", "jobs", "housing", "education", "health", "environment", "safety",
		"civic_engagement", "access_to_services", "community", "life_satisfaction"}
	if got := f.DimensionIDs(); !slices.Equal(got, want) {
		t.Errorf("OECD dimensions = %v, want %v", got, want)
	}
	for _, l := range RankingLevels {
		if !f.HasLevel(l) {
			t.Errorf("the default framework is not offered at %s", l)
		}
	}
	if d, ok := f.DimensionOf("oecd.air_quality_pm2_5"); !ok || d != "environment" || !f.IsHeadline("oecd.air_quality_pm2_5") {
		t.Errorf("PM2.5: dimension %q, %v, headline %v; want the environment's headline", d, ok, f.IsHeadline("oecd.air_quality_pm2_5"))
	}
	if d, ok := f.DimensionOf("ons_sni.life_satisfaction"); !ok || d != "life_satisfaction" || f.IsHeadline("ons_sni.life_satisfaction") {
		t.Errorf("ONS life satisfaction: dimension %q, %v; want life_satisfaction, not headline", d, ok)
	}
	if _, ok := f.DimensionOf("oecd.score.income"); ok {
		t.Error("the OECD's own topic scores must never be scored into the index")
	}
}

func TestUKLocalFramework(t *testing.T) {
	f, err := FrameworkByID("uk-local")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"jobs_and_pay", "health", "education_and_skills", "personal_wellbeing", "connectivity", "safety"} {
		if _, ok := f.Dimension(id); !ok {
			t.Errorf("UK local framework has no dimension %s", id)
		}
	}
	if f.HasLevel(LevelOECDTL2) || !f.HasLevel(LevelLAD) || !f.HasLevel(LevelITL1) {
		t.Errorf("UK local framework levels = %v, want itl1 and lad only", f.Levels)
	}
	for _, m := range f.Members {
		if !strings.HasPrefix(m.Indicator, "ons") && !strings.HasPrefix(m.Indicator, "ofcom.") {
			t.Errorf("UK local framework counts %s, which is neither ONS nor Ofcom", m.Indicator)
		}
	}
	if d, _ := f.DimensionOf("ofcom.premises_below_the_uso_pct"); d != "connectivity" {
		t.Errorf("premises below the USO count in %q, want connectivity", d)
	}
}

func TestEveryFrameworkIsComplete(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	presetIDs := func(f *Framework) []string {
		var ids []string
		for _, p := range f.Presets {
			ids = append(ids, p.ID)
		}
		return ids
	}
	def := presetIDs(DefaultFramework())
	for _, f := range Frameworks() {
		for _, d := range f.Dimensions {
			headline := slices.ContainsFunc(f.Members, func(m FrameworkMember) bool { return m.Dimension == d.ID && m.Headline })
			if !headline {
				t.Errorf("%s: dimension %s has no headline indicator", f.ID, d.ID)
			}
		}
		for _, m := range f.Members {
			// ONS Subnational Indicators take their direction from the workbook's Data dictionary.
			if _, ok := cat[m.Indicator]; !ok && !strings.HasPrefix(m.Indicator, "ons_sni.") {
				t.Errorf("%s counts %s, whose direction the catalogue does not give", f.ID, m.Indicator)
			}
		}
		// The same preset ids in every framework, so that weights=material keeps its meaning.
		if got := presetIDs(f); !slices.Equal(got, def) {
			t.Errorf("%s presets = %v, want %v as in the default framework", f.ID, got, def)
		}
		if p, ok := f.Preset("equal"); !ok || len(p.Weights) != 0 {
			t.Errorf("%s: equal preset = %+v, %v; want one with no emphasis", f.ID, p, ok)
		}
	}
}

func TestFrameworkByIDListsTheKnownOnes(t *testing.T) {
	_, err := FrameworkByID("thriving")
	if err == nil || !strings.Contains(err.Error(), `unknown framework "thriving": expected one of oecd, uk-local`) {
		t.Errorf("error = %v", err)
	}
}

func TestBrokenFrameworkFiles(t *testing.T) {
	const list = "framework_id,name,levels,description\nf,F,itl1 lad,About F.\n"
	const members = "dimension_id,dimension_name,indicator_id,headline\nd,D,x.a,yes\n"
	const presets = "framework_id,preset_id,title,weights,description\nf,equal,Equal,,Same.\n"
	tests := []struct {
		name, list, members, presets, wantErr string
	}{
		{"valid", list, members, presets, ""},
		{"unknown level", strings.Replace(list, "lad", "county", 1), members, presets, `level "county"`},
		{"no levels", strings.Replace(list, "itl1 lad", "", 1), members, presets, `has no levels`},
		{"framework twice", list + "f,G,lad,Again.\n", members, presets, `framework "f" listed twice`},
		{"bad framework id", strings.Replace(list, "\nf,", "\nF F,", 1), members, presets, `framework id "F F"`},
		{"indicator twice", members + "e,E,x.a,yes\n", members + "e,E,x.a,yes\n", presets, `indicator x.a listed twice`},
		{"dimension renamed", list, members + "d,Other,x.b,\n", presets, `dimension d is named both "D" and "Other"`},
		{"bad headline", list, members + "d,D,x.b,no\n", presets, `headline "no"`},
		{"bad dimension id", list, members + "Big Dim,B,x.b,yes\n", presets, `dimension id "Big Dim"`},
		{"preset of unknown framework", list, members, presets + "g,more,More,d=5,More d.\n", `preset for unknown framework "g"`},
		{"preset weighs unknown dimension", list, members, presets + "f,more,More,e=5,More e.\n", `weighs "e"`},
		{"preset weight out of range", list, members, presets + "f,more,More,d=6,More d.\n", `weight "d=6"`},
		{"preset twice", list, members, presets + "f,equal,Equal,,Same.\n", `preset "equal" of f listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "indicator twice" {
				tt.list = list
			}
			fsys := fstest.MapFS{
				"frameworks/frameworks.csv": {Data: []byte(tt.list)},
				"frameworks/f.csv":          {Data: []byte(tt.members)},
				"frameworks/presets.csv":    {Data: []byte(tt.presets)},
			}
			fws, err := readFrameworks(fsys)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if d, ok := fws[0].DimensionOf("x.a"); !ok || d != "d" || !fws[0].IsHeadline("x.a") {
					t.Errorf("x.a: %q %v", d, ok)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
