package dashboard

import (
	"regexp"
	"strings"
	"testing"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/report"
)

func TestFileLabel(t *testing.T) {
	query := func(params map[string]string) report.IndexQuery {
		t.Helper()
		q, err := report.ParseIndexQuery(func(name string) string { return params[name] }, data.LevelITL1)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	if got := fileLabel(query(nil)); got != "itl1" {
		t.Errorf("default query: %q, want itl1", got)
	}
	// The method first, the weights last: a long label loses weights to the digest, never the method.
	all := "income=5,jobs=5,housing=5,education=2,health=3,environment=4,safety=1,civic_engagement=0,access_to_services=3,community=2,life_satisfaction="
	method := fileLabel(query(map[string]string{"weights": all + "5", "normalisation": "goalposts", "outliers": "winsorise", "aggregation": "generalised", "power": "-2.5"}))
	if !strings.HasPrefix(method, "itl1_goalposts_outliers-winsorise_generalised_power-2.5_weights-income5-") {
		t.Errorf("long label with a method: %q", method)
	}
	// Every dimension weighted makes a label over 100 characters: it is cut and ends in a digest
	// of the whole query, so that two such queries that differ only at the end differ.
	a, b := fileLabel(query(map[string]string{"weights": all + "5"})), fileLabel(query(map[string]string{"weights": all + "4"}))
	digest := regexp.MustCompile(`^itl1_weights-income5-jobs5-.*-[0-9a-f]{8}$`)
	if len(a) != 100 || !digest.MatchString(a) || !digest.MatchString(b) || a == b || !strings.HasPrefix(b, a[:90]) {
		t.Errorf("long labels %q and %q: want 100 characters ending in different digests", a, b)
	}
}
