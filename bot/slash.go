package bot

import (
	"context"
	"errors"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Slash command response types.
const (
	ResponseEphemeral = "ephemeral"
	ResponseInChannel = "in_channel"
)

// AnswerSlash answers a slash command. It returns the answer's message
// when it is ready within the bot's SlashWait, for the transport to encode
// into its immediate response (the HTTP body, the Socket Mode ack); a
// transport that cannot (the answer is too big for it, the ack was not
// sent) hands it to AnswerLater. A later answer goes to the command's
// response_url when it is ready, and AnswerSlash returns ok false: the
// transport then acknowledges the command without an answer.
func (b *Bot) AnswerSlash(ctx context.Context, cmd slack.SlashCommand) (msg slack.WebhookMessage, ok bool) {
	in := incomingFromSlash(cmd)
	ch := make(chan render.Reply, 1)
	b.Go(ctx, "slash command", func(ctx context.Context) {
		r, _ := b.HandleQuestion(ctx, in)
		ch <- r
	})
	timer := time.NewTimer(b.slashWait)
	defer timer.Stop()
	select {
	case r := <-ch:
		return b.slashMessage(r), true
	case <-timer.C:
	}
	b.logFor(in).Warn("slash answer slow; will use response_url", "wait", b.slashWait)
	b.Go(ctx, "late slash reply", func(ctx context.Context) {
		select {
		case r := <-ch:
			b.hooks.late(ctx, in, b.slashMessage(r))
		case <-ctx.Done():
			b.logFor(in).Error("slash answer never came", "err", ctx.Err())
		}
	})
	return slack.WebhookMessage{}, false
}

// AnswerLater posts msg, a slash command's answer that the transport could
// not put in its immediate response (why says what stopped it), to the
// command's response_url, in the background.
func (b *Bot) AnswerLater(ctx context.Context, cmd slack.SlashCommand, msg slack.WebhookMessage, why error) {
	in := incomingFromSlash(cmd)
	if errors.Is(why, render.ErrTooBig) {
		b.logFor(in).Info("slash answer too big for the immediate response; using response_url")
	} else {
		b.logFor(in).Warn("slash answer not sent in the immediate response; using response_url", "err", why)
	}
	b.Go(ctx, "slash reply", func(ctx context.Context) { b.hooks.late(ctx, in, msg) })
}

// ReplySlash answers a slash command on its response_url, for a
// transport that has acknowledged it already (a Socket Mode ack that
// takes no payload).
func (b *Bot) ReplySlash(ctx context.Context, cmd slack.SlashCommand) {
	in := incomingFromSlash(cmd)
	log := b.logFor(in)
	ctx = slackapi.WithLogger(ctx, log)
	if r, ok := b.HandleQuestion(ctx, in); ok {
		if err := b.Deliver(ctx, in, r); err != nil {
			log.Error("slash reply failed", "err", err)
		}
	}
}

// The slash command takes a few words as commands rather than questions
// ("/story remove ID"); each has its handler, registered by its word.
// ("/story help" and "/story sources" are answers to everyone, and stay
// with the questions: see Bot.reply.)

// commandHandler answers "/story WORD ARGS": args is the text after the
// word, its Slack markup read (see questionOf).
type commandHandler func(ctx context.Context, in Incoming, args string) render.Reply

// newCommands registers the slash command's commands, by their word.
func newCommands(b *Bot) map[string]commandHandler {
	return map[string]commandHandler{
		"remove": b.corpus.removeCommand,
	}
}

// command answers in when it is one of the slash command's commands; ok
// is false for anything else (a question).
func (b *Bot) command(ctx context.Context, in Incoming) (r render.Reply, ok bool) {
	if in.Kind != KindSlash {
		return render.Reply{}, false
	}
	word, args, _ := strings.Cut(questionOf(in.Text, b.tenants.auth(ctx).Self.UserID), " ")
	h, ok := b.commands[strings.ToLower(word)]
	if !ok {
		return render.Reply{}, false
	}
	log := b.logFor(in)
	return h(slackapi.WithLogger(ctx, log), in, strings.TrimSpace(args)), true
}
