package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/slack-go/slack"

	"storybot/bot/httpserver"
	"storybot/bot/render"
	"storybot/bot/slackfake"
)

// countingReader is an endless body that counts the bytes read from it.
type countingReader struct{ n atomic.Int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n.Add(int64(len(p)))
	return len(p), nil
}

func TestHTTP413WithoutReadingTheBody(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	const size = 2 << 20 // 2 MiB

	// Announced as 2 MiB: refused before a byte is read.
	body := &countingReader{}
	r := httptest.NewRequest("POST", "/slack/events", io.LimitReader(body, size))
	r.ContentLength = size
	r.Header.Set("Content-Type", "application/json")
	if w := rig.do(r); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB with Content-Length: %d, want 413", w.Code)
	}
	if n := body.n.Load(); n != 0 {
		t.Errorf("read %d bytes of a body announced as too big, want 0", n)
	}

	// Sent without a length (chunked), with signature headers that pass
	// the checks made before reading: read up to the limit, not further.
	body = &countingReader{}
	r = httptest.NewRequest("POST", "/slack/events", io.LimitReader(body, size))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	forged(r, rig.now)
	if w := rig.do(r); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB chunked: %d, want 413", w.Code)
	}
	if n := body.n.Load(); n > httpserver.MaxRequestBody+64<<10 || n >= size {
		t.Errorf("read %d bytes of a 2 MiB body, want at most about %d", n, httpserver.MaxRequestBody)
	}

	// Exactly at the limit is read (and then fails the signature check).
	r = httptest.NewRequest("POST", "/slack/events", strings.NewReader(strings.Repeat("a", httpserver.MaxRequestBody)))
	r.Header.Set("Content-Type", "application/json")
	forged(r, rig.now)
	if w := rig.do(r); w.Code != http.StatusUnauthorized {
		t.Errorf("1 MiB: %d, want 401", w.Code)
	}

	// Over a real connection, with a properly signed 2 MiB body.
	srv := httptest.NewServer(rig.h)
	defer srv.Close()
	big := []byte(`{"type":"event_callback","pad":"` + strings.Repeat("a", size) + `"}`)
	req := slackfake.Signed(t, srv.URL+"/slack/events", testSecret, "application/json", big, rig.now)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("signed 2 MiB over HTTP: %d, want 413", resp.StatusCode)
	}
	if got := metricValue(t, rig.bot, "storybot_http_requests_total", "kind", "unknown", "outcome", "too_large"); got != 3 {
		t.Errorf("too_large requests counted %v, want 3", got)
	}
}

func TestHTTPMalformedRequests(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	signed := func(ct, body string) *http.Request {
		return slackfake.Signed(t, "/slack/events", testSecret, ct, []byte(body), rig.now)
	}
	tests := []struct {
		name string
		req  *http.Request
		code int
	}{
		{"truncated JSON", signed("application/json", `{"type":"event_callback","event":{"type":"app_mention"`), 400},
		{"JSON that is not an object", signed("application/json", `[1,2,3]`), 400},
		{"empty JSON body", signed("application/json", ``), 400},
		{"invalid UTF-8 in JSON", signed("application/json", "{\"type\":\"\xff\xfe\"}"), 200},
		{"broken form", signed("application/x-www-form-urlencoded", "command=%2Fstory&text=%zz"), 400},
		{"form that is neither command nor payload", signed("application/x-www-form-urlencoded", "hello=world"), 400},
		{"broken interactive payload", signed("application/x-www-form-urlencoded", "payload=%7Bnope"), 400},
		{"no content type", signed("", `{}`), 415},
		{"an outer event type not known", signed("application/json", `{"type":"brand_new_thing","team_id":"T1"}`), 200},
		{"an inner event type not known", signed("application/json", string(slackfake.JSON(t, slackfake.Callback("EvX", map[string]any{"type": "emoji_changed", "subtype": "add"})))), 200},
		{"an inner event that is not an object", signed("application/json", `{"type":"event_callback","event_id":"EvY","event":"surprise"}`), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := rig.do(tt.req); w.Code != tt.code {
				t.Errorf("status %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tt.code)
			}
		})
	}
	if ps := rig.posts(); len(ps) != 0 {
		t.Errorf("answered a malformed request: %v", ps)
	}
	if q := ans.Questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
}

// TestServerTimeouts checks that a slow client cannot hold a connection:
// one that never finishes its headers, and one that drips its body.
func TestServerTimeouts(t *testing.T) {
	t.Parallel()
	if httpserver.DefaultTimeouts.ReadHeader <= 0 || httpserver.DefaultTimeouts.Read <= 0 || httpserver.DefaultTimeouts.Write <= 0 || httpserver.DefaultTimeouts.Idle <= 0 {
		t.Fatalf("a default timeout is unset: %+v", httpserver.DefaultTimeouts)
	}
	log, _ := testLog(t)
	var o Options
	reg := withRegistry(&o)
	srv := httpserver.NewHTTPServer(newServer(newTestBot(t, &fakeAnswerer{}, o), reg, httpserver.Options{SigningSecret: testSecret}),
		httpserver.Timeouts{ReadHeader: 100 * time.Millisecond, Read: 200 * time.Millisecond, Write: time.Second, Idle: time.Second}, log)
	if srv.ReadHeaderTimeout != 100*time.Millisecond || srv.ReadTimeout != 200*time.Millisecond || srv.WriteTimeout != time.Second || srv.IdleTimeout != time.Second {
		t.Fatalf("timeouts not applied: %+v", srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	closedBy := func(name string, send func(c net.Conn)) {
		t.Helper()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		send(c)
		// The server must close the connection long before this deadline.
		c.SetReadDeadline(time.Now().Add(slackfake.Timeout))
		start := time.Now()
		_, err = io.ReadAll(bufio.NewReader(c))
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("%s: connection still open after %v", name, time.Since(start))
		}
	}
	closedBy("half the headers", func(c net.Conn) {
		io.WriteString(c, "POST /slack/events HTTP/1.1\r\nHost: x\r\n")
	})
	closedBy("a dripping body", func(c net.Conn) {
		io.WriteString(c, "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
	})
}

func TestQuestionLimits(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	b := newTestBot(t, ans, Options{Examples: []string{"Who is Ann Lee?"}})
	ctx := context.Background()
	ask := func(text string) render.Reply {
		t.Helper()
		r, ok := b.HandleQuestion(ctx, Incoming{Kind: KindDM, Channel: "D1", User: "U1", Text: text})
		if !ok {
			t.Fatalf("%q not answered", text)
		}
		return r
	}

	long := strings.Repeat("é", render.MaxQuestionChars+1)
	if r := ask("<@UBOT> " + long); r.Kind != render.ReplyTooLong || r.Length != render.MaxQuestionChars+1 {
		t.Errorf("a %d-character question: %v", render.MaxQuestionChars+1, r.Kind)
	} else {
		txt := render.Fallback(r)
		if !strings.Contains(txt, "too long") || !strings.Contains(txt, "1,000") || len(txt) > 300 || strings.Contains(txt, "é") {
			t.Errorf("too-long reply: %q", txt)
		}
	}
	if r := ask(strings.Repeat("a", render.MaxQuestionChars)); r.Kind != render.ReplyAnswer {
		t.Errorf("a question of exactly %d characters: %v", render.MaxQuestionChars, r.Kind)
	}
	for _, empty := range []string{"<@UBOT>", "<@UBOT>   \t\n", "\x00\x01\u200b", "<@UBOT> \u202e"} {
		if r := ask(empty); r.Kind != render.ReplyUsage || len(r.Examples) == 0 {
			t.Errorf("%q: %v, want the usage reply", empty, r.Kind)
		}
	}
	// Control characters, invisible formatting and invalid UTF-8 do not
	// reach the engine.
	ask("budget\x00 \x1b[31mvotes\u202e?\xff\xfe tax\tplan\r\nnow")
	qs := ans.Questions()
	if got := qs[len(qs)-1]; got != "budget [31mvotes? tax plan now" {
		t.Errorf("engine asked %q", got)
	}
	if n := len(ans.Questions()); n != 2 {
		t.Errorf("engine asked %d questions, want 2", n)
	}
	if got := metricValue(t, b, "storybot_questions_total", "kind", "dm", "outcome", "too_long"); got != 1 {
		t.Errorf("too_long counted %v", got)
	}
}

// hostile is a question full of markup that must never become live in a
// reply: a channel ping, a user mention, a link, and escapes.
const hostile = "budget <!channel> <@U999> <https://evil.example|click> &lt;!here&gt; *bold* ~x~ `code`?"

// live finds mrkdwn that would ping or link: <!…>, <@…>, <#…>, <http…>.
func live(s string) []string {
	var out []string
	for _, m := range []string{"<!", "<@U999", "<#", "<https://evil", "<http://evil"} {
		if strings.Contains(s, m) {
			out = append(out, m)
		}
	}
	return out
}

func TestEscapedInEveryReplyPath(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	slackText := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(hostile)
	// What Slack sends for a message typed with real mentions and links.
	asTyped := "<@UBOT> budget <!channel> <@U999> <https://evil.example|click> " + slackText

	readable := func(js []byte) string {
		return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(js))
	}
	// check looks at what Slack renders: the fallback text and the blocks'
	// mrkdwn (a button's value is data, never shown).
	check := func(path string, js []byte) {
		t.Helper()
		var msg slack.WebhookMessage
		if err := json.Unmarshal(js, &msg); err != nil {
			t.Fatalf("%s: %v %s", path, err, js)
		}
		s := msg.Text + "\n"
		if msg.Blocks != nil {
			s += slackMessage(t, js)
		}
		if l := live(s); len(l) > 0 {
			t.Errorf("%s: live markup %q in:\n%s", path, l, s)
		}
	}
	post := func(p url.Values) []byte {
		return slackfake.JSON(t, map[string]any{"text": p.Get("text"), "blocks": json.RawMessage(p.Get("blocks"))})
	}

	// Slash command, answered at once.
	w := rig.form(slackfake.Form(slackfake.Slash("C1", "U1", asTyped, rig.slack.ResponseURL("r1"))))
	check("slash", w.Body.Bytes())
	if !strings.Contains(readable(w.Body.Bytes()), "&lt;!channel&gt; &lt;@U999&gt;") {
		t.Errorf("slash answer does not restate the question escaped: %s", readable(w.Body.Bytes()))
	}
	// Slash command answered late, on the response_url.
	slow := &fakeAnswerer{Block: make(chan struct{})}
	rig2 := newHTTPRig(t, slow, Options{SlashWait: time.Millisecond})
	rig2.h.ServeHTTP(httptest.NewRecorder(), slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
		[]byte(slackfake.Form(slackfake.Slash("C1", "U1", asTyped, rig2.slack.ResponseURL("late"))).Encode()), rig2.now))
	close(slow.Block)
	late := slackfake.Receive(t, rig2.slack.Responses, "late slash answer")
	rig2.bot.Wait()
	check("late slash", late.Body)
	// Mention, answered in a thread; DM.
	rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", asTyped, "1.1", "")))
	rig.event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", asTyped, "2.1")))
	// Too long: a reply that quotes nothing.
	rig.event(slackfake.Callback("Ev3", slackfake.DM("D1", "U1", asTyped+strings.Repeat(" <!channel>", 200), "3.1")))
	ps := rig.posts()
	if len(ps) != 3 {
		t.Fatalf("%d posts, want 3", len(ps))
	}
	for _, p := range ps {
		check("post "+p.Get("channel"), post(p))
	}
	// Shared in the channel.
	button := slackfake.ButtonValues(t, messageBlocks(t, w.Body.Bytes()))[render.ActionShare]
	click := slackfake.ShareClick("C1", "U1", render.ActionShare, button, rig.slack.ResponseURL("r1"))
	rig.form(url.Values{"payload": {string(slackfake.JSON(t, click))}})
	rs := slackfake.Drain(rig.slack.Responses)
	if len(rs) != 2 {
		t.Fatalf("share: %d responses", len(rs))
	}
	check("share", rs[0].Body)
	if !strings.Contains(readable(rs[0].Body), "budget @channel @U999 click budget &lt;!channel&gt; &lt;@U999&gt;") {
		t.Errorf("the shared answer does not restate the question as asked: %s", readable(rs[0].Body))
	}
}

// messageBlocks are the blocks of a message's JSON.
func messageBlocks(t *testing.T, js []byte) []byte {
	t.Helper()
	var msg struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(js, &msg); err != nil {
		t.Fatal(err)
	}
	return msg.Blocks
}

func TestUnknownEventTypesAreIgnored(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	for i, ev := range []map[string]any{
		{"type": "reaction_added", "user": "U1", "reaction": "+1", "event_ts": "1.1"},
		{"type": "member_joined_channel", "user": "U1", "channel": "C1"},
		{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"},
		{"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1", "text": "budget?", "ts": "1.1"},
	} {
		if w := rig.event(slackfake.Callback("EvU"+string(rune('a'+i)), ev)); w.Code != 200 || w.Body.Len() != 0 {
			t.Errorf("%v: %d %q, want an empty 200", ev["type"], w.Code, w.Body)
		}
	}
	if len(rig.posts()) != 0 || len(ans.Questions()) != 0 {
		t.Error("an event the bot does not handle was answered")
	}
}

// slackMessage decodes a reply's blocks and returns their texts.
func slackMessage(t *testing.T, js []byte) string {
	t.Helper()
	var msg slack.WebhookMessage
	if err := json.Unmarshal(js, &msg); err != nil || msg.Blocks == nil {
		t.Fatalf("not a message: %v %s", err, js)
	}
	var all strings.Builder
	for _, txt := range slackfake.Texts(msg.Blocks.BlockSet) {
		all.WriteString(txt.Text + "\n")
	}
	return all.String()
}

// FuzzHTTPHandler sends any signed body, of any content type, through the
// whole handler: whatever it is, the answer is a 2xx or the right 4xx,
// never a 500 or a panic, and nothing is posted that was not asked.
func FuzzHTTPHandler(f *testing.F) {
	f.Add("application/json", []byte(`{"type":"url_verification","challenge":"c"}`))
	f.Add("application/json", []byte(`{"type":"event_callback","event_id":"E1","event":{"type":"app_mention","channel":"C1","user":"U1","text":"<@UBOT> budget?","ts":"1.1"}}`))
	f.Add("application/json", []byte(`{"type":"event_callback","event":{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":7}}`))
	f.Add("application/x-www-form-urlencoded", []byte("command=%2Fstory&text=budget%3F&user_id=U1&channel_id=C1"))
	f.Add("application/x-www-form-urlencoded", []byte("payload=%7B%22type%22%3A%22block_actions%22%7D"))
	f.Add("application/x-www-form-urlencoded", []byte("ssl_check=1"))
	f.Add("text/plain; charset=utf-8", []byte("hello"))
	f.Add("application/json; charset=\xff", []byte("\xff"))
	log := slog.New(slog.DiscardHandler)
	o := Options{Engine: &fakeAnswerer{}, Logger: log, Self: Identity{UserID: "UBOT", BotID: "BBOT"},
		Slack: noSlack(), HTTPClient: &http.Client{Transport: noTransport{}}}
	reg := withRegistry(&o)
	b := New(o)
	now := time.Unix(1_700_000_000, 0)
	h := newServer(b, reg, httpserver.Options{SigningSecret: testSecret, Now: func() time.Time { return now }})
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		if len(body) > httpserver.MaxRequestBody+10 {
			return
		}
		r := slackfake.Signed(t, "/slack/events", testSecret, "", body, now)
		r.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		b.Wait()
		switch w.Code {
		case 200, 400, 413, 415:
		default:
			t.Fatalf("status %d for %q %q: %s", w.Code, contentType, body, w.Body)
		}
	})
}

// noSlack and noTransport stand in for Slack in the fuzz target: every
// call fails at once.
func noSlack() *slack.Client {
	return slack.New("xoxb-none", slack.OptionHTTPClient(&http.Client{Transport: noTransport{}}))
}

type noTransport struct{}

func (noTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("not posting in a fuzz test")
}

// TestIsControlMatchesUnicode checks the quick character classes against
// the Unicode tables, on every rune.
func TestIsControlMatchesUnicode(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if render.IsControl(r) != unicode.Is(unicode.Cc, r) || render.IsFormat(r) != unicode.Is(unicode.Cf, r) {
			t.Fatalf("%U", r)
		}
	}
}
