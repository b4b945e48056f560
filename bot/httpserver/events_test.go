package httpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestHTTPEvents(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})

	// A mention is answered in a thread started on it.
	w := rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> did they pass the budget?", "100.1", "")))
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("event: %d %q", w.Code, w.Body)
	}
	ps := rig.Posts()
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
	rig.Event(slackfake.Callback("Ev2", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "100.5", "100.1")))
	if ps := rig.Posts(); len(ps) != 1 || ps[0].Get("thread_ts") != "100.1" {
		t.Errorf("thread reply: %v", ps)
	}

	// A DM is answered in the DM, not in a thread.
	rig.Event(slackfake.Callback("Ev3", slackfake.DM("D1", "U1", "budget?", "200.1")))
	if ps := rig.Posts(); len(ps) != 1 || ps[0].Get("channel") != "D1" || ps[0].Has("thread_ts") {
		t.Errorf("DM reply: %v", ps)
	}
}

func TestHTTPSignature(t *testing.T) {
	t.Parallel()
	ans := &bottest.Engine{}
	rig := testbot.HTTP(t, ans, bot.Options{})
	body := slackfake.JSON(t, slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	slash := []byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("r1"))).Encode())
	tests := []struct {
		name string
		req  func() *http.Request
		code int
	}{
		{"wrong secret", func() *http.Request {
			return slackfake.Signed(t, "/slack/events", "not-the-secret", "application/json", body, rig.Now)
		}, 401},
		{"six minutes old", func() *http.Request {
			return slackfake.Signed(t, "/slack/events", rigs.Secret, "application/json", body, rig.Now.Add(-6*time.Minute))
		}, 401},
		{"body changed after signing", func() *http.Request {
			r := slackfake.Signed(t, "/slack/events", rigs.Secret, "application/json", body, rig.Now)
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
			w := rig.Do(tt.req())
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			if tt.code == 200 && w.Body.Len() != 0 {
				t.Errorf("body %q, want none", w.Body)
			}
		})
	}
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("answered a request it should have refused: %v", ps)
	}
	if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 0 {
		t.Errorf("answered a request it should have refused: %v", rs)
	}
	if q := ans.Questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
	if strings.Contains(rig.Log.String(), rigs.Secret) {
		t.Error("the signing secret is in the log")
	}
}

func TestHTTPHousekeeping(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})

	w := rig.Event(map[string]any{"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
	var got map[string]string
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &got) != nil || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %s", w.Code, w.Body)
	}

	r := httptest.NewRequest("POST", "/slack/events", strings.NewReader("ssl_check=1&token=abc"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if w := rig.Do(r); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("ssl_check: %d %q", w.Code, w.Body)
	}

	if w := rig.Do(httptest.NewRequest("GET", "/healthz", nil)); w.Code != 200 {
		t.Errorf("healthz: %d", w.Code)
	}
	if w := rig.Do(httptest.NewRequest("GET", "/slack/events", nil)); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /slack/events: %d", w.Code)
	}
	if w := rig.Event(map[string]any{"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": 1518467820, "api_app_id": "A1"}); w.Code != 200 {
		t.Errorf("app_rate_limited: %d", w.Code)
	}
	big := slackfake.Signed(t, "/slack/events", rigs.Secret, "application/json", []byte(`{"type":"x","pad":"`+strings.Repeat("a", 2<<20)+`"}`), rig.Now)
	if w := rig.Do(big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: %d", w.Code)
	}
	bad := slackfake.Signed(t, "/slack/events", rigs.Secret, "application/json", []byte(`{"type":"event_callback","event":`), rig.Now)
	if w := rig.Do(bad); w.Code != http.StatusBadRequest {
		t.Errorf("broken JSON: %d", w.Code)
	}
	odd := slackfake.Signed(t, "/slack/events", rigs.Secret, "application/json", []byte(`{"type":"event_callback","event_id":"Ev9","event":{"type":"message","text":7}}`), rig.Now)
	if w := rig.Do(odd); w.Code != http.StatusOK || !strings.Contains(rig.Log.String(), "unreadable Events API request") {
		t.Errorf("unreadable event: %d, want it acknowledged and logged", w.Code)
	}
	xml := slackfake.Signed(t, "/slack/events", rigs.Secret, "text/xml", []byte(`<x/>`), rig.Now)
	if w := rig.Do(xml); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("XML: %d", w.Code)
	}
}

func TestHTTPSlash(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})
	respURL := rig.Slack.ResponseURL("slash1")

	// The answer is in the response itself, ephemeral, restating the
	// question, with a share button.
	w := rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", "did they pass the <@U2> budget?", respURL)))
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
	w = rig.Form(url.Values{"payload": {string(slackfake.JSON(t, click))}})
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("share click: %d %q", w.Code, w.Body)
	}
	rs := slackfake.Drain(rig.Slack.Responses)
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
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("chat.postMessage used for a slash command: %v", ps)
	}

	// Other clicks do nothing.
	rig.Form(url.Values{"payload": {string(slackfake.JSON(t, slackfake.ShareClick("C1", "U1", "something_else", "x", respURL)))}})
	if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 0 {
		t.Errorf("unknown action answered: %v", rs)
	}
}

func TestHTTPSlashSlowAnswerGoesToResponseURL(t *testing.T) {
	t.Parallel()
	ans := &bottest.Engine{Block: make(chan struct{})}
	rig := testbot.HTTP(t, ans, bot.Options{SlashWait: 50 * time.Millisecond})
	done := make(chan *httptest.ResponseRecorder)
	go func() {
		w := httptest.NewRecorder()
		rig.H.ServeHTTP(w, slackfake.Signed(t, "/slack/events", rigs.Secret, "application/x-www-form-urlencoded",
			[]byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("slow"))).Encode()), rig.Now))
		done <- w
	}()
	// Slack must get its 200 within 3 s even though the engine is stuck.
	w := slackfake.Receive(t, done, "response to a slow slash command")
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("slow slash: %d %q, want an empty 200", w.Code, w.Body)
	}
	close(ans.Block)
	r := slackfake.Receive(t, rig.Slack.Responses, "late answer on the response_url")
	if r.Path != "/response/slow" || !strings.Contains(string(r.Body), "budget") || !strings.Contains(string(r.Body), `"ephemeral"`) {
		t.Errorf("late answer: %s %s", r.Path, r.Body)
	}
	rig.Bot.Wait()
}

// An answer too big for the immediate response (over MaxSlashBody once
// encoded) is acknowledged empty and goes, whole, to the response_url.
func TestHTTPSlashTooBigGoesToResponseURL(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Big{Passages: 20}, bot.Options{Top: 20})
	w := rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("big"))))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("big slash: %d, %d bytes, want an empty 200", w.Code, w.Body.Len())
	}
	r := slackfake.Receive(t, rig.Slack.Responses, "big answer on the response_url")
	if r.Path != "/response/big" || len(r.Body) < httpserver.MaxSlashBody || !strings.Contains(string(r.Body), `"ephemeral"`) {
		t.Errorf("big answer: %s, %d bytes", r.Path, len(r.Body))
	}
	rig.Bot.Wait()
}
