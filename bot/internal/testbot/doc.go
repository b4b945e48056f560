// Package testbot makes package bot's test bots for the tests outside
// package bot (its transports'): a *bot.Bot on a fake Slack (rigs.Wire),
// behind the rigs of package rigs. It is for tests only; its one file is
// testbot.go. Package bot's own tests make theirs the same way in its
// transports_test.go, since they cannot import a package that imports
// bot.
//
// Package graph: testbot imports bot, bot/internal/rigs and
// bot/slackfake.
package testbot
