package data

import (
	"context"
	"fmt"
)

// ValueRange is the spread of one indicator's current values over every loaded period, among the
// current regions of some levels: the bounds that fixed goalposts are held at across years.
type ValueRange struct {
	Low, High               float64
	FirstPeriod, LastPeriod string
	// Periods counts the distinct periods with a value.
	Periods int
}

// ValueRanges gives, for each indicator with a value at the given stored levels, the lowest and
// highest current value over all periods. Like LatestValues it counts current regions only, so a
// region's predecessors never widen the bounds its successors are scored against.
// A value the publisher marks as on another definition (Ofcom's 2019 "superfast" column, the
// 30–300 Mbit/s band alone) measures something else and sets no bound.
func (w *Warehouse) ValueRanges(ctx context.Context, levels ...Level) (map[string]ValueRange, error) {
	if len(levels) == 0 {
		return nil, fmt.Errorf("value ranges: no level given")
	}
	q := `SELECT o.indicator_id, min(o.value), max(o.value), min(o.period), max(o.period), count(DISTINCT o.period)
		FROM current_observations o JOIN regions r ON r.region_code = o.region_code
		WHERE o.value IS NOT NULL AND o.status <> ? AND r.superseded_in IS NULL AND r.level IN (` + placeholders(len(levels)) + `)
		GROUP BY o.indicator_id`
	args := []any{string(StatusDefinitionDiffers)}
	for _, l := range levels {
		args = append(args, string(l))
	}
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("value ranges: %w", err)
	}
	defer rows.Close()
	out := map[string]ValueRange{}
	for rows.Next() {
		var id string
		var r ValueRange
		if err := rows.Scan(&id, &r.Low, &r.High, &r.FirstPeriod, &r.LastPeriod, &r.Periods); err != nil {
			return nil, fmt.Errorf("value ranges: %w", err)
		}
		out[id] = r
	}
	return out, rows.Err()
}
