package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"storybot/bot/slackapi"
	"storybot/internal/insights"
)

// The editors' Home: for the admins (STORYBOT_ADMINS), the Home tab
// opens on the last seven days of the question log: questions answered
// and refused, the votes, a four-week trend, the refused questions
// grouped by meaning (most asked first, each with its count and two
// examples as asked, and a "Handled" button that hides it until it is
// asked again), and the answers voted down with the passage shown. Who
// asked is never shown: the log does not know. Everyone else sees the
// Home tab as it always was.

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

const textAddStory = "To add a story, send me its file here, in this DM: plain text (`.txt`), Markdown (`.md`) or a saved web page (`.html`). " +
	"I add it to the stories and answer from it a moment later. `/story remove ID` removes one."

// editorFigures reads the week's figures of team for its editors.
func (b *Bot) editorFigures(ctx context.Context, team string) (insights.Figures, error) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	return insights.Build(ctx, b.insights, insights.Options{Team: team, Now: b.now(), Days: 7, Grouper: b.grouper})
}

// EditorBlocks show f to the editors; buttons adds the Home's buttons
// (not in the digest).
func EditorBlocks(f insights.Figures, buttons bool) []slack.Block {
	bs := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "The last seven days (editors only)", false, false)),
		sectionBlock(fmt.Sprintf("*%d answered*, *%d refused* (%.0f%% answered) · %d 👍 · %d 👎",
			f.Answered, f.Refused, 100*f.Rate(), f.Up, f.Down)),
		contextBlock("Four weeks, questions (answered): " + trend(f)),
	}
	head := sectionBlock(fmt.Sprintf("*What the stories did not answer* (%s)", plural(len(f.Groups), "group", "groups")))
	if len(f.Groups) == 0 {
		head = sectionBlock("*What the stories did not answer*: nothing this week.")
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
			bs = append(bs, contextBlock(fmt.Sprintf("…and %s not shown.", plural(len(groups)-i, "more group", "more groups"))))
			break
		}
		var ex []string
		for _, e := range g.Examples {
			ex = append(ex, "“"+escape(clip(oneLine(e), maxExampleChars))+"”")
		}
		text := fmt.Sprintf("*%d×* %s", g.Count, strings.Join(ex, " · "))
		var accessory *slack.Accessory
		if buttons && g.Key != "" && len(g.Key) <= maxButtonVal {
			accessory = slack.NewAccessory(slack.NewButtonBlockElement(fmt.Sprintf("%s:%d", ActionHandled, i+1), g.Key,
				slack.NewTextBlockObject(slack.PlainTextType, "Handled", false, false)))
		}
		bs = append(bs, slack.NewSectionBlock(mrkdwn(text), nil, accessory))
	}
	return bs
}

// downVotedBlocks are the answers voted down, with the passage shown.
func downVotedBlocks(f insights.Figures) []slack.Block {
	if len(f.DownVoted) == 0 {
		return nil
	}
	bs := []slack.Block{slack.NewDividerBlock(), sectionBlock(fmt.Sprintf("*Answers voted down* (%d)", len(f.DownVoted)))}
	for i, v := range f.DownVoted {
		if i == maxEditorDownVoted {
			bs = append(bs, contextBlock(fmt.Sprintf("…and %d more.", len(f.DownVoted)-i)))
			break
		}
		text := "“" + escape(clip(oneLine(v.Question), maxExampleChars)) + "”"
		if len(v.Passages) > 0 {
			p := v.Passages[0]
			text += fmt.Sprintf("\n> %s\n_%s, paragraph %d_", escape(clip(oneLine(p.Text), maxExampleChars)), escape(clip(p.Story, 100)), p.Paragraph)
		}
		bs = append(bs, sectionBlock(text))
	}
	return bs
}

// handled marks a group of refused questions handled and shows the Home
// again without it (editors_handled).
func (b *Bot) handled(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	team, user := teamOf(cb), cb.User.ID
	if b.insights == nil || !b.isAdmin(team, user) || a.Value == "" {
		return
	}
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	err := b.insights.HandleGroup(sctx, team, a.Value, b.now())
	cancel()
	if err != nil {
		b.metrics.editors.WithLabelValues("failed").Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("could not mark a group handled", "err", err)
		return
	}
	b.metrics.editors.WithLabelValues("handled").Inc()
	b.publishHome(ctx, team, user)
}

// addStory tells an editor how to add a story, in a DM
// (editors_add_story).
func (b *Bot) addStory(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	poster := b.auth(ctx).Slack
	if poster == nil || cb.User.ID == "" {
		return
	}
	if _, _, err := poster.PostMessageContext(ctx, cb.User.ID, slack.MsgOptionText(textAddStory, false)); err != nil {
		b.metrics.apiErrors.WithLabelValues("chat.postMessage", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("could not say how to add a story", "err", slackapi.Redact(err))
	}
}

// addEditors registers the count of the editors' views and actions.
func (m *Metrics) addEditors(reg prometheus.Registerer) {
	m.editors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_editors_total",
		Help: "The editors' views and actions, by what: home (an editor's Home published), handled (a group marked handled), digest_sent, digest_skipped (another replica sent it), failed (the question log could not be read or written).",
	}, []string{"what"})
	for _, w := range []string{"home", "handled", "digest_sent", "digest_skipped", "failed"} {
		m.editors.WithLabelValues(w)
	}
	reg.MustRegister(m.editors)
}
