package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/placevalue/placevalue/dashboard"
	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/ingest"
)

func runServe(ctx context.Context, args []string, stderr io.Writer, logger *slog.Logger) error {
	fs := newFlagSet("serve", "serve [--db FILE] [--addr HOST:PORT]", stderr)
	db := fs.String("db", data.DefaultPath, "warehouse `FILE`; when it does not exist, the embedded default data is ingested into it first (an existing file with no data is served as it is, with a warning)")
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", pos[0])}
	}
	if _, err := os.Stat(*db); errors.Is(err, os.ErrNotExist) {
		logger.Info("no warehouse yet: ingesting the embedded default data", "db", *db)
		if err := buildDefaultWarehouse(ctx, *db, logger); err != nil {
			return fmt.Errorf("ingest the embedded default data: %w", err)
		}
	}
	w, err := data.OpenReadOnly(ctx, *db)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := warnIfEmpty(ctx, w, logger); err != nil {
		return err
	}
	gin.SetMode(gin.ReleaseMode)
	dash, err := dashboard.New(w, dashboard.Options{Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           dash.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("serving the dashboard", "url", "http://"+ln.Addr().String()+"/", "db", *db)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// warnIfEmpty warns when the warehouse holds no loaded file: every page would say that nothing is
// loaded. serve cannot load the default data into it: it opens the warehouse read-only, and the
// file may be someone's work in progress.
func warnIfEmpty(ctx context.Context, w *data.Warehouse, logger *slog.Logger) error {
	srcs, err := w.Sources(ctx)
	if err != nil {
		return err
	}
	if len(srcs) == 0 {
		logger.Warn("the warehouse holds no data, so every page will say that nothing is loaded: load published files "+
			"into it with `placevalue ingest --db "+w.Path()+" FILE...`, or delete it to start from the embedded default data",
			"db", w.Path())
	}
	return nil
}

// buildDefaultWarehouse ingests the embedded default dataset into a new file beside path and
// renames it into place at dbPath, so that a failure never leaves a half-built warehouse behind.
func buildDefaultWarehouse(ctx context.Context, dbPath string, logger *slog.Logger) error {
	tmp := dbPath + ".tmp"
	os.Remove(tmp)
	w, err := data.Open(ctx, tmp)
	if err != nil {
		return err
	}
	defaults := data.DefaultFiles()
	err = fs.WalkDir(defaults, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isDataFile(name) {
			return err
		}
		content, err := fs.ReadFile(defaults, name)
		if err != nil {
			return err
		}
		f, err := ingest.NewFile(d.Name(), content)
		if err != nil {
			return err
		}
		b, err := ingest.Read(ctx, f)
		if err != nil {
			return err
		}
		res, err := w.Load(ctx, b)
		if err != nil {
			return err
		}
		logger.Info("ingested", "file", d.Name(), "publication", b.Source.Publication, "observations", res.Observations)
		return nil
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dbPath)
}

func isDataFile(name string) bool {
	ext := path.Ext(name)
	return ext == ".xlsx" || ext == ".csv"
}
