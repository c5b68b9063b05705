package data

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

// The catalogue files say, for each known indicator id, which direction is better: one file per
// publisher, columns indicator_id,direction. Which dimension an indicator counts in is the
// frameworks' business (data/frameworks). Both are data, not code, so that analysts can read and
// change them.
//
//go:embed catalogue/*.csv
var catalogueFS embed.FS

// CatalogueEntry classifies one indicator.
type CatalogueEntry struct {
	Direction Direction
}

var (
	catalogueOnce sync.Once
	catalogue     map[string]CatalogueEntry
	catalogueErr  error
)

// Catalogue returns the indicator classification from the embedded catalogue files.
func Catalogue() (map[string]CatalogueEntry, error) {
	catalogueOnce.Do(func() { catalogue, catalogueErr = readCatalogue(catalogueFS) })
	return catalogue, catalogueErr
}

// Classify fills an indicator's dimension from the default framework and its direction from the
// catalogue when they know its id; otherwise the indicator keeps what the reader found in the file.
func Classify(ind *Indicator) error {
	cat, err := Catalogue()
	if err != nil {
		return err
	}
	if dim, ok := DefaultFramework().DimensionOf(ind.ID); ok {
		ind.Dimension = dim
	}
	if e, ok := cat[ind.ID]; ok && e.Direction != "" {
		ind.Direction = e.Direction
	}
	if ind.Direction == "" {
		ind.Direction = Neutral
	}
	return nil
}

func readCatalogue(fsys fs.FS) (map[string]CatalogueEntry, error) {
	paths, err := fs.Glob(fsys, "catalogue/*.csv")
	if err != nil {
		return nil, err
	}
	out := map[string]CatalogueEntry{}
	for _, p := range paths {
		err := readCSVFile(fsys, p, []string{"indicator_id", "direction"}, func(rec []string) error {
			id, dir := rec[0], Direction(rec[1])
			switch dir {
			case HigherIsBetter, LowerIsBetter, Neutral:
			default:
				return fmt.Errorf("direction %q, expected higher, lower or neutral", dir)
			}
			if _, dup := out[id]; dup {
				return fmt.Errorf("indicator %q listed twice", id)
			}
			out[id] = CatalogueEntry{Direction: dir}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("catalogue: %w", err)
		}
	}
	return out, nil
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
