package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

//go:embed sql/schema.sql
var schemaSQL string

// SchemaVersion is the version of sql/schema.sql; a warehouse written by another version is refused.
const SchemaVersion = 2

// DefaultPath is the warehouse file used when no --db is given.
const DefaultPath = "placevalue.duckdb"

// Warehouse is a DuckDB file holding sources, regions, indicators and observations. One process
// may open it read-write, or many read-only, never both at once: refresh builds a new file and
// swaps it in, and servers open files read-only.
type Warehouse struct {
	db       *sql.DB
	path     string
	readOnly bool
}

// Open opens (creating if needed) a warehouse file for reading and writing.
func Open(ctx context.Context, path string) (*Warehouse, error) {
	if dir := filepath.Dir(path); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("open warehouse %s: the folder %s does not exist: create it first, or give --db a file in an existing folder", path, dir)
		}
	}
	w, err := open(ctx, path, false)
	if err != nil {
		return nil, err
	}
	// A file of another schema version is refused before the schema script could touch it.
	if err := w.checkVersion(ctx, false); err != nil && !errors.Is(err, errNoSchema) {
		w.Close()
		return nil, err
	}
	if _, err := w.db.ExecContext(ctx, schemaSQL); err != nil {
		w.Close()
		return nil, fmt.Errorf("create schema in %s: %w", path, err)
	}
	if err := w.checkVersion(ctx, true); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// OpenReadOnly opens an existing warehouse file for reading only, with DuckDB's access to other
// files switched off, as servers do.
func OpenReadOnly(ctx context.Context, path string) (*Warehouse, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	w, err := open(ctx, path, true)
	if err != nil {
		return nil, err
	}
	if err := w.checkVersion(ctx, false); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

func open(ctx context.Context, path string, readOnly bool) (*Warehouse, error) {
	// Extensions cannot be downloaded here, and a server never needs them.
	opts := "autoinstall_known_extensions=false&autoload_known_extensions=false"
	if readOnly {
		opts += "&access_mode=READ_ONLY&enable_external_access=false"
	}
	// The driver opens the file in sql.Open; the ping makes sure of it.
	db, err := sql.Open("duckdb", path+"?"+opts)
	if err == nil {
		if err = db.PingContext(ctx); err != nil {
			db.Close()
		}
	}
	if err != nil {
		if holder, locked := lockHolder(err); locked {
			return nil, &LockedError{Path: path, Holder: holder, ReadOnly: readOnly, Err: err}
		}
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	return &Warehouse{db: db, path: path, readOnly: readOnly}, nil
}

// LockedError says a warehouse file is open in another process. DuckDB lets one process write a
// file, and only while no other process has it open, even for reading.
type LockedError struct {
	Path     string
	Holder   string // "/usr/local/bin/placevalue (PID 6759)", or "" when DuckDB did not say
	ReadOnly bool   // the refused open was for reading: the holder is writing
	Err      error  // DuckDB's own error
}

func (e *LockedError) Error() string {
	holder := "another process"
	if e.Holder != "" {
		holder = "another process, " + e.Holder + ","
	}
	if e.ReadOnly {
		return fmt.Sprintf("open warehouse %s: %s is writing it: wait until it has finished (a placevalue ingest?), then try again", e.Path, holder)
	}
	return fmt.Sprintf("open warehouse %s: %s has it open, and a DuckDB file can be written only while no other process has it open: "+
		"stop that process first (a placevalue serve on this file?), or load into a new file and serve that one", e.Path, holder)
}

func (e *LockedError) Unwrap() error { return e.Err }

var lockHeldRE = regexp.MustCompile(`Conflicting lock is held in (.+?) \(PID (\d+)\)`)

// lockHolder reports whether err is DuckDB refusing a file another process holds, and which
// program and process hold it, as DuckDB names them.
func lockHolder(err error) (holder string, locked bool) {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock on file") {
		return "", false
	}
	if m := lockHeldRE.FindStringSubmatch(msg); m != nil {
		return m[1] + " (PID " + m[2] + ")", true
	}
	return "", true
}

// errNoSchema says a warehouse file has no schema yet: it is new.
var errNoSchema = errors.New("no schema")

func (w *Warehouse) checkVersion(ctx context.Context, write bool) error {
	var tables int
	err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version'`).Scan(&tables)
	if err != nil {
		return fmt.Errorf("warehouse %s: read schema version: %w", w.path, err)
	}
	if tables == 0 {
		return fmt.Errorf("warehouse %s: %w", w.path, errNoSchema)
	}
	var v sql.NullInt64
	err = w.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&v)
	if err != nil {
		return fmt.Errorf("warehouse %s: read schema version: %w", w.path, err)
	}
	switch {
	case !v.Valid && write:
		_, err = w.db.ExecContext(ctx, `INSERT INTO schema_version VALUES (?)`, SchemaVersion)
		return err
	case v.Valid && v.Int64 != SchemaVersion:
		return fmt.Errorf("warehouse %s has schema version %d, this placevalue expects %d: ingest into a new file", w.path, v.Int64, SchemaVersion)
	}
	return nil
}

// Path is the warehouse's file.
func (w *Warehouse) Path() string { return w.path }

// Close closes the database.
func (w *Warehouse) Close() error { return w.db.Close() }

// EngineVersion is the DuckDB version the warehouse runs on.
func (w *Warehouse) EngineVersion(ctx context.Context) (string, error) {
	var v string
	err := w.db.QueryRowContext(ctx, `SELECT version()`).Scan(&v)
	return v, err
}

// LoadResult says what one Load stored.
type LoadResult struct {
	SourceID     int64
	Observations int
	ByStatus     map[Status]int
	Regions      int // regions new to the warehouse
	// Replaced are the earlier loads of the same content (same SHA-256) that this load replaced,
	// under whatever file name and vintage they were loaded; normally none, or one.
	Replaced []Source
}

// Load stores one batch in one transaction: all of it, or (on any error) nothing, leaving what was
// loaded before as it was. Loading the same file (same SHA-256) again replaces its earlier load,
// even under another name; LoadResult.Replaced says which loads went.
func (w *Warehouse) Load(ctx context.Context, b *Batch) (LoadResult, error) {
	res := LoadResult{ByStatus: map[Status]int{}}
	if w.readOnly {
		return res, errors.New("warehouse is open read-only")
	}
	if err := Validate(b); err != nil {
		return res, err
	}
	geo, err := UKGeography()
	if err != nil {
		return res, err
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return res, err
	}
	committed := false
	defer func() {
		if !committed {
			// A failed load must leave the warehouse unchanged; the rollback's own error adds nothing.
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		}
	}()

	res.Replaced, err = deleteSource(ctx, conn, b.Source.SHA256)
	if err != nil {
		return res, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT nextval('source_id_seq')`).Scan(&res.SourceID); err != nil {
		return res, fmt.Errorf("allocate source id: %w", err)
	}
	s := b.Source
	if s.LoadedAt.IsZero() {
		s.LoadedAt = time.Now().UTC()
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		res.SourceID, s.Publication, s.Publisher, s.Title, s.FileName, s.SHA256, s.Vintage, s.Licence, s.LoadedAt)
	if err != nil {
		return res, fmt.Errorf("insert source: %w", err)
	}
	if res.Regions, err = insertRegions(ctx, conn, geo, b.Regions); err != nil {
		return res, err
	}
	if err := replaceIndicators(ctx, conn, b.Indicators); err != nil {
		return res, err
	}
	if err := appendObservations(ctx, conn, res.SourceID, b.Observations); err != nil {
		return res, err
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return res, fmt.Errorf("commit: %w", err)
	}
	committed = true
	res.Observations = len(b.Observations)
	for _, o := range b.Observations {
		res.ByStatus[o.Status]++
	}
	return res, nil
}

// deleteSource deletes the earlier loads of a file's content and returns them.
func deleteSource(ctx context.Context, conn *sql.Conn, sha string) ([]Source, error) {
	rows, err := conn.QueryContext(ctx, `SELECT source_id, publication, publisher, title, file_name, sha256, vintage, licence, loaded_at
		FROM sources WHERE sha256 = ? ORDER BY source_id`, sha)
	if err != nil {
		return nil, fmt.Errorf("replace earlier load: %w", err)
	}
	defer rows.Close()
	var earlier []Source
	for rows.Next() {
		var s Source
		if err := rows.Scan(&s.ID, &s.Publication, &s.Publisher, &s.Title, &s.FileName, &s.SHA256, &s.Vintage, &s.Licence, &s.LoadedAt); err != nil {
			return nil, fmt.Errorf("replace earlier load: %w", err)
		}
		s.LoadedAt = s.LoadedAt.UTC()
		earlier = append(earlier, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("replace earlier load: %w", err)
	}
	rows.Close()
	if len(earlier) == 0 {
		return nil, nil
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM observations WHERE source_id IN (SELECT source_id FROM sources WHERE sha256 = ?)`, sha); err != nil {
		return nil, fmt.Errorf("replace earlier load: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM sources WHERE sha256 = ?`, sha); err != nil {
		return nil, fmt.Errorf("replace earlier load: %w", err)
	}
	return earlier, nil
}

// insertRegions adds regions not yet in the warehouse. A region already stored keeps its name: the
// canonical name comes from the geography files, else from the first publisher that named it. For a
// superseded region, the reorganisations that followed it and the regions they created are added
// too, so that a place can be followed to the regions that replaced it.
func insertRegions(ctx context.Context, conn *sql.Conn, geo *Geography, regions []Region) (int, error) {
	existing, err := queryStrings(ctx, conn, `SELECT region_code FROM regions`)
	if err != nil {
		return 0, err
	}
	known, err := queryStrings(ctx, conn, `SELECT old_code || ' ' || new_code FROM region_changes`)
	if err != nil {
		return 0, err
	}
	var rows, changeRows [][]driver.Value
	add := func(r Region) {
		if existing[r.Code] {
			return
		}
		existing[r.Code] = true
		var superseded driver.Value
		if r.SupersededIn != 0 {
			superseded = int32(r.SupersededIn)
		}
		rows = append(rows, []driver.Value{r.Code, r.Name, string(r.Level), nullIfEmpty(r.Parent), nullIfEmpty(r.Country), superseded})
	}
	for _, r := range regions {
		if k, ok := geo.Lookup(r.Code); ok && k.Code == r.Code {
			r = k
		}
		add(r)
		for _, ch := range geo.Changes(r.Code) {
			if key := ch.OldCode + " " + ch.NewCode; !known[key] {
				known[key] = true
				changeRows = append(changeRows, []driver.Value{ch.OldCode, ch.NewCode, int32(ch.Year)})
			}
			if next, ok := geo.Lookup(ch.NewCode); ok {
				add(next)
			}
		}
	}
	if err := appendRows(ctx, conn, "regions", rows); err != nil {
		return 0, fmt.Errorf("insert regions: %w", err)
	}
	if err := appendRows(ctx, conn, "region_changes", changeRows); err != nil {
		return 0, fmt.Errorf("insert region changes: %w", err)
	}
	return len(rows), nil
}

// queryStrings runs a query of one text column and returns its values as a set.
func queryStrings(ctx context.Context, conn *sql.Conn, query string) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out[s] = true
	}
	return out, rows.Err()
}

// replaceIndicators stores the batch's indicators; a later load's description of an indicator
// replaces an earlier one (and within a batch, the last description of an id wins).
func replaceIndicators(ctx context.Context, conn *sql.Conn, inds []Indicator) error {
	last := make(map[string]int, len(inds))
	for i, ind := range inds {
		last[ind.ID] = i
	}
	ids := make([]any, 0, len(last))
	rows := make([][]driver.Value, 0, len(last))
	for i, ind := range inds {
		if last[ind.ID] != i {
			continue
		}
		ids = append(ids, ind.ID)
		rows = append(rows, []driver.Value{ind.ID, ind.Name, nullIfEmpty(ind.Dimension), ind.Unit, string(ind.Direction), ind.Source})
	}
	if len(ids) == 0 {
		return nil
	}
	// One statement for all of them: a DELETE per indicator took most of a second for the GVA
	// workbook's 369 indicators.
	if _, err := conn.ExecContext(ctx, `DELETE FROM indicators WHERE indicator_id IN (`+placeholders(len(ids))+`)`, ids...); err != nil {
		return fmt.Errorf("replace indicators: %w", err)
	}
	if err := appendRows(ctx, conn, "indicators", rows); err != nil {
		return fmt.Errorf("insert indicators: %w", err)
	}
	return nil
}

// appendRows appends rows to a table through DuckDB's appender.
func appendRows(ctx context.Context, conn *sql.Conn, table string, rows [][]driver.Value) error {
	if len(rows) == 0 {
		return nil
	}
	return conn.Raw(func(raw any) error {
		dc, ok := raw.(driver.Conn)
		if !ok {
			return errors.New("not a DuckDB connection")
		}
		app, err := duckdb.NewAppenderFromConn(dc, "", table)
		if err != nil {
			return err
		}
		for _, row := range rows {
			if err := app.AppendRow(row...); err != nil {
				app.Close()
				return fmt.Errorf("%v: %w", row[0], err)
			}
		}
		// Errors may only surface when the appender flushes.
		return app.Close()
	})
}

func appendObservations(ctx context.Context, conn *sql.Conn, sourceID int64, obs []Observation) error {
	return conn.Raw(func(raw any) error {
		dc, ok := raw.(driver.Conn)
		if !ok {
			return errors.New("append observations: not a DuckDB connection")
		}
		app, err := duckdb.NewAppenderFromConn(dc, "", "observations")
		if err != nil {
			return fmt.Errorf("append observations: %w", err)
		}
		// Most text columns repeat from one row to the next: reusing the previous row's boxed value
		// saves an allocation per value.
		var id driver.Value = sourceID
		var region, indicator, period, status, file, sheet boxed
		for i, o := range obs {
			if i%4096 == 0 {
				if ctx.Err() != nil {
					app.Close()
					return ctx.Err()
				}
				ReportProgress(ctx, int64(i), int64(len(obs)))
			}
			err := app.AppendRow(id, region.of(o.Region), indicator.of(o.Indicator), period.of(o.Period),
				floatOrNil(o.Value), floatOrNil(o.Lower), floatOrNil(o.Upper), status.of(string(o.Status)),
				file.of(o.Cell.File), sheet.of(o.Cell.Sheet), o.Cell.Ref)
			if err != nil {
				app.Close()
				return fmt.Errorf("append observation %s %s %s: %w", o.Region, o.Indicator, o.Period, err)
			}
		}
		// Errors may only surface when the appender flushes.
		if err := app.Close(); err != nil {
			return fmt.Errorf("append observations: %w", err)
		}
		return nil
	})
}

// boxed keeps the last string passed to of, boxed as a driver.Value.
type boxed struct {
	s string
	v driver.Value
}

func (b *boxed) of(s string) driver.Value {
	if b.v == nil || s != b.s {
		b.s, b.v = s, s
	}
	return b.v
}

func floatOrNil(v *float64) driver.Value {
	if v == nil {
		return nil
	}
	return *v
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Validate checks a batch before anything is written: every observation names a region and an
// indicator of the batch, no (region, indicator, period) appears twice, and values agree with
// statuses.
func Validate(b *Batch) error {
	name := b.Source.FileName
	if b.Source.SHA256 == "" {
		return fmt.Errorf("%s: batch has no SHA-256 of its file", name)
	}
	// Only a geography (regions, no indicators) may come without observations.
	if len(b.Observations) == 0 && (len(b.Regions) == 0 || len(b.Indicators) > 0) {
		where := ""
		if len(b.Sheets) > 0 {
			where = fmt.Sprintf(" in sheet %q", b.Sheets[0])
			if len(b.Sheets) > 1 {
				where = fmt.Sprintf(" in sheets %q", b.Sheets)
			}
		}
		return fmt.Errorf("%s: no observations found%s: expected rows of figures below each table's header", name, where)
	}
	regions := make(map[string]bool, len(b.Regions))
	for _, r := range b.Regions {
		if strings.TrimSpace(r.Code) == "" || r.Name == "" {
			return fmt.Errorf("%s: region %q has no code or no name", name, r.Code)
		}
		regions[r.Code] = true
	}
	inds := make(map[string]bool, len(b.Indicators))
	for _, ind := range b.Indicators {
		if ind.ID == "" || ind.Name == "" {
			return fmt.Errorf("%s: indicator %q has no id or no name", name, ind.ID)
		}
		inds[ind.ID] = true
	}
	type key struct{ region, indicator, period string }
	seen := make(map[key]int, len(b.Observations))
	for i, o := range b.Observations {
		if err := checkObservation(o, regions, inds); err != nil {
			return err
		}
		k := key{o.Region, o.Indicator, o.Period}
		if prev, dup := seen[k]; dup {
			return fmt.Errorf("%s: duplicate value for region %s, indicator %s, period %s (also at %s)",
				o.Cell, o.Region, o.Indicator, o.Period, b.Observations[prev].Cell)
		}
		seen[k] = i
	}
	return nil
}

// checkObservation checks one observation on its own. The cell (o.Cell, formatted by %s) is only
// formatted for an error: formatting it for each of half a million observations took a second.
func checkObservation(o Observation, regions, inds map[string]bool) error {
	switch {
	case !regions[o.Region]:
		return fmt.Errorf("%s: region %q is not declared by the reader", o.Cell, o.Region)
	case !inds[o.Indicator]:
		return fmt.Errorf("%s: indicator %q is not declared by the reader", o.Cell, o.Indicator)
	case o.Period == "":
		return fmt.Errorf("%s: observation without a period", o.Cell)
	case o.Status == "":
		return fmt.Errorf("%s: observation without a status", o.Cell)
	case o.Status == StatusPublished && o.Value == nil:
		return fmt.Errorf("%s: published observation without a value", o.Cell)
	case !o.Status.HasValue() && o.Value != nil:
		return fmt.Errorf("%s: status %s cannot carry a value", o.Cell, o.Status)
	}
	return nil
}

// String formats a cell reference for messages: `file.xlsx, sheet "Table 7", cell E110`.
func (c Cell) String() string {
	var b strings.Builder
	b.WriteString(c.File)
	if c.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %q", c.Sheet)
	}
	if c.Ref != "" {
		fmt.Fprintf(&b, ", cell %s", c.Ref)
	}
	return b.String()
}
