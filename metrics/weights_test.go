package metrics

import (
	"maps"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
)

// full is equal weights with some dimensions changed.
func full(changes Weights) Weights {
	w := Weights{}
	for _, d := range data.Dimensions {
		w[d.ID] = 1
	}
	maps.Copy(w, changes)
	return w
}

const knownDimensions = "of the oecd framework; known: income, jobs, housing, education, health, environment, safety, civic_engagement, access_to_services, community, life_satisfaction"

func TestParseWeights(t *testing.T) {
	allZero := "income=0,jobs=0,housing=0,education=0,health=0,environment=0,safety=0,civic_engagement=0,access_to_services=0,community=0,life_satisfaction=0"
	tests := []struct {
		in      string
		want    Weights
		wantErr string
	}{
		{"income=5,jobs=3,life_satisfaction=0", full(Weights{"income": 5, "jobs": 3, "life_satisfaction": 0}), ""},
		{"", full(nil), ""},
		{" income = 2.5 , ", full(Weights{"income": 2.5}), ""},
		{"access_to_services=5", full(Weights{"access_to_services": 5}), ""},
		{"incme=5", nil, `unknown dimension "incme" ` + knownDimensions},
		{"jobs=x", nil, `weight for jobs is "x", expected a number from 0 to 5`},
		{"jobs=6", nil, `weight for jobs is "6", expected a number from 0 to 5`},
		{"jobs=-1", nil, `weight for jobs is "-1", expected a number from 0 to 5`},
		{"jobs=NaN", nil, `weight for jobs is "NaN", expected a number from 0 to 5`},
		{"income", nil, `weight "income" has no "=": expected dimension=weight, e.g. income=5`},
		{"income=1,income=2", nil, "weight for income given twice"},
		{allZero, nil, "every weight is 0: give at least one dimension a weight above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseWeights(tt.in, nil)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWeightsFormat(t *testing.T) {
	tests := []struct {
		name string
		w    Weights
		want string
	}{
		{"nil is equal", nil, "income=1,jobs=1,housing=1,education=1,health=1,environment=1,safety=1,civic_engagement=1,access_to_services=1,community=1,life_satisfaction=1"},
		{"partial", Weights{"life_satisfaction": 0, "income": 5, "jobs": 2.5},
			"income=5,jobs=2.5,housing=1,education=1,health=1,environment=1,safety=1,civic_engagement=1,access_to_services=1,community=1,life_satisfaction=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.Format(nil); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
			back, err := ParseWeights(tt.w.Format(nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range data.Dimensions {
				if back[d.ID] != tt.w.Of(d.ID) {
					t.Errorf("%s: round trip %g, want %g", d.ID, back[d.ID], tt.w.Of(d.ID))
				}
			}
			if back.Format(nil) != tt.want {
				t.Errorf("second round trip %s", back.Format(nil))
			}
		})
	}
}

func TestWeightsValidate(t *testing.T) {
	tests := []struct {
		name    string
		w       Weights
		wantErr string
	}{
		{"nil", nil, ""},
		{"one zero", Weights{"income": 0}, ""},
		{"unknown", Weights{"incme": 1}, `unknown dimension "incme" ` + knownDimensions},
		{"too high", Weights{"jobs": 7}, "weight for jobs is 7, expected a number from 0 to 5"},
		{"all zero", full(Weights{"income": 0, "jobs": 0, "housing": 0, "education": 0, "health": 0, "environment": 0,
			"safety": 0, "civic_engagement": 0, "access_to_services": 0, "community": 0, "life_satisfaction": 0}),
			"every weight is 0: give at least one dimension a weight above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Validate(nil)
			if got := errString(err); got != tt.wantErr {
				t.Fatalf("error %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestPreset(t *testing.T) {
	tests := []struct {
		name    string
		want    Weights
		wantErr string
	}{
		{"equal", full(nil), ""},
		{"material", full(Weights{"income": 5, "jobs": 5, "housing": 5}), ""},
		{"quality_of_life", full(Weights{"health": 5, "education": 5, "environment": 5, "safety": 5,
			"civic_engagement": 5, "community": 5, "life_satisfaction": 5}), ""},
		{"connectivity_first", full(Weights{"access_to_services": 5}), ""},
		{"greed", nil, `unknown weight preset "greed"; known: equal, material, quality_of_life, connectivity_first`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Preset(tt.name, nil)
			if errString(err) != tt.wantErr {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if !maps.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	// a caller changing a listed preset changes nothing for the next caller
	Presets(nil)[1].Weights["income"] = 0
	if w, _ := Preset("material", nil); w["income"] != 5 {
		t.Fatalf("preset changed through Presets: %v", w)
	}
}

func TestWeightsOfAnotherFramework(t *testing.T) {
	uk, err := data.FrameworkByID("uk-local")
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWeights("connectivity=5,personal_wellbeing=0", uk)
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != len(uk.Dimensions) || w["connectivity"] != 5 || w["personal_wellbeing"] != 0 || w["jobs_and_pay"] != 1 {
		t.Errorf("weights = %v", w)
	}
	// a dimension of the default framework is not one of the UK local framework's
	_, err = ParseWeights("income=5", uk)
	if want := `unknown dimension "income" of the uk-local framework; known: jobs_and_pay,`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want it to start %q", err, want)
	}
	if err := (Weights{"connectivity": 2}).Validate(nil); err == nil {
		t.Error("a UK local dimension validated against the default framework")
	}
	if got := (Weights{"connectivity": 2}).Format(uk); !strings.Contains(got, ",connectivity=2,") || strings.Count(got, "=") != len(uk.Dimensions) {
		t.Errorf("Format = %s", got)
	}
	// presets of the same name mean the same idea in each framework
	m, err := Preset("material", uk)
	if err != nil {
		t.Fatal(err)
	}
	want := Weights{}
	for _, d := range uk.Dimensions {
		want[d.ID] = 1
	}
	maps.Copy(want, Weights{"jobs_and_pay": 5, "household_income": 5, "housing": 5})
	if !maps.Equal(m, want) {
		t.Errorf("UK local material preset = %v, want %v", m, want)
	}
}
