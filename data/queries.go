package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// SourceSummary is a loaded source with the number of observations it holds.
type SourceSummary struct {
	Source
	Observations int
}

// Sources lists what is loaded, oldest load first.
func (w *Warehouse) Sources(ctx context.Context) ([]SourceSummary, error) {
	rows, err := w.db.QueryContext(ctx, `
		SELECT s.source_id, s.publication, s.publisher, s.title, s.file_name, s.sha256, s.vintage, s.licence,
		       s.loaded_at, (SELECT count(*) FROM observations o WHERE o.source_id = s.source_id)
		FROM sources s ORDER BY s.loaded_at, s.source_id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []SourceSummary
	for rows.Next() {
		var s SourceSummary
		var loaded time.Time
		if err := rows.Scan(&s.ID, &s.Publication, &s.Publisher, &s.Title, &s.FileName, &s.SHA256, &s.Vintage,
			&s.Licence, &loaded, &s.Observations); err != nil {
			return nil, err
		}
		s.LoadedAt = loaded.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// Regions lists the regions of the given stored levels (all regions when none are given), by name.
func (w *Warehouse) Regions(ctx context.Context, levels ...Level) ([]Region, error) {
	q := `SELECT region_code, name, level, coalesce(parent_code, ''), coalesce(country, '') FROM regions`
	var args []any
	if len(levels) > 0 {
		q += ` WHERE level IN (` + placeholders(len(levels)) + `)`
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
		if err := rows.Scan(&r.Code, &r.Name, &lvl, &r.Parent, &r.Country); err != nil {
			return nil, err
		}
		r.Level = Level(lvl)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Region finds one region by its code; ok is false when there is none.
func (w *Warehouse) Region(ctx context.Context, code string) (r Region, ok bool, err error) {
	var lvl string
	err = w.db.QueryRowContext(ctx, `SELECT region_code, name, level, coalesce(parent_code, ''), coalesce(country, '')
		FROM regions WHERE region_code = ?`, code).Scan(&r.Code, &r.Name, &lvl, &r.Parent, &r.Country)
	if err == sql.ErrNoRows {
		return Region{}, false, nil
	}
	if err != nil {
		return Region{}, false, fmt.Errorf("find region %s: %w", code, err)
	}
	r.Level = Level(lvl)
	return r, true, nil
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
	q += ` ORDER BY o.region_code, o.indicator_id, o.period, ` + vintage
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

// LatestValues gives, for each region of the given stored levels and each indicator, the current
// observation of the latest period that has a value.
func (w *Warehouse) LatestValues(ctx context.Context, levels ...Level) ([]Observation, error) {
	if len(levels) == 0 {
		return nil, fmt.Errorf("latest values: no level given")
	}
	q := `SELECT o.region_code, o.indicator_id, o.period, o.value, o.lower_bound, o.upper_bound, o.status,
			o.source_file, o.sheet, o.cell
		FROM current_observations o JOIN regions r ON r.region_code = o.region_code
		WHERE o.value IS NOT NULL AND r.level IN (` + placeholders(len(levels)) + `)
		QUALIFY row_number() OVER (PARTITION BY o.region_code, o.indicator_id ORDER BY o.period DESC) = 1
		ORDER BY o.region_code, o.indicator_id`
	args := make([]any, len(levels))
	for i, l := range levels {
		args[i] = string(l)
	}
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("latest values: %w", err)
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		var o Observation
		var value, lower, upper sql.NullFloat64
		var status string
		if err := rows.Scan(&o.Region, &o.Indicator, &o.Period, &value, &lower, &upper, &status,
			&o.Cell.File, &o.Cell.Sheet, &o.Cell.Ref); err != nil {
			return nil, err
		}
		o.Value, o.Lower, o.Upper = nullable(value), nullable(lower), nullable(upper)
		o.Status = Status(status)
		out = append(out, o)
	}
	return out, rows.Err()
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
