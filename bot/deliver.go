package bot

import (
	"context"
	"errors"
	"fmt"
	"storybot/bot/render"
	"storybot/bot/slackapi"

	"github.com/slack-go/slack"
)

// Process answers a mention, a DM or a follow-up in a thread in Slack:
// the whole of the work done after the event was acknowledged. A question
// is read in its conversation's context (see converse), and the
// conversation remembers it once answered. A follow-up in a channel
// thread that the stories do not answer gets no reply: people talk among
// themselves in threads too. Failures are logged. With many workspaces,
// ctx carries the event's workspace's token and bot user (HandleEvent).
func (b *Bot) Process(ctx context.Context, in Incoming) {
	k, th, ok := b.converse(ctx, &in)
	if !ok {
		return
	}
	r, ok := b.HandleQuestion(ctx, in)
	if !ok {
		return
	}
	log := b.logFor(in)
	if in.Kind == KindThread && r.Kind == render.ReplyAnswer && !r.Result.Answered {
		log.Info("thread message not answered: the stories do not say")
		return
	}
	ctx = slackapi.WithLogger(ctx, log)
	// Remembered before it is posted: the next message in the thread may
	// come as soon as the answer shows.
	b.remember(ctx, k, th, r)
	if err := b.Deliver(ctx, in, r); err != nil {
		log.Error("reply failed", "err", err)
	}
}

// Deliver posts r where in was asked: in the thread of a mention, in the
// DM (in its thread, if it is in one), or to a slash command's
// response_url.
func (b *Bot) Deliver(ctx context.Context, in Incoming, r render.Reply) error {
	if in.Kind == KindSlash {
		return b.respond(ctx, in.ResponseURL, b.slashMessage(r))
	}
	poster := b.auth(ctx).Slack
	if poster == nil {
		return errors.New("no Slack client to post with")
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(render.Fallback(r), false),
		slack.MsgOptionBlocks(render.Blocks(r)...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if ts := replyThread(in); ts != "" {
		opts = append(opts, slack.MsgOptionTS(ts))
	}
	if _, _, err := poster.PostMessageContext(ctx, in.Channel, opts...); err != nil {
		b.metrics.apiErrors.WithLabelValues("chat.postMessage", slackapi.ErrorReason(err)).Inc()
		return fmt.Errorf("chat.postMessage to %s: %w", in.Channel, slackapi.Redact(err))
	}
	return nil
}

// replyThread is the thread to answer in: a mention is answered in its
// thread (or starts one); a DM is answered in the DM, in its thread only if
// it was asked in one.
func replyThread(in Incoming) string {
	if in.ThreadTS != "" {
		return in.ThreadTS
	}
	if in.Kind == KindMention {
		return in.TS
	}
	return ""
}

// slashMessage is the response to a slash command; an admin's is only
// ever for that admin (STORYBOT_SLASH_RESPONSE aside).
func (b *Bot) slashMessage(r render.Reply) slack.WebhookMessage {
	if r.Kind == render.ReplyAdmin {
		return render.Message(r, ResponseEphemeral)
	}
	return render.Message(r, b.slashType)
}

// respond posts msg to a response_url.
func (b *Bot) respond(ctx context.Context, responseURL string, msg slack.WebhookMessage) error {
	if err := b.hooks.check(responseURL); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		return err
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, &msg); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", slackapi.ErrorReason(err)).Inc()
		return fmt.Errorf("post to response_url: %w", slackapi.Redact(err))
	}
	return nil
}
func (b *Bot) sayEphemeral(ctx context.Context, url string, r render.Reply) {
	msg := render.Message(r, ResponseEphemeral)
	msg.ReplaceOriginal = false
	if err := b.respond(ctx, url, msg); err != nil {
		slackapi.LoggerFrom(ctx, b.log).Error("could not tell the user", "err", err)
	}
}
