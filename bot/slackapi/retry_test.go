package slackapi

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/internal/bottest"
	"storybot/bot/slackfake"
)

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
	t.Parallel()
	fake := slackfake.New(t)
	sl := &bottest.Sleeps{}
	fd := &failingDial{n: 2, base: http.DefaultTransport}
	client := &http.Client{Transport: &RetryTransport{Base: fd, Sleep: sl.Sleep, APIURL: fake.APIURL()}}
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionHTTPClient(client))
	if _, _, err := api.PostMessageContext(context.Background(), "C1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatal(err)
	}
	if fd.calls != 3 || len(sl.All()) != 2 || len(slackfake.Drain(fake.Posts)) != 1 {
		t.Errorf("%d calls, %d waits", fd.calls, len(sl.All()))
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
	t.Parallel()
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
			t.Parallel()
			sl := &bottest.Sleeps{}
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
			if _, err := (&RetryTransport{Base: base, Sleep: sl.Sleep}).RoundTrip(req); err == nil {
				t.Fatal("no error")
			}
			want := 0
			if tt.retry {
				want = DefaultMaxRetries
			}
			if got := len(sl.All()); got != want {
				t.Errorf("%d retries, want %d", got, want)
			}
			if tt.err != nil && calls() != want+1 {
				t.Errorf("%d calls, want %d", calls(), want+1)
			}
		})
	}
}

func TestRedactErr(t *testing.T) {
	t.Parallel()
	ue := &url.Error{Op: "Post", URL: "https://hooks.slack.com/commands/T1/abc/SECRET", Err: syscall.ECONNREFUSED}
	err := Redact(fmt.Errorf("failed to post webhook: %w", ue))
	if strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "failed to post webhook") {
		t.Errorf("redacted: %v", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Error("the cause is lost")
	}
}

func TestRetryAfterCapped(t *testing.T) {
	t.Parallel()
	// Retry-After is capped.
	tr := &RetryTransport{MaxRetryAfter: 3 * time.Second}
	if d := tr.retryAfter("3600"); d < 3*time.Second || d > 3200*time.Millisecond {
		t.Errorf("Retry-After: 3600 waits %v, want the 3 s cap", d)
	}
	if d := tr.retryAfter("soon"); d < time.Second || d > 1200*time.Millisecond {
		t.Errorf("a bad Retry-After waits %v", d)
	}
}
