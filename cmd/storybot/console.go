package main

import (
	"context"
	"io"

	"storybot/bot"
)

// runConsole chats in the terminal until the input ends or ctx is done.
func runConsole(ctx context.Context, c *chat, stdin io.Reader, stdout io.Writer) error {
	b := bot.New(c.opt)
	stopReloads := c.startReloads(ctx, b)
	defer stopReloads()
	return bot.Console{
		Bot: b, In: stdin, Out: stdout,
		Interactive: bot.IsTerminal(stdin),
		ANSI:        bot.IsTerminal(stdout),
	}.Run(ctx)
}
