package data

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"sync"
)

// targets.csv lists published policy targets (WHO air quality guidelines, the UK's broadband and
// Levelling Up targets), one per indicator, each with its source. The "target" normalisation
// scores regions by how far they fall short of them.
//
//go:embed targets.csv
var targetsFS embed.FS

// Target is a published goal for one indicator, in the indicator's own unit.
type Target struct {
	Value float64
	// Basis names the policy or guideline that sets the target.
	Basis string
}

var (
	targetsOnce sync.Once
	targets     map[string]Target
	targetsErr  error
)

// Targets returns the embedded policy targets by indicator id.
func Targets() (map[string]Target, error) {
	targetsOnce.Do(func() { targets, targetsErr = readTargets(targetsFS) })
	return targets, targetsErr
}

func readTargets(fsys fs.FS) (map[string]Target, error) {
	out := map[string]Target{}
	err := readCSVFile(fsys, "targets.csv", []string{"indicator_id", "target", "basis"}, func(rec []string) error {
		id := rec[0]
		v, err := strconv.ParseFloat(rec[1], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("target of %s is %q, expected a number", id, rec[1])
		}
		if rec[2] == "" {
			return fmt.Errorf("target of %s has no basis: name the policy or guideline that sets it", id)
		}
		if _, dup := out[id]; dup {
			return fmt.Errorf("indicator %q listed twice", id)
		}
		out[id] = Target{Value: v, Basis: rec[2]}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	return out, nil
}
