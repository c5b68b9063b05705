package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
)

// Warnings collects what readers warn about in one file (hidden rows read as data, rows without
// an area code left out), so that the command can print them with the file's summary. Without a
// collector in the context, warnings go to the default slog logger.
type Warnings struct {
	mu   sync.Mutex
	list []string
}

type warningsKey struct{}

// WithWarnings returns a context whose readers' warnings are collected in the returned Warnings.
func WithWarnings(ctx context.Context) (context.Context, *Warnings) {
	w := &Warnings{}
	return context.WithValue(ctx, warningsKey{}, w), w
}

// List is the warnings collected, in the order they were made.
func (w *Warnings) List() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.list...)
}

// warn reports a reader's warning: msg, then its attributes as key=value pairs.
func warn(ctx context.Context, msg string, args ...any) {
	w, ok := ctx.Value(warningsKey{}).(*Warnings)
	if !ok {
		slog.WarnContext(ctx, "ingest: "+msg, args...)
		return
	}
	var b strings.Builder
	b.WriteString(msg)
	for i := 0; i+1 < len(args); i += 2 {
		v := fmt.Sprint(args[i+1])
		if list, ok := args[i+1].([]string); ok {
			v = strings.Join(list, ",")
		}
		if strings.ContainsAny(v, " \"=") {
			v = fmt.Sprintf("%q", v)
		}
		fmt.Fprintf(&b, " %v=%s", args[i], v)
	}
	w.mu.Lock()
	w.list = append(w.list, b.String())
	w.mu.Unlock()
}
