package data

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// The geography files give every UK region one canonical code and name. UK regions are keyed by
// ITL 2021 codes; the OECD's UK codes (UKC...) and GSS codes (E12000001...) map onto them, and
// local authorities (GSS LAD codes) roll up to their ITL1 region.
//
//go:embed geography/*.csv
var geographyFS embed.FS

// Geography resolves publishers' region codes to canonical regions.
type Geography struct {
	regions map[string]Region // canonical code -> region
	aliases map[string]string // any known code -> canonical code
	lads    map[string]Region // LAD code -> district, with its ITL1 region as parent
}

var (
	geographyOnce sync.Once
	geography     *Geography
	geographyErr  error
)

// UKGeography returns the embedded UK geography.
func UKGeography() (*Geography, error) {
	geographyOnce.Do(func() { geography, geographyErr = readGeography(geographyFS) })
	return geography, geographyErr
}

// Canonical returns the canonical region for any known code of a UK region above local authority
// level ("UKC", "TLC", "E12000001" all give North East, TLC). Codes are trimmed and upper-cased.
func (g *Geography) Canonical(code string) (Region, bool) {
	c, ok := g.aliases[normaliseCode(code)]
	if !ok {
		return Region{}, false
	}
	return g.regions[c], true
}

// LAD returns a local authority district by its GSS code, with its canonical name and its ITL1
// region as parent.
func (g *Geography) LAD(code string) (Region, bool) {
	r, ok := g.lads[normaliseCode(code)]
	return r, ok
}

// ITL1 lists the canonical ITL1 regions in code order.
func (g *Geography) ITL1() []Region {
	var out []Region
	for _, r := range g.regions {
		if r.Level == LevelITL1 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func normaliseCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

func readGeography(fsys fs.FS) (*Geography, error) {
	g := &Geography{regions: map[string]Region{}, aliases: map[string]string{}, lads: map[string]Region{}}
	err := readCSVFile(fsys, "geography/uk_regions.csv",
		[]string{"code", "name", "level", "parent", "oecd_code", "gss_code"}, func(rec []string) error {
			lvl, ok := ParseLevel(rec[2])
			if !ok {
				return fmt.Errorf("unknown level %q", rec[2])
			}
			r := Region{Code: rec[0], Name: rec[1], Level: lvl, Parent: rec[3], Country: "GBR"}
			g.regions[r.Code] = r
			for _, alias := range []string{rec[0], rec[4], rec[5]} {
				if alias != "" {
					g.aliases[alias] = r.Code
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readCSVFile(fsys, "geography/lad_itl1.csv", []string{"lad_code", "lad_name", "itl1_code"}, func(rec []string) error {
		if _, ok := g.regions[rec[2]]; !ok {
			return fmt.Errorf("LAD %s: unknown ITL1 code %q", rec[0], rec[2])
		}
		g.lads[rec[0]] = Region{Code: rec[0], Name: rec[1], Level: LevelLAD, Parent: rec[2], Country: "GBR"}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// readCSVFile reads a project CSV file with '#' comment lines and an exact header.
func readCSVFile(fsys fs.FS, name string, header []string, row func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comment = '#'
	got, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: read header: %w", name, err)
	}
	if strings.Join(got, ",") != strings.Join(header, ",") {
		return fmt.Errorf("%s: header is %q, expected %q", name, got, header)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if err := row(rec); err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
}
