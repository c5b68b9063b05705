// Package data is placevalue's warehouse: the domain types every other package shares (sources,
// regions, indicators, observations), the DuckDB schema that stores them, the canonical UK region
// codes, and the embedded default dataset.
package data

import (
	"strconv"
	"strings"
	"time"
)

// Level names a kind of region. The names are part of the command-line and URL contract.
type Level string

// The levels placevalue knows. A UK ITL1 region is also an OECD TL2 region: the OECD's UK TL2
// regions are the ITL1 regions, so LevelOECDTL2 comparisons include LevelITL1 regions (see
// Level.Includes).
const (
	LevelOECDTL2     Level = "oecd-tl2"     // OECD territorial level 2 regions outside the UK
	LevelOECDCountry Level = "oecd-country" // whole OECD member and partner countries
	LevelUK          Level = "uk"           // the United Kingdom as a whole
	LevelNation      Level = "nation"       // England (Wales, Scotland and Northern Ireland are ITL1)
	LevelITL1        Level = "itl1"         // UK ITL 2021 level 1: English regions and the three nations
	LevelITL2        Level = "itl2"
	LevelITL3        Level = "itl3"
	LevelCounty      Level = "county" // English counties and metropolitan counties
	LevelLAD         Level = "lad"    // local authority districts and unitary authorities
	LevelOther       Level = "other"  // published aggregates such as Extra-Regio
)

// RankingLevels are the levels a user can rank regions at, in the order the dashboard offers them.
var RankingLevels = []Level{LevelOECDTL2, LevelITL1, LevelLAD}

// ParseLevel checks a level name from a user.
func ParseLevel(s string) (Level, bool) {
	switch l := Level(s); l {
	case LevelOECDTL2, LevelOECDCountry, LevelUK, LevelNation, LevelITL1, LevelITL2, LevelITL3,
		LevelCounty, LevelLAD, LevelOther:
		return l, true
	}
	return "", false
}

// Members lists the stored levels that make up a ranking level.
func (l Level) Members() []Level {
	if l == LevelOECDTL2 {
		return []Level{LevelOECDTL2, LevelITL1}
	}
	return []Level{l}
}

// Title is a level's name for people.
func (l Level) Title() string {
	switch l {
	case LevelOECDTL2:
		return "OECD large regions (TL2)"
	case LevelITL1:
		return "UK regions and nations (ITL1)"
	case LevelLAD:
		return "UK local authorities"
	case LevelITL2:
		return "UK ITL2 regions"
	case LevelITL3:
		return "UK ITL3 regions"
	case LevelOECDCountry:
		return "OECD countries"
	}
	return string(l)
}

// Direction says whether more of an indicator is better.
type Direction string

// Directions of indicators.
const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
	Neutral        Direction = "neutral" // context, such as population: never scored
)

// Status says what a published cell held. A cell without a number is stored with no value and a
// status, never as zero.
type Status string

// Statuses of observations; data/DICTIONARY.md says which published markers map to which.
const (
	StatusPublished         Status = "published"          // a plain number
	StatusNotAvailable      Status = "not-available"      // N/A, .., [x], blank in a published table
	StatusSuppressed        Status = "suppressed"         // [c] confidential, or suppressed for disclosure
	StatusNotApplicable     Status = "not-applicable"     // [z]
	StatusLowReliability    Status = "low-reliability"    // [u], [low]: a value, flagged
	StatusEstimated         Status = "estimated"          // [e], OBS_STATUS E
	StatusProvisional       Status = "provisional"        // [p], OBS_STATUS P
	StatusRevised           Status = "revised"            // [r]
	StatusBreak             Status = "break"              // OBS_STATUS B: break in series
	StatusDefinitionDiffers Status = "definition-differs" // OBS_STATUS D
)

// HasValue reports whether observations with this status carry a number.
func (s Status) HasValue() bool {
	switch s {
	case StatusNotAvailable, StatusSuppressed, StatusNotApplicable:
		return false
	}
	return true
}

// Source is one published file as loaded: what it is and exactly which bytes.
type Source struct {
	ID          int64
	Publication string // family id, e.g. "oecd-regional-wellbeing"
	Publisher   string // "OECD", "ONS", "Ofcom"
	Title       string
	FileName    string // base name of the file as given to ingest
	SHA256      string // hex digest of the file's bytes
	Vintage     string // release the file belongs to, e.g. "2025", "2023-04-25", "2021-05"
	Licence     string
	LoadedAt    time.Time
}

// Region is a place with one canonical code and one canonical name.
type Region struct {
	Code    string // ITL 2021 code for UK regions (TLC...), GSS code for local authorities, OECD code otherwise
	Name    string
	Level   Level
	Parent  string // code of the containing region, "" when none is known
	Country string // ISO 3166-1 alpha-3, e.g. "GBR"
	// SupersededIn is the year a reorganisation replaced the region (see RegionChange), 0 while it
	// is current. A superseded region keeps its code, name and values; rankings leave it out.
	SupersededIn int
}

// RegionChange is one step of a reorganisation: OldCode was replaced, wholly or in part, by NewCode
// in Year. A merger has one change per old region, a split one per new region.
type RegionChange struct {
	OldCode, OldName string
	NewCode, NewName string
	Year             int
}

// Indicator is one measured quantity.
type Indicator struct {
	ID        string // stable id, "<publisher prefix>.<slug>", e.g. "oecd.life_expectancy"
	Name      string
	Dimension string // well-being dimension id (see Dimensions), "" when not part of any index
	Unit      string
	Direction Direction
	Source    string // publication family id that defines it
}

// Cell says where in a published file a value was read.
type Cell struct {
	File  string // base name of the file
	Sheet string // sheet name; "" for CSV files
	Ref   string // A1 reference for spreadsheets, "R<row>C<col>" (1-based) for CSV
}

// Observation is one value (or one published absence of a value) for a region, indicator and period.
type Observation struct {
	Region    string // region code
	Indicator string // indicator id
	Period    string // "2021", "2021-05", "2022-04/2023-03", "2020/2023"
	Value     *float64
	Lower     *float64 // lower bound of a published confidence interval
	Upper     *float64
	Status    Status
	Cell      Cell
}

// Batch is everything one file yields: it is loaded in one transaction or not at all.
type Batch struct {
	Source       Source
	Regions      []Region
	Indicators   []Indicator
	Observations []Observation
	// Sheets are the workbook's sheets the reader read, in reading order; nil for CSV files.
	Sheets []string
	// UnknownRegions are the batch's UK regions whose codes the UK geography does not know, under
	// the names the publisher gave them. They are stored like any other region, and reported.
	UnknownRegions []Region
	// VintageFromFileName says the reader took the vintage, and the periods of the values, from
	// the file's name, because the file carries no date inside (Ofcom's coverage tables).
	VintageFromFileName bool
}

// Row is the 1-based row of the cell: 402 for "E402", 12 for the CSV reference "R12C5"; 0 when the
// reference holds no row.
func (c Cell) Row() int {
	// A1 references are letters then the row; after the leading letters, only the CSV form has a C.
	row, _, _ := strings.Cut(strings.TrimLeft(c.Ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$"), "C")
	n, err := strconv.Atoi(row)
	if err != nil {
		return 0
	}
	return n
}

// Float returns a pointer to v, for building observations.
func Float(v float64) *float64 { return &v }
