package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/joho/godotenv"
	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/cmd/storybot/internal/config"
)

// testStory is a corpus of one story, small enough that its answers do
// not depend on the finer points of ranking.
const testStory = `id: budget
title: Council passes <budget> & tax plan
url: https://news.example/budget?id=1&x=2
outlet: The Example
published: 2024-03-01

The city council approved the budget on Tuesday by seven votes to two.

"This budget is fair to every family," said Mayor Ann Lee, and she told <!channel> it was done.

Storms closed three schools in the north of the city.
`

func testCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "budget.txt"), []byte(testStory), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// logWriter collects what run writes to stderr, and reports the address
// the HTTP server listens on, and the admin server's.
type logWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	addrs  chan string
	admins chan string
	// drop keeps nothing but the lines at level ERROR (the soak test
	// keeps the log from growing the heap it measures).
	drop bool
}

var (
	listening      = regexp.MustCompile(`msg=listening addr=(\S+)|"msg":"listening","addr":"([^"]+)"`)
	adminListening = regexp.MustCompile(`msg="admin listening" addr=(\S+)|"msg":"admin listening","addr":"([^"]+)"`)
)

func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if m := listening.FindSubmatch(p); m != nil {
		w.addrs <- string(m[1]) + string(m[2])
	}
	if m := adminListening.FindSubmatch(p); m != nil {
		w.admins <- string(m[1]) + string(m[2])
	}
	if w.drop && !bytes.Contains(p, []byte("level=ERROR")) {
		return len(p), nil
	}
	return w.buf.Write(p)
}

func (w *logWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// running is storybot running in-process, as main runs it.
type running struct {
	t      *testing.T
	cancel context.CancelFunc
	hup    chan os.Signal // a send is a SIGHUP
	done   chan error
	stdout *bytes.Buffer
	stderr *logWriter
	err    error
	ended  bool
}

func start(t *testing.T, args []string, vars map[string]string, stdin io.Reader) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{t: t, cancel: cancel, hup: make(chan os.Signal, 1), done: make(chan error, 1), stdout: &bytes.Buffer{}, stderr: &logWriter{addrs: make(chan string, 1), admins: make(chan string, 1)}}
	if _, ok := vars["STORYBOT_FEEDBACK"]; !ok {
		// The Slack modes write votes there: not in the package's folder.
		vars = maps.Clone(vars)
		if vars == nil {
			vars = map[string]string{}
		}
		vars["STORYBOT_FEEDBACK"] = filepath.Join(t.TempDir(), "feedback.jsonl")
	}
	if _, ok := vars["DATABASE_URL"]; !ok {
		// The question log and the votes: not in the package's folder.
		vars = maps.Clone(vars)
		vars["DATABASE_URL"] = "sqlite:" + filepath.Join(t.TempDir(), "storybot.db")
	}
	getenv := func(k string) string { return vars[k] }
	go func() {
		r.done <- run(ctx, append([]string{"storybot"}, args...), getenv, stdin, r.stdout, r.stderr, r.hup)
	}()
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			t.Logf("stderr:\n%s", r.stderr.String())
		}
	})
	return r
}

// stop cancels run and returns its error; run has finished all its work
// when it returns.
func (r *running) stop() error {
	r.t.Helper()
	if !r.ended {
		r.cancel()
		r.err = slackfake.Receive(r.t, r.done, "storybot to stop")
		r.ended = true
	}
	return r.err
}

// wait waits for run to end by itself.
func (r *running) wait() error {
	r.t.Helper()
	r.err = slackfake.Receive(r.t, r.done, "storybot to finish")
	r.ended = true
	return r.err
}

func TestConsoleMode(t *testing.T) {
	input := strings.Join([]string{
		"how many votes approved the budget?",
		"/story how many votes approved the budget?",
		"what about pizza?",
		"sources",
		"help",
		"/story",
	}, "\n")
	r := start(t, []string{"console"}, map[string]string{"STORYBOT_CORPUS": testCorpus(t)}, strings.NewReader(input))
	if err := r.wait(); err != nil {
		t.Fatalf("run: %v", err)
	}
	out := r.stdout.String()
	for _, want := range []string{
		"1. “The city council approved the budget on Tuesday by seven votes to two.”\n   — Council passes <budget> & tax plan, paragraph 1, sentence 1 (https://news.example/budget?id=1&x=2)",
		"Q: how many votes approved the budget?\n1. “The city council approved",
		"The story doesn't say.",
		"I know 1 story:\n• Council passes <budget> & tax plan (The Example, 2024-03-01) https://news.example/budget?id=1&x=2",
		"quit              leave",
		"Use /story QUESTION",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "storybot>") || strings.Contains(out, "\x1b") {
		t.Errorf("prompt or ANSI codes in piped output:\n%s", out)
	}
}

func TestModeChoice(t *testing.T) {
	corpus := testCorpus(t)
	fake := slackfake.New(t)
	slackVars := func(kv ...string) map[string]string {
		m := map[string]string{"STORYBOT_CORPUS": corpus, "SLACK_API_URL": fake.APIURL()}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		args    []string
		vars    map[string]string
		console bool   // runs the console (and answers the question on stdin)
		wantErr string // else: fails to start, saying this
	}{
		{"console subcommand despite Slack settings", []string{"console"}, slackVars("SLACK_APP_TOKEN", slackfake.AppToken, "SLACK_BOT_TOKEN", slackfake.BotToken), true, ""},
		{"--mode console", []string{"--mode", "console"}, slackVars("SLACK_SIGNING_SECRET", "s"), true, ""},
		{"nothing set, input piped", nil, map[string]string{"STORYBOT_CORPUS": corpus}, false, "nothing to do: no Slack settings in the environment or in "},
		{"nothing set, input piped, console asked for", []string{"console"}, map[string]string{"STORYBOT_CORPUS": corpus}, true, ""},
		{"only a bot token, input piped", nil, slackVars("SLACK_BOT_TOKEN", slackfake.BotToken), false, "nothing to do: SLACK_BOT_TOKEN but neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET"},
		{"PORT=0", []string{"http"}, slackVars("SLACK_BOT_TOKEN", slackfake.BotToken, "SLACK_SIGNING_SECRET", "s", "PORT", "0"), false, "PORT=\"0\" is not a port number: set PORT to a number from 1 to 65535"},
		{"STORYBOT_RATE_LIMIT=NaN", []string{"http"}, slackVars("SLACK_BOT_TOKEN", slackfake.BotToken, "SLACK_SIGNING_SECRET", "s", "STORYBOT_RATE_LIMIT", "NaN"), false, "STORYBOT_RATE_LIMIT=\"NaN\""},
		{"app token in the bot token's place", nil, slackVars("SLACK_APP_TOKEN", slackfake.AppToken, "SLACK_BOT_TOKEN", slackfake.AppToken), false, "SLACK_BOT_TOKEN holds an app-level token (xapp-…): set SLACK_BOT_TOKEN"},
		{"bot token in the app token's place", nil, slackVars("SLACK_APP_TOKEN", slackfake.BotToken, "SLACK_BOT_TOKEN", slackfake.BotToken), false, "SLACK_APP_TOKEN holds a bot token"},
		{"http without a secret", []string{"http"}, slackVars("SLACK_BOT_TOKEN", slackfake.BotToken), false, "HTTP mode needs SLACK_SIGNING_SECRET"},
		{"socket without an app token", []string{"socket"}, slackVars("SLACK_BOT_TOKEN", slackfake.BotToken), false, "Socket Mode needs SLACK_APP_TOKEN"},
		{"bot token refused by Slack", nil, slackVars("SLACK_APP_TOKEN", slackfake.AppToken, "SLACK_BOT_TOKEN", "xoxb-revoked"), false, "Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)"},
		{"app token refused by Slack", nil, slackVars("SLACK_APP_TOKEN", "xapp-revoked", "SLACK_BOT_TOKEN", slackfake.BotToken), false, "Slack refused SLACK_APP_TOKEN"},
		{"subcommand and --mode disagree", []string{"socket", "--mode", "http"}, slackVars(), false, "contradicts"},
		{"unknown --mode", []string{"--mode", "rtm"}, slackVars(), false, "unknown mode"},
		{"stray argument", []string{"console", "what?"}, slackVars(), false, "unexpected argument"},
		{"bad PORT", []string{"http"}, slackVars("SLACK_BOT_TOKEN", slackfake.BotToken, "SLACK_SIGNING_SECRET", "s", "PORT", "eighty"), false, "PORT"},
		{"missing corpus", []string{"console"}, map[string]string{"STORYBOT_CORPUS": filepath.Join(corpus, "nope")}, false, "STORYBOT_CORPUS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := start(t, tt.args, tt.vars, strings.NewReader("how many votes approved the budget?\n"))
			err := r.wait()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("run = %v, want an error saying %q", err, tt.wantErr)
				}
				for _, secret := range []string{"revoked", slackfake.AppToken, slackfake.BotToken} {
					if strings.Contains(r.stderr.String(), secret) {
						t.Errorf("a token is in the log:\n%s", r.stderr.String())
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if tt.console && !strings.Contains(r.stdout.String(), "seven votes") {
				t.Errorf("console did not answer:\n%s", r.stdout.String())
			}
		})
	}
}

func TestHTTPMode(t *testing.T) {
	fake := slackfake.New(t)
	h := startHTTP(t, fake)
	h.checkHealth()
	h.checkEvents()
	h.checkSlash()

	if err := h.r.stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("%d replies that should not have been sent: %v", len(ps), ps)
	}
	if rs := slackfake.Drain(fake.Responses); len(rs) != 0 {
		t.Errorf("unexpected response_url posts: %v", rs)
	}
	log := h.r.stderr.String()
	for _, s := range []string{httpSecret, slackfake.BotToken} {
		if strings.Contains(log, s) {
			t.Errorf("the log shows a secret:\n%s", log)
		}
	}
	if !strings.Contains(log, "rejected unsigned or badly signed request") {
		t.Errorf("refusal not logged:\n%s", log)
	}
}

// httpSecret signs TestHTTPMode's requests.
const httpSecret = "e2e-signing-secret"

// httpRun is storybot in HTTP mode against a fake Slack, and a client
// that signs what it sends it.
type httpRun struct {
	t              *testing.T
	fake           *slackfake.Slack
	r              *running
	addr, endpoint string
}

func startHTTP(t *testing.T, fake *slackfake.Slack) *httpRun {
	r := start(t, []string{"--addr", "127.0.0.1:0"}, map[string]string{
		"STORYBOT_CORPUS":      testCorpus(t),
		"SLACK_BOT_TOKEN":      slackfake.BotToken,
		"SLACK_SIGNING_SECRET": httpSecret,
		"SLACK_API_URL":        fake.APIURL(),
		"LOG_LEVEL":            "debug",
	}, nil)
	addr := slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
	return &httpRun{t: t, fake: fake, r: r, addr: addr, endpoint: "http://" + addr + "/slack/events"}
}

// send posts a signed body, with the headers given as name, value….
func (h *httpRun) send(contentType string, body []byte, header ...string) *http.Response {
	h.t.Helper()
	req := slackfake.Signed(h.t, h.endpoint, httpSecret, contentType, body, time.Now())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (h *httpRun) event(ev map[string]any, header ...string) *http.Response {
	h.t.Helper()
	return h.send("application/json", slackfake.JSON(h.t, ev), header...)
}

func (h *httpRun) form(v url.Values) *http.Response {
	h.t.Helper()
	return h.send("application/x-www-form-urlencoded", []byte(v.Encode()))
}

// checkHealth checks health, and the URL check Slack does when the app
// is set up.
func (h *httpRun) checkHealth() {
	t := h.t
	resp, err := http.Get("http://" + h.addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp = h.event(map[string]any{"type": "url_verification", "challenge": "chal-123", "token": "x"})
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || !strings.Contains(string(b), `"challenge":"chal-123"`) {
		t.Errorf("url_verification: %d %s", resp.StatusCode, b)
	}
}

// checkEvents checks the events answered, those not, and a bad
// signature.
func (h *httpRun) checkEvents() {
	t, fake := h.t, h.fake
	// A mention, answered in its thread, with the mention stripped.
	resp := h.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> how many votes approved the budget?", "100.1", "")))
	if resp.StatusCode != 200 {
		t.Fatalf("event: %d", resp.StatusCode)
	}
	p := slackfake.Receive(t, fake.Posts, "reply to the mention")
	checkAnswerPost(t, p, "C1", "100.1")

	// A retry of it is not answered again.
	h.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> how many votes approved the budget?", "100.1", "")), "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
	// A DM, answered in the DM; its twin app_mention is not.
	h.event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "<@UBOT> what about pizza?", "200.1")))
	p = slackfake.Receive(t, fake.Posts, "reply to the DM")
	if p.Get("channel") != "D1" || p.Has("thread_ts") || !strings.Contains(p.Get("text"), "The story doesn't say") || strings.Contains(p.Get("blocks"), "paragraph") {
		t.Errorf("DM reply: %v", p)
	}
	h.event(slackfake.Callback("Ev3", slackfake.Mention("D1", "U1", "<@UBOT> what about pizza?", "200.1", "")))
	// The bot's own message, and another bot's, are not answered.
	h.event(slackfake.Callback("Ev4", slackfake.With(slackfake.DM("D1", slackfake.BotUser, "how many votes?", "300.1"), "bot_id", slackfake.BotID)))
	h.event(slackfake.Callback("Ev5", slackfake.With(slackfake.DM("D1", "U9", "how many votes?", "300.2"), "bot_id", "BOTHER", "subtype", "bot_message")))
	// A badly signed request is refused.
	req := slackfake.Signed(t, h.endpoint, "wrong-secret", "application/json", slackfake.JSON(t, slackfake.Callback("Ev6", slackfake.DM("D1", "U1", "how many votes?", "400.1"))), time.Now())
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("bad signature: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}

// checkSlash checks /story: answered in the response, ephemeral, with a
// share button; and sharing it.
func (h *httpRun) checkSlash() {
	t, fake := h.t, h.fake
	respURL := fake.ResponseURL("slash")
	resp := h.form(slackfake.Form(slackfake.Slash("C1", "U1", "how many votes approved the budget?", respURL)))
	var msg slack.WebhookMessage
	if err := json.NewDecoder(resp.Body).Decode(&msg); err != nil || msg.ResponseType != "ephemeral" || msg.Blocks == nil {
		t.Fatalf("slash: %v %+v", err, msg)
	}
	js, _ := json.Marshal(msg.Blocks)
	if !strings.Contains(string(js), "seven *votes* to two.") || !strings.Contains(string(js), render.ActionShare) {
		t.Errorf("slash answer: %s", js)
	}
	// Share it.
	click := slackfake.ShareClick("C1", "U1", render.ActionShare, "how many votes approved the budget?", respURL)
	if resp := h.form(url.Values{"payload": {string(slackfake.JSON(t, click))}}); resp.StatusCode != 200 {
		t.Errorf("click: %d", resp.StatusCode)
	}
	shared := slackfake.Receive(t, fake.Responses, "shared answer")
	if !strings.Contains(string(shared.Body), `"response_type":"in_channel"`) || !strings.Contains(string(shared.Body), "seven *votes* to two.") {
		t.Errorf("shared: %s", shared.Body)
	}
	slackfake.Receive(t, fake.Responses, "delete of the ephemeral answer")
}

// checkAnswerPost checks a chat.postMessage of the answer to the votes
// question.
func checkAnswerPost(t *testing.T, p url.Values, channel, thread string) {
	t.Helper()
	if p.Get("channel") != channel || p.Get("thread_ts") != thread || p.Get("token") != slackfake.BotToken {
		t.Errorf("posted to %q thread %q: %v", p.Get("channel"), p.Get("thread_ts"), p)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal([]byte(p.Get("blocks")), &blocks); err != nil || len(blocks.BlockSet) == 0 {
		t.Fatalf("blocks: %v %s", err, p.Get("blocks"))
	}
	js, _ := json.Marshal(blocks)
	readable := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(js))
	for _, want := range []string{
		"> The city council ",
		" on Tuesday by seven *votes* to two.",
		"<https://news.example/budget?id=1&amp;x=2|Council passes &lt;budget&gt; &amp; tax plan>, paragraph 1, sentence 1",
	} {
		if !strings.Contains(readable, want) {
			t.Errorf("answer lacks %q:\n%s", want, readable)
		}
	}
	if strings.Contains(readable, "<!channel>") || strings.Contains(p.Get("text"), "<!channel>") {
		t.Errorf("the answer would ping the channel: %s", readable)
	}
	if !strings.Contains(p.Get("text"), "seven votes to two") {
		t.Errorf("fallback text: %q", p.Get("text"))
	}
}

func TestSocketMode(t *testing.T) {
	fake := slackfake.New(t)
	r := start(t, nil, map[string]string{
		"STORYBOT_CORPUS": testCorpus(t),
		"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	}, nil)
	link := slackfake.Receive(t, fake.Links, "socket mode connection")
	if fake.AuthTests() != 1 {
		t.Errorf("auth.test called %d times", fake.AuthTests())
	}
	if h := slackfake.Receive(t, fake.Opens, "apps.connections.open"); h.Get("Authorization") != "Bearer "+slackfake.AppToken {
		t.Errorf("apps.connections.open with %q", h.Get("Authorization"))
	}

	mention := slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT|storybot> how many votes approved the budget?", "100.1", "99.9"))
	link.WaitAck(t, link.Send(t, "events_api", mention))
	checkAnswerPost(t, slackfake.Receive(t, fake.Posts, "reply to the mention"), "C1", "99.9")
	link.WaitAck(t, link.Send(t, "events_api", mention)) // redelivered: acked, not answered

	// /story sources, answered in the ack.
	a := link.WaitAck(t, link.Send(t, "slash_commands", slackfake.Slash("C1", "U1", "sources", fake.ResponseURL("s"))))
	if !strings.Contains(string(a.Payload), "I know 1 story") || !strings.Contains(string(a.Payload), `"response_type":"ephemeral"`) {
		t.Errorf("slash ack: %s", a.Payload)
	}

	// Slack refreshes the connection; answers continue on the new one.
	link.Disconnect(t, "refresh_requested")
	slackfake.Receive(t, fake.Opens, "apps.connections.open after the disconnect")
	link2 := slackfake.Receive(t, fake.Links, "second connection")
	link2.WaitAck(t, link2.Send(t, "events_api", slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "how many votes approved the budget?", "200.1"))))
	p := slackfake.Receive(t, fake.Posts, "reply to the DM on the second connection")
	if p.Get("channel") != "D1" || p.Has("thread_ts") {
		t.Errorf("DM reply: %v", p)
	}
	// Its own message is not answered.
	link2.WaitAck(t, link2.Send(t, "events_api", slackfake.Callback("Ev3", slackfake.With(slackfake.DM("D1", slackfake.BotUser, "how many votes?", "200.2"), "bot_id", slackfake.BotID))))

	if err := r.stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("%d replies that should not have been sent: %v", len(ps), ps)
	}
}

// TestEnvExample checks that .env.example, copied to .env as it is,
// starts the console. (TestSettingsDocumented checks that it sets every
// variable.)
func TestEnvExample(t *testing.T) {
	vars, err := godotenv.Read("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.FromEnv(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if m := cfg.Pick(config.ModeAuto); m != config.ModeConsole || cfg.Validate(m) != nil {
		t.Errorf(".env.example as is runs %q", m)
	}
}
