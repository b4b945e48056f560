package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/cmd/storybot/internal/config"
)

// waitLog waits until what run logged holds s (n times, if n is given),
// or fails after slackfake.Timeout.
func (r *running) waitLog(s string, n ...int) {
	r.t.Helper()
	times := 1
	if len(n) > 0 {
		times = n[0]
	}
	deadline := time.Now().Add(slackfake.Timeout)
	for strings.Count(r.stderr.String(), s) < times {
		if time.Now().After(deadline) {
			r.t.Fatalf("the log never said %q:\n%s", s, r.stderr.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// httpBot starts storybot in HTTP mode against a fake Slack.
func httpBot(t *testing.T, corpus string, extra ...string) (*running, *slackfake.Slack, string) {
	t.Helper()
	fake := slackfake.New(t)
	vars := map[string]string{
		"STORYBOT_CORPUS":      corpus,
		"SLACK_BOT_TOKEN":      slackfake.BotToken,
		"SLACK_SIGNING_SECRET": "ops-signing-secret",
		"SLACK_API_URL":        fake.APIURL(),
		"LOG_LEVEL":            "debug",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		vars[extra[i]] = extra[i+1]
	}
	r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, vars, nil)
	addr := slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
	return r, fake, "http://" + addr
}

func postSigned(t *testing.T, base string, ev map[string]any) *http.Response {
	t.Helper()
	req := slackfake.Signed(t, base+"/slack/events", "ops-signing-secret", "application/json", slackfake.JSON(t, ev), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// usageReply is the immediate response to a bare /story: the usage reply, with
// its example questions.
func usageReply(t *testing.T, base string, fake *slackfake.Slack) string {
	t.Helper()
	body := []byte(slackfake.Form(slackfake.Slash("C1", "U1", "", fake.ResponseURL("usage"))).Encode())
	resp, err := http.DefaultClient.Do(slackfake.Signed(t, base+"/slack/events", "ops-signing-secret", "application/x-www-form-urlencoded", body, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestHTTPModeOperations(t *testing.T) {
	r, fake, base := httpBot(t, testCorpus(t), "STORYBOT_RATE_LIMIT", "2", "STORYBOT_RATE_BURST", "1", "LOG_FORMAT", "json")
	if c, body := get(t, base+"/healthz"); c != 200 || body != "ok\nreader: ready\n" {
		t.Errorf("healthz: %d %q", c, body)
	}
	if c, body := get(t, base+"/readyz"); c != 200 || body != "ready\n" {
		t.Errorf("readyz: %d %q", c, body)
	}
	// A 2 MiB body, signed: 413.
	big := []byte(`{"type":"event_callback","pad":"` + strings.Repeat("x", 2<<20) + `"}`)
	resp, err := http.DefaultClient.Do(slackfake.Signed(t, base+"/slack/events", "ops-signing-secret", "application/json", big, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("2 MiB: %d, want 413", resp.StatusCode)
	}
	// Rate limited: one answer, then one "slow down", then nothing.
	for i := range 3 {
		postSigned(t, base, slackfake.Callback(fmt.Sprint("EvR", i), slackfake.DM("D1", "U1", "how many votes approved the budget?", fmt.Sprint(i, ".1"))))
	}
	// (The two are posted concurrently: either may come first.)
	p1 := slackfake.Receive(t, fake.Posts, "answer").Get("text")
	p2 := slackfake.Receive(t, fake.Posts, "slow down").Get("text")
	if strings.Contains(p2, "seven votes") {
		p1, p2 = p2, p1
	}
	if !strings.Contains(p1, "seven votes") || !strings.Contains(p2, "slow down") {
		t.Errorf("rate limit: %q and %q", p1, p2)
	}
	r.waitLog(`"msg":"rate limited"`, 2) // (the silent refusal too)
	c, metrics := get(t, base+"/metrics")
	if c != 200 {
		t.Fatalf("metrics: %d", c)
	}
	for _, want := range []string{
		`storybot_http_requests_total{kind="unknown",outcome="too_large"} 1`,
		`storybot_questions_total{kind="dm",outcome="answered"} 1`,
		`storybot_questions_total{kind="dm",outcome="rate_limited"} 2`,
		`storybot_rate_limited_total{scope="user"} 2`,
		`storybot_index_stories 1`,
		`storybot_ready 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	// JSON logs, every line of an event with its ids.
	for _, line := range strings.Split(strings.TrimSpace(r.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("LOG_FORMAT=json wrote %q", line)
		}
		if id, ok := rec["event_id"]; ok && (rec["team"] != slackfake.Team || rec["channel"] != "D1" || rec["user"] != "U1") {
			t.Errorf("event %v logged without its ids: %s", id, line)
		}
	}
}

const otherStory = `id: storm
title: Storm closes schools
published: 2024-03-02

A storm closed eleven schools in the north of the city on Monday.
`

func TestReloadOnSIGHUP(t *testing.T) {
	corpus := testCorpus(t)
	r, fake, base := httpBot(t, corpus)
	ask := func(id, q string) string {
		postSigned(t, base, slackfake.Callback(id, slackfake.DM("D1", "U1", q, id)))
		return slackfake.Receive(t, fake.Posts, "answer to "+id).Get("text")
	}
	if a := ask("1", "how many schools did the storm close?"); strings.Contains(a, "eleven") {
		t.Fatalf("answered before the story was there: %q", a)
	}
	if u := usageReply(t, base, fake); strings.Contains(u, "Who is Storm?") {
		t.Fatalf("example questions before the story was there: %s", u)
	}
	// A new story, then SIGHUP: answered from it, and the usage reply's
	// examples are the new index's.
	os.WriteFile(filepath.Join(corpus, "storm.txt"), []byte(otherStory), 0o644)
	r.hup <- syscall.SIGHUP
	r.waitLog("msg=\"corpus reloaded\" stories=2")
	if a := ask("2", "how many schools did the storm close?"); !strings.Contains(a, "eleven schools") {
		t.Errorf("after the reload: %q", a)
	}
	if u := usageReply(t, base, fake); !strings.Contains(u, "Who is Storm?") {
		t.Errorf("example questions after the reload: %s", u)
	}
	// A new story that does not load is skipped, as at a start, and the
	// rest reloads.
	os.WriteFile(filepath.Join(corpus, "broken.txt"), []byte("id: broken\ntitel: oops\n\nText.\n"), 0o644)
	r.hup <- syscall.SIGHUP
	r.waitLog(`msg="corpus entry skipped" file=` + filepath.Join(corpus, "broken.txt") + ` why="line 2: unknown header key \"titel\"`)
	r.waitLog("msg=\"corpus reloaded\" stories=2", 2)
	// A story being served that no longer loads: the running index is
	// kept, story and all, and the log says why.
	os.WriteFile(filepath.Join(corpus, "storm.txt"), []byte("id: storm\ntitel: oops\n\nNo storm.\n"), 0o644)
	r.hup <- syscall.SIGHUP
	r.waitLog("reload failed; still serving the previous index")
	r.waitLog("a story being served no longer loads (fix it, or remove its file to drop the story): " + filepath.Join(corpus, "storm.txt") + `: line 2: unknown header key \"titel\"`)
	if a := ask("3", "how many schools did the storm close?"); !strings.Contains(a, "eleven schools") {
		t.Errorf("after a failed reload: %q", a)
	}
	// Removed, it is dropped.
	os.Remove(filepath.Join(corpus, "storm.txt"))
	r.hup <- syscall.SIGHUP
	r.waitLog("msg=\"corpus reloaded\" stories=1")
	_, metrics := get(t, base+"/metrics")
	if !strings.Contains(metrics, `storybot_reloads_total{outcome="failed"} 1`) || !strings.Contains(metrics, `storybot_reloads_total{outcome="ok"} 3`) || !strings.Contains(metrics, "storybot_index_stories 1") {
		t.Errorf("reload metrics:\n%s", metrics)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}

func TestReloadOnWatch(t *testing.T) {
	corpus := testCorpus(t)
	index := filepath.Join(t.TempDir(), "idx")
	r, fake, base := httpBot(t, corpus, "STORYBOT_WATCH", "100ms", "STORYBOT_INDEX", index)
	os.WriteFile(filepath.Join(corpus, "storm.txt"), []byte(otherStory), 0o644)
	r.waitLog("msg=\"corpus reloaded\" stories=2")
	postSigned(t, base, slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "how many schools did the storm close?", "1.1")))
	if a := slackfake.Receive(t, fake.Posts, "answer").Get("text"); !strings.Contains(a, "eleven schools") {
		t.Errorf("after the watch saw the change: %q", a)
	}
	// The new index was built beside the one being served, in the index
	// folder, and swapped in; nothing was made beside the folder.
	gens, _ := filepath.Glob(filepath.Join(index, "index-*"))
	siblings, _ := filepath.Glob(index + "*")
	if len(gens) != 1 || len(siblings) != 1 {
		t.Errorf("generations %v, beside the index folder %v; want one of each", gens, siblings)
	}
	os.Remove(filepath.Join(corpus, "storm.txt"))
	r.waitLog("msg=\"corpus reloaded\" stories=1")
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestGracefulShutdown: an answer in flight when the stop comes is
// finished before run returns, and run returns nil (exit 0).
func TestGracefulShutdown(t *testing.T) {
	r, fake, base := httpBot(t, testCorpus(t))
	release := fake.HoldPosts()
	defer release()
	postSigned(t, base, slackfake.Callback("EvG", slackfake.DM("D1", "U1", "how many votes approved the budget?", "1.1")))
	r.waitLog("msg=answered event_id=EvG")
	r.cancel()
	r.waitLog("shutting down")
	select {
	case err := <-r.done:
		t.Fatalf("run returned (%v) with an answer in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	release()
	if p := slackfake.Receive(t, fake.Posts, "the answer in flight"); !strings.Contains(p.Get("text"), "seven votes") {
		t.Errorf("answer: %q", p.Get("text"))
	}
	if err := slackfake.Receive(t, r.done, "run to return"); err != nil {
		t.Errorf("run = %v, want nil", err)
	}
	r.ended = true
	r.waitLog("msg=stopped")
}

func TestShutdownIsBounded(t *testing.T) {
	r, fake, base := httpBot(t, testCorpus(t), "STORYBOT_SHUTDOWN_TIMEOUT", "100ms")
	release := fake.HoldPosts()
	defer release()
	postSigned(t, base, slackfake.Callback("EvG", slackfake.DM("D1", "U1", "how many votes approved the budget?", "1.1")))
	r.waitLog("msg=answered event_id=EvG")
	if err := r.stop(); err != nil {
		t.Errorf("run = %v, want nil", err)
	}
	r.waitLog("stopped before every answer was sent")
}

func TestSocketModeAdmin(t *testing.T) {
	fake := slackfake.New(t)
	r := start(t, nil, map[string]string{
		"STORYBOT_CORPUS": testCorpus(t),
		"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"ADMIN_ADDR":      "127.0.0.1:0",
	}, nil)
	admin := "http://" + slackfake.Receive(t, r.stderr.admins, "the admin server to listen")
	link := slackfake.Receive(t, fake.Links, "socket mode connection")
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "how many votes approved the budget?", "1.1"))))
	slackfake.Receive(t, fake.Posts, "answer")
	if c, body := get(t, admin+"/readyz"); c != 200 {
		t.Errorf("readyz when connected: %d %q", c, body)
	}
	if c, _ := get(t, admin+"/healthz"); c != 200 {
		t.Errorf("healthz: %d", c)
	}
	_, metrics := get(t, admin+"/metrics")
	for _, want := range []string{`storybot_socket_connected 1`, `storybot_socket_envelopes_total{type="events_api"} 1`, `storybot_questions_total{kind="dm",outcome="answered"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	// The Socket Mode link is closed on the way out.
	slackfake.Receive(t, link.Closed, "the link to close")
}

func TestAdminOffByDefault(t *testing.T) {
	for _, bad := range []string{"nope", "127.0.0.1"} {
		if _, err := configFrom(map[string]string{"ADMIN_ADDR": bad}); err == nil || !strings.Contains(err.Error(), "ADMIN_ADDR") {
			t.Errorf("ADMIN_ADDR=%s: %v", bad, err)
		}
	}
	c, err := configFrom(nil)
	if err != nil || c.AdminAddr != "" {
		t.Errorf("admin address by default: %q %v", c.AdminAddr, err)
	}
	if c.RateLimit.PerUser == 0 || c.RateLimit.PerTeam == 0 {
		t.Errorf("rate limits off by default: %+v", c.RateLimit)
	}
	if c, _ := configFrom(map[string]string{"STORYBOT_RATE_LIMIT": "0"}); !c.RateLimit.Off() {
		t.Error("STORYBOT_RATE_LIMIT=0 does not turn limiting off")
	}
}

func configFrom(vars map[string]string) (config.Config, error) {
	return config.FromEnv(func(k string) string { return vars[k] })
}
