package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/placevalue/placevalue/data"
)

func runSources(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sources", "sources [--db FILE]", stderr)
	db := fs.String("db", data.DefaultPath, "warehouse `FILE`")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", pos[0])}
	}
	w, err := data.OpenReadOnly(ctx, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	srcs, err := w.Sources(ctx)
	if err != nil {
		return err
	}
	return writeSources(stdout, srcs)
}

// writeSources lists the loaded files with the vintages of each publication side by side, oldest
// first, and says how many of each file's values are current: a later vintage's value for the same
// region, indicator and period supersedes an earlier one (SUPERSEDED BY names the sources holding
// the current values), and both stay queryable.
func writeSources(out io.Writer, srcs []data.SourceSummary) error {
	srcs = slices.Clone(srcs)
	slices.SortStableFunc(srcs, func(a, b data.SourceSummary) int {
		return cmp.Or(strings.Compare(a.Publication, b.Publication), strings.Compare(a.Vintage, b.Vintage),
			a.LoadedAt.Compare(b.LoadedAt), cmp.Compare(a.ID, b.ID))
	})
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLICATION\tVINTAGE\tOBSERVATIONS\tCURRENT\tSUPERSEDED BY\tFILE\tSHA-256\tLOADED (UTC)")
	for _, s := range srcs {
		by := "-"
		if len(s.SupersededBy) > 0 {
			ids := make([]string, len(s.SupersededBy))
			for i, id := range s.SupersededBy {
				ids[i] = strconv.FormatInt(id, 10)
			}
			by = strings.Join(ids, ",")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n", s.ID, s.Publication, s.Vintage, s.Observations, s.Current,
			by, s.FileName, s.SHA256[:12], s.LoadedAt.Format("2006-01-02 15:04:05"))
	}
	return tw.Flush()
}
