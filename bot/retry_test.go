package bot

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
)

// sleeps records the waits of a RetryTransport without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// retryRig is the HTTP rig with the bot's Slack calls going through a
// RetryTransport whose sleeps are recorded, not slept.
func newRetryRig(t *testing.T, o Options) (*httpRig, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	fake := slackfake.New(t)
	log, buf := testLog(t)
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	client := &http.Client{Transport: &RetryTransport{Sleep: sl.sleep, APIURL: fake.APIURL(), Metrics: m, Logger: log}}
	if o.Engine == nil {
		o.Engine = &fakeAnswerer{}
	}
	o.Logger, o.Metrics, o.Gatherer, o.HTTPClient = log, m, reg, client
	o.Slack = slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionHTTPClient(client))
	o.Self = Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID, TeamID: slackfake.Team}
	if o.APIURL == "" {
		o.APIURL = fake.APIURL() // its response_urls are on its host
	}
	rig := &httpRig{t: t, slack: fake, bot: New(o), now: time.Unix(1_700_000_000, 0), log: buf}
	rig.h = NewServer(rig.bot, ServerOptions{SigningSecret: testSecret, Now: func() time.Time { return rig.now }})
	return rig, sl
}

func retryAfter(s string) http.Header { return http.Header{"Retry-After": {s}} }

func TestRetry429HonoursRetryAfter(t *testing.T) {
	rig, sl := newRetryRig(t, Options{})
	rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: retryAfter("1")})
	rig.event(slackfake.Callback("Ev429", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.posts(); len(ps) != 1 {
		t.Errorf("%d posts, want exactly 1", len(ps))
	}
	if n := rig.slack.Calls("chat.postMessage"); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	if d := sl.all(); len(d) != 1 || d[0] < time.Second || d[0] > 1200*time.Millisecond {
		t.Errorf("waited %v, want about 1 s once", d)
	}
	if got := metricValue(t, rig.bot, "storybot_slack_api_retries_total", "method", "chat.postMessage", "reason", "429"); got != 1 {
		t.Errorf("retries counted %v", got)
	}
}

func TestRetry5xxThenSuccess(t *testing.T) {
	rig, sl := newRetryRig(t, Options{})
	rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 500}, slackfake.Fault{Status: 503})
	rig.event(slackfake.Callback("Ev500", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.posts(); len(ps) != 1 {
		t.Errorf("%d posts, want exactly 1", len(ps))
	}
	if n := rig.slack.Calls("chat.postMessage"); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	d := sl.all()
	if len(d) != 2 || d[0] < DefaultBaseDelay/2 || d[0] > DefaultBaseDelay*3/2 || d[1] < DefaultBaseDelay || d[1] > DefaultBaseDelay*3 {
		t.Errorf("backoff %v, want about %v then twice that", d, DefaultBaseDelay)
	}
}

func TestRetryGivesUp(t *testing.T) {
	rig, sl := newRetryRig(t, Options{})
	for range 10 {
		rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 500})
	}
	rig.event(slackfake.Callback("EvDown", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.posts(); len(ps) != 0 {
		t.Errorf("%d posts, want none", len(ps))
	}
	if n := rig.slack.Calls("chat.postMessage"); n != 1+DefaultMaxRetries {
		t.Errorf("%d calls, want %d", n, 1+DefaultMaxRetries)
	}
	if len(sl.all()) != DefaultMaxRetries {
		t.Errorf("%d waits", len(sl.all()))
	}
	log := rig.log.String()
	if !strings.Contains(log, `msg="reply failed" event_id=EvDown`) || !strings.Contains(log, "slack server error: 500") {
		t.Errorf("final failure not logged with the event id:\n%s", log)
	}
	if got := metricValue(t, rig.bot, "storybot_slack_api_errors_total", "method", "chat.postMessage", "reason", "http_500"); got != 1 {
		t.Errorf("errors counted %v", got)
	}
	// A redelivery of the event is still not answered twice (or at all:
	// the first delivery was handled).
	rig.event(slackfake.Callback("EvDown", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")), slacksig.HeaderRetryNum, "1")
	if n := rig.slack.Calls("chat.postMessage"); n != 1+DefaultMaxRetries {
		t.Errorf("the redelivery posted again: %d calls", n)
	}
}

func TestRetryNotWhenMaybeDelivered(t *testing.T) {
	for _, f := range []struct {
		name  string
		fault slackfake.Fault
	}{
		{"504 from a gateway", slackfake.Fault{Status: 504}},
		{"connection lost after the request was sent", slackfake.Fault{Hangup: true}},
		{"400", slackfake.Fault{Status: 400}},
	} {
		t.Run(f.name, func(t *testing.T) {
			rig, sl := newRetryRig(t, Options{})
			rig.slack.Inject("chat.postMessage", f.fault)
			rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
			if n := rig.slack.Calls("chat.postMessage"); n != 1 {
				t.Errorf("%d calls, want 1 (no retry)", n)
			}
			if len(sl.all()) != 0 || len(rig.posts()) != 0 {
				t.Errorf("retried: %v", sl.all())
			}
			if !strings.Contains(rig.log.String(), `msg="reply failed" event_id=Ev1`) {
				t.Errorf("failure not logged:\n%s", rig.log.String())
			}
		})
	}
}

func TestRetryWithinTheDeadline(t *testing.T) {
	rig, sl := newRetryRig(t, Options{TaskTimeout: 5 * time.Second})
	rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: retryAfter("20")})
	rig.event(slackfake.Callback("EvLate", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if n := rig.slack.Calls("chat.postMessage"); n != 1 || len(sl.all()) != 0 {
		t.Errorf("%d calls, waits %v: a wait past the deadline must not be tried", n, sl.all())
	}
	if !strings.Contains(rig.log.String(), "the wait would pass the deadline") {
		t.Errorf("not logged:\n%s", rig.log.String())
	}

	// Retry-After is capped.
	tr := &RetryTransport{MaxRetryAfter: 3 * time.Second}
	if d := tr.retryAfter("3600"); d < 3*time.Second || d > 3200*time.Millisecond {
		t.Errorf("Retry-After: 3600 waits %v, want the 3 s cap", d)
	}
	if d := tr.retryAfter("soon"); d < time.Second || d > 1200*time.Millisecond {
		t.Errorf("a bad Retry-After waits %v", d)
	}
}

func TestRetryResponseURL(t *testing.T) {
	// An engine slower than SlashWait: the answers go to the response_url.
	ans := &fakeAnswerer{block: make(chan struct{})}
	rig, _ := newRetryRig(t, Options{Engine: ans, SlashWait: time.Millisecond})
	slow := func(respURL string) {
		t.Helper()
		w := httptest.NewRecorder()
		rig.h.ServeHTTP(w, slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
			[]byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", respURL)).Encode()), rig.now))
		if w.Code != 200 || w.Body.Len() != 0 {
			t.Fatalf("slow slash: %d %q", w.Code, w.Body)
		}
	}
	rig.slack.Inject("response", slackfake.Fault{Status: 503})
	respURL := rig.slack.ResponseURL("secret-hook-path")
	slow(respURL)
	close(ans.block)
	rig.bot.Wait()
	rs := slackfake.Drain(rig.slack.Responses)
	if len(rs) != 1 || rig.slack.Calls("response") != 2 {
		t.Errorf("%d responses from %d calls, want 1 from 2", len(rs), rig.slack.Calls("response"))
	}

	// A failure for good is logged without the response_url, a secret.
	rig.slack.Inject("response", slackfake.Fault{Hangup: true})
	ans.mu.Lock()
	ans.block = make(chan struct{})
	ans.mu.Unlock()
	slow(respURL)
	close(ans.block)
	rig.bot.Wait()
	log := rig.log.String()
	if !strings.Contains(log, "slash reply failed") || strings.Contains(log, "secret-hook-path") {
		t.Errorf("log:\n%s", log)
	}
}

// failingDial fails its first n dials the way a refused connection does,
// then dials for real.
type failingDial struct {
	n     int
	calls int
	base  http.RoundTripper
}

func (f *failingDial) RoundTrip(r *http.Request) (*http.Response, error) {
	f.calls++
	if f.calls <= f.n {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return f.base.RoundTrip(r)
}

func TestRetryConnectionRefused(t *testing.T) {
	fake := slackfake.New(t)
	sl := &sleeps{}
	fd := &failingDial{n: 2, base: http.DefaultTransport}
	client := &http.Client{Transport: &RetryTransport{Base: fd, Sleep: sl.sleep, APIURL: fake.APIURL()}}
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionHTTPClient(client))
	if _, _, err := api.PostMessageContext(context.Background(), "C1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatal(err)
	}
	if fd.calls != 3 || len(sl.all()) != 2 || len(slackfake.Drain(fake.Posts)) != 1 {
		t.Errorf("%d calls, %d waits", fd.calls, len(sl.all()))
	}
	// A cancelled context stops the retries.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fd = &failingDial{n: 100, base: http.DefaultTransport}
	client.Transport.(*RetryTransport).Base = fd
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); err == nil {
		t.Error("posted with a cancelled context")
	}
	if fd.calls > 1 {
		t.Errorf("%d calls with a cancelled context", fd.calls)
	}
}

// failWith is a transport that fails every request with err, counting
// them.
type failWith struct {
	err   error
	calls int
}

func (f *failWith) RoundTrip(*http.Request) (*http.Response, error) {
	f.calls++
	return nil, f.err
}

// TestRetryOnlyNetworkFailures checks which errors before a request was
// sent are retried: the network's, which may pass, and not those that
// would fail the same way again.
func TestRetryOnlyNetworkFailures(t *testing.T) {
	tests := []struct {
		name  string
		err   error // nil: a real transport, to the URL
		url   string
		retry bool
	}{
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, "", true},
		{"connection reset", &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}, "", true},
		{"name not resolved", &net.DNSError{Err: "no such host", Name: "hooks.slack.com", IsNotFound: true}, "", true},
		{"closed before a response", io.EOF, "", true},
		{"a certificate refused", x509.UnknownAuthorityError{}, "", false},
		{"some other error", errors.New("proxyconnect: bad proxy URL"), "", false},
		{"file://, through a real transport", nil, "file:///etc/passwd", false},
		{"gopher://, through a real transport", nil, "gopher://127.0.0.1:70/_x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sl := &sleeps{}
			calls := func() int { return 1 }
			var base http.RoundTripper = http.DefaultTransport
			if tt.err != nil {
				f := &failWith{err: tt.err}
				base, calls = f, func() int { return f.calls }
			}
			u := tt.url
			if u == "" {
				u = "https://hooks.slack.com/commands/T1/1/x"
			}
			req, _ := http.NewRequest("POST", u, strings.NewReader("{}"))
			if _, err := (&RetryTransport{Base: base, Sleep: sl.sleep}).RoundTrip(req); err == nil {
				t.Fatal("no error")
			}
			want := 0
			if tt.retry {
				want = DefaultMaxRetries
			}
			if got := len(sl.all()); got != want {
				t.Errorf("%d retries, want %d", got, want)
			}
			if tt.err != nil && calls() != want+1 {
				t.Errorf("%d calls, want %d", calls(), want+1)
			}
		})
	}
}

func TestRedactErr(t *testing.T) {
	ue := &url.Error{Op: "Post", URL: "https://hooks.slack.com/commands/T1/abc/SECRET", Err: syscall.ECONNREFUSED}
	err := redactErr(fmt.Errorf("failed to post webhook: %w", ue))
	if strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "failed to post webhook") {
		t.Errorf("redacted: %v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Error("the cause is lost")
	}
}
