package bot

import (
	"context"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/internal/insights"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
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
// editors' figures first for an editor (below).
func (b *Bot) publishHome(ctx context.Context, team, user string) {
	api := b.tenants.auth(ctx).Slack
	if api == nil {
		return
	}
	blocks := render.HomeBlocks(b.ans.Stories(), b.exampleQuestions(), b.slashType, b.votes.open())
	blocks = append(b.editors.home(ctx, team, user), blocks...)
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		b.metrics.apiErrors.WithLabelValues("views.publish", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("could not publish the Home tab", "user", slackapi.ClipID(user), "err", slackapi.Redact(err))
	}
}

// The editors' Home: for the admins (STORYBOT_ADMINS), the Home tab
// opens on the last seven days of the question log: questions answered
// and refused, the votes, a four-week trend, the refused questions
// grouped by meaning (most asked first, each with its count and two
// examples as asked, and a "Handled" button that hides it until it is
// asked again), and the answers voted down with the passage shown. Who
// asked is never shown: the log does not know. Everyone else sees the
// Home tab as it always was.

const textAddStory = "To add a story, send me its file here, in this DM: plain text (`.txt`), Markdown (`.md`) or a saved web page (`.html`). " +
	"I add it to the stories and answer from it a moment later. `/story remove ID` removes one."

// figures reads the week's figures of team for its editors.
func (e *editors) figures(ctx context.Context, team string) (insights.Figures, error) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	return insights.Build(ctx, e.store, insights.Options{Team: team, Now: e.now(), Days: 7, Grouper: e.grouper})
}

// handled marks a group of refused questions handled and shows the Home
// again without it (editors_handled).
func (b *Bot) handled(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	if b.editors.handle(ctx, cb, a) {
		b.publishHome(ctx, teamOf(cb), cb.User.ID)
	}
}

// home are the blocks an editor's Home opens on: the week's figures of
// team, if user is one of its editors and the question log can be read;
// none for anyone else.
func (e *editors) home(ctx context.Context, team, user string) []slack.Block {
	if e.store == nil || !e.admins.has(team, user) {
		return nil
	}
	f, err := e.figures(ctx, team)
	if err != nil {
		e.metrics.editors.WithLabelValues("failed").Inc()
		slackapi.LoggerFrom(ctx, e.log).Warn("the question log could not be read: the editor's Home is the usual one", "err", err)
		return nil
	}
	e.metrics.editors.WithLabelValues("home").Inc()
	return append(render.EditorBlocks(f, true), slack.NewDividerBlock())
}

// handle marks the group of refused questions a names handled, for an
// editor; it tells whether it did.
func (e *editors) handle(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) bool {
	team, user := teamOf(cb), cb.User.ID
	if e.store == nil || !e.admins.has(team, user) || a.Value == "" {
		return false
	}
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	err := e.store.HandleGroup(sctx, team, a.Value, e.now())
	cancel()
	if err != nil {
		e.metrics.editors.WithLabelValues("failed").Inc()
		slackapi.LoggerFrom(ctx, e.log).Warn("could not mark a group handled", "err", err)
		return false
	}
	e.metrics.editors.WithLabelValues("handled").Inc()
	return true
}

// addStory tells an editor how to add a story, in a DM
// (editors_add_story).
func (e *editors) addStory(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	poster := e.tenants.auth(ctx).Slack
	if poster == nil || cb.User.ID == "" {
		return
	}
	if _, _, err := poster.PostMessageContext(ctx, cb.User.ID, slack.MsgOptionText(textAddStory, false)); err != nil {
		e.metrics.apiErrors.WithLabelValues("chat.postMessage", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, e.log).Warn("could not say how to add a story", "err", slackapi.Redact(err))
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
