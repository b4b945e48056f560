// Package socket is the bot's Socket Mode transport: a websocket to
// Slack, opened by the bot, for a bot that takes no requests from the
// internet. It acknowledges every envelope at once and answers after,
// in the background, through the Bot it serves (an interface: package
// bot's *Bot is one).
//
// The files:
//
//   - socket.go: Run, the event loop, with the link's state (up,
//     refreshing, gone for good): the bot is ready only while the link
//     is up; NewClient, slack-go's client with TCP keepalive.
//   - mux.go: one handler per Socket Mode event type, as slack-go's
//     socketmode.SocketmodeHandler, but run in the event loop.
//   - handlers.go: the handlers: the link's changes, and the envelopes
//     (events, slash commands answered in their ack when they fit,
//     clicks).
//   - link.go: Slack's disconnect messages read from slack-go's debug
//     log (socketTap), so that a routine refresh is told from a link
//     disabled for good.
//   - metrics.go: the envelopes and the link's ups and downs
//     (NewMetrics(prometheus.Registerer)).
//
// Package graph: socket imports slack-go (socketmode), bot/slackapi and
// bot/render; not package bot, so that package bot's tests drive the bot
// through it. cmd/storybot wires them.
//
// Its tests: the envelopes and their acks, the link's refreshes, drops
// and readiness, in package socket_test, with the real bot on a fake
// Slack (bot/internal/testbot); what the bot answers is tested in
// package bot.
package socket
