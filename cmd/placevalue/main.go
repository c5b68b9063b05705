// Command placevalue measures how well places are doing on more than GDP: it ingests the
// spreadsheets statistical offices publish into a DuckDB warehouse, computes flourishing indicators
// per region, and serves them as interactive charts with CSV export.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `placevalue: how well places are doing, on more than GDP.

Usage:
  placevalue serve   [--db FILE] [--addr HOST:PORT]
  placevalue ingest  [--db FILE] PATH...
  placevalue export  observations|indicators|regions|region-changes|index|disparity|frameworks|sources
                     [--db FILE] [--level L] [--region CODE]... [--indicator ID]... [--all-vintages]
                     [--framework F] [--weights income=5,jobs=3,...] [--normalisation N]
                     [--outliers keep|winsorise] [--aggregation A] [--power P] [--draws N]
  placevalue sources [--db FILE]

Commands:
  serve    serve the dashboard; with no warehouse yet, ingest the embedded default data first
  ingest   load published files (.xlsx, .csv), or every such file in a folder, into the warehouse,
           one transaction per file
  export   write a table as CSV to standard output
  sources  list the files loaded into the warehouse

The warehouse is a DuckDB file, placevalue.duckdb in the working directory unless --db says
otherwise. Levels: oecd-tl2 (OECD large regions), itl1 (UK regions and nations), lad (UK local
authorities). Run 'placevalue COMMAND --help' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Run runs one placevalue command and returns its exit status: 0 for success, 1 for a failure
// (such as bad input), 2 for a usage error.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if asksForHelp(args[1:]) {
		// Asked for, the help is the command's output: it goes to standard output, so that
		// `placevalue export --help | less` works. Misused flags still print it to stderr.
		stderr = stdout
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	var err error
	switch args[0] {
	case "serve":
		err = runServe(ctx, args[1:], stderr, logger)
	case "ingest":
		err = runIngest(ctx, args[1:], stdout, stderr)
	case "export":
		err = runExport(ctx, args[1:], stdout, stderr)
	case "sources":
		err = runSources(ctx, args[1:], stdout, stderr)
	case "help":
		if len(args) > 1 && args[1] != "help" {
			return Run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	case "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "placevalue: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var ue usageError
	var fe flagError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &fe):
		return 2
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "placevalue %s: %v\n", args[0], err)
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(stderr, "placevalue %s: %v\n", args[0], err)
		return 1
	}
}

// errReported says the command already printed its errors.
var errReported = errors.New("errors reported")

type usageError struct{ error }

// flagError is a misused flag, which the flag package reports itself with the command's usage.
type flagError struct{ error }

// asksForHelp reports whether a command's arguments ask for its help (-h, -help or --help before
// any "--").
func asksForHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "--h":
			return true
		}
	}
	return false
}

// parseFlags parses flags that may stand before, between or after positional arguments, and
// returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			// The flag package has printed the error and the usage already.
			return nil, flagError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: placevalue %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// stringList is a flag that may be given several times.
type stringList []string

func (s *stringList) String() string { return fmt.Sprint(*s) }

func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}
