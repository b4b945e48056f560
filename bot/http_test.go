package bot

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"storybot/bot/httpserver"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
)

const testSecret = "test-signing-secret"

// httpRig is the bot's HTTP handler in front of a fake Slack, with a clock
// the test sets.
type httpRig struct {
	t     *testing.T
	slack *slackfake.Slack
	bot   *Bot
	reg   *testRegistry // the bot's and its HTTP transport's metrics
	h     http.Handler
	now   time.Time
	log   *lockedBuffer
}

func newHTTPRig(t *testing.T, ans Engine, o Options) *httpRig {
	t.Helper()
	fake := slackfake.New(t)
	log, buf := testLog(t)
	o.Engine, o.Logger = ans, log
	o.Slack = slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()))
	o.Self = Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID, TeamID: slackfake.Team}
	if o.APIURL == "" {
		o.APIURL = fake.APIURL() // its response_urls are on its host
	}
	reg := withRegistry(&o)
	rig := &httpRig{t: t, slack: fake, bot: New(o), reg: reg, now: time.Unix(1_700_000_000, 0), log: buf}
	rig.h = newServer(rig.bot, rig.reg, httpserver.Options{SigningSecret: testSecret, Now: func() time.Time { return rig.now }})
	return rig
}

// do sends a request to the handler and waits for all the work it started.
func (rig *httpRig) do(r *http.Request) *httptest.ResponseRecorder {
	rig.t.Helper()
	w := httptest.NewRecorder()
	rig.h.ServeHTTP(w, r)
	rig.bot.Wait()
	return w
}

func (rig *httpRig) event(payload map[string]any, header ...string) *httptest.ResponseRecorder {
	rig.t.Helper()
	r := slackfake.Signed(rig.t, "/slack/events", testSecret, "application/json", slackfake.JSON(rig.t, payload), rig.now)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return rig.do(r)
}

func (rig *httpRig) form(v url.Values) *httptest.ResponseRecorder {
	rig.t.Helper()
	return rig.do(slackfake.Signed(rig.t, "/slack/events", testSecret, "application/x-www-form-urlencoded", []byte(v.Encode()), rig.now))
}

func (rig *httpRig) posts() []url.Values { return slackfake.Drain(rig.slack.Posts) }

func TestHTTPEvents(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})

	// A mention is answered in a thread started on it.
	w := rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> did they pass the budget?", "100.1", "")))
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("event: %d %q", w.Code, w.Body)
	}
	ps := rig.posts()
	if len(ps) != 1 {
		t.Fatalf("%d posts, want 1", len(ps))
	}
	p := ps[0]
	if p.Get("channel") != "C1" || p.Get("thread_ts") != "100.1" || p.Get("token") != slackfake.BotToken {
		t.Errorf("posted to channel %q thread %q", p.Get("channel"), p.Get("thread_ts"))
	}
	if !strings.Contains(p.Get("blocks"), "*budget*") || !strings.Contains(p.Get("text"), "budget") {
		t.Errorf("post lacks the answer: %v", p)
	}
	if p.Get("unfurl_links") != "false" {
		t.Errorf("links unfurl: %v", p)
	}

	// A mention inside a thread is answered in that thread.
	rig.event(slackfake.Callback("Ev2", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "100.5", "100.1")))
	if ps := rig.posts(); len(ps) != 1 || ps[0].Get("thread_ts") != "100.1" {
		t.Errorf("thread reply: %v", ps)
	}

	// A DM is answered in the DM, not in a thread.
	rig.event(slackfake.Callback("Ev3", slackfake.DM("D1", "U1", "budget?", "200.1")))
	if ps := rig.posts(); len(ps) != 1 || ps[0].Get("channel") != "D1" || ps[0].Has("thread_ts") {
		t.Errorf("DM reply: %v", ps)
	}
}

func TestHTTPEventsNotAnswered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		event map[string]any
	}{
		{"own message", slackfake.With(slackfake.DM("D1", slackfake.BotUser, "budget?", "1.1"), "bot_id", slackfake.BotID)},
		{"own bot_id", slackfake.With(slackfake.DM("D1", "", "budget?", "1.1"), "bot_id", slackfake.BotID, "subtype", "bot_message")},
		{"another bot", slackfake.With(slackfake.Mention("C1", "U2", "<@UBOT> budget?", "1.1", ""), "bot_id", "BOTHER")},
		{"an edit", slackfake.With(slackfake.DM("D1", "U1", "budget?", "1.1"), "subtype", "message_changed", "message", map[string]any{"text": "budget?", "user": "U1"})},
		{"a delete", slackfake.With(slackfake.DM("D1", "", "", "1.1"), "subtype", "message_deleted", "deleted_ts", "1.0")},
		{"a join", slackfake.With(slackfake.DM("D1", "U1", "joined", "1.1"), "subtype", "channel_join")},
		{"an edited mention", slackfake.With(slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""), "edited", map[string]any{"user": "U1", "ts": "1.2"})},
		{"a channel message", slackfake.With(slackfake.DM("C1", "U1", "budget?", "1.1"), "channel_type", "channel")},
		{"a file without a question", slackfake.With(slackfake.DM("D1", "U1", "", "1.1"), "subtype", "file_share", "files", []any{map[string]any{"id": "F1", "name": "a.pdf"}})},
		{"an event we do not handle", map[string]any{"type": "reaction_added", "user": "U1", "reaction": "+1", "event_ts": "1.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ans := &fakeAnswerer{}
			rig := newHTTPRig(t, ans, Options{})
			if w := rig.event(slackfake.Callback("Ev1", tt.event)); w.Code != http.StatusOK {
				t.Errorf("status %d %s, want 200", w.Code, w.Body)
			}
			if ps := rig.posts(); len(ps) != 0 {
				t.Errorf("answered: %v", ps)
			}
			if q := ans.Questions(); len(q) != 0 {
				t.Errorf("engine asked %q", q)
			}
		})
	}
}

func TestHTTPRetries(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	ev := slackfake.Callback("EvR", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "300.1", ""))

	rig.event(ev)
	rig.event(ev, slacksig.HeaderRetryNum, "1", "X-Slack-Retry-Reason", "http_timeout")
	rig.event(ev, slacksig.HeaderRetryNum, "2", "X-Slack-Retry-Reason", "http_timeout")
	if ps := rig.posts(); len(ps) != 1 {
		t.Errorf("%d replies to one event delivered 3 times, want 1", len(ps))
	}

	// A retry whose first delivery never arrived is answered.
	rig.event(slackfake.Callback("EvMissed", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "301.1", "")), slacksig.HeaderRetryNum, "1", "X-Slack-Retry-Reason", "http_error")
	if ps := rig.posts(); len(ps) != 1 {
		t.Errorf("%d replies to a lone retry, want 1", len(ps))
	}

	// A DM that mentions the bot comes as message.im and app_mention.
	rig.event(slackfake.Callback("EvDM", slackfake.DM("D1", "U1", "<@UBOT> budget?", "400.1")))
	rig.event(slackfake.Callback("EvMention", slackfake.Mention("D1", "U1", "<@UBOT> budget?", "400.1", "")))
	if ps := rig.posts(); len(ps) != 1 || ps[0].Has("thread_ts") {
		t.Errorf("DM mention: %d replies %v, want 1 in the DM", len(ps), ps)
	}
}

func TestHTTPSignature(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	body := slackfake.JSON(t, slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	slash := []byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.slack.ResponseURL("r1"))).Encode())
	tests := []struct {
		name string
		req  func() *http.Request
		code int
	}{
		{"wrong secret", func() *http.Request {
			return slackfake.Signed(t, "/slack/events", "not-the-secret", "application/json", body, rig.now)
		}, 401},
		{"six minutes old", func() *http.Request {
			return slackfake.Signed(t, "/slack/events", testSecret, "application/json", body, rig.now.Add(-6*time.Minute))
		}, 401},
		{"body changed after signing", func() *http.Request {
			r := slackfake.Signed(t, "/slack/events", testSecret, "application/json", body, rig.now)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(string(body), "budget", "BUDGET", 1)))
			return r
		}, 401},
		{"unsigned", func() *http.Request {
			r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(string(body)))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, 401},
		{"unsigned slash command", func() *http.Request {
			r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(string(slash)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 401},
		{"unsigned ssl_check with a command smuggled in", func() *http.Request {
			r := httptest.NewRequest("POST", "/slack/events", strings.NewReader("ssl_check=1&"+string(slash)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := rig.do(tt.req())
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			if tt.code == 200 && w.Body.Len() != 0 {
				t.Errorf("body %q, want none", w.Body)
			}
		})
	}
	if ps := rig.posts(); len(ps) != 0 {
		t.Errorf("answered a request it should have refused: %v", ps)
	}
	if rs := slackfake.Drain(rig.slack.Responses); len(rs) != 0 {
		t.Errorf("answered a request it should have refused: %v", rs)
	}
	if q := ans.Questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
	if strings.Contains(rig.log.String(), testSecret) {
		t.Error("the signing secret is in the log")
	}
}

func TestHTTPHousekeeping(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})

	w := rig.event(map[string]any{"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
	var got map[string]string
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &got) != nil || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %s", w.Code, w.Body)
	}

	r := httptest.NewRequest("POST", "/slack/events", strings.NewReader("ssl_check=1&token=abc"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if w := rig.do(r); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("ssl_check: %d %q", w.Code, w.Body)
	}

	if w := rig.do(httptest.NewRequest("GET", "/healthz", nil)); w.Code != 200 {
		t.Errorf("healthz: %d", w.Code)
	}
	if w := rig.do(httptest.NewRequest("GET", "/slack/events", nil)); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /slack/events: %d", w.Code)
	}
	if w := rig.event(map[string]any{"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": 1518467820, "api_app_id": "A1"}); w.Code != 200 {
		t.Errorf("app_rate_limited: %d", w.Code)
	}
	big := slackfake.Signed(t, "/slack/events", testSecret, "application/json", []byte(`{"type":"x","pad":"`+strings.Repeat("a", 2<<20)+`"}`), rig.now)
	if w := rig.do(big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: %d", w.Code)
	}
	bad := slackfake.Signed(t, "/slack/events", testSecret, "application/json", []byte(`{"type":"event_callback","event":`), rig.now)
	if w := rig.do(bad); w.Code != http.StatusBadRequest {
		t.Errorf("broken JSON: %d", w.Code)
	}
	odd := slackfake.Signed(t, "/slack/events", testSecret, "application/json", []byte(`{"type":"event_callback","event_id":"Ev9","event":{"type":"message","text":7}}`), rig.now)
	if w := rig.do(odd); w.Code != http.StatusOK || !strings.Contains(rig.log.String(), "unreadable Events API request") {
		t.Errorf("unreadable event: %d, want it acknowledged and logged", w.Code)
	}
	xml := slackfake.Signed(t, "/slack/events", testSecret, "text/xml", []byte(`<x/>`), rig.now)
	if w := rig.do(xml); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("XML: %d", w.Code)
	}
}

func TestHTTPSlash(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	respURL := rig.slack.ResponseURL("slash1")

	// The answer is in the response itself, ephemeral, restating the
	// question, with a share button.
	w := rig.form(slackfake.Form(slackfake.Slash("C1", "U1", "did they pass the <@U2> budget?", respURL)))
	var msg struct {
		ResponseType string          `json:"response_type"`
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
	}
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &msg) != nil {
		t.Fatalf("slash: %d %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(msg.Blocks, &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	all := ""
	for _, txt := range slackfake.Texts(blocks.BlockSet) {
		all += txt.Text + "\n"
	}
	if msg.ResponseType != "ephemeral" || !strings.Contains(all, "*Q:* did they pass the @U2 budget?") || !strings.Contains(all, "*budget*") || !strings.Contains(all, "Share in channel") {
		t.Errorf("slash response %s:\n%s", msg.ResponseType, all)
	}

	// Share in channel: the same answer, posted in the channel through
	// the response_url, then the ephemeral one is removed.
	click := slackfake.ShareClick("C1", "USHARER", render.ActionShare, "did they pass the @U2 budget?", respURL)
	w = rig.form(url.Values{"payload": {string(slackfake.JSON(t, click))}})
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("share click: %d %q", w.Code, w.Body)
	}
	rs := slackfake.Drain(rig.slack.Responses)
	if len(rs) != 2 {
		t.Fatalf("%d posts to response_url, want the shared answer and the delete", len(rs))
	}
	var shared slack.WebhookMessage
	var del map[string]any
	if err := json.Unmarshal(rs[0].Body, &shared); err != nil || shared.Blocks == nil {
		t.Fatalf("shared message: %v %s", err, rs[0].Body)
	}
	json.Unmarshal(rs[1].Body, &del)
	all = ""
	for _, txt := range slackfake.Texts(shared.Blocks.BlockSet) {
		all += txt.Text + "\n"
	}
	if shared.ResponseType != "in_channel" || shared.ReplaceOriginal || !strings.Contains(all, "Shared by <@USHARER>") || strings.Contains(all, "Share in channel") || rs[0].ContentType != "application/json" {
		t.Errorf("shared message %+v:\n%s", shared, all)
	}
	if !strings.Contains(all, "*Q:* did they pass the @U2 budget?") || !strings.Contains(all, "*budget*") {
		t.Errorf("shared message does not restate the question and answer:\n%s", all)
	}
	if del["delete_original"] != true {
		t.Errorf("second post does not delete the original: %s", rs[1].Body)
	}
	if ps := rig.posts(); len(ps) != 0 {
		t.Errorf("chat.postMessage used for a slash command: %v", ps)
	}

	// Other clicks do nothing.
	rig.form(url.Values{"payload": {string(slackfake.JSON(t, slackfake.ShareClick("C1", "U1", "something_else", "x", respURL)))}})
	if rs := slackfake.Drain(rig.slack.Responses); len(rs) != 0 {
		t.Errorf("unknown action answered: %v", rs)
	}
}

func TestHTTPSlashKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, responseType string
		want               []string
		not                []string
	}{
		{"", "", []string{"`/story &lt;question&gt;`", "Who is Ann Lee?", "`/story sources`"}, []string{"Share in channel"}},
		{"help", "", []string{"`/story &lt;question&gt;`"}, nil},
		{"sources", "", []string{"I know 2 stories", "<https://news.example/budget?id=1&amp;x=2|Council approves &lt;new&gt; budget &amp; tax plan>", "Storm closes schools"}, nil},
		{"pizza?", "", []string{"The story doesn't say.", "`/story sources`"}, []string{"Share in channel", "> "}},
		{"what went boom?", "", []string{"Sorry"}, []string{"index on fire"}},
		{"panic now", "", []string{"Sorry"}, []string{"engine bug"}},
		{"budget?", ResponseInChannel, []string{"*budget*", `"in_channel"`}, []string{"Share in channel"}},
	}
	for _, tt := range tests {
		t.Run(tt.text+tt.responseType, func(t *testing.T) {
			t.Parallel()
			rig := newHTTPRig(t, &fakeAnswerer{}, Options{SlashResponse: tt.responseType, Examples: []string{"Who is Ann Lee?"}})
			w := rig.form(slackfake.Form(slackfake.Slash("C1", "U1", tt.text, rig.slack.ResponseURL("x"))))
			var v any
			json.Unmarshal(w.Body.Bytes(), &v)
			readable, _ := json.Marshal(v)
			body := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(readable))
			for _, s := range tt.want {
				if !strings.Contains(body, s) {
					t.Errorf("lacks %q: %s", s, body)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(body, s) {
					t.Errorf("has %q: %s", s, body)
				}
			}
		})
	}
}

func TestHTTPSlashSlowAnswerGoesToResponseURL(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{Block: make(chan struct{})}
	rig := newHTTPRig(t, ans, Options{SlashWait: 50 * time.Millisecond})
	done := make(chan *httptest.ResponseRecorder)
	go func() {
		w := httptest.NewRecorder()
		rig.h.ServeHTTP(w, slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
			[]byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.slack.ResponseURL("slow"))).Encode()), rig.now))
		done <- w
	}()
	// Slack must get its 200 within 3 s even though the engine is stuck.
	w := slackfake.Receive(t, done, "response to a slow slash command")
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("slow slash: %d %q, want an empty 200", w.Code, w.Body)
	}
	close(ans.Block)
	r := slackfake.Receive(t, rig.slack.Responses, "late answer on the response_url")
	if r.Path != "/response/slow" || !strings.Contains(string(r.Body), "budget") || !strings.Contains(string(r.Body), `"ephemeral"`) {
		t.Errorf("late answer: %s %s", r.Path, r.Body)
	}
	rig.bot.Wait()
}

// An answer too big for the immediate response (over maxSlashBody once
// encoded) is acknowledged empty and goes, whole, to the response_url.
func TestHTTPSlashTooBigGoesToResponseURL(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &bigAnswerer{passages: 20}, Options{Top: 20})
	w := rig.form(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.slack.ResponseURL("big"))))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("big slash: %d, %d bytes, want an empty 200", w.Code, w.Body.Len())
	}
	r := slackfake.Receive(t, rig.slack.Responses, "big answer on the response_url")
	if r.Path != "/response/big" || len(r.Body) < maxSlashBody || !strings.Contains(string(r.Body), `"ephemeral"`) {
		t.Errorf("big answer: %s, %d bytes", r.Path, len(r.Body))
	}
	rig.bot.Wait()
}

func TestHTTPPostFailureIsLogged(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	rig.slack.FailPosts("channel_not_found")
	if w := rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""))); w.Code != 200 {
		t.Errorf("status %d", w.Code)
	}
	if len(rig.posts()) != 1 || !strings.Contains(rig.log.String(), "channel_not_found") {
		t.Errorf("post failure not logged:\n%s", rig.log.String())
	}
}

func FuzzParseEventsAPI(f *testing.F) {
	for _, ev := range []map[string]any{
		slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> hi", "1.1", "")),
		slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "hi", "1.1")),
		slackfake.Callback("Ev3", slackfake.With(slackfake.DM("D1", "U1", "hi", "1.1"), "subtype", "message_changed")),
		{"type": "url_verification", "challenge": "c"},
	} {
		js, _ := json.Marshal(ev)
		f.Add(js)
	}
	f.Add([]byte(`{"type":"event_callback","event":null}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"message","message":7}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			return
		}
		in, ok := incomingFromEvent(ev)
		if ok && in.Kind != KindDM && in.Kind != KindMention {
			t.Fatalf("kind %v", in.Kind)
		}
	})
}

func FuzzSlashForm(f *testing.F) {
	f.Add(slackfake.Form(slackfake.Slash("C1", "U1", "budget <!channel>?", "https://hooks.slack.com/commands/x")).Encode())
	f.Add("text=%ZZ&command=/story")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in := incomingFromSlash(slack.SlashCommand{Text: form.Get("text"), Command: form.Get("command")})
		if in.Kind != KindSlash || in.Text != form.Get("text") {
			t.Fatalf("slash form read wrong: %+v", in)
		}
		q := questionOf(in.Text, "")
		r := render.Reply{Kind: render.ReplyAnswer, Question: q, Restate: true}
		for _, txt := range slackfake.Texts(render.Blocks(r)) {
			if pingMarkup.MatchString(txt.Text) {
				t.Fatalf("would ping: %q", txt.Text)
			}
		}
	})
}
