package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
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
	k, th, ok := b.conv.converse(ctx, &in)
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
	b.conv.remember(ctx, k, th, r)
	if err := b.Deliver(ctx, in, r); err != nil {
		log.Error("reply failed", "err", err)
	}
}

// Deliver posts r where in was asked: in the thread of a mention, in the
// DM (in its thread, if it is in one), or to a slash command's
// response_url.
func (b *Bot) Deliver(ctx context.Context, in Incoming, r render.Reply) error {
	if in.Kind == KindSlash {
		return b.hooks.respond(ctx, in.ResponseURL, b.slashMessage(r))
	}
	poster := b.tenants.auth(ctx).Slack
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

// hooks post to response_urls (the replies to slash commands and
// clicks), only where their hookPolicy lets them, with the bot's guarded
// HTTP client.
type hooks struct {
	hookPolicy
	http      *http.Client
	apiErrors *prometheus.CounterVec
	log       *slog.Logger
}

// respond posts msg to a response_url.
func (h *hooks) respond(ctx context.Context, responseURL string, msg slack.WebhookMessage) error {
	if err := h.check(responseURL); err != nil {
		h.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		return err
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, h.http, &msg); err != nil {
		h.apiErrors.WithLabelValues("response_url", slackapi.ErrorReason(err)).Inc()
		return fmt.Errorf("post to response_url: %w", slackapi.Redact(err))
	}
	return nil
}

// ephemeral tells r to the user alone, below the message of url.
func (h *hooks) ephemeral(ctx context.Context, url string, r render.Reply) {
	msg := render.Message(r, ResponseEphemeral)
	msg.ReplaceOriginal = false
	if err := h.respond(ctx, url, msg); err != nil {
		slackapi.LoggerFrom(ctx, h.log).Error("could not tell the user", "err", err)
	}
}

// note tells text to the person who clicked c.
func (h *hooks) note(ctx context.Context, c click, text string) {
	h.ephemeral(ctx, c.cb.ResponseURL, render.Reply{Kind: render.ReplyNote, Note: text})
}

// replace replaces the message whose button was clicked with r.
func (h *hooks) replace(ctx context.Context, responseURL string, r render.Reply) {
	ctx, cancel := replyContext(ctx)
	defer cancel()
	msg := render.Message(r, ResponseEphemeral)
	msg.ReplaceOriginal = true
	if err := h.respond(ctx, responseURL, msg); err != nil {
		slackapi.LoggerFrom(ctx, h.log).Error("could not tell the admin", "err", err)
	}
}

// late posts a slash command's answer to its response_url.
func (h *hooks) late(ctx context.Context, in Incoming, msg slack.WebhookMessage) {
	log := h.log.With(in.logAttrs()...)
	if err := h.respond(slackapi.WithLogger(ctx, log), in.ResponseURL, msg); err != nil {
		log.Error("slash reply failed", "err", err)
	}
}

// slackHooksHost is where Slack's response_urls point
// (https://hooks.slack.com/commands/…, /actions/…).
const slackHooksHost = "hooks.slack.com"

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// hookPolicy says which response_urls the bot posts to. A response_url
// comes in the request, and the bot posts its answer there (and, after a
// share, a delete_original): anywhere else than Slack would hand the
// answer to whoever chose the address, inside the network too. So only
// Slack's hooks are accepted, over https, and, when the Web API is
// somewhere else (SLACK_API_URL: a test's fake Slack, a proxy), that
// origin as well.
type hookPolicy struct {
	scheme, host string // the other origin accepted, if any
}

func newHookPolicy(apiURL string) hookPolicy {
	if apiURL == "" || apiURL == DefaultAPIURL {
		return hookPolicy{}
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return hookPolicy{}
	}
	return hookPolicy{scheme: u.Scheme, host: strings.ToLower(u.Host)}
}

var errNoResponseURL = errors.New("no response_url to answer to")

// check returns nil if raw may be posted to, else an error that names
// where it points (its scheme and host, never its path: the path is the
// secret).
func (p hookPolicy) check(raw string) error {
	if raw == "" {
		return errNoResponseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.Host == "" {
		return errors.New("response_url is not a URL of Slack's hooks: not posted")
	}
	host := strings.ToLower(u.Host)
	switch {
	case u.Scheme == "https" && (host == slackHooksHost || host == slackHooksHost+":443"):
		return nil
	case p.host != "" && u.Scheme == p.scheme && host == p.host:
		return nil
	}
	return fmt.Errorf("response_url points to %s://%s, not to https://%s: not posted", slackapi.ClipID(u.Scheme), slackapi.ClipID(u.Host), slackHooksHost)
}
