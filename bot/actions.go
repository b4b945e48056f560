package bot

import (
	"context"
	"errors"
	"log/slog"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/bot/store"
	"storybot/index"
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
		// /story remove's confirmation (remove.go).
		render.ActionRemoveConfirm: b.corpus.removeConfirmed,
		render.ActionRemoveCancel:  b.corpus.removeCancelled,
		// The editors' Home (home.go).
		render.ActionHandled:  b.handled,
		render.ActionAddStory: b.editors.addStory,
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
	ctx = b.tenants.answeredAt(ctx, tenantOfClick(cb), b.log.With("team", slackapi.ClipID(teamOf(cb)), "user", slackapi.ClipID(cb.User.ID)))
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
	if v := b.limits.allow(ctx, in); !v.OK {
		b.metrics.question(in.Kind, outcomeRateLimited)
		b.metrics.rateLimited[v.Scope].Inc()
		b.hooks.ephemeral(ctx, cb.ResponseURL, render.Reply{Kind: render.ReplySlowDown, Wait: v.Wait, Busy: v.Scope == scopeTeam})
		return
	}
	r := b.reply(ctx, in)
	r.Restate, r.Shareable, r.SharedBy = true, false, cb.User.ID
	if r.Kind == render.ReplyApology {
		b.hooks.ephemeral(ctx, cb.ResponseURL, r)
		return
	}
	if err := b.hooks.respond(ctx, cb.ResponseURL, render.Message(r, ResponseInChannel)); err != nil {
		slackapi.LoggerFrom(ctx, b.log).Error("share failed", "err", err)
		b.hooks.ephemeral(ctx, cb.ResponseURL, render.Reply{Kind: render.ReplyApology})
		return
	}
	slackapi.LoggerFrom(ctx, b.log).Info("answer shared")
	if err := b.hooks.respond(ctx, cb.ResponseURL, slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		slackapi.LoggerFrom(ctx, b.log).Warn("could not remove the ephemeral answer after sharing it", "err", err)
	}
}

// The buttons under an answer are answered to the person who clicked,
// ephemerally, on the click's response_url: more passages, the whole
// paragraph, thanks for a vote. A click on a button the bot cannot read
// (an old answer, another app's) gets a polite line, never an error.

// The polite lines.
const (
	textUnknownAnswer = "I can't find that answer any more. Please ask the question again."
	textNoMore        = "That's all I found for that question."
	textNoParagraph   = "I can't find that paragraph any more: the stories have changed since. Please ask again."
	textVotedUp       = "Thanks! Glad it helped."
	textVotedDown     = "Thanks for telling me. I'll use it to do better."
	textVotesOff      = "Thanks! (Votes are not being recorded at the moment.)"
	textVoteFailed    = "Sorry, I couldn't record your vote just now. Please try again in a moment."
)

// click is a click on one of an answer's buttons, ready to answer.
type click struct {
	cb         slack.InteractionCallback
	team, user string
	ref        render.Ref
	log        *slog.Logger
}

// onAnswer makes the handler of an answer's button from h: it checks the
// response_url, the rate limits and the button's value first.
func (b *Bot) onAnswer(h func(ctx context.Context, c click)) actionHandler {
	return func(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
		c := click{cb: cb, team: teamOf(cb), user: cb.User.ID}
		c.log = b.log.With("action", slackapi.ClipID(a.ActionID), "team", slackapi.ClipID(c.team), "channel", slackapi.ClipID(cb.Channel.ID), "user", slackapi.ClipID(c.user))
		ctx = slackapi.WithLogger(ctx, c.log)
		if err := b.hooks.check(cb.ResponseURL); err != nil {
			b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
			c.log.Warn("click ignored", "err", err)
			return
		}
		if v := b.limits.allow(ctx, Incoming{Team: c.team, User: c.user}); !v.OK {
			b.metrics.rateLimited[v.Scope].Inc()
			b.hooks.ephemeral(ctx, cb.ResponseURL, render.Reply{Kind: render.ReplySlowDown, Wait: v.Wait, Busy: v.Scope == scopeTeam})
			return
		}
		ref, ok := render.DecodeRef(a.Value)
		if !ok {
			c.log.Info("click on an answer the bot cannot read")
			b.hooks.note(ctx, c, textUnknownAnswer)
			return
		}
		c.ref = ref
		h(ctx, c)
	}
}

// more shows the next passages of the same answer (story_more).
func (b *Bot) more(ctx context.Context, c click) {
	shown := c.ref.Shown
	if shown >= render.MaxRefShown {
		b.hooks.note(ctx, c, textNoMore)
		return
	}
	res, err := b.ans.Ask(ctx, c.ref.Question, index.AskOptions{Top: shown + b.top + 1})
	if err != nil {
		c.log.Error("answer failed", "err", err)
		b.hooks.ephemeral(ctx, c.cb.ResponseURL, render.Reply{Kind: render.ReplyApology})
		return
	}
	if !res.Answered || len(res.Answers) <= shown {
		b.hooks.note(ctx, c, textNoMore)
		return
	}
	end := min(shown+b.top, len(res.Answers), render.MaxRefShown)
	more := len(res.Answers) > end && end < render.MaxRefShown
	res.Answers = res.Answers[shown:end]
	b.hooks.ephemeral(ctx, c.cb.ResponseURL, render.Reply{
		Kind: render.ReplyAnswer, Question: c.ref.Question, Restate: true, Result: res, Offset: shown,
		Ref:  render.RefOf(render.NewAnswerID(), c.ref.Question, c.ref.Asked, end, b.now().Unix(), res.Answers),
		More: more, Votes: b.votes.open(),
	})
}

// paragraph shows the whole paragraph of the answer's first passage, that
// passage's sentence in bold (story_context).
func (b *Bot) paragraph(ctx context.Context, c click) {
	first, found := b.firstPassage(ctx, c.ref)
	if !found {
		b.hooks.note(ctx, c, textNoParagraph)
		return
	}
	sentences, err := b.ans.Paragraph(first.Story, first.Paragraph)
	if errors.Is(err, index.ErrNoParagraph) || err == nil && len(sentences) == 0 {
		b.hooks.note(ctx, c, textNoParagraph)
		return
	}
	if err != nil {
		c.log.Error("paragraph failed", "err", err)
		b.hooks.ephemeral(ctx, c.cb.ResponseURL, render.Reply{Kind: render.ReplyApology})
		return
	}
	src := index.Source{Story: first.Story, Paragraph: first.Paragraph, Sentence: first.Sentence}
	for _, s := range b.ans.Stories() {
		if s.ID == first.Story {
			src.Title, src.URL = s.Title, s.URL
			break
		}
	}
	b.hooks.ephemeral(ctx, c.cb.ResponseURL, render.Reply{Kind: render.ReplyParagraph, Paragraph: render.Paragraph{Source: src, Sentences: sentences}})
}

// firstPassage is where the answer's first passage is: in its ref, or
// (when the ref had no room for it) the first answer to its question now.
func (b *Bot) firstPassage(ctx context.Context, ref render.Ref) (render.PassageRef, bool) {
	if len(ref.Passages) > 0 {
		return ref.Passages[0], true
	}
	ps := b.passagesNow(ctx, ref, 1)
	if len(ps) == 0 {
		return render.PassageRef{}, false
	}
	return render.PassageRef{Story: ps[0].Story, Paragraph: ps[0].Paragraph, Sentence: ps[0].Sentence}, true
}

// passagesNow are the passages the engine gives ref's question now, the
// last n of its first ref.Shown.
func (b *Bot) passagesNow(ctx context.Context, ref render.Ref, n int) []store.Passage {
	res, err := b.ans.Ask(ctx, ref.Question, index.AskOptions{Top: max(ref.Shown, 1)})
	if err != nil || !res.Answered {
		return nil
	}
	as := res.Answers[max(0, len(res.Answers)-n):]
	var out []store.Passage
	for _, a := range as {
		out = append(out, store.Passage{Story: a.Source.Story, Paragraph: a.Source.Paragraph, Sentence: a.Source.Sentence, Text: a.Text})
	}
	return out
}

// vote records a vote on the answer (once per person and answer) and thanks the
// voter (story_vote_up, story_vote_down).
func (b *Bot) vote(vote string) func(ctx context.Context, c click) {
	return func(ctx context.Context, c click) {
		if !b.votes.open() {
			b.hooks.note(ctx, c, textVotesOff)
			return
		}
		if err := b.votes.cast(ctx, c, vote, b.votedPassages(ctx, c.ref)); err != nil {
			c.log.Error("vote not recorded", "err", err)
			b.hooks.note(ctx, c, textVoteFailed)
			return
		}
		c.log.Info("vote recorded", "vote", vote, "answer", slackapi.ClipID(c.ref.ID))
		if vote == store.VoteUp {
			b.hooks.note(ctx, c, textVotedUp)
		} else {
			b.hooks.note(ctx, c, textVotedDown)
		}
	}
}

// votedPassages are the passages shown with the answer, each with its
// sentence's text.
func (b *Bot) votedPassages(ctx context.Context, ref render.Ref) []store.Passage {
	if len(ref.Passages) == 0 {
		return b.passagesNow(ctx, ref, ref.Shown)
	}
	out := make([]store.Passage, 0, len(ref.Passages))
	for _, pr := range ref.Passages {
		vp := store.Passage{Story: pr.Story, Paragraph: pr.Paragraph, Sentence: pr.Sentence}
		if ss, err := b.ans.Paragraph(pr.Story, pr.Paragraph); err == nil && pr.Sentence >= 1 && pr.Sentence <= len(ss) {
			vp.Text = ss[pr.Sentence-1]
		}
		out = append(out, vp)
	}
	return out
}
