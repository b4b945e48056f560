package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/index"
)

// TestRestatedQuestionIsLiteral checks that the question a slash command's
// answer restates shows its formatting characters as typed, never as
// formatting.
func TestRestatedQuestionIsLiteral(t *testing.T) {
	t.Parallel()
	tests := []struct{ question, want string }{
		{"who said *bold* things?", "*Q:* who said ∗bold∗ things?"},
		{"is _it_ so?", "*Q:* is ‗it‗ so?"},
		{"was it ~struck~?", "*Q:* was it ∼struck∼?"},
		{"what does `rm -rf` do?", "*Q:* what does ˋrm -rfˋ do?"},
		{"```code block``` here", "*Q:* ˋˋˋcode blockˋˋˋ here"},
		{"*_~`all`~_* & <!here>", "*Q:* ∗‗∼ˋallˋ∼‗∗ &amp; &lt;!here&gt;"},
		{"line\nbreak *a*", "*Q:* line break ∗a∗"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			t.Parallel()
			r := render.Reply{Kind: render.ReplyAnswer, Question: tt.question, Result: typicalResult(tt.question), Command: "/story", Restate: true, Shareable: true}
			bs := render.Blocks(r)
			slackfake.CheckLimits(t, bs)
			q := slackfake.Texts(bs)[0].Text
			if q != tt.want {
				t.Errorf("restated as %q, want %q", q, tt.want)
			}
			if strings.ContainsAny(strings.TrimPrefix(q, "*Q:*"), "*_~`") {
				t.Errorf("live formatting in %q", q)
			}
		})
	}
}

func TestCleanCommand(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/story", "/story"},
		{"/Story-Bot_2.0", "/Story-Bot_2.0"},
		{"", "/story"},
		{"/", "/story"},
		{"story", "/story"},
		{"  /story  ", "/story"},
		{"/st`o*r_y~", "/stor_y"},
		{"/story <!channel>", "/storychannel"},
		{"/ünïcødé", "/ünïcødé"},
		{"/\x00\u202e", "/story"},
		{"/" + strings.Repeat("x", 5000), "/" + strings.Repeat("x", maxCommandLen-1)},
		{"/" + strings.Repeat("é", 5000), "/" + strings.Repeat("é", maxCommandLen-1)},
	}
	for _, tt := range tests {
		if got := cleanCommand(tt.in); got != tt.want {
			t.Errorf("cleanCommand(%.40q) = %.40q, want %.40q", tt.in, got, tt.want)
		}
	}
}

// TestHostileCommand sends slash commands whose command is huge or full of
// markup, for every reply that shows the command: each keeps to Slack's
// limits and shows the command clipped and clean.
func TestHostileCommand(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{Examples: []string{"Who is Ann Lee?", "How many votes?"}})
	for _, cmd := range []string{"/" + strings.Repeat("x", 5000), "/st*o*ry`<!channel>`" + strings.Repeat("_", 3000)} {
		for _, text := range []string{"", "sources", "what about pizza?", "budget?"} {
			t.Run(fmt.Sprintf("%.12s/%s", cmd, text), func(t *testing.T) {
				form := slackfake.Form(slackfake.Slash("C1", "U1", text, rig.Slack.ResponseURL("r")))
				form.Set("command", cmd)
				w := rig.Form(form)
				var msg slack.WebhookMessage
				if err := json.Unmarshal(w.Body.Bytes(), &msg); err != nil || msg.Blocks == nil {
					t.Fatalf("%d %v %s", w.Code, err, w.Body)
				}
				slackfake.CheckLimits(t, msg.Blocks.BlockSet)
				for _, txt := range slackfake.Texts(msg.Blocks.BlockSet) {
					if strings.Contains(txt.Text, strings.Repeat("x", maxCommandLen)) || strings.Contains(txt.Text, strings.Repeat("_", maxCommandLen)) {
						t.Errorf("the command is not clipped: %.200q", txt.Text)
					}
				}
				if l := live(msg.Text + slackMessage(t, w.Body.Bytes())); len(l) > 0 {
					t.Errorf("live markup %q", l)
				}
			})
		}
	}
}

// TestSourcesCountsStories lists more stories than a message holds: the
// line under the list counts the stories left out, not the blocks.
func TestSourcesCountsStories(t *testing.T) {
	t.Parallel()
	more := regexp.MustCompile(`…and (\d+) more stories not shown\.`)
	for _, n := range []int{10, 400, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			var stories []index.StoryInfo
			for i := range n {
				stories = append(stories, index.StoryInfo{ID: fmt.Sprint(i), Title: fmt.Sprintf("Story number %d about the council", i), URL: fmt.Sprintf("https://x.example/%d", i)})
			}
			for _, r := range []render.Reply{
				{Kind: render.ReplySources, Stories: stories},
				{Kind: render.ReplySources, Stories: stories, Question: "sources", Restate: true, SharedBy: "USHARER"},
			} {
				bs := render.Blocks(r)
				slackfake.CheckLimits(t, bs)
				shown, left := 0, 0
				for _, txt := range slackfake.Texts(bs) {
					shown += strings.Count(txt.Text, "• ")
					if m := more.FindStringSubmatch(txt.Text); m != nil {
						fmt.Sscan(m[1], &left)
					}
				}
				if shown+left != n || (n >= 5000) != (left > 0) {
					t.Errorf("%d stories shown and %d said left out, of %d", shown, left, n)
				}
				if r.SharedBy != "" && !strings.Contains(slackfake.Texts(bs)[len(slackfake.Texts(bs))-1].Text, "Shared by") {
					t.Errorf("the sharer is not last")
				}
			}
		})
	}
	// Passages are counted as passages.
	many := index.Result{Answered: true}
	for range 60 {
		many.Answers = append(many.Answers, passage("The budget passed.", storyA, "budget"))
	}
	bs := render.Blocks(render.Reply{Kind: render.ReplyAnswer, Question: "q", Result: many})
	last := slackfake.Texts(bs)[len(slackfake.Texts(bs))-1].Text
	if shown := (len(bs) - 1) / 2; last != fmt.Sprintf("…and %d more passages not shown.", 60-shown) || utf8.RuneCountInString(last) == 0 {
		t.Errorf("%d blocks, the last says %q", len(bs), last)
	}
}
