package main

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/internal/testservers"
)

// TestReplicas runs two storybots, as two replicas behind a load
// balancer, sharing Redis and the database (SQLite, then PostgreSQL):
// a workspace installed through one is served by the other with its own
// token; a follow-up delivered to the other replica than the one that
// answered is read in its thread's context from Redis; the same event
// delivered to both is answered once; a user's rate limit holds across
// both.
func TestReplicas(t *testing.T) {
	for _, db := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "storybot.db") }},
		{"postgres", func(t *testing.T) string { return testservers.Postgres(t) }},
	} {
		t.Run(db.name, func(t *testing.T) { testReplicas(t, db.url(t)) })
	}
}

func testReplicas(t *testing.T, databaseURL string) {
	redisURL, prefix := testservers.Redis(t)
	fake := slackfake.New(t)
	const secret = "e2e-signing-secret"
	env := map[string]string{
		"STORYBOT_CORPUS":         testCorpus(t),
		"SLACK_CLIENT_ID":         slackfake.ClientID,
		"SLACK_CLIENT_SECRET":     slackfake.ClientSecret,
		"SLACK_SIGNING_SECRET":    secret,
		"SLACK_API_URL":           fake.APIURL(),
		"DATABASE_URL":            databaseURL,
		"STORYBOT_ENCRYPTION_KEY": strings.Repeat("5a", 32),
		"REDIS_URL":               redisURL,
		"STORYBOT_REDIS_PREFIX":   prefix,
		"STORYBOT_RATE_LIMIT":     "6", // one question every 10 s
		"STORYBOT_RATE_BURST":     "2",
	}
	replicas, addrs, event := startReplicas(t, env, secret)

	// Installed through replica 0's page and replica 1's redirect (the
	// load balancer sent the browser to each in turn).
	installThrough(t, "http://"+addrs[0], "http://"+addrs[1], fake, slackfake.Workspace{Team: "TNEW", TeamName: "New", Token: "xoxb-new", BotUser: "UNEW", BotID: "BNEW", Scopes: "chat:write"})
	auth := map[string]any{"team_id": "TNEW", "user_id": "UNEW", "is_bot": true}
	for i := range replicas {
		ev := slackfake.With(slackfake.Callback("EvServe"+strconv.Itoa(i), slackfake.Mention("C1", "U1", "<@UNEW> how many votes approved the budget?", strconv.Itoa(i)+".1", "")),
			"team_id", "TNEW", "authorizations", []any{auth})
		event(i, ev)
		p := slackfake.Receive(t, fake.Posts, "the answer from replica "+strconv.Itoa(i))
		if p.Get("token") != "xoxb-new" || !strings.Contains(p.Get("text"), "seven votes") {
			t.Errorf("replica %d answered with %q: %s", i, p.Get("token"), p.Get("text"))
		}
	}
	followUpElsewhere(t, fake, event, auth)

	// The same event (a retry that reached the other replica) to both at
	// once: one answer, and one duplicate recognised.
	twice := slackfake.With(slackfake.Callback("EvTwice", slackfake.Mention("C1", "U2", "<@UNEW> how many votes approved the budget?", "50.1", "")),
		"team_id", "TNEW", "authorizations", []any{auth})
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() { event(i, twice) })
	}
	wg.Wait()
	waitFor(t, "the duplicate to be recognised", func() bool {
		return metric(t, addrs[0], "storybot_dedup_hits_total")+metric(t, addrs[1], "storybot_dedup_hits_total") == 1
	})
	slackfake.Receive(t, fake.Posts, "the one answer to the event delivered twice")

	// U3 asks three times, by turns on each replica: a burst of 2, then
	// told to slow down.
	for n, i := range []int{0, 1, 0} {
		event(i, slackfake.With(slackfake.Callback("EvLimit"+strconv.Itoa(n), slackfake.DM("D3", "U3", "how many votes approved the budget?", strconv.Itoa(60+n)+".1")),
			"team_id", "TNEW", "authorizations", []any{auth}))
		p := slackfake.Receive(t, fake.Posts, "reply "+strconv.Itoa(n))
		slow := strings.Contains(p.Get("text"), "slow down")
		if slow != (n == 2) {
			t.Errorf("question %d (replica %d): %q", n, i, p.Get("text"))
		}
	}

	for i, r := range replicas {
		if err := r.stop(); err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("%d posts more than wanted: %v", len(ps), ps)
	}
	for i, r := range replicas {
		if log := r.stderr.String(); strings.Contains(log, "xoxb-new") || strings.Contains(log, slackfake.ClientSecret) {
			t.Errorf("replica %d logged a secret:\n%s", i, log)
		}
	}
}

// followUpElsewhere sends replica 1 a follow-up in the thread replica 0
// answered (its mention was 0.1): replica 1 knows the thread only from
// the thread memory in Redis, and reads it from there, not with
// conversations.replies.
func followUpElsewhere(t *testing.T, fake *slackfake.Slack, event func(int, map[string]any), auth map[string]any) {
	t.Helper()
	event(1, slackfake.With(slackfake.Callback("EvFollow", slackfake.ChannelMessage("C1", "U4", "and what did she say?", "0.2", "0.1")),
		"team_id", "TNEW", "authorizations", []any{auth}))
	p := slackfake.Receive(t, fake.Posts, "the follow-up's answer from replica 1")
	if p.Get("token") != "xoxb-new" || p.Get("thread_ts") != "0.1" || !strings.Contains(p.Get("blocks"), "Taking it as:") {
		t.Errorf("follow-up answered with %q in %q: %s\n%s", p.Get("token"), p.Get("thread_ts"), p.Get("text"), p.Get("blocks"))
	}
	if n := fake.Calls("conversations.replies"); n != 0 {
		t.Errorf("%d conversations.replies calls: the thread was not found in Redis", n)
	}
}

// startReplicas starts two storybots in HTTP mode with env, and returns
// them, their addresses, and how to send replica i a signed event.
func startReplicas(t *testing.T, env map[string]string, secret string) ([]*running, []string, func(i int, ev map[string]any)) {
	replicas := []*running{start(t, []string{"http", "--addr", "127.0.0.1:0"}, env, nil), start(t, []string{"http", "--addr", "127.0.0.1:0"}, env, nil)}
	addrs := []string{slackfake.Receive(t, replicas[0].stderr.addrs, "replica 0 to listen"), slackfake.Receive(t, replicas[1].stderr.addrs, "replica 1 to listen")}
	return replicas, addrs, func(i int, ev map[string]any) {
		t.Helper()
		req := slackfake.Signed(t, "http://"+addrs[i]+"/slack/events", secret, "application/json", slackfake.JSON(t, ev), time.Now())
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("event to replica %d: %v %v", i, resp, err)
		}
		resp.Body.Close()
	}
}

var addToSlack = regexp.MustCompile(`href="([^"]+)">Add to Slack`)

// installThrough installs the app in w as a person would: the install
// page at pageBase, "Allow" in Slack, and Slack's redirect to
// redirectBase, in one browser.
func installThrough(t *testing.T, pageBase, redirectBase string, fake *slackfake.Slack, w slackfake.Workspace) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	get := func(u string) string {
		t.Helper()
		resp, err := browser.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d\n%s", u, resp.StatusCode, b)
		}
		return string(b)
	}
	m := addToSlack.FindStringSubmatch(get(pageBase + "/slack/install"))
	if m == nil {
		t.Fatal("no Add to Slack link")
	}
	link, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	fake.GrantCode("code-"+w.Team, w)
	page := get(redirectBase + "/slack/oauth_redirect?" + url.Values{"code": {"code-" + w.Team}, "state": {link.Query().Get("state")}}.Encode())
	if !strings.Contains(page, "storybot is installed in "+w.TeamName) {
		t.Fatalf("install: %s", page)
	}
}

// metric is the value of an unlabelled metric on the /metrics of addr.
func metric(t *testing.T, addr, name string) float64 {
	t.Helper()
	_, b := get(t, "http://"+addr+"/metrics")
	for _, line := range strings.Split(b, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// waitFor polls cond until it holds, failing the test after
// slackfake.Timeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(slackfake.Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, slackfake.Timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
