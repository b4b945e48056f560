// Package bottest holds the fixtures that the tests of package bot and of
// its transports and renderer share. It is for tests only. The files:
//
//   - bottest.go: a fake engine (Engine), its answers (TypicalResult),
//     one with answers too big for a response (Big), and the recorded
//     waits of a slackapi.RetryTransport (Sleeps).
//   - noslack.go: a Slack client whose every call fails (NoSlack).
//
// Package graph: bottest imports package index and slack-go only, so
// that the tests inside bot/render and bot/slackapi can use it; the rigs
// that wire a bot to its transports are package rigs'.
package bottest
