package bot

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"storybot/bot/render"
	"storybot/bot/slackapi"
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
	blocks := render.HomeBlocks(b.ans.Stories(), b.exampleQuestions(), b.slashType, b.votes != nil)
	if b.insights != nil && b.isAdmin(team, user) {
		f, err := b.editorFigures(ctx, team)
		if err != nil {
			b.metrics.editors.WithLabelValues("failed").Inc()
			slackapi.LoggerFrom(ctx, b.log).Warn("the question log could not be read: the editor's Home is the usual one", "err", err)
		} else {
			b.metrics.editors.WithLabelValues("home").Inc()
			blocks = append(append(render.EditorBlocks(f, true), slack.NewDividerBlock()), blocks...)
		}
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		b.metrics.apiErrors.WithLabelValues("views.publish", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("could not publish the Home tab", "user", slackapi.ClipID(user), "err", slackapi.Redact(err))
	}
}
