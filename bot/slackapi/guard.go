package slackapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// Every call to Slack (the Web API, oauth.v2.access, response_urls, file
// downloads) goes through a client made by Guard, which holds
// two rules whatever slack-go does with the client:
//
//   - A response is read within a bound: MaxAPIResponseBytes for the Web
//     API and response_urls (Slack's answers are kilobytes; a 300 MB
//     answer once took the process to 990 MiB), MaxDownloadBytes for a
//     file download (which package bot's upload.go holds to index.MaxInputBytes). A body
//     that says it is longer is refused before it is read; one that
//     runs longer fails with ErrResponseTooLarge past the bound.
//   - A redirect is followed only to where the first request could go
//     with the bot's token (slackHost): https on Slack's own domains, or
//     SLACK_API_URL's scheme and host. Elsewhere it is refused
//     (ErrRedirectOffSlack), so that neither the Authorization header nor
//     a client secret in a 307's body ever leaves Slack, and what another
//     server answers never becomes a story.

// The bounds on what is read of Slack's answers.
const (
	MaxAPIResponseBytes = 4 << 20
	// MaxDownloadBytes is past the largest story the corpus takes
	// (index.MaxInputBytes, 16 MiB; package bot's tests hold the two
	// together), so that an upload over it is refused by the bot, which
	// says why, not cut here.
	MaxDownloadBytes = 16<<20 + 64<<10
)

// ErrResponseTooLarge is an answer over its bound (see Guard).
var ErrResponseTooLarge = errors.New("the answer from Slack is over the size this bot reads")

// ErrRedirectOffSlack is a redirect away from Slack's hosts, refused.
var ErrRedirectOffSlack = errors.New("redirected off Slack's servers: not followed, so the token stays with Slack")

// Guard returns a copy of c (a new client if nil) whose
// responses are read within their bounds and whose redirects stay on
// Slack's hosts (apiURL is SLACK_API_URL). Its Transport is c's, wrapped;
// a client already guarded is returned as it is.
func Guard(c *http.Client, apiURL string) *http.Client {
	if c == nil {
		c = &http.Client{}
	}
	if apiURL == "" {
		apiURL = slack.APIURL
	}
	if _, ok := c.Transport.(*limitTransport); ok {
		return c
	}
	g := *c
	g.Transport = &limitTransport{base: c.Transport, apiURL: apiURL}
	g.CheckRedirect = redirectPolicy(apiURL)
	return &g
}

// limitTransport bounds the response bodies of its base transport.
type limitTransport struct {
	base   http.RoundTripper
	apiURL string
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	max := t.bound(req)
	if resp.ContentLength > max {
		resp.Body.Close()
		return nil, fmt.Errorf("%s: %d bytes, over %d: %w", Method(t.apiURL, req), resp.ContentLength, max, ErrResponseTooLarge)
	}
	resp.Body = &cappedBody{rc: resp.Body, left: max, what: Method(t.apiURL, req), max: max}
	return resp, nil
}

// bound is how much of req's answer is read: a download's (a GET off
// the Web API) or the Web API's.
func (t *limitTransport) bound(req *http.Request) int64 {
	if req.Method == http.MethodGet && (t.apiURL == "" || !strings.HasPrefix(req.URL.String(), t.apiURL)) {
		return MaxDownloadBytes
	}
	return MaxAPIResponseBytes
}

// cappedBody reads at most max bytes of rc; a byte more is
// ErrResponseTooLarge.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
	max  int64
	what string
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%s: over %d bytes: %w", b.what, b.max, ErrResponseTooLarge)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// redirectPolicy follows a redirect only to a host that may get the
// bot's token (slackHost), 10 at most.
func redirectPolicy(apiURL string) func(*http.Request, []*http.Request) error {
	api, _ := url.Parse(apiURL)
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if !slackHost(api, req.URL) {
			req.Header.Del("Authorization") // in case the error is ignored
			return ErrRedirectOffSlack
		}
		return nil
	}
}

// slackHost tells whether u may get the bot's token, as slack-go decides
// for a download's first URL: https on slack.com or slack-gov.com (or a
// host under them), or the scheme and host (with its port) of the Web
// API's base.
func slackHost(api, u *url.URL) bool {
	if api != nil && api.Host != "" && strings.EqualFold(u.Scheme, api.Scheme) && strings.EqualFold(u.Host, api.Host) {
		return true
	}
	if u.Scheme != "https" || u.Port() != "" && u.Port() != "443" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range []string{"slack.com", "slack-gov.com"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
