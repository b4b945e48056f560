package bot

import (
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/index"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestQuestion(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"<@UBOT> how many states refused?", "how many states refused?"},
		{"<@UBOT|storybot> how many?", "how many?"},
		{"  how many <@UBOT>  ", "how many"},
		{"<@UBOT>", ""},
		{"ask <@U123> about it", "ask @U123 about it"},
		{"ask <@U123|ann> about it", "ask @ann about it"},
		{"tell <!channel> and <!here|here> now", "tell @channel and here now"},
		{"in <#C123|general>?", "in #general?"},
		{"see <https://x.example/a?b=1&amp;c=2|the story>", "see the story"},
		{"see <https://x.example/>", "see https://x.example/"},
		{"a &lt;b&gt; &amp;amp; c", "a <b> &amp; c"},
		{"who\nsaid\tit?", "who said it?"},
		{"<!subteam^S123|@editors> when?", "@editors when?"},
	}
	for _, tt := range tests {
		if got := questionOf(tt.text, "UBOT"); got != tt.want {
			t.Errorf("Question(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzQuestion(f *testing.F) {
	for _, s := range []string{"<@UBOT> hi", "<!channel>", "a &amp; b", "<@U1|x>", "<<>>", "&lt;!here&gt;", "<http://a|b|c>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := questionOf(text, "UBOT")
		if strings.Contains(q, "<@UBOT>") && !strings.Contains(text, "&lt;@UBOT&gt;") {
			t.Errorf("bot mention left in %q → %q", text, q)
		}
		// No invalid UTF-8, control or invisible formatting characters
		// reach the engine or a reply.
		if !utf8.ValidString(q) || strings.IndexFunc(q, func(r rune) bool { return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) }) >= 0 {
			t.Errorf("unclean question %q from %q", q, text)
		}
		// Whatever the question, the reply that restates it is safe.
		r := render.Reply{Kind: render.ReplyAnswer, Question: q, Restate: true, Shareable: true,
			Result: index.Result{Answered: true, Answers: []index.Answer{{Text: text, Matches: []index.Span{{Start: 0, End: len(text) / 2}}}}}}
		for _, txt := range slackfake.Texts(render.Blocks(r)) {
			if utf8.RuneCountInString(txt.Text) > render.MaxTextObject {
				t.Fatalf("text of %d characters", utf8.RuneCountInString(txt.Text))
			}
			if pingMarkup.MatchString(txt.Text) && !strings.HasPrefix(txt.Text, "<https://") {
				t.Fatalf("text would ping: %q", txt.Text)
			}
		}
		if fb := render.Fallback(r); strings.ContainsAny(fb, "<>") {
			t.Fatalf("fallback not escaped: %q", fb)
		}
	})
}
