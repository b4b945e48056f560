package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"storybot/bot/slackapi"
	"storybot/index"
)

// The App Home tab: what the bot knows (the stories, with their sizes),
// the ways to ask, and example questions made from the corpus. It is
// published (views.publish) each time someone opens it, so that it shows
// the stories being served, after a reload too.

// appHomeOpened publishes the Home tab for the person who opened it.
func (b *Bot) appHomeOpened(ctx context.Context, ev slackevents.EventsAPIEvent) {
	e, _ := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if e == nil || e.Tab != "home" || e.User == "" {
		return
	}
	b.publishHome(ctx, eventTenant(ev).TeamID, e.User)
}

// publishHome publishes the Home tab of user, of workspace team: the
// editors' figures first for an editor (editors.go).
func (b *Bot) publishHome(ctx context.Context, team, user string) {
	api := b.auth(ctx).Slack
	if api == nil {
		return
	}
	blocks := HomeBlocks(b.ans.Stories(), b.exampleQuestions(), b.slashType, b.votes != nil)
	if b.insights != nil && b.isAdmin(team, user) {
		f, err := b.editorFigures(ctx, team)
		if err != nil {
			b.metrics.editors.WithLabelValues("failed").Inc()
			slackapi.LoggerFrom(ctx, b.log).Warn("the question log could not be read: the editor's Home is the usual one", "err", err)
		} else {
			b.metrics.editors.WithLabelValues("home").Inc()
			blocks = append(append(EditorBlocks(f, true), slack.NewDividerBlock()), blocks...)
		}
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		b.metrics.apiErrors.WithLabelValues("views.publish", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("could not publish the Home tab", "user", slackapi.ClipID(user), "err", slackapi.Redact(err))
	}
}

// HomeBlocks are the Home tab's blocks: how to ask, examples, and the
// stories, kept to Slack's limits (as many stories as fit, and how many
// more).
func HomeBlocks(stories []index.StoryInfo, examples []string, slashType string, votes bool) []slack.Block {
	slash := "only you see the answer, with a button to share it"
	if slashType == ResponseInChannel {
		slash = "everyone in the channel sees the answer"
	}
	buttons := "Under an answer: *More passages* and the *Whole paragraph*."
	if votes {
		buttons = "Under an answer: *More passages*, the *Whole paragraph*, and 👍 or 👎 to tell me how I did."
	}
	head := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Storybot", false, false)),
		sectionBlock(textIntro),
		sectionBlock("*How to ask*\n" +
			"• `/story &lt;question&gt;` in any channel: " + slash + ".\n" +
			"• Mention me in a channel: I answer in a thread, and answer the next messages there too, no mention needed.\n" +
			"• Send me a direct message.\n" +
			"• Open me in Slack's assistant panel, beside whatever you are reading.\n" + buttons),
	}
	if len(examples) > 0 {
		var eb strings.Builder
		eb.WriteString("*Try asking*")
		for _, q := range examples {
			line := "\n• " + escape(oneLine(q))
			if utf8.RuneCountInString(eb.String())+utf8.RuneCountInString(line) > maxTextObject {
				break
			}
			eb.WriteString(line)
		}
		head = append(head, sectionBlock(eb.String()))
	}
	head = append(head, slack.NewDividerBlock(), sectionBlock(fmt.Sprintf("*The stories I know* (%d)", len(stories))))
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
		line += " — " + escape(inert(details)+plural(s.Sentences, "passage", "passages"))
		if n > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(line) > maxTextObject {
			out = append(out, group{blocks: []slack.Block{sectionBlock(cur.String())}, n: n})
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
		out = append(out, group{blocks: []slack.Block{sectionBlock(cur.String())}, n: n})
	}
	return out
}
