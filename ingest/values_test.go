package ingest

import (
	"errors"
	"testing"

	"github.com/placevalue/placevalue/data"
)

func TestParseCell(t *testing.T) {
	tests := []struct {
		in     string
		value  float64 // compared only when the status carries a value
		status data.Status
	}{
		// Raw stored values parse to exactly the float64 the cell holds.
		{"41725.300000000003", 41725.300000000003, data.StatusPublished},
		{"41725.3", 41725.3, data.StatusPublished},
		{"1.7346192644146861E-2", 0.017346192644146861, data.StatusPublished},
		{"-81.5", -81.5, data.StatusPublished},
		{"0", 0, data.StatusPublished},
		{" 12 ", 12, data.StatusPublished},
		{"1,234,567.5", 1234567.5, data.StatusPublished},
		{"59855 [note 2]", 59855, data.StatusPublished},
		// Markers of a missing value: a status and no value.
		{"", 0, data.StatusNotAvailable},
		{"N/A", 0, data.StatusNotAvailable},
		{"..", 0, data.StatusNotAvailable},
		{"-", 0, data.StatusNotAvailable},
		{"[x]", 0, data.StatusNotAvailable},
		{"na", 0, data.StatusNotAvailable},
		{"#VALUE!", 0, data.StatusNotAvailable},
		{"[c]", 0, data.StatusSuppressed},
		{"[z]", 0, data.StatusNotApplicable},
		{"[u]", 0, data.StatusSuppressed},
		{"u", 0, data.StatusSuppressed},
		{"[low]", 0, data.StatusSuppressed},
		{"[w]", 0, data.StatusSuppressed},
		{"[note 3]", 0, data.StatusNotAvailable},
		{"[x] [note 3]", 0, data.StatusNotAvailable},
		// Numbers stored as text, as some releases do.
		{"123.4 [note 3]", 123.4, data.StatusPublished},
		{" 1,234 ", 1234, data.StatusPublished},
		{"\u00a01,234,567.25\u00a0", 1234567.25, data.StatusPublished},
		{"-1,234.5 [p] [note 2]", -1234.5, data.StatusProvisional},
		// Flags after a number keep the number.
		{"12.5 [u]", 12.5, data.StatusLowReliability},
		{"3[low]", 3, data.StatusLowReliability},
		{"4 [e]", 4, data.StatusEstimated},
		{"5 [p]", 5, data.StatusProvisional},
		{"6 [R]", 6, data.StatusRevised},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCell(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.status {
				t.Errorf("status %s, want %s", got.Status, tt.status)
			}
			if got.Status.HasValue() != (got.Value != nil) {
				t.Fatalf("value %v with status %s", got.Value, got.Status)
			}
			if got.Value != nil && *got.Value != tt.value {
				t.Errorf("value %v, want %v", *got.Value, tt.value)
			}
		})
	}
}

func TestParseCellRefusesText(t *testing.T) {
	for _, in := range []string{"abc", "twelve", "12 [x]", "[e]", "[p]", "NaN", "Inf", "-Infinity", "0x1p3", "1_000",
		"1,23", "12,3456", "£12", "12%", "(123)", "1.2.3", "e5", ".", "12 [note]", "[y]"} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseCell(in); !errors.Is(err, errNotNumber) {
				t.Errorf("ParseCell(%q) = %+v, %v; want an error", in, got, err)
			}
		})
	}
}

func TestStripNotes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Table 7: GDP per head, pounds [note 1]", "Table 7: GDP per head, pounds"},
		{"Table 8: Whole economy GVA implied deflators, 2019 equals 100 [note 1,2]", "Table 8: Whole economy GVA implied deflators, 2019 equals 100"},
		{"Population [note 1, 2] in thousands", "Population in thousands"},
		{"Deaths [Notes 3 and 4]", "Deaths"},
		{"Manufacture (26)", "Manufacture (26)"},
		{"C (10-33)", "C (10-33)"},
		{"[x]", "[x]"},
	}
	for _, tt := range tests {
		if got := StripNotes(tt.in); got != tt.want {
			t.Errorf("StripNotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalisePeriod(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2021", "2021"},
		{"2022(00)", "2022"},
		{"2016(06)", "2016"},
		{"2020-23", "2020/2023"},
		{"1999-00", "1999/2000"},
		{"2022/23", "2022/2023"},
		{"2018 - 2020", "2018/2020"},
		{"04/2022 - 03/2023", "2022-04/2023-03"},
		{"10/2022 - 09/2023", "2022-10/2023-09"},
		{"09/2023", "2023-09"},
		{"16/11/2021 - 15/11/2022", "2021-11-16/2022-11-15"},
		{"Financial year ending 2023", "2022-04/2023-03"},
		{"As at 31 January 2024", "2024-01-31"},
		{"As of 13 January 2023", "2023-01-13"},
		{"2019 revised", "2019"},
	}
	for _, tt := range tests {
		got, err := NormalisePeriod(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalisePeriod(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "..", "()", "13/2023", "2023-20", "2023 - 2021", "31/02/2023 - 01/03/2023", "last year", "202"} {
		if got, err := NormalisePeriod(in); err == nil {
			t.Errorf("NormalisePeriod(%q) = %q, want an error", in, got)
		}
	}
}

func TestIDSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Disposable income per capita", "disposable_income_per_capita"},
		{"Air quality (PM2.5)", "air_quality_pm2_5"},
		{"Perceived social network support ", "perceived_social_network_support"},
		{"Employment rate (NI)", "employment_rate_ni"},
		{"Level 3+ qualifications", "level_3_qualifications"},
		{"4G area coverage", "4g_area_coverage"},
		{"CD-CE (19-20)", "cd_ce_19_20"},
	}
	for _, tt := range tests {
		if got := idSlug(tt.in); got != tt.want {
			t.Errorf("idSlug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeaderPeriod(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2004", "2004", true},
		{"2004.0", "2004", true},
		{"2.004E3", "2004", true},
		{"Index_2004", "2004", true},
		{"Pounds_2010", "2010", true},
		{"Hours_2019 [note 2]", "2019", true},
		{"2022(00)", "2022", true},
		{"2020-23", "2020/2023", true},
		{"04/2022-03/2023", "2022-04/2023-03", true},
		{"ITL code", "", false},
		{"2004.5", "", false},
		{"Pounds", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := headerPeriod(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("headerPeriod(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestControlChar(t *testing.T) {
	for _, s := range []string{"North East", "Ynys Môn", "£ million", "Côte-d'Or – 10 µg/m³", "\uFEFFcode"} {
		if r, bad := controlChar(s); bad {
			t.Errorf("controlChar(%q) = %U", s, r)
		}
	}
	for s, want := range map[string]rune{"a\x00b": 0, "a\x1b[2J": 0x1b, "a\x7f": 0x7f, "a\u0085b": 0x85, "\u009b": 0x9b} {
		if r, bad := controlChar(s); !bad || r != want {
			t.Errorf("controlChar(%q) = %U, %v; want %U", s, r, bad, want)
		}
	}
	// White space controls are spaces, not control characters, once a cell is cleaned.
	if got := cleanSpace("a\vb\fc\u0085d"); got != "a b c d" {
		t.Errorf("cleanSpace = %q", got)
	}
}
