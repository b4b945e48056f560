package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"storybot/internal/slacksig"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		os.Exit(1)
	}
}

type config struct {
	url         string
	eventURL    string
	secret      string
	concurrency int
	n           int64
	duration    time.Duration
	timeout     time.Duration
	questions   []string
	mode        string
	bad         float64
	allowRemote bool
	json        bool
	command     string
	botUser     string
	responseURL string
}

// builtinQuestions are used when no -questions file is given.
var builtinQuestions = []string{
	"What did Kobach say about voter data?",
	"How many states refused the request?",
	"Who is Alex Padilla?",
	"Why did the commission ask for voter rolls?",
	"What did the court decide?",
	"When did the commission first meet?",
	"voter fraud commission privacy",
	"Which states agreed to provide records?",
	"What happened in California?",
	"Who sued the commission?",
	"election integrity executive order",
	"What is the Electronic Privacy Information Center?",
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	var questionsFile string
	fs.StringVar(&c.url, "url", "http://127.0.0.1:3000/slack/events", "where to send requests")
	fs.StringVar(&c.eventURL, "event-url", "", "where to send Events API requests, if not to -url")
	fs.StringVar(&c.secret, "secret", "", "Slack signing secret the bot verifies with (required)")
	fs.IntVar(&c.concurrency, "c", 32, "concurrent workers")
	fs.Int64Var(&c.n, "n", 100000, "stop after this many requests (0: no limit)")
	fs.DurationVar(&c.duration, "d", 30*time.Second, "stop after this long (0: no limit)")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "limit for one request")
	fs.StringVar(&questionsFile, "questions", "", "questions to ask, one per line (default: a few built-in ones)")
	fs.StringVar(&c.mode, "kind", "slash", "slash, event or mixed")
	fs.Float64Var(&c.bad, "bad", 0.05, "fraction of malformed requests with -kind mixed")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a target that is not a loopback address")
	fs.BoolVar(&c.json, "json", false, "print the report as one JSON object")
	fs.StringVar(&c.command, "command", "/story", "slash command name")
	fs.StringVar(&c.botUser, "bot-user", "UBOT", "user ID the app_mention events mention")
	// Slack's response_url is where a bot may post a late answer. It
	// points at a closed loopback port so a benchmark never posts to Slack.
	fs.StringVar(&c.responseURL, "response-url", "http://127.0.0.1:1/commands/T0BENCH01", "base of the slash commands' response_url")
	if err := fs.Parse(args[1:]); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.secret == "":
		return nil, errors.New("-secret is required: the bot rejects unsigned requests")
	case c.concurrency < 1:
		return nil, errors.New("-c must be at least 1")
	case c.n < 0 || c.duration < 0:
		return nil, errors.New("-n and -d must not be negative")
	case c.n == 0 && c.duration == 0:
		return nil, errors.New("give a limit: -n or -d")
	case c.mode != "slash" && c.mode != "event" && c.mode != "mixed":
		return nil, fmt.Errorf("-kind %q: want slash, event or mixed", c.mode)
	case c.bad < 0 || c.bad > 1:
		return nil, errors.New("-bad must be between 0 and 1")
	}
	if c.eventURL == "" {
		c.eventURL = c.url
	}
	for _, u := range []string{c.url, c.eventURL} {
		if err := checkTarget(u, c.allowRemote); err != nil {
			return nil, err
		}
	}
	c.questions = builtinQuestions
	if questionsFile != "" {
		data, err := os.ReadFile(questionsFile)
		if err != nil {
			return nil, err
		}
		c.questions = nil
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				c.questions = append(c.questions, line)
			}
		}
		if len(c.questions) == 0 {
			return nil, fmt.Errorf("%s has no questions", questionsFile)
		}
	}
	return c, nil
}

// checkTarget refuses anything but http(s) to a loopback host, unless
// remote targets are allowed. Names other than "localhost" are not
// resolved: what they resolve to can change under us.
func checkTarget(raw string, allowRemote bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q: want an http:// or https:// URL", raw)
	}
	if allowRemote {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing non-loopback host %q (pass -allow-remote to load a remote server)", host)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	res := load(ctx, cfg)
	rep := res.report(cfg)
	if cfg.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeText(stdout, rep)
	}
	if err != nil {
		return err
	}
	if rep.Errors > 0 {
		return fmt.Errorf("%d of %d requests failed", rep.Errors, rep.Requests)
	}
	if rep.Interrupted {
		return ctx.Err()
	}
	return nil
}

// result is what the workers measured, merged.
type result struct {
	elapsed     time.Duration
	latencies   []time.Duration // of well-formed requests that got an answer
	status      map[int]int
	kinds       [numKinds]kindCount
	errors      int
	samples     map[string]int // error message -> count, for the report
	interrupted bool
}

type kindCount struct {
	sent     int // requests completed (answered or failed)
	expected int // got the status this kind should get
}

// worker holds everything one goroutine needs, so that the hot path
// shares nothing but the atomic request counter.
type worker struct {
	id        int
	cfg       *config
	client    *http.Client
	b         builder
	sig       *slacksig.Signer
	question  int
	oversize  []byte
	overTS    string // the second oversize's signature is for
	overSig   string
	latencies []time.Duration
	status    map[int]int
	kinds     [numKinds]kindCount
	errors    int
	samples   map[string]int
}

const maxSamples = 20 // distinct error messages kept

// newClient is the HTTP client every worker shares.
func newClient(cfg *config) *http.Client {
	transport := &http.Transport{
		Proxy:       nil, // never route a benchmark through a proxy from the environment
		DialContext: (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		// Every worker keeps its connection alive between requests.
		MaxIdleConns:        cfg.concurrency + 8,
		MaxIdleConnsPerHost: cfg.concurrency + 8,
		// At most one connection per worker: without a bound, a request
		// made just before the previous one's connection is back in the
		// pool dials another (net/http dials while it waits for an idle
		// one), so -c 8 could hold 9 or 10 connections.
		MaxConnsPerHost:    cfg.concurrency,
		IdleConnTimeout:    90 * time.Second,
		DisableCompression: true,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   cfg.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a redirect is an answer too
		},
	}
}

// load runs the workers until -n requests or -d, and sums what they saw.
func load(ctx context.Context, cfg *config) *result {
	client := newClient(cfg)
	defer client.CloseIdleConnections()
	runID := strings.ToUpper(strconv.FormatInt(time.Now().UnixNano()%(36*36*36*36*36*36), 36))

	// stop ends the run: issuing stops at -d, but requests in flight
	// finish, and count, unless ctx itself is cancelled.
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.duration > 0 {
		stop, cancel = context.WithTimeout(stop, cfg.duration)
		defer cancel()
	}
	var next atomic.Int64
	perWorker := 1 << 16
	if cfg.n > 0 {
		perWorker = int(min(cfg.n/int64(cfg.concurrency)+1, 1<<20))
	}
	workers := make([]*worker, cfg.concurrency)
	var oversize []byte
	if cfg.mode == "mixed" && cfg.bad > 0 {
		oversize = oversizeBody(&builder{cfg: cfg, runID: runID})
	}
	start := time.Now()
	var wg sync.WaitGroup
	for id := range workers {
		w := &worker{
			id:        id,
			cfg:       cfg,
			client:    client,
			b:         builder{cfg: cfg, worker: id, runID: runID},
			sig:       slacksig.NewSigner([]byte(cfg.secret)),
			question:  id * len(cfg.questions) / cfg.concurrency,
			oversize:  oversize,
			latencies: make([]time.Duration, 0, perWorker),
			status:    map[int]int{},
			samples:   map[string]int{},
		}
		workers[id] = w
		wg.Go(func() {
			for stop.Err() == nil {
				i := next.Add(1) - 1
				if cfg.n > 0 && i >= cfg.n {
					return
				}
				w.do(ctx, i)
			}
		})
	}
	wg.Wait()
	return merge(workers, time.Since(start), ctx.Err() != nil)
}

// merge sums the workers' counts, latencies and error samples.
func merge(workers []*worker, elapsed time.Duration, interrupted bool) *result {
	res := &result{elapsed: elapsed, status: map[int]int{}, samples: map[string]int{}, interrupted: interrupted}
	total := 0
	for _, w := range workers {
		total += len(w.latencies)
	}
	res.latencies = make([]time.Duration, 0, total)
	for _, w := range workers {
		res.latencies = append(res.latencies, w.latencies...)
		for code, n := range w.status {
			res.status[code] += n
		}
		for k := range w.kinds {
			res.kinds[k].sent += w.kinds[k].sent
			res.kinds[k].expected += w.kinds[k].expected
		}
		res.errors += w.errors
		for msg, n := range w.samples {
			if _, ok := res.samples[msg]; ok || len(res.samples) < maxSamples {
				res.samples[msg] += n
			}
		}
	}
	return res
}

func (w *worker) nextQuestion() string {
	q := w.cfg.questions[w.question%len(w.cfg.questions)]
	w.question++
	return q
}

// do sends request i and records the outcome.
func (w *worker) do(ctx context.Context, i int64) {
	k := kindOf(w.cfg.mode, i, w.cfg.bad)
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	var body []byte
	var sig string
	target, contentType := w.cfg.url, "application/x-www-form-urlencoded"
	switch k {
	case kindSlash, kindBadSignature:
		body = w.b.slashBody(i, w.nextQuestion())
	case kindEvent, kindBadJSON:
		target, contentType = w.cfg.eventURL, "application/json"
		if k == kindEvent {
			body = w.b.eventBody(i, w.nextQuestion(), now)
		} else {
			body = w.b.badJSONBody(i, w.nextQuestion(), now)
		}
	case kindOversize:
		body = w.oversize
		if w.overTS != ts { // signing 2 MiB is slow: once a second will do
			w.overTS, w.overSig = ts, w.sig.Sign(ts, body)
		}
		sig = w.overSig
	}
	if sig == "" {
		sig = w.sig.Sign(ts, body)
	}
	if k == kindBadSignature {
		sig = "v0=" + strings.Repeat("0", 64) // well-formed, but wrong
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		w.fail(k, err.Error())
		return
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)

	start := time.Now()
	resp, err := w.client.Do(req)
	if err == nil {
		// Read the whole answer: the latency is until the bot has
		// finished, and the connection can only be reused then.
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	lat := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			return // interrupted: neither a result nor an error
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is the same every time
		}
		w.fail(k, k.String()+": "+err.Error())
		return
	}
	w.kinds[k].sent++
	w.status[resp.StatusCode]++
	want := expect[k]
	switch {
	case want == 0 && resp.StatusCode/100 == 2:
		w.kinds[k].expected++
		w.latencies = append(w.latencies, lat)
	case resp.StatusCode == want:
		w.kinds[k].expected++
	default:
		w.errors++
		w.sample(fmt.Sprintf("%s: unexpected status %d", k, resp.StatusCode))
		if want == 0 {
			w.latencies = append(w.latencies, lat)
		}
	}
}

func (w *worker) fail(k kind, msg string) {
	w.kinds[k].sent++
	w.errors++
	w.sample(msg)
}

func (w *worker) sample(msg string) {
	if _, ok := w.samples[msg]; ok || len(w.samples) < maxSamples {
		w.samples[msg]++
	}
}
