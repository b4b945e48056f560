package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"storybot/index"
)

// ReplyKind is what a Reply says.
type ReplyKind int

// The kinds of reply.
const (
	ReplyAnswer    ReplyKind = iota // the engine's answer, or its abstention
	ReplyUsage                      // how to ask, with examples
	ReplySources                    // the stories the bot knows
	ReplyApology                    // answering failed
	ReplyTooLong                    // the question is over MaxQuestionChars
	ReplySlowDown                   // over the rate limit
	ReplyNote                       // a short line: thanks for a vote, nothing more to show
	ReplyParagraph                  // the whole paragraph of a passage
	ReplyAdmin                      // an admin's change to the corpus: its own blocks, Note as text
)

// Reply is what the bot says back, whatever the surface: Blocks and
// Fallback render it for Slack, Text for the console.
type Reply struct {
	Kind ReplyKind
	// Question is what was asked, as plain text: for a follow-up, as the
	// engine was asked it, in its conversation's context.
	Question string
	// Asked is a follow-up as it was asked, when it was read as Question
	// in its conversation's context; "" otherwise.
	Asked    string
	Result   index.Result      // ReplyAnswer
	Stories  []index.StoryInfo // ReplySources
	Examples []string          // ReplyUsage: example questions
	// Command is the slash command the question came with ("/story"), or
	// "" for a mention, a DM or the console.
	Command string
	// Restate shows the question above the answer: a slash command's own
	// text is not shown to anyone, so its answer says what was asked.
	Restate bool
	// Shareable adds a "Share in channel" button (ephemeral answers).
	Shareable bool
	// SharedBy is the user who shared the answer in the channel.
	SharedBy string
	// Length is the too-long question's length, in characters.
	Length int
	// Wait is how long until a rate-limited user may ask again; Busy says
	// the whole workspace is over its limit, not the user.
	Wait time.Duration
	Busy bool
	// Ref names an answer in its buttons (More, the paragraph, votes);
	// no such buttons if its ID is empty. More says there are more
	// passages; Votes shows the vote buttons (the feedback log is on).
	Ref   Ref
	More  bool
	Votes bool
	// Offset is how many passages of the answer came before these (a
	// click on More).
	Offset int
	// Note is a ReplyNote's line; Paragraph, a ReplyParagraph's.
	Note      string
	Paragraph Paragraph
	// AdminBlocks are a ReplyAdmin's blocks, made by the admin's command
	// (upload.go, remove.go), its user text escaped; it is only ever
	// shown to that admin.
	AdminBlocks []slack.Block
}

// Slack's limits on a message.
const (
	MaxTextObject = 3000 // characters in one text object
	maxBlocks     = 50   // blocks in one message
	MaxButtonVal  = 2000 // characters in a button's value
	maxFallback   = 3000 // characters of fallback text we send
)

// ActionShare is the action_id of the "Share in channel" button.
const ActionShare = "share_answer"

// Words of the replies, shared by every renderer.
const (
	textAbstain  = "The story doesn't say."
	textHint     = "Try other words, or ask for sources to see which stories I know."
	textApology  = "Sorry, I couldn't answer that just now. Please try again in a moment."
	textIntro    = "I answer questions about the news stories I have read, quoting the passages that say so."
	textShareBtn = "Share in channel"
	// textTakenAs introduces a follow-up read in its conversation's context.
	textTakenAs = "Taking it as:"
)

// Blocks renders a reply as Block Kit: each passage quoted with the words
// that matched in bold, then where it comes from. All story and user text
// is escaped, the question restated is shown as it was typed (its
// formatting characters made inert), and the result keeps to Slack's
// limits.
func Blocks(r Reply) []slack.Block {
	var head, tail []slack.Block
	if r.Restate && r.Question != "" {
		head = append(head, SectionBlock("*Q:* "+EscClip(Inert(OneLine(r.Question)), MaxTextObject-len("*Q:* "))))
	}
	if r.Asked != "" && r.Question != "" {
		head = append(head, ContextBlock(textTakenAs+" _"+EscClip(Inert(OneLine(r.Question)), MaxTextObject-len(textTakenAs)-3)+"_"))
	}
	if r.Offset > 0 && r.Kind == ReplyAnswer && len(r.Result.Answers) > 0 {
		head = append(head, ContextBlock(morePassagesText(r)))
	}
	body, one, many := bodyGroups(r)
	if id := UserID(r.SharedBy); id != "" {
		tail = append(tail, ContextBlock("Shared by <@"+id+">"))
	}
	if btns := answerButtons(r); len(btns) > 0 {
		tail = append(tail, slack.NewActionBlock("", btns...))
	}
	return fitBlocks(head, body, tail, one, many)
}

// group is blocks that go together (a passage and where it comes from, a
// part of the list of stories), and how many of the things the reply
// lists they show.
type group struct {
	blocks []slack.Block
	n      int
}

// bodyGroups renders what the reply says, and names the things it lists.
func bodyGroups(r Reply) (gs []group, one, many string) {
	switch r.Kind {
	case ReplyAnswer:
		if !r.Result.Answered || len(r.Result.Answers) == 0 {
			return []group{{blocks: []slack.Block{SectionBlock(textAbstain), ContextBlock(hintMrkdwn(r.Command))}}}, "", ""
		}
		for _, a := range r.Result.Answers {
			gs = append(gs, group{n: 1, blocks: []slack.Block{
				SectionBlock("> " + markPassage(a.Text, a.Matches, MaxTextObject-len("> "))),
				ContextBlock(attributionMrkdwn(a.Source)),
			}})
		}
		return gs, "passage", "passages"
	case ReplyUsage:
		return oneGroup(SectionBlock(usageMrkdwn(r))), "", ""
	case ReplySources:
		return sourcesGroups(r.Stories), "story", "stories"
	case ReplyApology:
		return oneGroup(SectionBlock(textApology)), "", ""
	case ReplyTooLong:
		return oneGroup(SectionBlock(tooLongText(r))), "", ""
	case ReplySlowDown:
		return oneGroup(SectionBlock(slowDownText(r))), "", ""
	case ReplyNote:
		return oneGroup(SectionBlock(EscClip(OneLine(r.Note), MaxTextObject))), "", ""
	case ReplyParagraph:
		return oneGroup(paragraphBlocks(r.Paragraph)...), "", ""
	case ReplyAdmin:
		return oneGroup(r.AdminBlocks...), "", ""
	}
	return nil, "", ""
}

func oneGroup(b ...slack.Block) []group { return []group{{blocks: b}} }

// fitBlocks keeps a message to Slack's 50 blocks: head and tail whole, as
// many groups as fit, and a line saying how many of the things listed
// (stories, passages: not blocks) were left out.
func fitBlocks(head []slack.Block, body []group, tail []slack.Block, one, many string) []slack.Block {
	room := maxBlocks - len(head) - len(tail)
	total := 0
	for _, g := range body {
		total += len(g.blocks)
	}
	bs := append([]slack.Block(nil), head...)
	if total <= room {
		for _, g := range body {
			bs = append(bs, g.blocks...)
		}
		return append(bs, tail...)
	}
	room-- // for the line saying what was left out
	left := 0
	for i, g := range body {
		if len(g.blocks) > room {
			for _, g := range body[i:] {
				left += g.n
			}
			break
		}
		bs = append(bs, g.blocks...)
		room -= len(g.blocks)
	}
	bs = append(bs, ContextBlock(fmt.Sprintf("…and %s not shown.", Plural(left, "more "+one, "more "+many))))
	return append(bs, tail...)
}

func SectionBlock(s string) slack.Block { return slack.NewSectionBlock(Mrkdwn(s), nil, nil) }

func ContextBlock(s string) slack.Block { return slack.NewContextBlock("", Mrkdwn(s)) }

func Mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// Fallback is the plain text sent with the blocks, for notifications and
// clients that cannot show blocks: escaped, and kept short.
func Fallback(r Reply) string {
	return EscClip(Text(r, false), maxFallback)
}

// Text renders a reply for a terminal. With ansi, the matched words are
// bold; without, the text is plain.
func Text(r Reply, ansi bool) string {
	var b strings.Builder
	if r.Restate && r.Question != "" {
		fmt.Fprintf(&b, "Q: %s\n", OneLine(r.Question))
	}
	if r.Asked != "" && r.Question != "" {
		fmt.Fprintf(&b, "(%s %s)\n", strings.ToLower(textTakenAs[:1])+textTakenAs[1:], OneLine(r.Question))
	}
	switch r.Kind {
	case ReplyAnswer:
		if !r.Result.Answered || len(r.Result.Answers) == 0 {
			fmt.Fprintf(&b, "%s %s\n", textAbstain, textHint)
			break
		}
		for i, a := range r.Result.Answers {
			fmt.Fprintf(&b, "%d. “%s”\n   — %s\n", r.Offset+i+1, boldText(a.Text, a.Matches, ansi), Attribution(a.Source))
		}
	case ReplyUsage:
		b.WriteString(textIntro + "\n")
		if r.Command != "" {
			fmt.Fprintf(&b, "Use %s QUESTION, mention me in a channel, or send me a direct message. For example:\n", r.Command)
		} else {
			b.WriteString("Ask me a question, for example:\n")
		}
		for _, q := range r.Examples {
			fmt.Fprintf(&b, "  %s\n", withCommand(r.Command, q))
		}
		fmt.Fprintf(&b, "“%s” lists the stories.\n", withCommand(r.Command, "sources"))
	case ReplySources:
		fmt.Fprintf(&b, "I know %s:\n", Plural(len(r.Stories), "story", "stories"))
		for _, s := range r.Stories {
			fmt.Fprintf(&b, "• %s", OneLine(s.Title))
			if d := storyDetails(s); d != "" {
				fmt.Fprintf(&b, " (%s)", d)
			}
			if u := safeURL(s.URL); u != "" {
				fmt.Fprintf(&b, " %s", u)
			}
			b.WriteString("\n")
		}
	case ReplyApology:
		b.WriteString(textApology + "\n")
	case ReplyTooLong:
		b.WriteString(tooLongText(r) + "\n")
	case ReplySlowDown:
		b.WriteString(slowDownText(r) + "\n")
	case ReplyNote:
		b.WriteString(OneLine(r.Note) + "\n")
	case ReplyParagraph:
		b.WriteString(paragraphText(r.Paragraph) + "\n")
	case ReplyAdmin:
		b.WriteString(strings.TrimSuffix(r.Note, "\n") + "\n")
	}
	return b.String()
}

// tooLongText and slowDownText hold no user text: they are the same in
// mrkdwn and for a terminal.
func tooLongText(r Reply) string {
	return fmt.Sprintf("That question is too long for me (%s characters). Please ask it in at most %s characters: one question, in a sentence or two.",
		Thousands(r.Length), Thousands(MaxQuestionChars))
}

func slowDownText(r Reply) string {
	wait := "a few seconds"
	if s := int(math.Ceil(r.Wait.Seconds())); s > 1 && s <= 3600 {
		wait = Plural(s, "second", "seconds")
	}
	if r.Busy {
		return "I'm answering a lot of questions in this workspace right now. Please ask again in " + wait + "."
	}
	return "You're asking faster than I can answer. Please slow down and ask again in " + wait + "."
}

// Thousands writes n with thousands separators: 12,345.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func withCommand(cmd, q string) string {
	if cmd == "" {
		return q
	}
	return cmd + " " + q
}

func hintMrkdwn(cmd string) string {
	return "Try other words, or ask for `" + Escape(withCommand(cmd, "sources")) + "` to see which stories I know."
}

func usageMrkdwn(r Reply) string {
	var b strings.Builder
	b.WriteString(textIntro + "\n")
	cmd := r.Command
	if cmd == "" {
		cmd = "/story"
	}
	fmt.Fprintf(&b, "Use `%s &lt;question&gt;`, mention me in a channel, or send me a direct message. For example:\n", Escape(cmd))
	for _, q := range r.Examples {
		line := "• `" + Escape(withCommand(r.Command, OneLine(strings.ReplaceAll(q, "`", "'")))) + "`\n"
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > MaxTextObject-100 {
			break
		}
		b.WriteString(line)
	}
	fmt.Fprintf(&b, "`%s` lists the stories I know.", Escape(withCommand(r.Command, "sources")))
	return b.String()
}

// sourcesGroups lists the stories, in sections that each fit a block.
func sourcesGroups(stories []index.StoryInfo) []group {
	out := oneGroup(SectionBlock(fmt.Sprintf("I know %s:", Plural(len(stories), "story", "stories"))))
	var cur strings.Builder
	n := 0
	flush := func() {
		if n > 0 {
			out = append(out, group{blocks: []slack.Block{SectionBlock(cur.String())}, n: n})
		}
		cur.Reset()
		n = 0
	}
	for _, s := range stories {
		line := "• " + storyLink(s.Title, s.URL, 500)
		if d := storyDetails(s); d != "" {
			line += " — " + Escape(d)
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(line) > MaxTextObject {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
		n++
	}
	flush()
	return out
}

func storyDetails(s index.StoryInfo) string {
	var parts []string
	for _, p := range []string{s.Outlet, s.Published} {
		if p = OneLine(p); p != "" {
			parts = append(parts, p)
		}
	}
	return Clip(strings.Join(parts, ", "), 200)
}

func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// attributionMrkdwn says where a passage comes from: who speaks, the
// story (linked when it has a URL), paragraph and sentence.
func attributionMrkdwn(s index.Source) string {
	var b strings.Builder
	b.WriteString("— ")
	if sp := OneLine(s.Speaker); sp != "" {
		b.WriteString(EscClip(sp, 200) + ", in ")
	}
	b.WriteString(storyLink(s.Title, s.URL, 1000))
	fmt.Fprintf(&b, ", paragraph %d, sentence %d", s.Paragraph, s.Sentence)
	return b.String()
}

// Attribution says, as plain text, where a passage comes from: who
// speaks, the story, paragraph and sentence, and the story's URL. The
// console and `storybot ask` both show it.
func Attribution(s index.Source) string {
	at := fmt.Sprintf("%s, paragraph %d, sentence %d", OneLine(s.Title), s.Paragraph, s.Sentence)
	if sp := OneLine(s.Speaker); sp != "" {
		at = sp + ", in " + at
	}
	if u := safeURL(s.URL); u != "" {
		at += " (" + u + ")"
	}
	return at
}

// storyLink is a story's title, escaped and clipped to max characters, as a
// link when the story has an http(s) URL.
func storyLink(title, rawURL string, max int) string {
	// A title is shown as written: its *, _, ~ and ` become look-alikes
	// (inert), since mrkdwn cannot escape them.
	t := EscClip(Inert(OneLine(title)), max)
	if t == "" {
		t = "untitled story"
	}
	u := safeURL(rawURL)
	if u == "" {
		return t
	}
	// In <url|label>, a "|" or ">" in the URL would end it early.
	u = strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20").Replace(u)
	if len(u) > 1000 {
		return t
	}
	return "<" + strings.ReplaceAll(u, "&", "&amp;") + "|" + t + ">"
}

// safeURL returns u if it is an absolute http(s) URL, else "".
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	l := strings.ToLower(u)
	if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
		return ""
	}
	if strings.ContainsAny(u, "\n\r\t") {
		return ""
	}
	return u
}

// MaxQuestionChars is the longest question the bot takes, in characters
// after the mention is stripped; a longer one gets a reply saying so.
const MaxQuestionChars = 1000

// Message is r as a message for a response_url or a slash command's
// immediate response, of responseType (ephemeral or in_channel).
func Message(r Reply, responseType string) slack.WebhookMessage {
	return slack.WebhookMessage{
		ResponseType: responseType,
		Text:         Fallback(r),
		Blocks:       &slack.Blocks{BlockSet: Blocks(r)},
	}
}

// ErrTooBig is what a transport's immediate response says of an answer
// over its size limit.
var ErrTooBig = errors.New("answer too big for the immediate response")

// EncodeWithin is msg as JSON, if that is under max bytes: the
// transports' encoding of a slash command's immediate answer.
func EncodeWithin(msg slack.WebhookMessage, max int) ([]byte, error) {
	js, err := json.Marshal(&msg)
	if err != nil {
		return nil, fmt.Errorf("encode the answer: %w", err)
	}
	if len(js) >= max {
		return nil, ErrTooBig
	}
	return js, nil
}
