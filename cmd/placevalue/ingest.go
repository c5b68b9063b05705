package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/ingest"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("ingest", "ingest [--db FILE] PATH...\n\nEach PATH is a published file (.xlsx, .csv) or a folder: every .xlsx and .csv in it and its\nsubfolders is loaded, in name order. Legacy .xls and .ods workbooks in a folder are skipped with a\nwarning that says how to convert them; one named on its own is refused.", stderr)
	db := fs.String("db", data.DefaultPath, "warehouse `FILE` (created if missing; not kept when nothing loads)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("no files given")}
	}
	paths, legacy, err := expandFolders(paths)
	if err != nil {
		return err
	}
	// The warehouse is opened when the first file has been read: a run whose files all fail
	// before that (missing, unknown, damaged) leaves the warehouse file untouched, byte for byte.
	wh := &lazyWarehouse{path: *db, created: newWarehouseFiles(*db)}
	loaded := 0
	defer func() {
		// A warehouse this run created and put nothing in would stand in the way of the default
		// data that serve loads only into a warehouse that does not exist: leave none behind.
		wh.close(loaded > 0)
	}()
	bar := newProgress(stderr)
	failed, skipped := 0, 0
	for _, p := range paths {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		start := time.Now()
		f, err := ingest.Open(p)
		if err == nil {
			err = loadFile(ctx, wh, f, stdout, bar, start)
		}
		var openErr *warehouseError
		switch {
		case errors.As(err, &openErr):
			// Without the warehouse no file can load: stop here.
			return openErr.err
		case err != nil && legacy[p]:
			// A legacy workbook that came with a folder is passed over, never silently.
			fmt.Fprintf(stderr, "warning: skipped %v\n", err)
			skipped++
		case err != nil:
			fmt.Fprintf(stderr, "error: %v\n", err)
			failed++
		default:
			loaded++
		}
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "%d legacy workbook(s) in the folders skipped: convert them to .xlsx to load them\n", skipped)
	}
	if failed > 0 {
		state := "the other files and everything loaded before are in place"
		switch {
		case loaded == 0 && wh.created != nil:
			state = "the warehouse " + *db + " did not exist before and has not been created"
		case loaded == 0:
			state = "everything loaded before is in place"
		}
		fmt.Fprintf(stderr, "%d of %d files not loaded; nothing from those files was written; %s\n", failed, len(paths)-skipped, state)
		return errReported
	}
	return nil
}

// A folder given to ingest contributes the files placevalue reads, and the legacy workbooks it
// cannot read, which are skipped with a warning rather than passed over in silence.
var (
	spreadsheetExtensions = []string{".xlsx", ".csv"}
	legacyExtensions      = []string{".xls", ".ods"}
)

// expandFolders replaces each folder among paths by the spreadsheets in it and its subfolders, in
// name order; hidden files and folders are passed over. legacy holds the .xls and .ods files found
// in folders, which ingest skips with a warning. A folder without any spreadsheet is an error.
func expandFolders(paths []string) (out []string, legacy map[string]bool, err error) {
	legacy = map[string]bool{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, p) // a missing file is reported with the others
			continue
		}
		var found []string
		readable := 0
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			switch ext := strings.ToLower(filepath.Ext(path)); {
			case slices.Contains(spreadsheetExtensions, ext):
				found = append(found, path)
				readable++
			case slices.Contains(legacyExtensions, ext):
				found = append(found, path)
				legacy[path] = true
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("read folder %s: %w", p, err)
		}
		if readable == 0 && len(found) > 0 {
			names := make([]string, len(found))
			for i, f := range found {
				names[i] = filepath.Base(f)
			}
			return nil, nil, fmt.Errorf("folder %s holds no spreadsheets placevalue reads, only legacy workbooks (%s): open each in a spreadsheet program and save it as .xlsx, or convert them with `libreoffice --headless --convert-to xlsx FILE`",
				p, truncatedList(names))
		}
		if readable == 0 {
			return nil, nil, fmt.Errorf("folder %s holds no spreadsheets placevalue reads: expected .xlsx or .csv files", p)
		}
		out = append(out, found...)
	}
	return out, legacy, nil
}

// newWarehouseFiles lists the files of a warehouse that do not exist yet: the database file and
// its write-ahead log, or nothing when the database exists. A run that loads nothing removes them,
// leaving the folder as it found it.
func newWarehouseFiles(db string) []string {
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	files := []string{db}
	if _, err := os.Stat(db + ".wal"); errors.Is(err, os.ErrNotExist) {
		files = append(files, db+".wal")
	}
	return files
}

// removeFiles removes files that a run created; one that was never created is no error.
func removeFiles(files []string) {
	for _, f := range files {
		_ = os.Remove(f)
	}
}

// lazyWarehouse opens the warehouse on first use, once.
type lazyWarehouse struct {
	path    string
	created []string // the warehouse's files that did not exist before the run
	w       *data.Warehouse
}

// warehouseError is a failure to open the warehouse, which stops a run.
type warehouseError struct{ err error }

func (e *warehouseError) Error() string { return e.err.Error() }

func (l *lazyWarehouse) open(ctx context.Context) (*data.Warehouse, error) {
	if l.w == nil {
		w, err := data.Open(ctx, l.path)
		if err != nil {
			removeFiles(l.created)
			return nil, &warehouseError{err}
		}
		l.w = w
	}
	return l.w, nil
}

// close closes the warehouse if it was opened, and removes the files the run created unless
// keep: a run that loaded nothing leaves the folder as it found it.
func (l *lazyWarehouse) close(keep bool) {
	if l.w != nil {
		l.w.Close()
	}
	if !keep {
		removeFiles(l.created)
	}
}

// loadFile reads one file and loads it in one transaction, then prints its summary: one line, and
// under it indented details, ending with what the readers warned of. The warehouse is opened only
// once the file has been read.
func loadFile(ctx context.Context, wh *lazyWarehouse, f *ingest.File, stdout io.Writer, bar *progress, start time.Time) error {
	bar.start("reading " + f.Name)
	defer bar.stop()
	ctx = bar.watch(ctx)
	ctx, warnings := ingest.WithWarnings(ctx)
	b, err := ingest.Read(ctx, f)
	if err != nil {
		return err
	}
	w, err := wh.open(ctx)
	if err != nil {
		return err
	}
	bar.describe(fmt.Sprintf("loading %s: %d observations", f.Name, len(b.Observations)))
	res, err := w.Load(ctx, b)
	if err != nil {
		return fmt.Errorf("%s: load into %s: %w", f.Name, w.Path(), err)
	}
	bar.stop()
	writeSummary(stdout, b, res, time.Since(start))
	for _, w := range warnings.List() {
		fmt.Fprintf(stdout, "  warning: %s\n", w)
	}
	return nil
}

// maxListed is how many sheets or unknown codes a summary names before it counts the rest.
const maxListed = 10

// writeSummary prints what one file gave: a first line that stands on its own, then the
// publication's title, the sheets and rows read, the values by status, and the region codes the
// geography does not know, by the names the publisher gave them.
func writeSummary(out io.Writer, b *data.Batch, res data.LoadResult, took time.Duration) {
	fmt.Fprintf(out, "%s: %s (%s, vintage %s): %d observations%s, %d new regions, %s\n",
		b.Source.FileName, b.Source.Publication, b.Source.Publisher, b.Source.Vintage, res.Observations,
		statusSummary(res.ByStatus), res.Regions, took.Round(time.Millisecond))
	for _, e := range res.Replaced {
		fmt.Fprintf(out, "  %s\n", replacedNote(b, e))
	}
	fmt.Fprintf(out, "  publication: %s\n", b.Source.Title)
	if len(b.Sheets) > 0 {
		fmt.Fprintf(out, "  sheets read: %d (%s)\n", len(b.Sheets), truncatedList(b.Sheets))
	}
	if len(b.Observations) == 0 {
		// A geography: areas, no values.
		fmt.Fprintf(out, "  areas listed: %d, of which %d known to placevalue's geography\n", len(b.Regions), len(b.Regions)-len(b.UnknownRegions))
	} else {
		fmt.Fprintf(out, "  rows loaded: %d\n", rowsLoaded(b.Observations))
		fmt.Fprintf(out, "  values: %s\n", statusCounts(res.ByStatus))
	}
	if len(b.UnknownRegions) == 0 {
		fmt.Fprintln(out, "  unknown region codes: none")
		return
	}
	names := make([]string, len(b.UnknownRegions))
	for i, r := range b.UnknownRegions {
		names[i] = r.Code + " " + r.Name
	}
	fmt.Fprintf(out, "  unknown region codes, stored as published, not ranked: %d (%s)\n", len(names), truncatedList(names))
}

// replacedNote says which earlier load of the same content a load replaced. The same bytes under
// another name are worth a word, and a warning when the vintage changed with the name: Ofcom's
// files are dated by their names alone, so a copy renamed 2021 turns 2019 figures into 2021's.
func replacedNote(b *data.Batch, earlier data.Source) string {
	if earlier.FileName == b.Source.FileName && earlier.Vintage == b.Source.Vintage {
		return fmt.Sprintf("replaced the earlier load of the same file (source %d, loaded %s)",
			earlier.ID, earlier.LoadedAt.Format("2006-01-02 15:04 UTC"))
	}
	note := fmt.Sprintf("same content as %s (vintage %s), loaded before: replaced", earlier.FileName, earlier.Vintage)
	if earlier.Vintage == b.Source.Vintage {
		return note
	}
	note = "warning: " + note + "; vintage now " + b.Source.Vintage
	if b.VintageFromFileName {
		note += ", from this file's name, which dates its values too"
	}
	return note
}

// truncatedList joins the first maxListed items and counts the rest.
func truncatedList(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:maxListed], ", "), len(items)-maxListed)
}

// rowsLoaded counts the published rows that gave at least one observation.
func rowsLoaded(obs []data.Observation) int {
	type row struct {
		sheet string
		num   int
	}
	rows := map[row]bool{}
	for _, o := range obs {
		rows[row{o.Cell.Sheet, o.Cell.Row()}] = true
	}
	return len(rows)
}

// statusSummary lists the values that are not plain published numbers, for the first line.
func statusSummary(by map[data.Status]int) string {
	var parts []string
	for s, n := range by {
		if s != data.StatusPublished {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	slices.Sort(parts)
	return " (" + strings.Join(parts, ", ") + ")"
}

// statusCounts lists the values of every status, most first.
func statusCounts(by map[data.Status]int) string {
	statuses := make([]data.Status, 0, len(by))
	for s := range by {
		statuses = append(statuses, s)
	}
	slices.SortFunc(statuses, func(a, b data.Status) int {
		if by[a] != by[b] {
			return by[b] - by[a]
		}
		return strings.Compare(string(a), string(b))
	})
	parts := make([]string, len(statuses))
	for i, s := range statuses {
		parts[i] = fmt.Sprintf("%d %s", by[s], s)
	}
	return strings.Join(parts, ", ")
}

// progress shows, on a terminal, how far a file that takes more than a second has come: a bar
// of the bytes of sheet XML read, then of the observations written, with the step and the time
// so far, on standard error, cleared before the file's summary. It is nil, and silent, when
// standard error is not a terminal, so pipes and tests see clean output.
type progress struct {
	w           io.Writer
	mu          sync.Mutex
	desc        string // the current step; "" when no file is in progress
	done, total int64  // of the current step, as last reported; total 0 when not known
	timer       *time.Timer
	bar         *progressbar.ProgressBar
}

// showAfter is how long a file must take before its progress is shown.
const showAfter = time.Second

func newProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{w: stderr}
}

// watch returns a context whose reading and loading report to p.
func (p *progress) watch(ctx context.Context) context.Context {
	if p == nil {
		return ctx
	}
	return data.WithProgress(ctx, p.set)
}

// start begins a file's progress, shown once it has run for showAfter.
func (p *progress) start(desc string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.desc, p.done, p.total = desc, 0, 0
	p.timer = time.AfterFunc(showAfter, p.show)
}

func (p *progress) show() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.desc == "" || p.bar != nil {
		return
	}
	size := p.total
	if size == 0 {
		size = -1 // a spinner until the size is known
	}
	p.bar = progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(p.desc),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	_ = p.bar.Set64(p.done)
}

// set records how far the current step has come, and moves the bar if it is shown.
func (p *progress) set(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.desc == "" {
		return
	}
	if p.bar != nil && total != p.total {
		p.bar.ChangeMax64(total)
	}
	p.done, p.total = done, total
	if p.bar != nil {
		// An error writing to the terminal leaves nothing to undo.
		_ = p.bar.Set64(done)
	}
}

// describe names the next step the file is at; its size comes with its first report.
func (p *progress) describe(desc string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.desc, p.done, p.total = desc, 0, 0
	if p.bar != nil {
		p.bar.Describe(desc)
		p.bar.ChangeMax64(-1)
		_ = p.bar.Set64(0)
	}
}

// stop ends a file's progress and clears it from the terminal; stopping twice is harmless.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.bar != nil {
		// Finishing clears the line; an error writing to the terminal leaves nothing to undo.
		_ = p.bar.Finish()
		p.bar = nil
	}
	p.desc = ""
}
