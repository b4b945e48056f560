package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"storybot/bot/slackfake"
	"storybot/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the renderer gives (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// messageJSON is the message as Slack receives it, indented and without
// JSON's HTML escapes (\u003c) so that it reads as Slack will read it.
func messageJSON(t *testing.T, r Reply) []byte {
	t.Helper()
	js, err := json.Marshal(map[string]any{"text": Fallback(r), "blocks": Blocks(r)})
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenBlocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		reply Reply
	}{
		{"answer.golden.json", Reply{Kind: ReplyAnswer, Question: "Did the council pass the budget?", Result: typicalResult("Did the council pass the budget?"), Command: "/story", Restate: true, Shareable: true}},
		{"abstain.golden.json", Reply{Kind: ReplyAnswer, Question: "What about <!channel> pizza?", Result: index.Result{Question: "What about <!channel> pizza?", Answers: []index.Answer{}}, Command: "/story", Restate: true, Shareable: true}},
		{"buttons.golden.json", Reply{Kind: ReplyAnswer, Question: "Did the council pass the budget?", Result: typicalResult("Did the council pass the budget?"), Command: "/story", Restate: true, Shareable: true,
			Ref: goldenRef("Did the council pass the budget?", "", 0), More: true, Votes: true}},
		{"followup.golden.json", Reply{Kind: ReplyAnswer, Question: "what did Ann Lee say?", Asked: "and what did she say?", Result: typicalResult("what did Ann Lee say?"),
			Ref: goldenRef("what did Ann Lee say?", "and what did she say?", 0), Votes: true}},
		{"more.golden.json", Reply{Kind: ReplyAnswer, Question: "Did the council pass the budget?", Restate: true, Offset: 3, Result: typicalResult("Did the council pass the budget?"),
			Ref: goldenRef("Did the council pass the budget?", "", 3), More: true, Votes: true}},
		{"paragraph.golden.json", Reply{Kind: ReplyParagraph, Paragraph: Paragraph{Source: index.Source{Story: "a", Title: storyA.Title, URL: storyA.URL, Paragraph: 2, Sentence: 2},
			Sentences: []string{"The council met on Tuesday.", "It approved the budget by 7 votes to 2 & cut the <b>tax</b> rate.", "The mayor said it was *fair*."}}}},
		{"thanks.golden.json", Reply{Kind: ReplyNote, Note: "Thanks! Glad it helped."}},
	}
	t.Run("home.golden.json", func(t *testing.T) {
		fa := testStories()
		blocks := HomeBlocks(fa, []string{"Who is Ann Lee?", "How many votes <b>?"}, "ephemeral", true)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"type": "home", "blocks": blocks}); err != nil {
			t.Fatal(err)
		}
		golden(t, "home.golden.json", buf.Bytes())
		slackfake.CheckLimits(t, blocks)
		if errs := slackfake.CheckBlocks(mustJSON(t, blocks), true); errs != nil {
			t.Errorf("Slack would refuse the Home tab: %v", errs)
		}
	})
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			js := messageJSON(t, tt.reply)
			if errs := slackfake.CheckBlocks(mustJSON(t, Blocks(tt.reply)), false); errs != nil {
				t.Errorf("Slack would refuse it: %v", errs)
			}
			golden(t, tt.file, js)
			slackfake.CheckLimits(t, Blocks(tt.reply))
			// The golden JSON must read back as Block Kit.
			var msg struct {
				Blocks slack.Blocks `json:"blocks"`
			}
			if err := json.Unmarshal(js, &msg); err != nil || len(msg.Blocks.BlockSet) == 0 {
				t.Errorf("golden blocks do not decode: %v", err)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// goldenRef is an answer's ref with a fixed id and time, for the golden
// files.
func goldenRef(q, asked string, offset int) Ref {
	res := typicalResult(q)
	return RefOf("gold3n-id", q, asked, offset+len(res.Answers), 1_700_000_000, res.Answers)
}

func TestBlocksAnswer(t *testing.T) {
	t.Parallel()
	r := Reply{Kind: ReplyAnswer, Question: "budget <@U123> & <!here>?", Result: typicalResult("q"), Command: "/story", Restate: true, Shareable: true}
	bs := Blocks(r)
	slackfake.CheckLimits(t, bs)
	all := string(messageJSON(t, r))
	for _, want := range []string{
		`*Q:* budget &lt;@U123&gt; &amp; &lt;!here&gt;?`,                                                // the question restated, escaped
		`> The council *approved* the *budget* by 7 *votes*`,                                            // quoted, matched words bold
		`&amp; cut the &lt;b&gt;tax&lt;/b&gt; rate.`,                                                    // story text escaped
		`&lt;!channel&gt; should read it`,                                                               // never pings
		`<https://news.example/budget?id=1&amp;x=2|Council approves &lt;new&gt; budget &amp; tax plan>`, // linked title
		`— Ann Lee, in Council approves &lt;new&gt; budget &amp; tax plan, paragraph 5, sentence 2`,     // no URL: no link
		`"action_id": "share_answer"`,
		`"value": "budget &lt;@U123&gt; &amp; &lt;!here&gt;?"`, // the Button carries the question, as Slack would send it
	} {
		if !strings.Contains(all, want) {
			t.Errorf("message lacks %q:\n%s", want, all)
		}
	}
	fb := Fallback(r)
	if strings.Contains(fb, "<") || !strings.Contains(fb, "&lt;!channel&gt;") {
		t.Errorf("fallback not escaped: %q", fb)
	}
}

func TestBlocksAbstention(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"", "/story"} {
		r := Reply{Kind: ReplyAnswer, Question: "pizza?", Result: index.Result{Question: "pizza?"}, Command: cmd, Restate: cmd != "", Shareable: true}
		all := string(messageJSON(t, r))
		if !strings.Contains(all, "The story doesn't say.") || !strings.Contains(all, "sources") {
			t.Errorf("abstention lacks its words or hint:\n%s", all)
		}
		if strings.Contains(all, "> ") || strings.Contains(all, "paragraph") || strings.Contains(all, ActionShare) {
			t.Errorf("abstention shows passages or a share button:\n%s", all)
		}
	}
}

func TestBlocksLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Tax & <spending> rose again. ", 400) // ~11,600 bytes
	var ms []index.Span
	for i := 0; i < len(long); i += 29 {
		ms = append(ms, index.Span{Start: i, End: i + 3})
	}
	var stories []index.StoryInfo
	for i := range 400 {
		stories = append(stories, index.StoryInfo{ID: fmt.Sprint(i), Title: strings.Repeat("Long <title> & more ", 10), URL: "https://x.example/" + fmt.Sprint(i)})
	}
	many := index.Result{Answered: true}
	for range 60 {
		many.Answers = append(many.Answers, index.Answer{Text: long, Matches: ms, Source: storyA})
	}
	tests := map[string]Reply{
		"long passage":  {Kind: ReplyAnswer, Question: long, Restate: true, Shareable: true, Result: index.Result{Answered: true, Answers: []index.Answer{{Text: long, Matches: ms, Source: index.Source{Title: long, URL: "https://x.example/" + long}}}}},
		"many passages": {Kind: ReplyAnswer, Question: "q", Result: many},
		"many stories":  {Kind: ReplySources, Stories: stories},
		"many examples": {Kind: ReplyUsage, Command: "/story", Examples: strings.Split(strings.Repeat("who is <@U1>?\n", 500), "\n")},
		"shared":        {Kind: ReplyAnswer, Question: "q", Result: typicalResult("q"), Restate: true, SharedBy: "USHARER"},
		"bad sharer":    {Kind: ReplyAnswer, Question: "q", Result: typicalResult("q"), Restate: true, SharedBy: "<!channel>"},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bs := Blocks(r)
			slackfake.CheckLimits(t, bs)
			if n := utf8.RuneCountInString(Fallback(r)); n > maxFallback {
				t.Errorf("fallback of %d characters", n)
			}
			if js, _ := json.Marshal(bs); len(js) > 200_000 {
				t.Errorf("%d bytes of blocks", len(js))
			}
		})
	}
}

func TestMarkPassage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		ms   []index.Span
		max  int
		want string
	}{
		{"plain", "a b", nil, 100, "a b"},
		{"bold", "states refused", []index.Span{{Start: 0, End: 6}}, 100, "*states* refused"},
		{"two spans, unsorted", "one two three", []index.Span{{Start: 8, End: 13}, {Start: 0, End: 3}}, 100, "*one* two *three*"},
		{"overlapping merge", "abcdef", []index.Span{{Start: 0, End: 3}, {Start: 2, End: 5}}, 100, "*abcde*f"},
		{"touching merge", "abcd", []index.Span{{Start: 0, End: 2}, {Start: 2, End: 4}}, 100, "*abcd*"},
		{"neighbouring words", "ab cd", []index.Span{{Start: 0, End: 2}, {Start: 2, End: 5}}, 100, "*ab cd*"},
		{"words apart", "ab, cd", []index.Span{{Start: 0, End: 2}, {Start: 4, End: 6}}, 100, "*ab*, *cd*"},
		{"escaped in and out", "a<b & c>d", []index.Span{{Start: 0, End: 3}}, 100, "*a&lt;b* &amp; c&gt;d"},
		{"markup chars in bold", "x*y_z~w`v end", []index.Span{{Start: 0, End: 9}}, 100, "*x∗y‗z∼wˋv* end"},
		{"white space trimmed off span", "a  bc  d", []index.Span{{Start: 1, End: 6}}, 100, "a *bc* d"},
		{"newlines folded", "one\ntwo\n\nthree", []index.Span{{Start: 4, End: 7}}, 100, "one *two* three"},
		{"out of range ignored", "abc", []index.Span{{Start: -1, End: 2}, {Start: 1, End: 9}, {Start: 2, End: 2}, {Start: 3, End: 1}}, 100, "abc"},
		{"mid-rune ignored", "héllo", []index.Span{{Start: 2, End: 4}}, 100, "héllo"},
		{"runes", "ünï cødé", []index.Span{{Start: 0, End: 5}}, 100, "*ünï* cødé"},
		{"clipped", "abcdefghij", nil, 5, "abcd…"},
		{"clipped in bold", "abcdefghij", []index.Span{{Start: 0, End: 10}}, 6, "*abc*…"},
		{"clipped before escape", "ab&cd", nil, 4, "ab…"},
		{"fits exactly", "abcde", nil, 5, "abcde"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := markPassage(tt.text, tt.ms, tt.max)
			if got != tt.want {
				t.Errorf("markPassage(%q, %v, %d) = %q, want %q", tt.text, tt.ms, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > tt.max {
				t.Errorf("%d characters, max %d", n, tt.max)
			}
		})
	}
}

func TestTextForConsole(t *testing.T) {
	t.Parallel()
	r := Reply{Kind: ReplyAnswer, Question: "budget?", Result: typicalResult("budget?"), Restate: true}
	plain := Text(r, false)
	for _, want := range []string{"Q: budget?\n", "1. “The council approved the budget by 7 votes", "<b>tax</b>", "— Council approves <new> budget & tax plan, paragraph 2, sentence 1 (https://news.example/budget?id=1&x=2)", "2. “\"This budget is fair,\"", "— Ann Lee, in "} {
		if !strings.Contains(plain, want) {
			t.Errorf("plain text lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "\x1b") || strings.Contains(plain, "*") {
		t.Errorf("plain text has markup:\n%s", plain)
	}
	if ansi := Text(r, true); !strings.Contains(ansi, "\x1b[1mbudget\x1b[0m") {
		t.Errorf("ANSI text does not bold the matches:\n%q", ansi)
	}
}

func FuzzMarkPassage(f *testing.F) {
	f.Add("The council approved the budget.", 4, 11, 50)
	f.Add("a<b&c>d*e_f", 0, 3, 5)
	f.Add("ünïcødé", 1, 3, 3)
	f.Fuzz(func(t *testing.T, text string, start, end, max int) {
		if max < 4 || max > 5000 {
			return
		}
		got := markPassage(text, []index.Span{{Start: start, End: end}}, max)
		if n := utf8.RuneCountInString(got); n > max {
			t.Fatalf("%d characters, max %d: %q", n, max, got)
		}
		if strings.ContainsAny(got, "<>") {
			t.Fatalf("unescaped: %q", got)
		}
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of valid in: %q", got)
		}
		if !strings.Contains(text, "*") && strings.Count(got, "*")%2 != 0 {
			t.Fatalf("unbalanced bold: %q", got)
		}
	})
}

func BenchmarkBlocks(b *testing.B) {
	r := Reply{Kind: ReplyAnswer, Question: "Did the council pass the budget?", Result: typicalResult("q"), Command: "/story", Restate: true, Shareable: true}
	b.ReportAllocs()
	for b.Loop() {
		bs := Blocks(r)
		_ = Fallback(r)
		if len(bs) == 0 {
			b.Fatal("no blocks")
		}
	}
}

// TestAttribution pins the plain-text attribution the console and
// `storybot ask` share.
func TestAttribution(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  index.Source
		want string
	}{
		{"plain", index.Source{Title: "Budget passes", Paragraph: 2, Sentence: 1}, "Budget passes, paragraph 2, sentence 1"},
		{"speaker and URL", index.Source{Title: "Budget passes", Speaker: "Ann Lee", URL: "https://x.example/b", Paragraph: 4, Sentence: 2},
			"Ann Lee, in Budget passes, paragraph 4, sentence 2 (https://x.example/b)"},
		{"a URL that is not http(s) is left out", index.Source{Title: "T", URL: "javascript:alert(1)", Paragraph: 1, Sentence: 1}, "T, paragraph 1, sentence 1"},
		{"line breaks and control characters fold", index.Source{Title: "Two\nlines\x1b[2J", Speaker: " Ann\tLee ", Paragraph: 1, Sentence: 3},
			"Ann Lee, in Two lines [2J, paragraph 1, sentence 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Attribution(tt.src); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
