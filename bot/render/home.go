package render

import (
	"fmt"
	"storybot/index"
	"storybot/internal/insights"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// The App Home tab's blocks: what the bot knows (the stories, with their
// sizes), the ways to ask and example questions; and, for the editors
// (the admins), the figures of the question log above them.

// The action_ids of the editors' buttons.
const (
	ActionHandled  = "editors_handled"   // hides a group of refused questions
	ActionAddStory = "editors_add_story" // says how to add a story
)

// Bounds of the editors' blocks.
const (
	maxEditorGroups    = 10
	maxEditorDownVoted = 5
	maxExampleChars    = 300
)

// HomeBlocks are the Home tab's blocks: how to ask, examples, and the
// stories, kept to Slack's limits (as many stories as fit, and how many
// more).
func HomeBlocks(stories []index.StoryInfo, examples []string, slashType string, votes bool) []slack.Block {
	slash := "only you see the answer, with a button to share it"
	if slashType == slack.ResponseTypeInChannel {
		slash = "everyone in the channel sees the answer"
	}
	buttons := "Under an answer: *More passages* and the *Whole paragraph*."
	if votes {
		buttons = "Under an answer: *More passages*, the *Whole paragraph*, and 👍 or 👎 to tell me how I did."
	}
	head := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Storybot", false, false)),
		SectionBlock(textIntro),
		SectionBlock("*How to ask*\n" +
			"• `/story &lt;question&gt;` in any channel: " + slash + ".\n" +
			"• Mention me in a channel: I answer in a thread, and answer the next messages there too, no mention needed.\n" +
			"• Send me a direct message.\n" +
			"• Open me in Slack's assistant panel, beside whatever you are reading.\n" + buttons),
	}
	if len(examples) > 0 {
		var eb strings.Builder
		eb.WriteString("*Try asking*")
		for _, q := range examples {
			line := "\n• " + Escape(OneLine(q))
			if utf8.RuneCountInString(eb.String())+utf8.RuneCountInString(line) > MaxTextObject {
				break
			}
			eb.WriteString(line)
		}
		head = append(head, SectionBlock(eb.String()))
	}
	head = append(head, slack.NewDividerBlock(), SectionBlock(fmt.Sprintf("*The stories I know* (%d)", len(stories))))
	return fitBlocks(head, homeStoryGroups(stories), nil, "story", "stories")
}

// homeStoryGroups list the stories with their sizes, in sections that
// each fit a block.
func homeStoryGroups(stories []index.StoryInfo) []group {
	var out []group
	var cur strings.Builder
	n := 0
	for _, s := range stories {
		line := "• " + storyLink(s.Title, s.URL, 300)
		details := storyDetails(s)
		if details != "" {
			details += ", "
		}
		line += " — " + Escape(Inert(details)+Plural(s.Sentences, "passage", "passages"))
		if n > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(line) > MaxTextObject {
			out = append(out, group{blocks: []slack.Block{SectionBlock(cur.String())}, n: n})
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
		n++
	}
	if n > 0 {
		out = append(out, group{blocks: []slack.Block{SectionBlock(cur.String())}, n: n})
	}
	return out
}

// EditorBlocks show f to the editors; buttons adds the Home's buttons
// (not in the digest).
func EditorBlocks(f insights.Figures, buttons bool) []slack.Block {
	bs := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "The last seven days (editors only)", false, false)),
		SectionBlock(fmt.Sprintf("*%d answered*, *%d refused* (%.0f%% answered) · %d 👍 · %d 👎",
			f.Answered, f.Refused, 100*f.Rate(), f.Up, f.Down)),
		ContextBlock("Four weeks, questions (answered): " + trend(f)),
	}
	head := SectionBlock(fmt.Sprintf("*What the stories did not answer* (%s)", Plural(len(f.Groups), "group", "groups")))
	if len(f.Groups) == 0 {
		head = SectionBlock("*What the stories did not answer*: nothing this week.")
	}
	bs = append(bs, slack.NewDividerBlock(), head)
	if buttons {
		bs = append(bs, slack.NewActionBlock("editors_actions",
			slack.NewButtonBlockElement(ActionAddStory, "add", slack.NewTextBlockObject(slack.PlainTextType, "Add a story", false, false))))
	}
	bs = append(bs, groupBlocks(f.Groups, buttons)...)
	return append(bs, downVotedBlocks(f)...)
}

// trend is the four weeks' questions, oldest first.
func trend(f insights.Figures) string {
	var parts []string
	for _, w := range f.Weeks {
		parts = append(parts, fmt.Sprintf("%d (%d)", w.Answered+w.Refused, w.Answered))
	}
	return strings.Join(parts, " → ")
}

// groupBlocks are the groups of refused questions, each a section with
// its count and examples, and a Handled button.
func groupBlocks(groups []insights.Group, buttons bool) []slack.Block {
	var bs []slack.Block
	for i, g := range groups {
		if i == maxEditorGroups {
			bs = append(bs, ContextBlock(fmt.Sprintf("…and %s not shown.", Plural(len(groups)-i, "more group", "more groups"))))
			break
		}
		var ex []string
		for _, e := range g.Examples {
			ex = append(ex, "“"+Escape(Clip(OneLine(e), maxExampleChars))+"”")
		}
		text := fmt.Sprintf("*%d×* %s", g.Count, strings.Join(ex, " · "))
		var accessory *slack.Accessory
		if buttons && g.Key != "" && len(g.Key) <= MaxButtonVal {
			accessory = slack.NewAccessory(slack.NewButtonBlockElement(fmt.Sprintf("%s:%d", ActionHandled, i+1), g.Key,
				slack.NewTextBlockObject(slack.PlainTextType, "Handled", false, false)))
		}
		bs = append(bs, slack.NewSectionBlock(Mrkdwn(text), nil, accessory))
	}
	return bs
}

// downVotedBlocks are the answers voted down, with the passage shown.
func downVotedBlocks(f insights.Figures) []slack.Block {
	if len(f.DownVoted) == 0 {
		return nil
	}
	bs := []slack.Block{slack.NewDividerBlock(), SectionBlock(fmt.Sprintf("*Answers voted down* (%d)", len(f.DownVoted)))}
	for i, v := range f.DownVoted {
		if i == maxEditorDownVoted {
			bs = append(bs, ContextBlock(fmt.Sprintf("…and %d more.", len(f.DownVoted)-i)))
			break
		}
		text := "“" + Escape(Clip(OneLine(v.Question), maxExampleChars)) + "”"
		if len(v.Passages) > 0 {
			p := v.Passages[0]
			text += fmt.Sprintf("\n> %s\n_%s, paragraph %d_", Escape(Clip(OneLine(p.Text), maxExampleChars)), Escape(Clip(p.Story, 100)), p.Paragraph)
		}
		bs = append(bs, SectionBlock(text))
	}
	return bs
}
