package slackapi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/slack-go/slack"
)

// RetryTransport retries Slack Web API and response_url calls that failed
// in a way that proves the message was not posted, so that a retry can
// never post an answer twice:
//
//   - 429 Too Many Requests: Slack refused the call before doing anything
//     and says in Retry-After when to come back. We wait that long (capped
//     at MaxRetryAfter, and never past the context's deadline: then we
//     give up at once rather than sleep for nothing).
//   - 500, 502 and 503: Slack reports a method's own failures as a 200 with
//     {"ok":false}, so these statuses come from its front end before the
//     method ran (503 is "not taking requests"; 502 a backend that never
//     answered). 504 is not retried: a gateway timed out waiting for a
//     backend that may still have posted the message.
//   - a network failure before the whole request was written (no
//     connection, refused or reset while sending): Slack cannot act on a
//     request it has not fully received. Other errors (an unsupported
//     scheme, a certificate refused) would only fail again. Once the request is written, a
//     lost or late response is not retried: the message may be posted, and
//     a duplicate is worse than a lost answer, which the log records.
//
// Anything else (4xx, {"ok":false} bodies, which are 200s) is returned
// as it is. Retries back off exponentially with jitter, at most
// MaxRetries times, within the request's context.
type RetryTransport struct {
	// Base does the requests (http.DefaultTransport if nil).
	Base http.RoundTripper
	// MaxRetries is how many times a call is retried (3 if zero; negative:
	// never).
	MaxRetries int
	// BaseDelay is the first backoff after a 5xx or a network error,
	// doubled each time with ±50% jitter (250 ms if zero).
	BaseDelay time.Duration
	// MaxRetryAfter caps the wait asked by a 429 (30 s if zero).
	MaxRetryAfter time.Duration
	// Sleep waits d or until ctx is done (a timer if nil); tests make it
	// instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// APIURL is the Web API base, to name the method in logs and metrics;
	// other calls are named "response_url" (their URL is a secret).
	APIURL string
	// Metrics count the retries (none if nil).
	Metrics Retries
	Logger  *slog.Logger
}

// Retries count the calls retried, by method and reason (the bot's
// storybot_slack_api_retries_total).
type Retries interface {
	Retried(method, reason string)
}

// Defaults of RetryTransport.
const (
	DefaultMaxRetries    = 3
	DefaultBaseDelay     = 250 * time.Millisecond
	DefaultMaxRetryAfter = 30 * time.Second
)

// RoundTrip implements http.RoundTripper.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	retries := t.MaxRetries
	if retries == 0 {
		retries = DefaultMaxRetries
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		retries = 0 // the body cannot be sent twice
	}
	ctx := req.Context()
	method := Method(t.APIURL, req)
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			r = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		var wrote atomic.Bool
		r = r.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(info httptrace.WroteRequestInfo) {
				if info.Err == nil {
					wrote.Store(true)
				}
			},
		}))
		resp, err := base.RoundTrip(r)
		reason, wait := t.retryable(resp, err, wrote.Load(), attempt)
		if reason == "" || (reason == "429" && waitsOwn429(method)) {
			// Done, or failed in a way a retry could make worse: the
			// caller logs and counts it.
			return resp, err
		}
		giveUp := ""
		switch {
		case attempt >= retries:
			giveUp = "out of retries"
		case ctx.Err() != nil:
			giveUp = "out of time"
		default:
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
				giveUp = "the wait would pass the deadline"
			}
		}
		if giveUp != "" {
			t.failed(ctx, method, reason, err, "attempts", attempt+1, "why", giveUp)
			return resp, err
		}
		if resp != nil {
			// Read a little of the body so that the connection can be reused.
			io.CopyN(io.Discard, resp.Body, 4096)
			resp.Body.Close()
		}
		if t.Metrics != nil {
			t.Metrics.Retried(method, reason)
		}
		args := []any{"method", method, "reason", reason, "attempt", attempt + 1, "wait", wait.Round(time.Millisecond).String()}
		if err != nil {
			args = append(args, "err", Redact(err))
		}
		LoggerFrom(ctx, t.Logger).Warn("Slack call failed; retrying", args...)
		sleep := t.Sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		if err := sleep(ctx, wait); err != nil {
			t.failed(ctx, method, reason, err, "attempts", attempt+1, "why", "out of time")
			return nil, err
		}
	}
}

// retryable says why a call may be retried ("" if it may not) and after
// how long.
func (t *RetryTransport) retryable(resp *http.Response, err error, wrote bool, attempt int) (string, time.Duration) {
	if err != nil {
		if wrote || !networkFailure(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return "", 0
		}
		return "network", t.backoff(attempt)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return "429", t.retryAfter(resp.Header.Get("Retry-After"))
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable:
		return strconv.Itoa(resp.StatusCode), t.backoff(attempt)
	}
	return "", 0
}

// networkFailure tells whether err is the network's doing (a connection
// refused or reset, a name not resolved, a timeout, a connection closed
// early), which a retry may get past. Anything else (an unsupported
// scheme, a malformed URL, a certificate refused) fails the same way
// every time, and is not retried.
func networkFailure(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

// backoff is BaseDelay·2^attempt, ±50%.
func (t *RetryTransport) backoff(attempt int) time.Duration {
	d := t.BaseDelay
	if d <= 0 {
		d = DefaultBaseDelay
	}
	d <<= min(attempt, 10)
	return d/2 + rand.N(d)
}

// retryAfter reads Retry-After (seconds; Slack sends no dates), capped,
// with a little jitter on top so that many waiting calls do not return at
// the same instant.
func (t *RetryTransport) retryAfter(h string) time.Duration {
	capAt := t.MaxRetryAfter
	if capAt <= 0 {
		capAt = DefaultMaxRetryAfter
	}
	d := time.Second // Slack always sends it; if not, a second
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		d = time.Duration(min(s, 3600)) * time.Second
	}
	return min(d, capAt) + rand.N(100*time.Millisecond)
}

// failed logs a call given up on while it was still retryable; the
// caller logs (and counts) the error it gets.
func (t *RetryTransport) failed(ctx context.Context, method, reason string, err error, attrs ...any) {
	args := append([]any{"method", method, "reason", reason}, attrs...)
	if err != nil {
		args = append(args, "err", Redact(err))
	}
	LoggerFrom(ctx, t.Logger).Warn("Slack call failed; giving up", args...)
}

// waitsOwn429 tells the Web API methods whose 429 RetryTransport hands
// back at once: the bot remembers their Retry-After itself
// (conversations.replies: see package bot's replies_limit.go).
func waitsOwn429(method string) bool { return method == "conversations.replies" }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Redact keeps URLs out of an error's text: a response_url is a
// credential (anyone who has it may post in the channel for 30 minutes).
func Redact(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if !errors.As(err, &ue) || ue.URL == "" {
		return err
	}
	return redacted{strings.ReplaceAll(err.Error(), ue.URL, "[url]"), err}
}

type redacted struct {
	msg string
	err error
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }

// ErrorReason is a short, bounded name for why a Slack call failed,
// for the slack_api_errors metric.
func ErrorReason(err error) string {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		return "ratelimited"
	case errors.As(err, &sc):
		return "http_" + strconv.Itoa(sc.Code)
	case errors.As(err, &se):
		if len(se.Err) <= 40 {
			return se.Err
		}
		return "other"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "timeout"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return "network"
	}
	if err.Error() != "" && len(err.Error()) <= 40 && !strings.ContainsAny(err.Error(), " :/") {
		return err.Error() // slack-go's plain errors: "channel_not_found"
	}
	return "other"
}
