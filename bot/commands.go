package bot

import (
	"context"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"strings"
)

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
		"remove": b.removeCommand,
	}
}

// command answers in when it is one of the slash command's commands; ok
// is false for anything else (a question).
func (b *Bot) command(ctx context.Context, in Incoming) (r render.Reply, ok bool) {
	if in.Kind != KindSlash {
		return render.Reply{}, false
	}
	word, args, _ := strings.Cut(questionOf(in.Text, b.auth(ctx).Self.UserID), " ")
	h, ok := b.commands[strings.ToLower(word)]
	if !ok {
		return render.Reply{}, false
	}
	log := b.logFor(in)
	return h(slackapi.WithLogger(ctx, log), in, strings.TrimSpace(args)), true
}
