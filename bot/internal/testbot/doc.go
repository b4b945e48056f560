// Package testbot makes package bot's test bots for the tests outside
// package bot (its transports'): a *bot.Bot on a fake Slack (bottest's
// Wiring), put behind bottest's rigs. It is for tests only; its one
// file is testbot.go. Package bot's own tests make theirs the same way
// in its helpers_test.go, since they cannot import a package that
// imports bot.
//
// Package graph: testbot imports bot, bot/internal/bottest and
// bot/slackfake.
package testbot
