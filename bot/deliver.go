package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
)

// Process answers a mention or a DM in Slack: the whole of the work done
// after the event was acknowledged. Failures are logged.
//
// With many workspaces, the event is answered with its own workspace's
// token and bot user; one from a workspace the app is not installed in
// (any more) is logged and dropped.
func (b *Bot) Process(ctx context.Context, in Incoming) {
	log := b.logFor(in)
	a, err := b.authorize(ctx, in)
	if err != nil {
		log.Warn("no token to answer with: event dropped", "err", err)
		return
	}
	ctx = withAuth(ctx, a)
	r, ok := b.HandleQuestion(ctx, in)
	if !ok {
		return
	}
	if err := b.Deliver(withLogger(ctx, log), in, r); err != nil {
		log.Error("reply failed", "err", err)
	}
}

// Deliver posts r where in was asked: in the thread of a mention, in the
// DM (in its thread, if it is in one), or to a slash command's
// response_url.
func (b *Bot) Deliver(ctx context.Context, in Incoming, r Reply) error {
	if in.Kind == KindSlash {
		return b.respond(ctx, in.ResponseURL, b.slashMessage(r))
	}
	poster := b.auth(ctx).Poster
	if poster == nil {
		return errors.New("no Slack client to post with")
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(Fallback(r), false),
		slack.MsgOptionBlocks(Blocks(r)...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if ts := replyThread(in); ts != "" {
		opts = append(opts, slack.MsgOptionTS(ts))
	}
	if _, _, err := poster.PostMessageContext(ctx, in.Channel, opts...); err != nil {
		b.metrics.apiErrors.WithLabelValues("chat.postMessage", apiErrorReason(err)).Inc()
		return fmt.Errorf("chat.postMessage to %s: %w", in.Channel, redactErr(err))
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

// slashMessage is the response to a slash command.
func (b *Bot) slashMessage(r Reply) slack.WebhookMessage {
	return message(r, b.slashType)
}

func message(r Reply, responseType string) slack.WebhookMessage {
	return slack.WebhookMessage{
		ResponseType: responseType,
		Text:         Fallback(r),
		Blocks:       &slack.Blocks{BlockSet: Blocks(r)},
	}
}

// respond posts msg to a response_url.
func (b *Bot) respond(ctx context.Context, responseURL string, msg slack.WebhookMessage) error {
	if err := b.hooks.check(responseURL); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		return err
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, &msg); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", apiErrorReason(err)).Inc()
		return fmt.Errorf("post to response_url: %w", redactErr(err))
	}
	return nil
}
func (b *Bot) sayEphemeral(ctx context.Context, url string, r Reply) {
	msg := message(r, ResponseEphemeral)
	msg.ReplaceOriginal = false
	if err := b.respond(ctx, url, msg); err != nil {
		loggerFrom(ctx, b.log).Error("could not tell the user", "err", err)
	}
}
