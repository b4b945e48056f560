// Command fakebot is a stand-in for `storybot http`, for trying
// scripts/bench-matrix.sh and the loadgen before (or without) the real bot:
//
//	go build -o /tmp/fakebot ./cmd/loadgen/testdata/fakebot
//	scripts/bench-matrix.sh /tmp/fakebot
//
// It listens on 127.0.0.1:$PORT, answers GET /healthz, and checks POSTs
// as a Slack app must (1 MiB limit: 413, signature with
// SLACK_SIGNING_SECRET: 401, form or JSON body: 400). FAKEBOT_DELAY (a Go
// duration) slows every answer, to make latencies visible.
package main

import (
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"storybot/internal/slacksig"
	"time"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "http" {
		log.Fatal("usage: fakebot http")
	}
	secret := os.Getenv("SLACK_SIGNING_SECRET")
	if secret == "" {
		log.Fatal("SLACK_SIGNING_SECRET is not set")
	}
	delay, _ := time.ParseDuration(os.Getenv("FAKEBOT_DELAY"))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if errors.As(err, new(*http.MaxBytesError)) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil || slacksig.Verify([]byte(secret), r.Header, body, time.Now()) != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if r.Header.Get("Content-Type") == "application/json" {
			if !json.Valid(body) {
				http.Error(w, "bad json", http.StatusBadRequest)
				return
			}
		} else if _, err := url.ParseQuery(string(body)); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"response_type":"ephemeral","text":"Looking that up..."}`)
	})
	addr := "127.0.0.1:" + os.Getenv("PORT")
	log.Printf("fakebot listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
