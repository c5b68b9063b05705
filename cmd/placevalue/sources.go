package main

import (
	"context"
	"fmt"
	"io"
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
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLICATION\tVINTAGE\tOBSERVATIONS\tFILE\tSHA-256\tLOADED (UTC)")
	for _, s := range srcs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", s.ID, s.Publication, s.Vintage, s.Observations, s.FileName,
			s.SHA256[:12], s.LoadedAt.Format("2006-01-02 15:04:05"))
	}
	return tw.Flush()
}
