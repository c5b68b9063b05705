package ingest

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/placevalue/placevalue/data"
)

// ONSGeography reads the names-and-codes files and lookups of the ONS Open Geography Portal
// (LAD19_names_and_codes_UK.csv, LAD18_..._NUTS118_UK_LU.csv, RGN19_names_and_codes_EN.csv): a
// CSV with a code and a name column per geography, labelled by entity and year (LAD19CD,
// LAD19NM). They carry no statistics, only regions: loading one records the file as a source,
// stores the regions it names that the warehouse does not hold yet, with their parents where
// the lookup gives them, and lists in the summary the codes placevalue's own geography
// (data/geography) does not know, so a user can see whether it covers that vintage's codes.
type ONSGeography struct{}

// Publication implements Reader.
func (ONSGeography) Publication() string { return "ons-geography-codes" }

// geographyColumn matches a code column of an Open Geography file: the entity, an optional
// level digit, and the two-digit year (LAD18CD, NUTS318CD, ITL121CD, RGN19CD).
var geographyColumn = regexp.MustCompile(`^([A-Z]+\d?)(\d{2})CD$`)

// geographyLevels are the entities read, by the level their codes are stored at when placevalue's
// geography does not know them. Other entities (LAU1, wards) are left out.
var geographyLevels = map[string]data.Level{
	"LAD": data.LevelLAD, "UA": data.LevelLAD, "CTY": data.LevelCounty, "RGN": data.LevelITL1,
	"NUTS1": data.LevelITL1, "NUTS2": data.LevelITL2, "NUTS3": data.LevelITL3,
	"ITL1": data.LevelITL1, "ITL2": data.LevelITL2, "ITL3": data.LevelITL3, "CTRY": data.LevelOther,
}

// geographyNames are the entities' names for the source's title.
var geographyNames = map[string]string{
	"LAD": "Local Authority Districts", "UA": "Unitary Authorities", "CTY": "Counties", "RGN": "Regions",
	"NUTS1": "NUTS1", "NUTS2": "NUTS2", "NUTS3": "NUTS3", "ITL1": "ITL1", "ITL2": "ITL2", "ITL3": "ITL3", "CTRY": "Countries",
}

// geographyPair is one entity's code and name columns.
type geographyPair struct {
	entity, year     string
	codeCol, nameCol int
}

func geographyPairs(header []string) []geographyPair {
	var out []geographyPair
	for j, label := range header {
		m := geographyColumn.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(label)))
		if m == nil {
			continue
		}
		if _, ok := geographyLevels[m[1]]; !ok {
			continue
		}
		if k := findLabel(header, m[1]+m[2]+"NM"); k >= 0 {
			out = append(out, geographyPair{entity: m[1], year: m[2], codeCol: j, nameCol: k})
		}
	}
	return out
}

// Detect implements Reader: a CSV with the code and name columns of at least one geography.
func (ONSGeography) Detect(ctx context.Context, f *File) bool {
	return f.Format == FormatCSV && len(geographyPairs(csvHeader(f))) > 0
}

// Read implements Reader.
func (r ONSGeography) Read(ctx context.Context, f *File) (*data.Batch, error) {
	t, err := readCSVTable(f)
	if err != nil {
		return nil, err
	}
	pairs := geographyPairs(t.header)
	if len(pairs) == 0 {
		return nil, &InputError{File: f.Name, Row: 1, Expected: "a header with a code and a name column of one geography, such as LAD19CD and LAD19NM"}
	}
	if len(t.rows) == 0 {
		return nil, &InputError{File: f.Name, Expected: "at least one area row after the header"}
	}
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(pairs))
	for i, p := range pairs {
		names[i] = geographyNames[p.entity]
	}
	title := names[0] + " (20" + pairs[0].year + ") names and codes"
	if len(pairs) > 1 {
		title = strings.Join(names, " to ") + " lookup (20" + pairs[0].year + ")"
	}
	b := &data.Batch{Source: data.Source{
		Publication: r.Publication(),
		Publisher:   "ONS Geography",
		Title:       title,
		FileName:    f.Name,
		SHA256:      f.SHA256,
		Vintage:     "20" + pairs[0].year,
		Licence:     "Open Government Licence v3.0",
	}}
	seen := map[string]bool{}
	for i, rec := range t.rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Right of a column pair stands the area it lies in: its parent, where placevalue's
		// geography does not give one.
		parent := ""
		for k := len(pairs) - 1; k >= 0; k-- {
			p := pairs[k]
			code := strings.ToUpper(strings.TrimSpace(rec[p.codeCol]))
			name := strings.TrimSpace(rec[p.nameCol])
			if code == "" || name == "" {
				return nil, &InputError{File: f.Name, Row: t.rowNumber(i),
					Expected: fmt.Sprintf("an area code and name in columns %d and %d (%s, %s)", p.codeCol+1, p.nameCol+1, t.header[p.codeCol], t.header[p.nameCol])}
			}
			region, known := geo.Lookup(code)
			if !known {
				region = data.Region{Code: code, Name: name, Level: geographyLevels[p.entity], Parent: parent, Country: "GBR"}
			}
			if !seen[region.Code] {
				seen[region.Code] = true
				b.Regions = append(b.Regions, region)
			}
			parent = region.Code
		}
	}
	return b, nil
}
