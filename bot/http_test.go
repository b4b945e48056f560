package bot

import (
	"encoding/json"
	"net/http"
	"net/url"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

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
			if w := rig.Event(slackfake.Callback("Ev1", tt.event)); w.Code != http.StatusOK {
				t.Errorf("status %d %s, want 200", w.Code, w.Body)
			}
			if ps := rig.Posts(); len(ps) != 0 {
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

	rig.Event(ev)
	rig.Event(ev, slacksig.HeaderRetryNum, "1", "X-Slack-Retry-Reason", "http_timeout")
	rig.Event(ev, slacksig.HeaderRetryNum, "2", "X-Slack-Retry-Reason", "http_timeout")
	if ps := rig.Posts(); len(ps) != 1 {
		t.Errorf("%d replies to one event delivered 3 times, want 1", len(ps))
	}

	// A retry whose first delivery never arrived is answered.
	rig.Event(slackfake.Callback("EvMissed", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "301.1", "")), slacksig.HeaderRetryNum, "1", "X-Slack-Retry-Reason", "http_error")
	if ps := rig.Posts(); len(ps) != 1 {
		t.Errorf("%d replies to a lone retry, want 1", len(ps))
	}

	// A DM that mentions the bot comes as message.im and app_mention.
	rig.Event(slackfake.Callback("EvDM", slackfake.DM("D1", "U1", "<@UBOT> budget?", "400.1")))
	rig.Event(slackfake.Callback("EvMention", slackfake.Mention("D1", "U1", "<@UBOT> budget?", "400.1", "")))
	if ps := rig.Posts(); len(ps) != 1 || ps[0].Has("thread_ts") {
		t.Errorf("DM mention: %d replies %v, want 1 in the DM", len(ps), ps)
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
			w := rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", tt.text, rig.Slack.ResponseURL("x"))))
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

func TestHTTPPostFailureIsLogged(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	rig.Slack.FailPosts("channel_not_found")
	if w := rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""))); w.Code != 200 {
		t.Errorf("status %d", w.Code)
	}
	if len(rig.Posts()) != 1 || !strings.Contains(rig.Log.String(), "channel_not_found") {
		t.Errorf("post failure not logged:\n%s", rig.Log.String())
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
