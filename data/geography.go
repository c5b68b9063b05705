package data

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The geography files give every UK region one canonical code and name. UK regions are keyed by
// ITL 2021 codes; the OECD's UK codes (UKC...), NUTS 2016 codes (UKC11) and GSS codes (E12000001...)
// map onto them, and local authorities and counties (GSS codes) roll up to their ITL1 region.
// Reorganisations are kept, not flattened: a replaced district or NUTS area stays a region under its
// own code, marked with the year it was superseded, and the changes say what replaced it.
//
//go:embed geography/*.csv
var geographyFS embed.FS

// Geography resolves publishers' region codes to canonical regions.
type Geography struct {
	regions  map[string]Region         // canonical code -> region above local authority level
	aliases  map[string]string         // any known code of such a region -> canonical code
	lads     map[string]Region         // LAD code -> district, with its ITL1 region as parent
	counties map[string]Region         // county code -> county, with its ITL1 region as parent
	changes  map[string][]RegionChange // old code -> the changes that replaced it
	ladITL3  map[string]string         // current LAD code -> the ITL3 area it lies in
}

// itlYear is the year ITL 2021 replaced NUTS 2016 for the UK.
const itlYear = 2021

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
// level ("UKC", "TLC", "E12000001" all give North East, TLC). NUTS 2016 codes give the ITL 2021
// region of the same area ("UKC11" gives TLC11, "UKN10" gives TLN0A); a NUTS area whose boundary
// changed is its own, superseded region ("UKK21"). Codes are trimmed and upper-cased.
func (g *Geography) Canonical(code string) (Region, bool) {
	c := normaliseCode(code)
	if canon, ok := g.aliases[c]; ok {
		return g.regions[canon], true
	}
	if itl, ok := nutsToITL(c); ok {
		if r, ok := g.regions[itl]; ok {
			return r, true
		}
	}
	return Region{}, false
}

// nutsToITL applies the rule that turns a NUTS 2016 code for the UK into the ITL 2021 code of the
// same area: UK becomes TL. The exceptions (geography/nuts_itl.csv) are aliases or regions of their own
// and are found before the rule is tried.
func nutsToITL(code string) (string, bool) {
	if len(code) < 3 || len(code) > 5 || !strings.HasPrefix(code, "UK") {
		return "", false
	}
	if l := code[2]; (l < 'C' || l > 'N') && l != 'Z' {
		return "", false
	}
	return "TL" + code[2:], true
}

// LAD returns a local authority district by its GSS code, with its canonical name and its ITL1
// region as parent. Districts replaced since are included, with the year they were superseded.
func (g *Geography) LAD(code string) (Region, bool) {
	r, ok := g.lads[normaliseCode(code)]
	return r, ok
}

// County returns an English county or metropolitan county by its GSS code (E10, E11), with its
// canonical name and its ITL1 region as parent.
func (g *Geography) County(code string) (Region, bool) {
	r, ok := g.counties[normaliseCode(code)]
	return r, ok
}

// Lookup finds any region the geography knows: a region above local authority level (by any of its
// codes, see Canonical), a local authority district or a county.
func (g *Geography) Lookup(code string) (Region, bool) {
	if r, ok := g.Canonical(code); ok {
		return r, true
	}
	if r, ok := g.LAD(code); ok {
		return r, true
	}
	return g.County(code)
}

// Changes lists the reorganisations that followed a region, by year: what replaced it, and what in
// turn replaced that. It is empty for a current region.
func (g *Geography) Changes(code string) []RegionChange {
	var out []RegionChange
	seen := map[string]bool{}
	queue := []string{normaliseCode(code)}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, ch := range g.changes[c] {
			if !seen[ch.NewCode] {
				seen[ch.NewCode] = true
				queue = append(queue, ch.NewCode)
			}
			out = append(out, ch)
		}
	}
	slices.SortStableFunc(out, func(a, b RegionChange) int { return a.Year - b.Year })
	return out
}

// Successors lists the current regions that a superseded region's area now lies in, following
// every reorganisation since; it is empty for a current region.
func (g *Geography) Successors(code string) []Region {
	var out []Region
	for _, ch := range g.Changes(code) {
		if r, ok := g.Lookup(ch.NewCode); ok && r.SupersededIn == 0 && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Unknown lists, in code order, the UK regions (country GBR) among regions whose codes the
// geography does not know: codes a publisher uses that placevalue cannot place.
func (g *Geography) Unknown(regions []Region) []Region {
	var out []Region
	for _, r := range regions {
		if r.Country != "GBR" {
			continue
		}
		if _, ok := g.Lookup(r.Code); !ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	return out
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
	g := &Geography{regions: map[string]Region{}, aliases: map[string]string{}, lads: map[string]Region{},
		counties: map[string]Region{}, changes: map[string][]RegionChange{}}
	err := readCSVFile(fsys, "geography/uk_regions.csv",
		[]string{"code", "name", "level", "parent", "oecd_code", "gss_code"}, func(rec []string) error {
			lvl, ok := ParseLevel(rec[2])
			if !ok {
				return fmt.Errorf("unknown level %q", rec[2])
			}
			r := Region{Code: rec[0], Name: rec[1], Level: lvl, Parent: rec[3], Country: "GBR"}
			if _, dup := g.regions[r.Code]; dup {
				return fmt.Errorf("region %s listed twice", r.Code)
			}
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
	for _, r := range g.regions {
		if _, ok := g.regions[r.Parent]; r.Parent != "" && !ok {
			return nil, fmt.Errorf("geography/uk_regions.csv: region %s: unknown parent %q", r.Code, r.Parent)
		}
	}
	if err := g.readNUTSExceptions(fsys); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name, header string
		into         map[string]Region
		level        Level
	}{
		{"geography/lad_itl1.csv", "lad", g.lads, LevelLAD},
		{"geography/counties.csv", "county", g.counties, LevelCounty},
	} {
		err = readCSVFile(fsys, f.name, []string{f.header + "_code", f.header + "_name", "itl1_code"}, func(rec []string) error {
			if p, ok := g.regions[rec[2]]; !ok || p.Level != LevelITL1 {
				return fmt.Errorf("%s: unknown ITL1 code %q", rec[0], rec[2])
			}
			if _, dup := g.Lookup(rec[0]); dup {
				return fmt.Errorf("code %s listed twice", rec[0])
			}
			f.into[rec[0]] = Region{Code: rec[0], Name: rec[1], Level: f.level, Parent: rec[2], Country: "GBR"}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := g.readLocalAuthorityChanges(fsys); err != nil {
		return nil, err
	}
	if err := g.readDistrictITL3(fsys); err != nil {
		return nil, err
	}
	return g, nil
}

// readDistrictITL3 reads the ITL3 area of each current district: an ITL3 region within the
// district's own ITL1 region.
func (g *Geography) readDistrictITL3(fsys fs.FS) error {
	g.ladITL3 = map[string]string{}
	return readCSVFile(fsys, "geography/lad_itl3.csv", []string{"lad_code", "lad_name", "itl3_code"}, func(rec []string) error {
		lad, ok := g.lads[rec[0]]
		if !ok {
			return fmt.Errorf("%s is not a district of lad_itl1.csv", rec[0])
		}
		itl3, ok := g.regions[rec[2]]
		if !ok || itl3.Level != LevelITL3 || !strings.HasPrefix(itl3.Code, lad.Parent) {
			return fmt.Errorf("%s: %q is not an ITL3 area of %s", rec[0], rec[2], lad.Parent)
		}
		if _, dup := g.ladITL3[rec[0]]; dup {
			return fmt.Errorf("%s listed twice", rec[0])
		}
		g.ladITL3[rec[0]] = rec[2]
		return nil
	})
}

// ITL3Of is the ITL3 area a current district lies in; false for a district that straddles two
// (Cumberland, Westmorland and Furness) or is not known.
func (g *Geography) ITL3Of(lad string) (string, bool) {
	c, ok := g.ladITL3[lad]
	return c, ok
}

// readNUTSExceptions reads the NUTS 2016 codes that the UK -> TL rule does not turn into the ITL 2021
// code of the same area: recodes become aliases, changed areas superseded regions of their own.
func (g *Geography) readNUTSExceptions(fsys fs.FS) error {
	const name = "geography/nuts_itl.csv"
	return readCSVFile(fsys, name, []string{"nuts_code", "nuts_name", "itl_code", "change"}, func(rec []string) error {
		nuts, itl := rec[0], rec[2]
		successor, ok := g.regions[itl]
		if !ok {
			return fmt.Errorf("%s: unknown ITL code %q", nuts, itl)
		}
		if _, ok := nutsToITL(nuts); !ok {
			return fmt.Errorf("%q is not a NUTS code for the UK", nuts)
		}
		switch rec[3] {
		case "recode":
			if _, dup := g.aliases[nuts]; dup {
				return fmt.Errorf("%s listed twice", nuts)
			}
			g.aliases[nuts] = itl
		case "boundary":
			r, seen := g.regions[nuts]
			if !seen {
				parent, ok := g.Canonical(nuts[:len(nuts)-1])
				if !ok {
					return fmt.Errorf("%s: no ITL region for its parent %s", nuts, nuts[:len(nuts)-1])
				}
				level := LevelITL3
				if len(nuts) == 4 {
					level = LevelITL2
				}
				r = Region{Code: nuts, Name: rec[1], Level: level, Parent: parent.Code, Country: "GBR", SupersededIn: itlYear}
				g.regions[nuts] = r
				g.aliases[nuts] = nuts
			} else if r.Name != rec[1] {
				return fmt.Errorf("%s is named both %q and %q", nuts, r.Name, rec[1])
			}
			g.changes[nuts] = append(g.changes[nuts], RegionChange{OldCode: nuts, OldName: r.Name,
				NewCode: itl, NewName: successor.Name, Year: itlYear})
		default:
			return fmt.Errorf("%s: change %q, expected recode or boundary", nuts, rec[3])
		}
		return nil
	})
}

// readLocalAuthorityChanges reads the reorganisations of districts and counties and marks each
// replaced authority with the year it was superseded.
func (g *Geography) readLocalAuthorityChanges(fsys fs.FS) error {
	const name = "geography/lad_changes.csv"
	known := func(code, named string) error {
		r, ok := g.LAD(code)
		if !ok {
			r, ok = g.County(code)
		}
		switch {
		case !ok:
			return fmt.Errorf("%s is not in lad_itl1.csv or counties.csv", code)
		case r.Name != named:
			return fmt.Errorf("%s is named %q there, not %q: one name per code", code, r.Name, named)
		}
		return nil
	}
	err := readCSVFile(fsys, name, []string{"old_code", "old_name", "new_code", "new_name", "year"}, func(rec []string) error {
		year, err := strconv.Atoi(rec[4])
		if err != nil || year < 1974 {
			return fmt.Errorf("year %q, expected a year like 2023", rec[4])
		}
		if err := known(rec[0], rec[1]); err != nil {
			return err
		}
		if err := known(rec[2], rec[3]); err != nil {
			return err
		}
		for _, ch := range g.changes[rec[0]] {
			if ch.Year != year {
				return fmt.Errorf("%s replaced both in %d and in %d", rec[0], ch.Year, year)
			}
		}
		g.changes[rec[0]] = append(g.changes[rec[0]], RegionChange{OldCode: rec[0], OldName: rec[1],
			NewCode: rec[2], NewName: rec[3], Year: year})
		return nil
	})
	if err != nil {
		return err
	}
	for code, chs := range g.changes {
		for _, m := range []map[string]Region{g.lads, g.counties} {
			if r, ok := m[code]; ok {
				r.SupersededIn = chs[0].Year
				m[code] = r
			}
		}
	}
	// A successor must come into use when its predecessor goes: replaced later, if ever.
	for code, chs := range g.changes {
		for _, ch := range chs {
			next, _ := g.Lookup(ch.NewCode)
			if next.SupersededIn != 0 && next.SupersededIn <= ch.Year {
				return fmt.Errorf("%s: %s replaced %s in %d but was itself replaced in %d", name, ch.NewCode, code, ch.Year, next.SupersededIn)
			}
		}
	}
	return nil
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
