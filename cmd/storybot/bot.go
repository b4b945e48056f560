package main

import (
	"context"
	"errors"
	"io"
)

// runBot is replaced by the Slack and console modes.
func runBot(ctx context.Context, mode string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("chat modes are not built yet; use: storybot ask QUESTION")
}
