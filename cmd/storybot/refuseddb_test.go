package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/internal/testservers"
)

// refuse closes the proxy's port and every connection through it: the
// database now refuses connections, as one that is down does.
func (p *hangingProxy) refuse() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestRefusedDatabaseLogsThrottled: the installations' PostgreSQL
// refuses connections while storybot serves (its port closed). Many
// events and commands from a workspace not cached each fail their
// look-up at once; the log says so on one line each (pgx's error lists
// each attempt on a line of its own), at most once per 10 s per kind of
// line, with the failures since, instead of once per event.
func TestRefusedDatabaseLogsThrottled(t *testing.T) {
	pg, err := url.Parse(testservers.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newHangingProxy(t, pg.Host)
	pg.Host = proxy.ln.Addr().String()
	q := pg.Query()
	q.Set("sslmode", "prefer") // two attempts per connection: a two-line error
	pg.RawQuery = q.Encode()
	fake := slackfake.New(t)
	r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, manyEnv(t, fake, pg.String(), testEncKey), nil)
	addr := slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
	base := "http://" + addr

	proxy.refuse()
	began := time.Now()
	const events, commands = 150, 15
	auth := map[string]any{"team_id": "TDOWN", "user_id": "UDOWN", "is_bot": true}
	for i := range events {
		postSigned(t, base, slackfake.With(slackfake.Callback(fmt.Sprint("EvDown", i),
			slackfake.Mention("C1", "U1", "<@UDOWN> how many votes approved the budget?", fmt.Sprint(i, ".1"), "")),
			"team_id", "TDOWN", "authorizations", []any{auth}))
		if i%(events/commands) == 0 {
			slashNow(t, base, "TDOWN", "how many votes approved the budget?", fake)
		}
	}
	failed := `storybot_authorizations_failed_total{reason="error"}`
	waitFor(t, "every look-up to fail", func() bool { return metric(t, addr, failed) >= events+commands })
	// One line per 10 s per kind, and the first at once.
	allowed := 1 + int(time.Since(began)/(10*time.Second))
	log := r.stderr.String()
	for _, msg := range []string{"no token to answer with: event dropped", "answering through response_url alone"} {
		lines := linesWith(log, msg)
		if len(lines) == 0 || len(lines) > allowed {
			t.Errorf("%q: %d lines for %d failures, want 1 to %d", msg, len(lines), events, allowed)
		}
		for _, l := range lines {
			if !strings.Contains(l, "failures=") || strings.Contains(l, `\n`) {
				t.Errorf("not one line with the failures: %s", l)
			}
		}
	}
	if !strings.Contains(log, "connection refused") {
		t.Error("the log does not say that the database refused connections")
	}
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		if !strings.HasPrefix(l, "time=") {
			t.Errorf("a line that is not a log line of its own: %q", l)
		}
	}
}

// linesWith are the lines of log that contain s.
func linesWith(log, s string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}
