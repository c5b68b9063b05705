package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

// exportTables are the tables export writes.
var exportTables = []string{"observations", "indicators", "regions", "region-changes", "index", "disparity", "frameworks", "sources"}

const tableList = "observations, indicators, regions, region-changes, index, disparity, frameworks or sources"

const exportSynopsis = `export TABLE [--db FILE] [--level L] [--region CODE]... [--indicator ID]...

Tables:
  observations  one row per value, with provenance (source file, sheet, cell)
  indicators    the indicators loaded, with dimension, unit and direction
  regions       the regions loaded, with level and parent (current regions only)
  region-changes
                the reorganisations behind the regions loaded: each superseded code, the code
                that replaced it (wholly or in part) and the year; --region keeps those involving it
  index         the flourishing index of one level (--level, default itl1), one row per ranked
                region, with rank intervals (rank_low, rank_high, rank_median), the GDP-per-head rank
                and the caveats on each score; --framework, --weights, --normalisation, --outliers,
                --aggregation, --power and --draws choose how
  disparity     per country with five or more ranked regions of the level, the mean index of its
                top fifth of regions against its bottom fifth; takes the same options as index
  frameworks    every framework's dimensions and the indicators that count in each (headline
                marked), with whether each indicator is loaded
  sources       the files loaded`

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", exportSynopsis, stderr)
	db := fs.String("db", data.DefaultPath, "warehouse `FILE`")
	level := fs.String("level", "", "region level: oecd-tl2, itl1 or lad (index and disparity default to itl1)")
	var regions, indicators stringList
	fs.Var(&regions, "region", "only this region `CODE` (repeatable)")
	fs.Var(&indicators, "indicator", "only this indicator `ID` (repeatable)")
	allVintages := fs.Bool("all-vintages", false, "observations: every loaded vintage, not only the current one")
	indexFlags := map[string]*string{
		"framework":     fs.String("framework", "", "index: the dimensions of well-being: oecd (default: the OECD's eleven) or uk-local (UK local flourishing; itl1 and lad only)"),
		"weights":       fs.String("weights", "", "index: dimension weights 0-5 as `income=5,jobs=3,...` (the framework's dimension ids; others keep 1), or a preset: equal, material, quality_of_life, connectivity_first"),
		"normalisation": fs.String("normalisation", "", "index: minmax (default), zscore, rank, goalposts (lowest and highest of any loaded year) or target (data/targets.csv, else the best of any year)"),
		"outliers":      fs.String("outliers", "", "index: keep (default) or winsorise: cap a strongly skewed indicator's few extreme values at the next value in before minmax or zscore scoring"),
		"aggregation":   fs.String("aggregation", "", "index: arithmetic (default), geometric or generalised"),
		"power":         fs.String("power", "", "index: the power `P` of the generalised mean, -100 to 100"),
		"draws":         fs.String("draws", "", "index: `N` Monte Carlo draws behind rank_low and rank_high, 0 to 10000 (default 1000)"),
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("give exactly one table: %s", tableList)}
	}
	if !slices.Contains(exportTables, pos[0]) {
		// The error lists the tables; the usage, which would bury it, is a --help away.
		return usageError{fmt.Errorf("unknown table %q: expected %s (placevalue export --help says what each holds)", pos[0], tableList)}
	}
	var lvl data.Level
	if *level != "" {
		if lvl, err = report.ParseLevel(*level); err != nil {
			return usageError{err}
		}
	}
	query, err := report.ParseIndexQuery(func(name string) string {
		if f, ok := indexFlags[name]; ok {
			return *f
		}
		if name == "level" {
			return *level
		}
		return ""
	}, data.LevelITL1)
	if err != nil {
		return usageError{err}
	}
	w, err := data.OpenReadOnly(ctx, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	if regions, err = resolveRegions(ctx, w, regions); err != nil {
		return usageError{err}
	}
	if err := checkIndicators(ctx, w, indicators); err != nil {
		return usageError{err}
	}
	out := bufio.NewWriter(stdout)
	if *indexFlags["power"] != "" && query.Options.Aggregation != metrics.AggregateGeneralised {
		fmt.Fprintln(stderr, "note: --power is used only by --aggregation generalised; ignored")
	}
	if err := exportTable(ctx, w, out, stderr, pos[0], lvl, query, regions, indicators, *allVintages); err != nil {
		return err
	}
	return out.Flush()
}

// exportTable writes a table as CSV to out; the notes on an index (where it departs from the
// options, such as a weight on a dimension without data) go to notes, one line each.
func exportTable(ctx context.Context, w *data.Warehouse, out, notes io.Writer, table string, lvl data.Level,
	query report.IndexQuery, regions, indicators []string, allVintages bool) error {
	switch table {
	case "observations":
		f := data.ObservationFilter{Regions: regions, Indicators: indicators, AllVintages: allVintages}
		if lvl != "" {
			f.Levels = lvl.Members()
		}
		obs, err := w.Observations(ctx, f)
		if err != nil {
			return err
		}
		return report.WriteObservationsCSV(out, obs)
	case "indicators":
		inds, err := w.Indicators(ctx)
		if err != nil {
			return err
		}
		return report.WriteIndicatorsCSV(out, filterIndicators(inds, indicators))
	case "regions":
		var levels []data.Level
		if lvl != "" {
			levels = lvl.Members()
		}
		rs, err := w.Regions(ctx, levels...)
		if err != nil {
			return err
		}
		return report.WriteRegionsCSV(out, filterRegions(rs, regions))
	case "region-changes":
		changes, err := w.RegionChanges(ctx, regions...)
		if err != nil {
			return err
		}
		return report.WriteRegionChangesCSV(out, changes)
	case "index", "disparity":
		v, err := report.BuildIndex(ctx, w, query)
		if err != nil {
			return err
		}
		for _, n := range v.Notes {
			fmt.Fprintf(notes, "note: %s\n", n)
		}
		if table == "disparity" {
			return report.WriteDisparityCSV(out, v)
		}
		return report.WriteIndexViewCSV(out, v)
	case "frameworks":
		inds, err := w.Indicators(ctx)
		if err != nil {
			return err
		}
		return report.WriteFrameworksCSV(out, data.Frameworks(), inds)
	case "sources":
		srcs, err := w.Sources(ctx)
		if err != nil {
			return err
		}
		return report.WriteSourcesCSV(out, srcs)
	}
	return usageError{fmt.Errorf("unknown table %q: expected %s", table, tableList)}
}

// resolveRegions turns the codes a user gives into stored codes: a publisher's code for a UK
// region (the OECD's UKI, a GSS E12000007) becomes its ITL code (TLI); a code the warehouse does
// not hold is an error, not an empty export.
func resolveRegions(ctx context.Context, w *data.Warehouse, codes []string) ([]string, error) {
	geo, err := data.UKGeography()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		if _, ok, err := w.Region(ctx, code); err != nil {
			return nil, err
		} else if ok {
			out = append(out, code)
			continue
		}
		if c, ok := geo.Canonical(code); ok {
			if _, stored, err := w.Region(ctx, c.Code); err == nil && stored {
				out = append(out, c.Code)
				continue
			}
		}
		return nil, fmt.Errorf("region %q is not in the warehouse (placevalue export regions lists the codes)", code)
	}
	return out, nil
}

// checkIndicators refuses indicator ids the warehouse does not hold, suggesting ids that end the
// same way ("gdp_per_head" → "ons.gdp_per_head").
func checkIndicators(ctx context.Context, w *data.Warehouse, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	inds, err := w.Indicators(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, i := range inds {
		known[i.ID] = true
	}
	for _, id := range ids {
		if known[id] {
			continue
		}
		var like []string
		for _, i := range inds {
			if strings.HasSuffix(i.ID, "."+id) {
				like = append(like, i.ID)
			}
		}
		msg := fmt.Sprintf("indicator %q is not in the warehouse (placevalue export indicators lists the ids)", id)
		if len(like) > 0 {
			msg += "; did you mean " + strings.Join(like, " or ") + "?"
		}
		return errors.New(msg)
	}
	return nil
}

func filterIndicators(inds []data.Indicator, ids []string) []data.Indicator {
	if len(ids) == 0 {
		return inds
	}
	want := set(ids)
	var out []data.Indicator
	for _, i := range inds {
		if want[i.ID] {
			out = append(out, i)
		}
	}
	return out
}

func filterRegions(rs []data.Region, codes []string) []data.Region {
	if len(codes) == 0 {
		return rs
	}
	want := set(codes)
	var out []data.Region
	for _, r := range rs {
		if want[r.Code] {
			out = append(out, r)
		}
	}
	return out
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
