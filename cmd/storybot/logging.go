package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// processLog is where the process writes outside run's own logger: the
// lines of libraries that use the standard log package, and the final
// error. It follows LOG_FORMAT and LOG_LEVEL as run's logger does.
type processLog struct {
	w    io.Writer
	l    *slog.Logger
	json bool
}

// newProcessLog reads LOG_FORMAT and LOG_LEVEL as run does (the
// environment over .env), falling back to text and info when they are
// unreadable (run then says why).
func newProcessLog(getenv func(string) string, w io.Writer) processLog {
	if g, err := withDotEnv(getenv, ".env"); err == nil {
		getenv = g
	}
	var level slog.Level
	if level.UnmarshalText([]byte(strings.TrimSpace(getenv("LOG_LEVEL")))) != nil {
		level = slog.LevelInfo
	}
	json := strings.EqualFold(strings.TrimSpace(getenv("LOG_FORMAT")), "json")
	format := "text"
	if json {
		format = "json"
	}
	return processLog{w: w, l: newLogger(w, format, level), json: json}
}

// Write takes the standard log package's lines, each a warning: the
// libraries that write there (bleve) do so when something is wrong but
// not fatal.
func (p processLog) Write(b []byte) (int, error) {
	p.l.Warn(strings.TrimRight(string(b), "\n"), "from", "library")
	return len(b), nil
}

// redisLog takes go-redis's own lines (a pool that cannot dial, …) at
// debug level: what matters of them, that Redis is not answering, the
// bot says once per 10 s at warn (shared state unreachable).
type redisLog struct{ p processLog }

func (r redisLog) Printf(ctx context.Context, format string, v ...any) {
	r.p.l.Debug(fmt.Sprintf(format, v...), "from", "redis")
}

// report writes the error run ended with: a JSON line with
// LOG_FORMAT=json, for the log pipeline; else one plain line, for a
// person.
func (p processLog) report(err error) {
	if p.json {
		p.l.Error("storybot stopped", "err", err.Error())
		return
	}
	fmt.Fprintf(p.w, "storybot: %v\n", err)
}

func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
