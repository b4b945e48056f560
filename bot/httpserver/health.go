package httpserver

import (
	"io"
	"net/http"
)

// handleHealthz says the process is up: for liveness checks. A second
// line says whether the sentence encoder reads along: "reader: encoding"
// while a large corpus's sentences are being encoded (answers come from
// words alone meanwhile), "reader: ready", or "reader: off".
func handleHealthz(b Bot) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
		if s := b.ReaderStatus(); s != "" {
			io.WriteString(w, "reader: "+s+"\n")
		}
	})
}

// handleReadyz says whether the bot can answer (see package bot's Bot.Ready): for load
// balancers and readiness checks.
func handleReadyz(b Bot) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if ok, why := b.Ready(); !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "not ready: "+why+"\n")
			return
		}
		io.WriteString(w, "ready\n")
	})
}
