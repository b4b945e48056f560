package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"storybot/index"
)

// The action_ids of the buttons of an admin's "/story remove", which
// asks to confirm.
const (
	ActionRemoveConfirm = "story_remove_confirm"
	ActionRemoveCancel  = "story_remove_cancel"
)

// Words of the buttons under an answer (plain text, at most 75
// characters each).
const (
	textMoreBtn    = "More passages"
	textContextBtn = "Whole paragraph"
	textUpBtn      = "👍"
	textDownBtn    = "👎"
)

// answerButtons are the buttons under an answer: More (when there are
// more passages), the whole paragraph, the votes (when the feedback log is
// on), and "Share in channel" (ephemeral answers). An abstention has none.
func answerButtons(r Reply) []slack.BlockElement {
	if r.Kind != ReplyAnswer || !r.Result.Answered || len(r.Result.Answers) == 0 {
		return nil
	}
	var out []slack.BlockElement
	if v, ok := r.Ref.Encode(); ok && r.Ref.ID != "" {
		if r.More {
			out = append(out, Button(ActionMore, textMoreBtn, v))
		}
		out = append(out, Button(ActionContext, textContextBtn, v))
		if r.Votes {
			out = append(out, Button(ActionVoteUp, textUpBtn, v), Button(ActionVoteDown, textDownBtn, v))
		}
	}
	if r.Shareable {
		// The value comes back, as it is, when the button is clicked, and
		// is read as a question again: in Slack's escaped form, so that
		// text that looks like markup stays text.
		out = append(out, Button(ActionShare, textShareBtn, EscClip(r.Question, MaxButtonVal)))
	}
	return out
}

func Button(actionID, text, value string) slack.BlockElement {
	emoji := text == textUpBtn || text == textDownBtn
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, text, emoji, false))
}

// morePassagesText heads a page of More: which passages these are.
func morePassagesText(r Reply) string {
	first, last := r.Offset+1, r.Offset+len(r.Result.Answers)
	if first == last {
		return fmt.Sprintf("More passages: %d", first)
	}
	return fmt.Sprintf("More passages: %d–%d", first, last)
}

// Paragraph is a passage's whole paragraph, with the passage's own
// sentence marked.
type Paragraph struct {
	Source    index.Source // the story and paragraph; Sentence is the one marked
	Sentences []string
}

// paragraphBlocks render a paragraph: its sentences, the marked one in
// bold, and where it comes from.
func paragraphBlocks(p Paragraph) []slack.Block {
	text, spans := joinSentences(p)
	at := p.Source
	return []slack.Block{
		SectionBlock("> " + markPassage(text, spans, MaxTextObject-len("> "))),
		ContextBlock(fmt.Sprintf("— %s, paragraph %d", storyLink(at.Title, at.URL, 1000), at.Paragraph)),
	}
}

// paragraphText is a paragraph for a terminal or a notification.
func paragraphText(p Paragraph) string {
	text, _ := joinSentences(p)
	return fmt.Sprintf("“%s”\n   — %s, paragraph %d", OneLine(text), OneLine(p.Source.Title), p.Source.Paragraph)
}

// joinSentences is the paragraph as one text, and where its marked
// sentence is in it.
func joinSentences(p Paragraph) (string, []index.Span) {
	var b strings.Builder
	var spans []index.Span
	for i, s := range p.Sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(s)
		if i+1 == p.Source.Sentence {
			spans = append(spans, index.Span{Start: start, End: b.Len()})
		}
	}
	return b.String(), spans
}

// Speakers are who r's passages quote, each once, best first.
func Speakers(r Reply) []string {
	var out []string
	for _, a := range r.Result.Answers {
		if s := OneLine(a.Source.Speaker); s != "" && !slices.Contains(out, s) {
			out = append(out, Clip(s, 200))
		}
	}
	return out
}
