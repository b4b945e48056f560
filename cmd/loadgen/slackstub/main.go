package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "slackstub: %v\n", err)
		os.Exit(1)
	}
}

type stub struct {
	botUser string
	delay   time.Duration
	mu      sync.Mutex
	calls   map[string]int // "auth.test", "chat.postMessage", "response_url", ...
	ts      int
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	s := &stub{calls: map[string]int{}}
	fs.StringVar(&s.botUser, "bot-user", "UBOT", "the bot's user ID, as auth.test reports it")
	fs.DurationVar(&s.delay, "delay", 0, "how long each call takes, to mimic Slack's latency")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = srv.Shutdown(sctx)
	}
	s.mu.Lock()
	js, _ := json.Marshal(s.calls)
	s.mu.Unlock()
	fmt.Fprintf(stderr, "slackstub calls: %s\n", js)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func (s *stub) count(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[name]++
	s.ts++
	return s.ts
}

func (s *stub) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		writeJSON(w, s.calls)
	})
	mux.HandleFunc("POST /api/{method}", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm() // slack-go posts forms; a JSON body is just drained
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		method := r.PathValue("method")
		n := s.count(method)
		time.Sleep(s.delay)
		switch method {
		case "auth.test":
			writeJSON(w, map[string]any{"ok": true, "url": "https://bench.slack.com/", "team": "bench",
				"user": "storybot", "team_id": "T0BENCH01", "user_id": s.botUser, "bot_id": "B0BENCH01"})
		case "chat.postMessage", "chat.postEphemeral", "chat.update":
			writeJSON(w, map[string]any{"ok": true, "channel": r.FormValue("channel"),
				"ts": fmt.Sprintf("1700000000.%06d", n%1000000)})
		default:
			writeJSON(w, map[string]any{"ok": true})
		}
	})
	// Anything else posted is a response_url.
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		s.count("response_url")
		time.Sleep(s.delay)
		io.WriteString(w, "ok")
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}
