package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SourceSummary is a loaded source with the number of observations it holds, and how many of them
// are current: not superseded by a later vintage's value for the same region, indicator and period.
type SourceSummary struct {
	Source
	Observations int
	Current      int
	// SupersededBy lists the sources whose values replace some of this source's in the current
	// view, by id.
	SupersededBy []int64
}

// Sources lists what is loaded, oldest load first.
func (w *Warehouse) Sources(ctx context.Context) ([]SourceSummary, error) {
	rows, err := w.db.QueryContext(ctx, `
		WITH counts AS (SELECT source_id, count(*) AS n FROM observations GROUP BY source_id),
		     current AS (SELECT source_id, count(*) AS n FROM current_observations GROUP BY source_id),
		     replaced AS (
		         SELECT o.source_id, list(DISTINCT c.source_id ORDER BY c.source_id) AS by
		         FROM observations o JOIN current_observations c USING (region_code, indicator_id, period)
		         WHERE c.source_id <> o.source_id
		         GROUP BY o.source_id)
		SELECT s.source_id, s.publication, s.publisher, s.title, s.file_name, s.sha256, s.vintage, s.licence,
		       s.loaded_at, coalesce(counts.n, 0), coalesce(current.n, 0),
		       coalesce(array_to_string(replaced.by, ','), '')
		FROM sources s
		LEFT JOIN counts USING (source_id)
		LEFT JOIN current USING (source_id)
		LEFT JOIN replaced USING (source_id)
		ORDER BY s.loaded_at, s.source_id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []SourceSummary
	for rows.Next() {
		var s SourceSummary
		var loaded time.Time
		var by string
		if err := rows.Scan(&s.ID, &s.Publication, &s.Publisher, &s.Title, &s.FileName, &s.SHA256, &s.Vintage,
			&s.Licence, &loaded, &s.Observations, &s.Current, &by); err != nil {
			return nil, err
		}
		s.LoadedAt = loaded.UTC()
		for _, id := range strings.FieldsFunc(by, func(r rune) bool { return r == ',' }) {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("list sources: superseding source %q: %w", id, err)
			}
			s.SupersededBy = append(s.SupersededBy, n)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

const regionColumns = `region_code, name, level, coalesce(parent_code, ''), coalesce(country, ''), coalesce(superseded_in, 0)`

// Regions lists the current regions of the given stored levels (all levels when none are given), by
// name: the regions a ranking compares. Regions superseded by a reorganisation are left out; Region
// and RegionChanges find them.
func (w *Warehouse) Regions(ctx context.Context, levels ...Level) ([]Region, error) {
	q := `SELECT ` + regionColumns + ` FROM regions WHERE superseded_in IS NULL`
	var args []any
	if len(levels) > 0 {
		q += ` AND level IN (` + placeholders(len(levels)) + `)`
		for _, l := range levels {
			args = append(args, string(l))
		}
	}
	q += ` ORDER BY name, region_code`
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		var lvl string
		if err := rows.Scan(&r.Code, &r.Name, &lvl, &r.Parent, &r.Country, &r.SupersededIn); err != nil {
			return nil, err
		}
		r.Level = Level(lvl)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Region finds one region by its code, current or superseded; ok is false when there is none.
func (w *Warehouse) Region(ctx context.Context, code string) (r Region, ok bool, err error) {
	var lvl string
	err = w.db.QueryRowContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE region_code = ?`, code).
		Scan(&r.Code, &r.Name, &lvl, &r.Parent, &r.Country, &r.SupersededIn)
	if err == sql.ErrNoRows {
		return Region{}, false, nil
	}
	if err != nil {
		return Region{}, false, fmt.Errorf("find region %s: %w", code, err)
	}
	r.Level = Level(lvl)
	return r, true, nil
}

// RegionChanges lists the stored reorganisations that involve any of the given region codes, as the
// old or the new region (all of them when no code is given), by year and code. Following NewCode
// from a superseded region leads to the regions that replaced it.
func (w *Warehouse) RegionChanges(ctx context.Context, codes ...string) ([]RegionChange, error) {
	q := `SELECT c.old_code, o.name, c.new_code, n.name, c.year
		FROM region_changes c
		JOIN regions o ON o.region_code = c.old_code
		JOIN regions n ON n.region_code = c.new_code`
	var args []any
	if len(codes) > 0 {
		q += ` WHERE c.old_code IN (` + placeholders(len(codes)) + `) OR c.new_code IN (` + placeholders(len(codes)) + `)`
		for range 2 {
			for _, c := range codes {
				args = append(args, c)
			}
		}
	}
	q += ` ORDER BY c.year, c.old_code, c.new_code`
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list region changes: %w", err)
	}
	defer rows.Close()
	var out []RegionChange
	for rows.Next() {
		var ch RegionChange
		if err := rows.Scan(&ch.OldCode, &ch.OldName, &ch.NewCode, &ch.NewName, &ch.Year); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// Indicators lists every indicator, by id.
func (w *Warehouse) Indicators(ctx context.Context) ([]Indicator, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT indicator_id, name, coalesce(dimension, ''), unit, direction, source
		FROM indicators ORDER BY indicator_id`)
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	defer rows.Close()
	var out []Indicator
	for rows.Next() {
		var ind Indicator
		var dir string
		if err := rows.Scan(&ind.ID, &ind.Name, &ind.Dimension, &ind.Unit, &dir, &ind.Source); err != nil {
			return nil, err
		}
		ind.Direction = Direction(dir)
		out = append(out, ind)
	}
	return out, rows.Err()
}

// ObservationFilter narrows an observation listing; empty fields do not filter.
type ObservationFilter struct {
	Levels     []Level
	Regions    []string
	Indicators []string
	// AllVintages lists every loaded vintage instead of only the current one.
	AllVintages bool
}

// ObservationRecord is an observation with the names and the vintage that a listing shows.
type ObservationRecord struct {
	Observation
	RegionName    string
	IndicatorName string
	Unit          string
	Vintage       string
}

// Observations lists observations, by region, indicator and period.
func (w *Warehouse) Observations(ctx context.Context, f ObservationFilter) ([]ObservationRecord, error) {
	from, vintage := `current_observations o`, `o.vintage`
	if f.AllVintages {
		from, vintage = `observations o JOIN sources s USING (source_id)`, `s.vintage`
	}
	q := `SELECT o.region_code, r.name, o.indicator_id, i.name, i.unit, o.period, o.value, o.lower_bound, o.upper_bound,
		o.status, o.source_file, o.sheet, o.cell, ` + vintage + `
		FROM ` + from + `
		JOIN regions r ON r.region_code = o.region_code
		JOIN indicators i ON i.indicator_id = o.indicator_id`
	var where []string
	var args []any
	if len(f.Levels) > 0 {
		where = append(where, `r.level IN (`+placeholders(len(f.Levels))+`)`)
		for _, l := range f.Levels {
			args = append(args, string(l))
		}
	}
	if len(f.Regions) > 0 {
		where = append(where, `o.region_code IN (`+placeholders(len(f.Regions))+`)`)
		for _, r := range f.Regions {
			args = append(args, r)
		}
	}
	if len(f.Indicators) > 0 {
		where = append(where, `o.indicator_id IN (`+placeholders(len(f.Indicators))+`)`)
		for _, i := range f.Indicators {
			args = append(args, i)
		}
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY o.region_code, o.indicator_id, o.period, ` + vintage + `, o.source_id`
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list observations: %w", err)
	}
	defer rows.Close()
	var out []ObservationRecord
	for rows.Next() {
		var rec ObservationRecord
		var value, lower, upper sql.NullFloat64
		var status string
		if err := rows.Scan(&rec.Region, &rec.RegionName, &rec.Indicator, &rec.IndicatorName, &rec.Unit, &rec.Period,
			&value, &lower, &upper, &status, &rec.Cell.File, &rec.Cell.Sheet, &rec.Cell.Ref, &rec.Vintage); err != nil {
			return nil, err
		}
		rec.Value, rec.Lower, rec.Upper = nullable(value), nullable(lower), nullable(upper)
		rec.Status = Status(status)
		out = append(out, rec)
	}
	return out, rows.Err()
}

// LatestValues gives, for each current region of the given stored levels and each indicator, the
// current observation of the latest period that has a value. Regions superseded by a reorganisation
// are left out: their values stay on their own codes and never stand in for their successors.
func (w *Warehouse) LatestValues(ctx context.Context, levels ...Level) ([]Observation, error) {
	return w.latestValues(ctx, "", levels)
}

// LatestValuesOf is LatestValues for one indicator.
func (w *Warehouse) LatestValuesOf(ctx context.Context, indicator string, levels ...Level) ([]Observation, error) {
	return w.latestValues(ctx, indicator, levels)
}

// latestValues is LatestValues for one indicator, or every indicator for "".
func (w *Warehouse) latestValues(ctx context.Context, indicator string, levels []Level) ([]Observation, error) {
	if len(levels) == 0 {
		return nil, fmt.Errorf("latest values: no level given")
	}
	q := `SELECT o.region_code, o.indicator_id, o.period, o.value, o.lower_bound, o.upper_bound, o.status,
			o.source_file, o.sheet, o.cell
		FROM current_observations o JOIN regions r ON r.region_code = o.region_code
		WHERE o.value IS NOT NULL AND r.superseded_in IS NULL AND (? = '' OR o.indicator_id = ?)
			AND r.level IN (` + placeholders(len(levels)) + `)
		QUALIFY row_number() OVER (PARTITION BY o.region_code, o.indicator_id ORDER BY o.period DESC) = 1
		ORDER BY o.region_code, o.indicator_id`
	args := []any{indicator, indicator}
	for _, l := range levels {
		args = append(args, string(l))
	}
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("latest values: %w", err)
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, fmt.Errorf("latest values: %w", err)
	}
	return out, nil
}

// Empty reports whether nothing has been loaded yet.
func (w *Warehouse) Empty(ctx context.Context) (bool, error) {
	var n int
	err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM sources`).Scan(&n)
	return n == 0, err
}

func nullable(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

// placeholders gives n comma-separated parameter markers; values are always passed as parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
