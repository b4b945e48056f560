package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"storybot/internal/slacksig"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const testSecret = "test-signing-secret"

// slackServer stands in for the bot: it checks requests as a Slack app
// must (size, then signature, then body) and remembers what it got. The
// signature check is written out here rather than borrowed from the
// loadgen, so that a mistake in one is not repeated in the other.
type slackServer struct {
	*httptest.Server
	mu        sync.Mutex
	requests  int
	byStatus  map[int]int
	slash     []url.Values
	events    []eventCallback
	eventIDs  map[string]bool
	tsSkewMax time.Duration
	status    int           // status for good requests, 200 if 0
	delay     time.Duration // per request
	conns     map[string]bool
}

func newSlackServer(t *testing.T) *slackServer {
	s := &slackServer{byStatus: map[int]int{}, eventIDs: map[string]bool{}, conns: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

func verify(secret string, h http.Header, body []byte) (time.Duration, bool) {
	ts := h.Get("X-Slack-Request-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return 0, false
	}
	// Checked at its own timestamp: the skew is returned, not judged.
	at := time.Unix(sec, 0)
	return time.Since(at).Abs(), slacksig.Verify([]byte(secret), h, body, at) == nil
}

func (s *slackServer) handle(w http.ResponseWriter, r *http.Request) {
	code := s.check(r)
	s.mu.Lock()
	s.requests++
	s.byStatus[code]++
	s.conns[r.RemoteAddr] = true
	s.mu.Unlock()
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	w.WriteHeader(code)
}

func (s *slackServer) check(r *http.Request) int {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if errors.As(err, new(*http.MaxBytesError)) {
		return http.StatusRequestEntityTooLarge
	}
	if err != nil {
		return http.StatusBadRequest
	}
	skew, ok := verify(testSecret, r.Header, body)
	if !ok || skew > 5*time.Minute {
		return http.StatusUnauthorized
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tsSkewMax = max(s.tsSkewMax, skew)
	switch r.Header.Get("Content-Type") {
	case "application/x-www-form-urlencoded":
		v, err := url.ParseQuery(string(body))
		if err != nil || v.Get("command") != "/story" || v.Get("text") == "" || v.Get("trigger_id") == "" {
			return http.StatusBadRequest
		}
		s.slash = append(s.slash, v)
	case "application/json":
		var ev eventCallback
		if err := json.Unmarshal(body, &ev); err != nil || ev.Type != "event_callback" || ev.Event.Type != "app_mention" {
			return http.StatusBadRequest
		}
		if s.eventIDs[ev.EventID] {
			return http.StatusConflict // a repeated event_id would be dropped as a retry
		}
		s.eventIDs[ev.EventID] = true
		s.events = append(s.events, ev)
	default:
		return http.StatusUnsupportedMediaType
	}
	if s.status != 0 {
		return s.status
	}
	return http.StatusOK
}

// loadgen runs the command in-process and decodes its -json report.
func loadgen(t *testing.T, args ...string) (report, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"loadgen", "-json", "-secret", testSecret}, args...), &stdout, &stderr)
	var rep report
	if stdout.Len() > 0 {
		if jerr := json.Unmarshal(stdout.Bytes(), &rep); jerr != nil {
			t.Fatalf("bad JSON report %q: %v", stdout.String(), jerr)
		}
	}
	return rep, err
}

func writeQuestions(t *testing.T, qs ...string) string {
	path := filepath.Join(t.TempDir(), "questions.txt")
	if err := os.WriteFile(path, []byte(strings.Join(qs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSlash(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	qs := writeQuestions(t, "Who is Alex Padilla?", "How many states refused?", "voter data & privacy = 100%")
	rep, err := loadgen(t, "-url", s.URL+"/slack/events", "-c", "8", "-n", "500", "-kind", "slash", "-questions", qs)
	if err != nil {
		t.Fatal(err)
	}
	if s.requests != 500 || len(s.slash) != 500 {
		t.Fatalf("server got %d requests, %d verified slash commands; want exactly 500", s.requests, len(s.slash))
	}
	if rep.Requests != 500 || rep.Errors != 0 || rep.Status["200"] != 500 || rep.LatencyN != 500 {
		t.Errorf("report %+v", rep)
	}
	// Without keep-alive there would be a connection per request (500); a
	// loaded machine may make a worker dial again now and then.
	if len(s.conns) > 16 {
		t.Errorf("%d connections for 8 workers: keep-alive is not working", len(s.conns))
	}
	if s.tsSkewMax > 2*time.Second {
		t.Errorf("timestamps up to %v old", s.tsSkewMax)
	}
	texts := map[string]int{}
	triggers := map[string]bool{}
	for _, v := range s.slash {
		texts[v.Get("text")]++
		triggers[v.Get("trigger_id")] = true
		for _, f := range []string{"token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name", "response_url", "api_app_id"} {
			if v.Get(f) == "" {
				t.Fatalf("no %s in %v", f, v)
			}
		}
		if u, err := url.Parse(v.Get("response_url")); err != nil || u.Hostname() != "127.0.0.1" {
			t.Fatalf("response_url %q must stay on loopback", v.Get("response_url"))
		}
	}
	if len(texts) != 3 || texts["voter data & privacy = 100%"] == 0 {
		t.Errorf("questions sent: %v", texts) // the last one checks the form escaping
	}
	if len(triggers) != 500 {
		t.Errorf("%d distinct trigger_ids in 500 requests", len(triggers))
	}
}

func TestEvent(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	rep, err := loadgen(t, "-url", s.URL, "-c", "4", "-n", "300", "-kind", "event")
	if err != nil {
		t.Fatal(err)
	}
	if s.requests != 300 || len(s.events) != 300 || len(s.eventIDs) != 300 {
		t.Fatalf("server got %d requests, %d events, %d distinct event_ids; want 300 each", s.requests, len(s.events), len(s.eventIDs))
	}
	for _, ev := range s.events {
		e := ev.Event
		if !strings.HasPrefix(e.Text, "<@UBOT> ") || len(e.Text) < 10 || e.User == "" || e.Channel == "" || e.TS == "" || e.EventTS != e.TS {
			t.Fatalf("bad app_mention %+v", e)
		}
	}
	if rep.Requests != 300 || rep.Errors != 0 || rep.Kinds["event"].Expected != 300 {
		t.Errorf("report %+v", rep)
	}
}

// In a mixed run every malformed request must reach the server as the
// kind it is meant to be, and be counted as expected, not as an error.
func TestMixed(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	const n = 1200
	rep, err := loadgen(t, "-url", s.URL, "-c", "16", "-n", strconv.Itoa(n), "-kind", "mixed", "-bad", "0.2")
	if err != nil {
		t.Fatalf("%v; report %+v", err, rep)
	}
	var want [numKinds]int
	for i := range int64(n) {
		want[kindOf("mixed", i, 0.2)]++
	}
	for k, c := range want {
		if c < n/20 {
			t.Errorf("only %d of %d requests are %s", c, n, kind(k))
		}
		if got := rep.Kinds[kind(k).String()]; got.Sent != c || got.Expected != c {
			t.Errorf("%s: report says %d sent, %d as expected; want %d", kind(k), got.Sent, got.Expected, c)
		}
	}
	checks := []struct {
		status, want int
	}{
		{200, want[kindSlash] + want[kindEvent]},
		{401, want[kindBadSignature]},
		{413, want[kindOversize]},
		{400, want[kindBadJSON]},
	}
	for _, c := range checks {
		if s.byStatus[c.status] != c.want || rep.Status[strconv.Itoa(c.status)] != c.want {
			t.Errorf("status %d: server answered %d, report says %d, want %d", c.status, s.byStatus[c.status], rep.Status[strconv.Itoa(c.status)], c.want)
		}
	}
	if rep.Errors != 0 || rep.Expected4 != want[kindBadSignature]+want[kindOversize]+want[kindBadJSON] || rep.Requests != n {
		t.Errorf("report %+v", rep)
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	s.delay = time.Millisecond
	start := time.Now()
	rep, err := loadgen(t, "-url", s.URL, "-c", "4", "-n", "0", "-d", "300ms")
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("-d 300ms took %v", el)
	}
	if rep.Requests < 10 || rep.Requests != s.requests || rep.DurationS < 0.3 || rep.DurationS > 1 {
		t.Errorf("%d requests (server: %d) in %.3fs", rep.Requests, s.requests, rep.DurationS)
	}
}

// Fewer requests than workers: -n is still exact.
func TestFewerRequestsThanWorkers(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	rep, err := loadgen(t, "-url", s.URL, "-c", "32", "-n", "3")
	if err != nil || rep.Requests != 3 || s.requests != 3 {
		t.Fatalf("err %v, report says %d, server got %d; want 3", err, rep.Requests, s.requests)
	}
}

func TestQuestionsCycle(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	if _, err := loadgen(t, "-url", s.URL, "-c", "1", "-n", "7", "-questions", writeQuestions(t, "a?", "", "b?", "c?")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range s.slash {
		got = append(got, v.Get("text"))
	}
	if want := "a? b? c? a? b? c? a?"; strings.Join(got, " ") != want {
		t.Errorf("questions sent %q, want %q", got, want)
	}
}

// Workers start at different places in the questions, so that many
// different questions are in flight at once.
func TestQuestionsOffset(t *testing.T) {
	t.Parallel()
	w := &worker{cfg: &config{questions: make([]string, 100)}}
	seen := map[int]bool{}
	for id := range 4 {
		w.question = id * 100 / 4
		seen[w.question] = true
	}
	if len(seen) != 4 {
		t.Errorf("start offsets %v", seen)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	s := newSlackServer(t)
	s.status = http.StatusInternalServerError
	rep, err := loadgen(t, "-url", s.URL, "-c", "2", "-n", "20")
	if err == nil || rep.Errors != 20 || rep.ErrorSamples["slash: unexpected status 500"] != 20 {
		t.Errorf("err %v, report %+v", err, rep)
	}

	// Nothing listens on port 1: every request is a transport error.
	rep, err = loadgen(t, "-url", "http://127.0.0.1:1/", "-c", "2", "-n", "10")
	if err == nil || rep.Errors != 10 || rep.Requests != 10 || len(rep.ErrorSamples) == 0 {
		t.Errorf("err %v, report %+v", err, rep)
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string // part of the error; "" for none
	}{
		{[]string{"-url", "http://127.0.0.1:3000/x"}, ""},
		{[]string{"-url", "http://localhost:3000/x"}, ""},
		{[]string{"-url", "http://[::1]:3000/x"}, ""},
		{[]string{"-url", "http://127.0.0.2:3000/x"}, ""},
		{[]string{"-url", "http://192.0.2.1/x"}, "non-loopback"},
		{[]string{"-url", "http://example.com/x"}, "non-loopback"},
		{[]string{"-url", "http://example.com/x", "-allow-remote"}, ""},
		{[]string{"-event-url", "http://10.0.0.1/x"}, "non-loopback"},
		{[]string{"-url", "ftp://127.0.0.1/x"}, "http"},
		{[]string{"-kind", "spam"}, "-kind"},
		{[]string{"-n", "0", "-d", "0"}, "limit"},
		{[]string{"-c", "0"}, "-c"},
		{[]string{"-bad", "2"}, "-bad"},
		{[]string{"-questions", "/nonexistent/q"}, "no such file"},
	}
	for _, tt := range tests {
		_, err := parseFlags(append([]string{"loadgen", "-secret", "s"}, tt.args...), io.Discard)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.want)
		}
	}
	if _, err := parseFlags([]string{"loadgen"}, io.Discard); err == nil {
		t.Error("no error without -secret")
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	ms := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", ms(7), 50, 7 * time.Millisecond},
		{"one value p99", ms(7), 99, 7 * time.Millisecond},
		{"two values p50 is the lower", ms(10, 20), 50, 10 * time.Millisecond},
		{"two values p90", ms(10, 20), 90, 20 * time.Millisecond},
		{"1..100 p50", ms(hundred...), 50, 50 * time.Millisecond},
		{"1..100 p90", ms(hundred...), 90, 90 * time.Millisecond},
		{"1..100 p99", ms(hundred...), 99, 99 * time.Millisecond},
		{"1..100 max", ms(hundred...), 100, 100 * time.Millisecond},
		{"1..100 p0.5 is the first", ms(hundred...), 0.5, 1 * time.Millisecond},
		{"ten values p99 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 1000), 99, 1000 * time.Millisecond},
		{"ten values p90", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 1000), 90, 9 * time.Millisecond},
		{"ties", ms(5, 5, 5, 5, 9), 80, 5 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("%s: percentile(%v) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

// The report sorts what the workers recorded in any order.
func TestReportSorts(t *testing.T) {
	t.Parallel()
	r := &result{elapsed: 2 * time.Second, status: map[int]int{200: 4}, latencies: []time.Duration{
		4 * time.Millisecond, 1 * time.Millisecond, 3 * time.Millisecond, 2 * time.Millisecond,
	}}
	r.kinds[kindSlash] = kindCount{sent: 4, expected: 4}
	rep := r.report(&config{mode: "slash", concurrency: 1})
	if rep.P50ms != 2 || rep.P90ms != 4 || rep.MaxMs != 4 || rep.MeanMs != 2.5 || rep.RPS != 2 || rep.Requests != 4 {
		t.Errorf("report %+v", rep)
	}
	var text bytes.Buffer
	if err := writeText(&text, rep); err != nil || !strings.Contains(text.String(), "p50 2.000ms") {
		t.Errorf("text report %q (%v)", text.String(), err)
	}
}

func TestKindOfIsStable(t *testing.T) {
	t.Parallel()
	for i := range int64(1000) {
		if kindOf("slash", i, 1) != kindSlash || kindOf("event", i, 1) != kindEvent {
			t.Fatal("-bad must only change mixed runs")
		}
		if k := kindOf("mixed", i, 0); k != kindSlash && k != kindEvent {
			t.Fatalf("request %d is %s with -bad 0", i, k)
		}
		if a, b := kindOf("mixed", i, 0.3), kindOf("mixed", i, 0.3); a != b {
			t.Fatal("kindOf is not a function of i")
		}
	}
}

func TestSign(t *testing.T) {
	t.Parallel()
	// The example from Slack's "Verifying requests from Slack" guide.
	body := "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	got := slacksig.NewSigner([]byte("8f742231b10e8888abcd99yyyzzz85a5")).Sign("1531420618", []byte(body))
	if want := "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"; got != want {
		t.Errorf("sign = %s, want %s", got, want)
	}
}

func BenchmarkLoopback(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	defer srv.Close()
	cfg, err := parseFlags([]string{"loadgen", "-secret", "s", "-url", srv.URL, "-c", "32", "-n", strconv.Itoa(b.N), "-d", "0"}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	res := load(context.Background(), cfg)
	rep := res.report(cfg)
	b.ReportMetric(rep.RPS, "req/s")
	b.ReportMetric(rep.P99ms, "p99-ms")
}
