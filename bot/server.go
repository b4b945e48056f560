package bot

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// ServerOptions configure the bot's HTTP server.
type ServerOptions struct {
	// SigningSecret is Slack's signing secret. POST /slack/events is
	// served only with it, since without it no request can be verified:
	// the admin server (ADMIN_ADDR) has none.
	SigningSecret string
	// Now is the clock the signatures are checked against (time.Now if nil).
	Now func() time.Time
	// HideMetrics leaves /metrics out (it is served on the admin address).
	HideMetrics bool
	// Pprof serves Go's profiles under /debug/pprof/, for finding where
	// time goes under load. They are for the operator's network only,
	// which is why they are off by default and only on the admin address.
	Pprof bool
	// BodyBudget bounds the bytes of request bodies read at once
	// (DefaultBodyBudget if zero); see bodyBudget.
	BodyBudget int64
	// Install and OAuthRedirect serve Slack's OAuth install flow (many
	// workspaces: see package install); not served if nil.
	Install, OAuthRedirect http.Handler
}

// NewServer is the bot's HTTP handler: the routes of routes.go, each
// request under panic recovery. It serves Slack in HTTP mode (with a
// signing secret) and the admin address.
func NewServer(b *Bot, o ServerOptions) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, b, o)
	return recoverPanics(b, mux)
}

// recoverPanics turns a panic in a handler into a logged 500, so that one
// bad request costs neither the process nor a silent dropped connection.
func recoverPanics(b *Bot, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				b.metrics.panics.Inc()
				b.log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// Server timeouts: a client gets 5 s to send its headers and 10 s for the
// whole request, a response must be written within 15 s (a slash command's
// is ready within 3), and an idle keep-alive connection is closed after
// 2 minutes. A slow client therefore holds a connection (and its
// goroutine) for 10 s at most.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 15 * time.Second, Idle: 120 * time.Second}

// Timeouts are an http.Server's.
type Timeouts struct{ ReadHeader, Read, Write, Idle time.Duration }

// NewHTTPServer is an http.Server for h with the timeouts t, logging its
// own errors (bad TLS, broken connections) at warn level to log.
func NewHTTPServer(h http.Handler, t Timeouts, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
