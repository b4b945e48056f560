package bot

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"storybot/index"
)

// encodeCases are the messages replies make, and some they do not.
func encodeCases() map[string]slack.WebhookMessage {
	many := typicalResult("q")
	for range 20 {
		many.Answers = append(many.Answers, many.Answers[0])
	}
	replies := map[string]Reply{
		"answer":    {Kind: ReplyAnswer, Question: "Did the council pass the budget?", Result: typicalResult("q"), Command: "/story", Restate: true, Shareable: true},
		"hostile":   {Kind: ReplyAnswer, Question: "budget <@U123> & <!here> \"quoted\" \\ \u2028 \x01?", Result: typicalResult("q"), Command: "/story", Restate: true, Shareable: true},
		"abstain":   {Kind: ReplyAnswer, Question: "pizza?", Result: index.Result{Question: "pizza?"}, Command: "/story", Restate: true, Shareable: true},
		"usage":     {Kind: ReplyUsage, Command: "/story", Examples: []string{"Who is Ann Lee?"}},
		"sources":   {Kind: ReplySources, Stories: []index.StoryInfo{{ID: "a", Title: "A <b> & c", URL: "https://x.example/?a=1&b=2"}}},
		"apology":   {Kind: ReplyApology},
		"too many":  {Kind: ReplyAnswer, Question: "q", Result: many, Restate: true},
		"shared by": {Kind: ReplyAnswer, Question: "q", Result: typicalResult("q"), SharedBy: "U42"},
	}
	msgs := map[string]slack.WebhookMessage{}
	for name, r := range replies {
		for _, rt := range []string{"ephemeral", "in_channel", ""} {
			m := message(r, rt)
			msgs[name+"/"+rt] = m
		}
	}
	m := message(replies["answer"], "in_channel")
	m.ReplaceOriginal, m.DeleteOriginal = true, true
	msgs["flags"] = m
	m = message(replies["answer"], "in_channel")
	m.ThreadTimestamp = "1.2" // not what replies make: json.Marshal's job
	msgs["other"] = m
	msgs["empty"] = slack.WebhookMessage{}
	return msgs
}

func TestEncodeMessage(t *testing.T) {
	for name, m := range encodeCases() {
		want, err := json.Marshal(&m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeMessage(&m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
		// Every message a reply makes takes the fast path.
		if plain := plainMessage(&m); plain != (name != "other") {
			t.Errorf("%s: written by hand: %v", name, plain)
		}
	}
}

// FuzzEncodeMessage holds encodeMessage to json.Marshal's bytes for any
// question and passage text.
func FuzzEncodeMessage(f *testing.F) {
	for _, s := range []string{"plain", "<&>\"\\", "\x00\x1f\x7f\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "é😀", strings.Repeat("a", 3000)} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, question, passage string) {
		res := typicalResult(question)
		res.Answers[0].Text = passage
		res.Answers[0].Matches = nil
		m := message(Reply{Kind: ReplyAnswer, Question: question, Result: res, Command: "/story", Restate: true, Shareable: true}, "ephemeral")
		want, err := json.Marshal(&m)
		if err != nil {
			t.Fatal(err)
		}
		if !plainMessage(&m) {
			t.Fatal("a reply's message does not take the fast path")
		}
		got, err := encodeMessage(&m)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("got %s (%v)\nwant %s", got, err, want)
		}
	})
}

func BenchmarkEncodeMessage(b *testing.B) {
	m := encodeCases()["answer/ephemeral"]
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			encodeMessage(&m)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			json.Marshal(&m)
		}
	})
}
