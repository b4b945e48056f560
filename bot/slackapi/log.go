package slackapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
)

// What every log line about Slack's calls and ids shares: the logger of
// the work in hand (carried by its context), a call's name and clipped ids.

// maxLogID bytes (Slack's ids are far shorter; a forged one may be huge).
const maxLogID = 100

// ClipID is an id from Slack fit for a log line: cut to maxLogID
// characters, and "…" after, if it is longer than maxLogID bytes.
func ClipID(id string) string {
	if len(id) <= maxLogID {
		return id
	}
	n := 0
	for i := range id {
		if n == maxLogID {
			return id[:i] + "…"
		}
		n++
	}
	return id + "…"
}

type logKey struct{}

// WithLogger makes l the logger of the work done with ctx, so that the
// Slack calls made for an event log with its ids.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, logKey{}, l)
}

// LoggerFrom is the logger WithLogger put in ctx, else fallback (one that
// discards if nil).
func LoggerFrom(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	if fallback == nil {
		return slog.New(slog.DiscardHandler)
	}
	return fallback
}

// Method names a Slack call for labels and logs: the Web API method,
// or "response_url" (whose address is a secret and is never shown).
func Method(apiURL string, r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/files-pri/") {
		return "file download" // a file's url_private (package bot's upload.go)
	}
	u := r.URL.String()
	if apiURL != "" && strings.HasPrefix(u, apiURL) {
		m := strings.TrimPrefix(u, apiURL)
		if i := strings.IndexAny(m, "?/#"); i >= 0 {
			m = m[:i]
		}
		if m != "" && len(m) < 64 {
			return m
		}
	}
	return "response_url"
}
