package bot

import (
	"context"
	"fmt"
	"storybot/bot/render"
	"strings"
	"testing"
)

func newTestBot(t *testing.T, ans Engine, o Options) *Bot {
	t.Helper()
	log, _ := testLog(t)
	o.Engine, o.Logger = ans, log
	if o.Self == (Identity{}) {
		o.Self = Identity{UserID: "UBOT", BotID: "BBOT", TeamID: "T0001"}
	}
	b := New(o)
	t.Cleanup(b.Wait)
	return b
}

func TestHandleQuestionFilters(t *testing.T) {
	t.Parallel()
	mention := Incoming{Kind: KindMention, Channel: "C1", User: "U1", Text: "<@UBOT> budget?", TS: "1.1", EventID: "Ev1"}
	tests := []struct {
		name   string
		in     Incoming
		answer bool
	}{
		{"a mention", mention, true},
		{"a DM", Incoming{Kind: KindDM, Channel: "D1", User: "U1", Text: "budget?", TS: "1.1"}, true},
		{"a slash command", Incoming{Kind: KindSlash, Channel: "C1", User: "U1", Text: "budget?"}, true},
		{"own message by user", Incoming{Kind: KindDM, Channel: "D1", User: "UBOT", Text: "budget?", TS: "1.1"}, false},
		{"own message by bot_id", Incoming{Kind: KindDM, Channel: "D1", User: "U9", BotID: "BBOT", Text: "budget?", TS: "1.1"}, false},
		{"another bot", Incoming{Kind: KindMention, Channel: "C1", User: "U2", BotID: "BOTHER", Text: "<@UBOT> budget?", TS: "1.1"}, false},
		{"bot_message subtype", Incoming{Kind: KindDM, Channel: "D1", SubType: "bot_message", Text: "budget?", TS: "1.1"}, false},
		{"an edit", Incoming{Kind: KindDM, Channel: "D1", User: "U1", SubType: "message_changed", TS: "1.1"}, false},
		{"a delete", Incoming{Kind: KindDM, Channel: "D1", SubType: "message_deleted", TS: "1.1"}, false},
		{"a join", Incoming{Kind: KindMention, Channel: "C1", User: "U1", SubType: "channel_join", Text: "<@UBOT> joined", TS: "1.1"}, false},
		{"no user", Incoming{Kind: KindDM, Channel: "D1", Text: "budget?", TS: "1.1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ans := &fakeAnswerer{}
			b := newTestBot(t, ans, Options{})
			_, ok := b.HandleQuestion(context.Background(), tt.in)
			if ok != tt.answer {
				t.Errorf("answered = %v, want %v", ok, tt.answer)
			}
			if n := len(ans.Questions()); (n > 0) != tt.answer {
				t.Errorf("engine asked %d times", n)
			}
		})
	}
}

func TestHandleQuestionOnce(t *testing.T) {
	t.Parallel()
	b := newTestBot(t, &fakeAnswerer{}, Options{})
	ctx := context.Background()
	first := Incoming{Kind: KindMention, Channel: "C1", User: "U1", Text: "<@UBOT> budget?", TS: "1.1", EventID: "Ev1"}
	steps := []struct {
		name   string
		in     Incoming
		answer bool
	}{
		{"first delivery", first, true},
		{"redelivery, same event_id", first, false},
		{"DM copy of a DM mention", Incoming{Kind: KindDM, Channel: "D1", User: "U1", Text: "<@UBOT> budget?", TS: "2.2", EventID: "Ev2"}, true},
		{"app_mention copy of the same DM", Incoming{Kind: KindDM, Channel: "D1", User: "U1", Text: "<@UBOT> budget?", TS: "2.2", EventID: "Ev3"}, false},
		{"same ts in another channel", Incoming{Kind: KindMention, Channel: "C2", User: "U1", Text: "<@UBOT> budget?", TS: "1.1", EventID: "Ev4"}, true},
		{"slash commands are never deduplicated", Incoming{Kind: KindSlash, Channel: "C1", User: "U1", Text: "budget?"}, true},
		{"…even twice", Incoming{Kind: KindSlash, Channel: "C1", User: "U1", Text: "budget?"}, true},
	}
	for _, s := range steps {
		if _, ok := b.HandleQuestion(ctx, s.in); ok != s.answer {
			t.Errorf("%s: answered = %v, want %v", s.name, ok, s.answer)
		}
	}
}

func TestReplyKinds(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	b := newTestBot(t, ans, Options{Examples: []string{"Who is Ann Lee?"}})
	ctx := context.Background()
	tests := []struct {
		in   Incoming
		want render.Reply
	}{
		{Incoming{Kind: KindSlash, Text: ""}, render.Reply{Kind: render.ReplyUsage, Command: "/story"}},
		{Incoming{Kind: KindSlash, Command: "/story-dev", Text: " help "}, render.Reply{Kind: render.ReplyUsage, Command: "/story-dev"}},
		{Incoming{Kind: KindMention, User: "U1", Text: "<@UBOT>"}, render.Reply{Kind: render.ReplyUsage}},
		{Incoming{Kind: KindDM, User: "U1", Text: "Sources?"}, render.Reply{Kind: render.ReplySources}},
		{Incoming{Kind: KindSlash, Text: "sources"}, render.Reply{Kind: render.ReplySources, Command: "/story"}},
		{Incoming{Kind: KindSlash, Text: "budget?"}, render.Reply{Kind: render.ReplyAnswer, Command: "/story", Question: "budget?", Restate: true, Shareable: true}},
		{Incoming{Kind: KindMention, User: "U1", Text: "<@UBOT> budget?"}, render.Reply{Kind: render.ReplyAnswer, Question: "budget?"}},
		{Incoming{Kind: KindDM, User: "U1", Text: "what went boom?"}, render.Reply{Kind: render.ReplyApology, Question: "what went boom?"}},
		{Incoming{Kind: KindSlash, Text: "panic now"}, render.Reply{Kind: render.ReplyApology, Command: "/story", Question: "panic now", Restate: true}},
	}
	for _, tt := range tests {
		got, ok := b.HandleQuestion(ctx, tt.in)
		if !ok {
			t.Errorf("%+v: not answered", tt.in)
			continue
		}
		g := fmt.Sprintf("%v %q %q %v %v", got.Kind, got.Command, got.Question, got.Restate, got.Shareable)
		w := fmt.Sprintf("%v %q %q %v %v", tt.want.Kind, tt.want.Command, tt.want.Question, tt.want.Restate, tt.want.Shareable)
		if g != w {
			t.Errorf("%+v:\n got %s\nwant %s", tt.in, g, w)
		}
		if got.Kind == render.ReplyUsage && len(got.Examples) != 1 {
			t.Errorf("usage without the examples: %v", got.Examples)
		}
		if got.Kind == render.ReplyApology && !strings.Contains(render.Fallback(got), "Sorry") {
			t.Errorf("apology says %q", render.Fallback(got))
		}
	}
	if got := ans.Questions(); len(got) != 4 {
		t.Errorf("engine asked %q, want the 4 real questions only", got)
	}
}

func TestSlashResponseInChannel(t *testing.T) {
	t.Parallel()
	b := newTestBot(t, &fakeAnswerer{}, Options{SlashResponse: ResponseInChannel})
	r, _ := b.HandleQuestion(context.Background(), Incoming{Kind: KindSlash, Text: "budget?"})
	if r.Shareable {
		t.Error("an in_channel answer has a share button")
	}
	if msg := b.slashMessage(r); msg.ResponseType != ResponseInChannel {
		t.Errorf("response_type %q", msg.ResponseType)
	}
}

func TestGoSurvivesPanic(t *testing.T) {
	t.Parallel()
	log, buf := testLog(t)
	b := New(Options{Engine: &fakeAnswerer{}, Logger: log})
	b.Go(context.Background(), "test work", func(context.Context) { panic("oops") })
	b.Wait()
	if !strings.Contains(buf.String(), "oops") {
		t.Errorf("panic not logged:\n%s", buf.String())
	}
}
