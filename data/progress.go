package data

import "context"

// Progress is told how far a long step has come: done of total units (bytes of sheet XML read,
// observations written), as often as is cheap. It must be quick and safe to call from the goroutine
// doing the work.
type Progress func(done, total int64)

type progressKey struct{}

// WithProgress returns a context whose long operations (reading a workbook, loading a batch)
// report their progress to p.
func WithProgress(ctx context.Context, p Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

// ReportProgress tells the context's Progress, if it has one, that done of total is done.
func ReportProgress(ctx context.Context, done, total int64) {
	if p, ok := ctx.Value(progressKey{}).(Progress); ok && p != nil {
		p(done, total)
	}
}
