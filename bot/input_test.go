package bot

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/slack-go/slack"
)

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
	w := rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", asTyped, rig.Slack.ResponseURL("r1"))))
	check("slash", w.Body.Bytes())
	if !strings.Contains(readable(w.Body.Bytes()), "&lt;!channel&gt; &lt;@U999&gt;") {
		t.Errorf("slash answer does not restate the question escaped: %s", readable(w.Body.Bytes()))
	}
	// Slash command answered late, on the response_url.
	slow := &fakeAnswerer{Block: make(chan struct{})}
	rig2 := newHTTPRig(t, slow, Options{SlashWait: time.Millisecond})
	rig2.H.ServeHTTP(httptest.NewRecorder(), slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
		[]byte(slackfake.Form(slackfake.Slash("C1", "U1", asTyped, rig2.Slack.ResponseURL("late"))).Encode()), rig2.Now))
	close(slow.Block)
	late := slackfake.Receive(t, rig2.Slack.Responses, "late slash answer")
	rig2.Bot.Wait()
	check("late slash", late.Body)
	// Mention, answered in a thread; DM.
	rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", asTyped, "1.1", "")))
	rig.Event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", asTyped, "2.1")))
	// Too long: a reply that quotes nothing.
	rig.Event(slackfake.Callback("Ev3", slackfake.DM("D1", "U1", asTyped+strings.Repeat(" <!channel>", 200), "3.1")))
	ps := rig.Posts()
	if len(ps) != 3 {
		t.Fatalf("%d posts, want 3", len(ps))
	}
	for _, p := range ps {
		check("post "+p.Get("channel"), post(p))
	}
	// Shared in the channel.
	button := slackfake.ButtonValues(t, messageBlocks(t, w.Body.Bytes()))[render.ActionShare]
	click := slackfake.ShareClick("C1", "U1", render.ActionShare, button, rig.Slack.ResponseURL("r1"))
	rig.Form(url.Values{"payload": {string(slackfake.JSON(t, click))}})
	rs := slackfake.Drain(rig.Slack.Responses)
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
		if w := rig.Event(slackfake.Callback("EvU"+string(rune('a'+i)), ev)); w.Code != 200 || w.Body.Len() != 0 {
			t.Errorf("%v: %d %q, want an empty 200", ev["type"], w.Code, w.Body)
		}
	}
	if len(rig.Posts()) != 0 || len(ans.Questions()) != 0 {
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
