package data

import (
	"context"
	"database/sql"
	"fmt"
)

// regionHistorySQL lists one region's current observations that carry a value, every period.
// Periods sort as text, the order metrics.TrendBetween expects ("2019" < "2019/2020" < "2021").
const regionHistorySQL = `SELECT region_code, indicator_id, period, value, lower_bound, upper_bound, status,
		source_file, sheet, cell
	FROM current_observations
	WHERE region_code = ? AND value IS NOT NULL
	ORDER BY indicator_id, period`

// RegionHistory gives a region's current observations that have a value, for every period, by
// indicator and period: the series a trend is read from. Cells published without a number are
// left out, so the first and last observation of an indicator are its earliest and latest
// periods with a value. Values stay on the code they were published for: a superseded region
// has its own history, and its successors theirs.
func (w *Warehouse) RegionHistory(ctx context.Context, code string) ([]Observation, error) {
	rows, err := w.db.QueryContext(ctx, regionHistorySQL, code)
	if err != nil {
		return nil, fmt.Errorf("history of region %s: %w", code, err)
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, fmt.Errorf("history of region %s: %w", code, err)
	}
	return out, nil
}

// scanObservations reads rows of region_code, indicator_id, period, value, lower_bound,
// upper_bound, status, source_file, sheet, cell into observations, and closes them.
func scanObservations(rows *sql.Rows) ([]Observation, error) {
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
