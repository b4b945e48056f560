package bot

import (
	"context"
	"storybot/bot/render"
	"storybot/bot/slackapi"

	"github.com/slack-go/slack"
)

// share posts a shared answer in the channel: a click on "Share in
// channel" under an ephemeral answer. It asks the question again (the
// engine is deterministic), posts the answer publicly through the
// payload's response_url, then removes the ephemeral original.
func (b *Bot) share(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	tenant := tenantOfClick(cb)
	in := Incoming{Kind: KindSlash, Team: tenant.TeamID, Channel: cb.Channel.ID, User: cb.User.ID, Text: a.Value, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID, Tenant: tenant}
	ctx = slackapi.WithLogger(ctx, b.logFor(in))
	if err := b.hooks.check(cb.ResponseURL); err != nil {
		// Nothing can be said to the user without it.
		b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("share ignored", "err", err)
		return
	}
	if v := b.allow(ctx, in); !v.OK {
		b.metrics.question(in.Kind, outcomeRateLimited)
		b.metrics.rateLimited[v.Scope].Inc()
		b.sayEphemeral(ctx, cb.ResponseURL, render.Reply{Kind: render.ReplySlowDown, Wait: v.Wait, Busy: v.Scope == scopeTeam})
		return
	}
	r := b.reply(ctx, in)
	r.Restate, r.Shareable, r.SharedBy = true, false, cb.User.ID
	if r.Kind == render.ReplyApology {
		b.sayEphemeral(ctx, cb.ResponseURL, r)
		return
	}
	if err := b.respond(ctx, cb.ResponseURL, render.Message(r, ResponseInChannel)); err != nil {
		slackapi.LoggerFrom(ctx, b.log).Error("share failed", "err", err)
		b.sayEphemeral(ctx, cb.ResponseURL, render.Reply{Kind: render.ReplyApology})
		return
	}
	slackapi.LoggerFrom(ctx, b.log).Info("answer shared")
	if err := b.respond(ctx, cb.ResponseURL, slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		slackapi.LoggerFrom(ctx, b.log).Warn("could not remove the ephemeral answer after sharing it", "err", err)
	}
}
