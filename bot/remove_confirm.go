package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/index"
)

// The buttons of /story remove's confirmation (remove.go): Remove deletes
// the story's file, if it is still the one shown, and reloads; Cancel
// changes nothing. Either replaces the confirmation with what came of it.
// A click is acted on only for an admin, whoever's buttons they were.

// removeClick checks a click on the confirmation's buttons: its
// response_url, its clicker, its value. ok is false when it was answered
// already.
func (b *Bot) removeClick(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) (ref removeRef, log *slog.Logger, ok bool) {
	log = b.log.With("action", slackapi.ClipID(a.ActionID), "team", slackapi.ClipID(teamOf(cb)), "channel", slackapi.ClipID(cb.Channel.ID), "user", slackapi.ClipID(cb.User.ID))
	if err := b.hooks.check(cb.ResponseURL); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		log.Warn("click ignored", "err", err)
		return ref, log, false
	}
	ctx = slackapi.WithLogger(ctx, log)
	if !b.isAdmin(teamOf(cb), cb.User.ID) {
		b.metrics.corpusChanges.WithLabelValues("remove", changeRefused).Inc()
		log.Info("story removal refused: not an admin")
		b.sayEphemeral(ctx, cb.ResponseURL, adminReply(textNotAdminRemove, textNotAdminRemove))
		return ref, log, false
	}
	if ref, ok = decodeRemove(a.Value); !ok {
		log.Info("click on a removal the bot cannot read")
		b.replaceWith(ctx, cb.ResponseURL, adminReply(textRemoveUnread, textRemoveUnread))
		return ref, log, false
	}
	return ref, log, true
}

// removeConfirmed removes the story the confirmation showed, then reloads.
func (b *Bot) removeConfirmed(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	ref, log, ok := b.removeClick(ctx, cb, a)
	if !ok {
		return
	}
	ctx = slackapi.WithLogger(ctx, log)
	b.corpus.mu.Lock()
	st, err := b.removeStory(ref)
	done := ""
	if err == nil {
		done = b.reloadAfter(ctx, "a story removed from Slack")
	}
	b.corpus.mu.Unlock()
	if err != nil {
		b.metrics.corpusChanges.WithLabelValues("remove", changeFailed).Inc()
		log.Info("story not removed", "id", slackapi.ClipID(ref.ID), "file", ref.File, "why", err)
		why := "Not removed: " + b.corpus.withoutDir(ErrorMessage(err))
		b.replaceWith(ctx, cb.ResponseURL, adminReply(why, shownText(why, render.MaxTextObject)))
		return
	}
	b.metrics.corpusChanges.WithLabelValues("remove", changeDone).Inc()
	log.Info("story removed", "id", slackapi.ClipID(st.ID), "file", ref.File)
	b.replaceWith(ctx, cb.ResponseURL, adminReply(
		fmt.Sprintf("Removed “%s” (id %s): its file %s is deleted. %s", render.OneLine(st.Title), st.ID, ref.File, done),
		fmt.Sprintf("*Removed* “%s” (id %s): its file %s is deleted. %s", shownText(st.Title, 500), shownText(st.ID, 300), shownText(ref.File, 300), done)))
}

// removeCancelled answers Cancel: nothing changes.
func (b *Bot) removeCancelled(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	ref, log, ok := b.removeClick(ctx, cb, a)
	if !ok {
		return
	}
	log.Info("story removal cancelled", "id", slackapi.ClipID(ref.ID))
	b.replaceWith(slackapi.WithLogger(ctx, log), cb.ResponseURL, adminReply(
		fmt.Sprintf("Cancelled: story %s stays in the corpus.", ref.ID),
		fmt.Sprintf("Cancelled: story %s stays in the corpus.", shownText(ref.ID, 300))))
}

// removeStory deletes the file ref names from the corpus folder if it is
// still a regular file there, with the bytes that were shown, holding
// ref's id (index.RemoveStory); it returns the story deleted. The caller
// holds corpus.mu.
func (b *Bot) removeStory(ref removeRef) (index.Story, error) {
	st, err := index.RemoveStory(b.corpus.dir, ref.File, ref.ID, ref.Sum)
	if errors.Is(err, index.ErrStoryChanged) {
		return st, Errorf(ECONFLICT, "%s has changed since I showed it: run /story remove %s again", ref.File, ref.ID)
	}
	return st, corpusError(err)
}

// replaceWith replaces the message whose button was clicked with r.
func (b *Bot) replaceWith(ctx context.Context, responseURL string, r render.Reply) {
	ctx, cancel := replyContext(ctx)
	defer cancel()
	msg := render.Message(r, ResponseEphemeral)
	msg.ReplaceOriginal = true
	if err := b.respond(ctx, responseURL, msg); err != nil {
		slackapi.LoggerFrom(ctx, b.log).Error("could not tell the admin", "err", err)
	}
}
