package install

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
	"storybot/internal/testlog"
	"storybot/internal/testservers"
)

func textLogger(b *testlog.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

// getFrom is a GET of path on r with the browser c, as from client (the
// address a proxy on loopback says, in X-Forwarded-For).
func (r *rig) getFrom(c *http.Client, client, path string) (*http.Response, string) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.srv.URL+path, nil)
	req.Header.Set("X-Forwarded-For", "198.51.100.1, "+client)
	resp, err := c.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp, html.UnescapeString(b.String())
}

// TestStateSingleUse: a state and its cookie, replayed (by whoever
// copied both) after the install they made, install nothing more, on
// the replica that took them first or on another sharing its store.
func TestStateSingleUse(t *testing.T) {
	t.Parallel()
	shared := map[string]func(t *testing.T) store.Dedupe{
		"in process": func(t *testing.T) store.Dedupe { return store.NewMemoryDedupe(time.Hour, 100, nil) },
		"redis": func(t *testing.T) store.Dedupe {
			u, prefix := testservers.Redis(t)
			r, err := store.OpenRedis(u, prefix)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close() })
			return r.Dedupe(time.Hour)
		},
	}
	for name, used := range shared {
		t.Run(name, func(t *testing.T) {
			d := used(t)
			a, b := newRig(t, Options{UsedStates: d}), newRig(t, Options{UsedStates: d})
			ws := slackfake.Workspace{Team: "T1", TeamName: "One", Token: "xoxb-1", BotUser: "U1", Scopes: "app_mentions:read,chat:write"}
			state := a.startInstall(a.browser)
			a.slack.GrantCode("c1", ws)
			if code, body := a.redirect(a.browser, url.Values{"code": {"c1"}, "state": {state}}); code != 200 {
				t.Fatalf("first use: %d\n%s", code, body)
			}
			for i, r := range []*rig{a, b} {
				u, _ := url.Parse(r.srv.URL)
				r.browser.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: state}})
				r.slack.GrantCode("c2", ws)
				code, body := r.redirect(r.browser, url.Values{"code": {"c2"}, "state": {state}})
				if code != http.StatusBadRequest || !strings.Contains(body, "used already") {
					t.Errorf("replay on replica %d: %d\n%s", i, code, body)
				}
				if n := len(r.slack.Exchanges()); n != 1-i {
					t.Errorf("replica %d called oauth.v2.access %d times", i, n)
				}
			}
		})
	}
}

// TestRedirectRateLimited: a client that opens the redirect over and
// over, each time with a fresh state and a made-up code, makes storybot
// call oauth.v2.access 5 times, then gets 429 until its bucket refills;
// the failures are logged once per 10 s; others are still served, until
// the global limit.
func TestRedirectRateLimited(t *testing.T) {
	t.Parallel()
	var log testlog.Buffer
	r := newRig(t, Options{Logger: textLogger(&log)})
	statuses := map[int]int{}
	for range 40 {
		state := r.startInstall(r.browser)
		resp, _ := r.getFrom(r.browser, "203.0.113.7", "/slack/oauth_redirect?"+url.Values{"code": {"made-up"}, "state": {state}}.Encode())
		statuses[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if statuses[http.StatusBadGateway] != clientBurst || statuses[http.StatusTooManyRequests] != 40-clientBurst {
		t.Errorf("statuses %v, want %d × 502 then 429", statuses, clientBurst)
	}
	if n := len(r.slack.Exchanges()); n != clientBurst {
		t.Errorf("%d calls to oauth.v2.access", n)
	}
	if n := strings.Count(log.String(), `msg="install failed"`); n != 1 {
		t.Errorf("%d install failed lines, want 1 (throttled):\n%s", n, log.String())
	}
	r.now = r.now.Add(clientEvery)
	if resp, _ := r.getFrom(r.browser, "203.0.113.7", "/slack/oauth_redirect?code=x"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("after %v: %d", clientEvery, resp.StatusCode)
	}
	// Everyone together: the global bucket, full again after 10 s, less
	// the one attempt just made.
	admitted := 0
	for i := range 60 {
		resp, _ := r.getFrom(r.browser, fmt.Sprintf("192.0.2.%d", i), "/slack/oauth_redirect?code=x")
		if resp.StatusCode != http.StatusTooManyRequests {
			admitted++
		}
	}
	if admitted != globalBurst-1 {
		t.Errorf("%d admitted from many clients, want %d", admitted, globalBurst-1)
	}
}

// TestClientIP: X-Forwarded-For is read only from a proxy on a private
// or loopback address.
func TestClientIP(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ peer, xff, want string }{
		{"203.0.113.9:4000", "", "203.0.113.9"},
		{"203.0.113.9:4000", "10.0.0.1", "203.0.113.9"},
		{"10.1.2.3:4000", "198.51.100.1, 203.0.113.7", "203.0.113.7"},
		{"127.0.0.1:4000", "not an address", "127.0.0.1"},
		{"[::1]:4000", "", "::1"},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := clientIP(r); got != tt.want {
			t.Errorf("%s with %q: %s, want %s", tt.peer, tt.xff, got, tt.want)
		}
	}
}

// TestInstallMissingScopes: scopes asked for and not granted are named,
// on the page and in the log; the installation is kept.
func TestInstallMissingScopes(t *testing.T) {
	t.Parallel()
	var log testlog.Buffer
	r := newRig(t, Options{Logger: textLogger(&log)})
	state := r.startInstall(r.browser)
	r.slack.GrantCode("c", slackfake.Workspace{Team: "T1", TeamName: "One", Token: "xoxb-1", BotUser: "U1", Scopes: "chat:write,users:read"})
	code, body := r.redirect(r.browser, url.Values{"code": {"c"}, "state": {state}})
	if code != 200 || !strings.Contains(html.UnescapeString(body), "Slack did not grant these permissions, so part of storybot will not work: app_mentions:read.") {
		t.Errorf("%d\n%s", code, body)
	}
	if !strings.Contains(log.String(), `msg="installed without some of the scopes asked for"`) || !strings.Contains(log.String(), "missing=app_mentions:read") {
		t.Errorf("log:\n%s", log.String())
	}
	if _, err := r.store.Find(context.Background(), store.Tenant{TeamID: "T1"}); err != nil {
		t.Error(err)
	}
	// All granted: no warning.
	state = r.startInstall(r.browser)
	r.slack.GrantCode("c2", slackfake.Workspace{Team: "T2", TeamName: "Two", Token: "xoxb-2", BotUser: "U2", Scopes: "app_mentions:read,chat:write"})
	if _, body := r.redirect(r.browser, url.Values{"code": {"c2"}, "state": {state}}); strings.Contains(body, "did not grant") {
		t.Errorf("a warning with every scope granted:\n%s", body)
	}
}

// TestStateCookieSecure: the state cookie is Secure, even over plain HTTP
// from behind a proxy, but for a redirect URL on http://localhost.
func TestStateCookieSecure(t *testing.T) {
	t.Parallel()
	for redirect, secure := range map[string]bool{
		"": true,
		"https://bot.example/slack/oauth_redirect":   true,
		"http://bot.example/slack/oauth_redirect":    true,
		"http://localhost:3000/slack/oauth_redirect": false,
		"http://127.0.0.1:3000/slack/oauth_redirect": false,
	} {
		r := newRig(t, Options{RedirectURL: redirect})
		resp, _ := r.getFrom(newBrowser(t), "203.0.113.1", "/slack/install")
		cs := resp.Cookies()
		if len(cs) != 1 || cs[0].Secure != secure {
			t.Errorf("redirect URL %q: cookies %v, want Secure %v", redirect, cs, secure)
		}
	}
}
