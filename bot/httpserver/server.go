package httpserver

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Bot is what the HTTP transport asks of the bot; package bot's *Bot is
// one. Everything it hands over is as Slack sent it, verified.
type Bot interface {
	// HandleEvent handles an Events API event, in the background work
	// started with Go.
	HandleEvent(ctx context.Context, ev slackevents.EventsAPIEvent)
	// AnswerSlash answers a slash command, with its message if ready in
	// time (else it goes to the response_url); AnswerLater posts the
	// message to the response_url when the response could not hold it.
	AnswerSlash(ctx context.Context, cmd slack.SlashCommand) (msg slack.WebhookMessage, ok bool)
	AnswerLater(ctx context.Context, cmd slack.SlashCommand, msg slack.WebhookMessage, why error)
	// Interact answers a click.
	Interact(ctx context.Context, cb slack.InteractionCallback)
	// Go runs f in the background, past the request.
	Go(ctx context.Context, what string, f func(ctx context.Context))
	// Ready says whether the bot can answer, and if not why; ReaderStatus
	// whether the sentence encoder reads along ("" without an engine).
	Ready() (ok bool, why string)
	ReaderStatus() string
	// Subscribed tells the inner event types the bot handles.
	Subscribed(typ string) bool
	// Logger is the bot's logger; EventLogger the logger of lines about
	// ev, and whether ev is a question.
	Logger() *slog.Logger
	EventLogger(ev slackevents.EventsAPIEvent) (log *slog.Logger, question bool)
	// Panicked counts and logs a panic recovered while serving.
	Panicked(v any, msg string, attrs ...any)
}

// Options configure the bot's HTTP server.
type Options struct {
	// SigningSecret is Slack's signing secret. POST /slack/events is
	// served only with it, since without it no request can be verified:
	// the admin server (ADMIN_ADDR) has none.
	SigningSecret string
	// Now is the clock the signatures are checked against (time.Now if nil).
	Now func() time.Time
	// Metrics count the requests to /slack/events (a fresh, unserved set
	// if nil).
	Metrics *Metrics
	// MetricsHandler serves GET /metrics; not served if nil (the main
	// address leaves it to the admin address when there is one).
	MetricsHandler http.Handler
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
func NewServer(b Bot, o Options) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, b, o)
	return recoverPanics(b, mux)
}

// recoverPanics turns a panic in a handler into a logged 500, so that one
// bad request costs neither the process nor a silent dropped connection.
func recoverPanics(b Bot, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				b.Panicked(v, "panic serving request", "path", r.URL.Path)
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
