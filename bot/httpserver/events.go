package httpserver

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/internal/slacksig"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// HTTP limits.
const (
	// MaxRequestBody is the most the bot reads of a request from Slack
	// (whose own are a few KiB); a bigger one gets 413, unread.
	MaxRequestBody = 1 << 20
	// maxSlashBody bounds the JSON of an immediate slash response; a bigger
	// answer goes to the response_url.
	maxSlashBody = 40000
)

// handleSlack verifies each request's signature on the raw body before it
// reads anything from it, acknowledges at once and does the work after.
//
// What a request may cost before it is known to come from Slack is
// bounded: a body announced as too big, and a request whose signature
// headers are missing, malformed or stale, are refused without reading
// the body; the others are read within the budget (503 past it), and a
// body that turns out too big is cut off at MaxRequestBody.
func handleSlack(b Bot, m *Metrics, secret []byte, now func() time.Time, budget *bodyBudget) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxRequestBody {
			m.request(reqUnknown, reqTooLarge)
			w.Header().Set("Connection", "close")
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := slacksig.CheckHeaders(r.Header, now()); err != nil {
			// Slack checks a slash command's certificate with an unsigned
			// ssl_check=1; it gets an empty 200 and nothing else happens.
			if isSSLCheck(r) {
				m.request(reqSSLCheck, reqOK)
				w.WriteHeader(http.StatusOK)
				return
			}
			// Closing the connection spares reading the body that was
			// refused (net/http would read on to reuse the connection).
			w.Header().Set("Connection", "close")
			unauthorized(b, m, w, r, err)
			return
		}
		body, release, ok := readBody(w, r, m, budget)
		if !ok {
			return
		}
		defer release()
		if err := slacksig.Verify(secret, r.Header, body, now()); err != nil {
			if isSSLCheckBody(r, body) {
				m.request(reqSSLCheck, reqOK)
				w.WriteHeader(http.StatusOK)
				return
			}
			unauthorized(b, m, w, r, err)
			return
		}
		serveVerified(b, m, w, r, body)
	})
}

func unauthorized(b Bot, m *Metrics, w http.ResponseWriter, r *http.Request, why error) {
	m.request(reqUnknown, reqUnauthorized)
	b.Logger().Warn("rejected unsigned or badly signed request", "why", why, "remote", r.RemoteAddr)
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid request"})
}

// readBody reads a request's body once budget has room for it (its
// Content-Length, or MaxRequestBody when it does not say). When it cannot,
// it answers the request (503, 413 or 400) and returns ok false; else
// release gives the room back.
func readBody(w http.ResponseWriter, r *http.Request, m *Metrics, budget *bodyBudget) (body []byte, release func(), ok bool) {
	size := r.ContentLength
	if size < 0 {
		size = MaxRequestBody
	}
	if !budget.take(size) {
		m.request(reqUnknown, reqBusy)
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Connection", "close")
		http.Error(w, "too many requests being read; try again", http.StatusServiceUnavailable)
		return nil, nil, false
	}
	var err error
	if r.ContentLength >= 0 {
		// The length is known: one buffer of it, no growing copies.
		body = make([]byte, r.ContentLength)
		_, err = io.ReadFull(r.Body, body)
	} else {
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequestBody))
	}
	if err != nil {
		budget.give(size)
		if errors.As(err, new(*http.MaxBytesError)) {
			m.request(reqUnknown, reqTooLarge)
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return nil, nil, false
		}
		m.request(reqUnknown, reqBadRequest)
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return nil, nil, false
	}
	return body, func() { budget.give(size) }, true
}

// serveVerified serves a request whose signature checked out.
func serveVerified(b Bot, m *Metrics, w http.ResponseWriter, r *http.Request, body []byte) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		serveEvent(b, m, w, r, body)
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			m.request(reqUnknown, reqBadRequest)
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		switch {
		case form.Get("ssl_check") == "1":
			m.request(reqSSLCheck, reqOK)
			w.WriteHeader(http.StatusOK)
		case form.Has("payload"):
			serveInteraction(b, m, w, r, form.Get("payload"))
		case form.Get("command") != "":
			serveSlash(b, m, w, r, form)
		default:
			m.request(reqUnknown, reqBadRequest)
			http.Error(w, "not a slash command or an interaction", http.StatusBadRequest)
		}
	default:
		m.request(reqUnknown, reqUnsupported)
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
	}
}

// maxSSLCheck is the most read of an unsigned request to see whether it
// is Slack's ssl_check (a few dozen bytes).
const maxSSLCheck = 1024

// isSSLCheck reads a small unsigned form body to see whether it is an
// ssl_check; it reads nothing of a bigger one, or of one that does not
// say its length.
func isSSLCheck(r *http.Request) bool {
	if !isForm(r) || r.ContentLength < 0 || r.ContentLength > maxSSLCheck {
		return false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSSLCheck))
	return err == nil && isSSLCheckBody(r, body)
}

func isSSLCheckBody(r *http.Request, body []byte) bool {
	if !isForm(r) || len(body) > maxSSLCheck {
		return false
	}
	form, err := url.ParseQuery(string(body))
	return err == nil && form.Get("ssl_check") == "1"
}

func isForm(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded"
}

func serveEvent(b Bot, m *Metrics, w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := parseEventsAPI(body, b.Subscribed)
	if err != nil {
		b.Logger().Warn("unreadable Events API request", "err", err, "event_id", slackapi.ClipID(ev.EventID))
		if ev.Type == "" {
			m.request(reqEvent, reqBadRequest)
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		// A retry would read no better: acknowledge it.
	}
	switch ev.Type {
	case slackevents.URLVerification:
		m.request(reqURLVerification, reqOK)
		writeJSON(w, http.StatusOK, map[string]string{"challenge": ev.Challenge})
		return
	case slackevents.AppRateLimited:
		// The body holds the legacy verification token: it is not logged.
		b.Logger().Warn("Slack is rate-limiting this app's events: some were not delivered")
	}
	m.request(reqEvent, reqOK)
	if err == nil && ev.Type == slackevents.CallbackEvent {
		if n := r.Header.Get(slacksig.HeaderRetryNum); n != "" {
			if log, question := b.EventLogger(ev.Event); question {
				log.Info("event redelivered", "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
			}
		}
		b.Go(r.Context(), "event "+ev.Inner, func(ctx context.Context) { b.HandleEvent(ctx, ev.Event) })
	}
	w.WriteHeader(http.StatusOK)
}

func serveSlash(b Bot, m *Metrics, w http.ResponseWriter, r *http.Request, form url.Values) {
	m.request(reqSlash, reqOK)
	cmd := parseSlashForm(form)
	msg, ok := b.AnswerSlash(r.Context(), cmd)
	if !ok {
		// The answer goes to the response_url.
		w.WriteHeader(http.StatusOK)
		return
	}
	js, err := render.EncodeWithin(msg, maxSlashBody)
	if err != nil {
		b.AnswerLater(r.Context(), cmd, msg, err)
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(js)
}

func serveInteraction(b Bot, m *Metrics, w http.ResponseWriter, r *http.Request, payload string) {
	cb, err := parseInteraction(payload)
	if err != nil {
		m.request(reqInteraction, reqBadRequest)
		b.Logger().Warn("bad interactive payload", "err", err)
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	m.request(reqInteraction, reqOK)
	w.WriteHeader(http.StatusOK)
	b.Go(r.Context(), "interaction", func(ctx context.Context) { b.Interact(ctx, cb) })
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
