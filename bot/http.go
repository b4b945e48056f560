package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// HTTP limits.
const (
	maxRequestBody = 1 << 20 // bytes of a request from Slack
	// maxSlashBody bounds the JSON of an immediate slash response; a bigger
	// answer goes to the response_url.
	maxSlashBody = 40000
)

// HTTPOptions configure the HTTP handler.
type HTTPOptions struct {
	SigningSecret string
	// Now is the clock the signatures are checked against (time.Now if nil).
	Now func() time.Time
}

// NewHTTPHandler serves Slack over HTTP: POST /slack/events takes Events
// API JSON, slash command forms and interactive payloads (so one URL serves
// the whole app manifest), and GET /healthz says the bot is up.
func NewHTTPHandler(b *Bot, o HTTPOptions) http.Handler {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", handleSlack(b, []byte(o.SigningSecret), now))
	mux.Handle("GET /healthz", handleHealthz())
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
				b.log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
}

// handleSlack verifies each request's signature on the raw body before it
// reads anything from it, acknowledges at once and does the work after.
func handleSlack(b *Bot, secret []byte, now func() time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
		if err != nil {
			if errors.As(err, new(*http.MaxBytesError)) {
				http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read request", http.StatusBadRequest)
			return
		}
		if err := Verify(secret, r.Header, body, now()); err != nil {
			// Slack checks a slash command's certificate with an unsigned
			// ssl_check=1; it gets an empty 200 and nothing else happens.
			if isSSLCheck(r, body) {
				w.WriteHeader(http.StatusOK)
				return
			}
			b.log.Warn("rejected unsigned or badly signed request", "why", err, "remote", r.RemoteAddr)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid request"})
			return
		}
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch ct {
		case "application/json":
			serveEvent(b, w, r, body)
		case "application/x-www-form-urlencoded":
			form, err := url.ParseQuery(string(body))
			if err != nil {
				http.Error(w, "bad form", http.StatusBadRequest)
				return
			}
			switch {
			case form.Get("ssl_check") == "1":
				w.WriteHeader(http.StatusOK)
			case form.Has("payload"):
				serveInteraction(b, w, r, form.Get("payload"))
			case form.Get("command") != "":
				serveSlash(b, w, r, form)
			default:
				http.Error(w, "not a slash command or an interaction", http.StatusBadRequest)
			}
		default:
			http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
		}
	})
}

func isSSLCheck(r *http.Request, body []byte) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" || len(body) > 1024 {
		return false
	}
	form, err := url.ParseQuery(string(body))
	return err == nil && form.Get("ssl_check") == "1"
}

func serveEvent(b *Bot, w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := ParseEventsAPI(body)
	if err != nil {
		b.log.Warn("unreadable Events API request", "err", err)
		if ev.Type == "" {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		// A retry would read no better: acknowledge it.
	}
	switch ev.Type {
	case slackevents.URLVerification:
		writeJSON(w, http.StatusOK, map[string]string{"challenge": ev.Challenge})
		return
	case slackevents.AppRateLimited:
		b.log.Warn("Slack is rate-limiting this app's events", "body", string(body))
	}
	if ev.Ok {
		in := ev.Incoming
		if n := r.Header.Get(HeaderRetryNum); n != "" {
			b.log.Info("event redelivered", "event_id", in.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		b.Go(r.Context(), "event "+ev.Inner, func(ctx context.Context) { b.Process(ctx, in) })
	}
	w.WriteHeader(http.StatusOK)
}

func serveSlash(b *Bot, w http.ResponseWriter, r *http.Request, form url.Values) {
	in := IncomingFromSlash(ParseSlashForm(form))
	msg := b.AnswerSlash(r.Context(), in, maxSlashBody)
	if msg == nil {
		// The answer will go to the response_url.
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, http.StatusOK, msg)
}

func serveInteraction(b *Bot, w http.ResponseWriter, r *http.Request, payload string) {
	cb, err := ParseInteraction(payload)
	if err != nil {
		b.log.Warn("bad interactive payload", "err", err)
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	b.Go(r.Context(), "interaction", func(ctx context.Context) { b.Share(ctx, cb) })
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	js, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(js)
}
