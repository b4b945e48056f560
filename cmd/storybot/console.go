package main

import (
	"context"
	"io"

	"storybot/bot"
	"storybot/bot/console"
)

// runConsole chats in the terminal until the input ends or ctx is done.
func runConsole(ctx context.Context, c *chat, stdin io.Reader, stdout io.Writer) error {
	b := bot.New(c.opt)
	stopReloads := c.startReloads(ctx, b)
	defer stopReloads()
	return console.Console{
		Bot: b, In: stdin, Out: stdout,
		Interactive: console.IsTerminal(stdin),
		ANSI:        console.IsTerminal(stdout),
	}.Run(ctx)
}
