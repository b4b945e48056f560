package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"storybot/bot/store"
	"storybot/internal/insights"
)

// runReport runs `storybot report [--days N] [--html FILE]`: the
// question log's figures of the last N days (every workspace's) in the
// terminal and, with --html, as a page with charts.
func runReport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	days := fs.Int("days", 7, "the days to report on, up to now")
	htmlPath := fs.String("html", "", "also write the report as one HTML page, with charts, to this file")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("report: unexpected argument %q", rest[0])}
	}
	if *days < 1 || *days > 3650 {
		return usageError{fmt.Sprintf("report: --days %d: report on 1 to 3650 days", *days)}
	}
	db, err := openExisting(ctx, getenv)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer db.Close()
	now := time.Now()
	log := newLogger(stderr, getenv("LOG_FORMAT"), slog.LevelWarn)
	f, err := insights.Build(ctx, db, insights.Options{Now: now, Days: *days, Grouper: refusedGrouper(readerOff(getenv("STORYBOT_READER")), log)})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := insights.WriteText(stdout, f); err != nil {
		return err
	}
	if *htmlPath == "" {
		return nil
	}
	conf, err := db.Confidences(ctx, "", f.Since, f.Until)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return writeHTMLReport(*htmlPath, f, conf, stderr)
}

// writeHTMLReport writes the page to path, whole or not at all.
func writeHTMLReport(path string, f insights.Figures, conf []store.Confidence, stderr io.Writer) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = insights.WriteHTML(tmp, f, conf)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	fmt.Fprintf(stderr, "report written to %s\n", path)
	return nil
}
