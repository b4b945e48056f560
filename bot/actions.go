package bot

import (
	"context"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/bot/store"
	"strings"

	"github.com/slack-go/slack"
)

// actionHandler answers a click on one of the bot's buttons: a, of the
// interaction cb. It runs after the click was acknowledged.
type actionHandler func(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction)

// newActions registers the handler of each button, by its action_id.
func newActions(b *Bot) map[string]actionHandler {
	return map[string]actionHandler{
		render.ActionShare:    b.share,
		render.ActionMore:     b.onAnswer(b.more),
		render.ActionContext:  b.onAnswer(b.paragraph),
		render.ActionVoteUp:   b.onAnswer(b.vote(store.VoteUp)),
		render.ActionVoteDown: b.onAnswer(b.vote(store.VoteDown)),
		// /story remove's confirmation (remove_confirm.go).
		render.ActionRemoveConfirm: b.removeConfirmed,
		render.ActionRemoveCancel:  b.removeCancelled,
		// The editors' Home (editors.go).
		render.ActionHandled:  b.handled,
		render.ActionAddStory: b.addStory,
	}
}

// Interact answers an interactive payload (a click), from either
// transport: each action whose action_id has a handler is handled; the
// rest are logged at debug level and ignored. With many workspaces, the
// work is done with the click's workspace's token (see answeredAt).
func (b *Bot) Interact(ctx context.Context, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		b.log.Debug("ignored interaction", "type", cb.Type)
		return
	}
	ctx = b.answeredAt(ctx, tenantOfClick(cb), b.log.With("team", slackapi.ClipID(teamOf(cb)), "user", slackapi.ClipID(cb.User.ID)))
	for _, a := range cb.ActionCallback.BlockActions {
		if a == nil {
			continue
		}
		h, ok := b.actions[a.ActionID]
		if base, _, numbered := strings.Cut(a.ActionID, ":"); !ok && numbered {
			h, ok = b.actions[base] // one of several alike: editors_handled:2
		}
		if !ok {
			b.log.Debug("ignored block action", "action_id", slackapi.ClipID(a.ActionID))
			continue
		}
		h(ctx, cb, a)
	}
}

// teamOf is the workspace a click came from. An org-wide install's
// payloads say "team": null and name the workspace only in the user's
// team_id.
func teamOf(cb slack.InteractionCallback) string {
	if cb.Team.ID != "" {
		return cb.Team.ID
	}
	return cb.User.TeamID
}
