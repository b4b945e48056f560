// Package httpserver is the bot's HTTP transport: Slack's Events API,
// slash commands and interactions on one URL, and the operator's
// endpoints, as an http.Handler (NewServer) in front of a Bot.
//
// The files:
//
//   - server.go: NewServer, the Bot it serves (an interface: package
//     bot's *Bot is one), each request under panic recovery; the
//     http.Server's timeouts (NewHTTPServer).
//   - routes.go: every endpoint, in one place.
//   - events.go: POST /slack/events: the signature checked (package
//     internal/slacksig) before the body is read and verified after,
//     then the request handed to the Bot: an event, a slash command
//     (answered in the response when ready in time), a click.
//   - parse.go: the Events API body, the slash command's form and the
//     interactive payload, read.
//   - bodybudget.go: the bound on the bytes of bodies read at once.
//   - health.go: GET /healthz and /readyz.
//   - metrics.go: the requests counted by kind and outcome
//     (NewMetrics(prometheus.Registerer)).
//
// Package graph: httpserver imports slack-go, internal/slacksig,
// bot/slackapi (ids in logs) and bot/render (a slash answer encoded once);
// not package bot, which it knows only as its Bot interface, so that
// package bot's tests drive the bot through it. cmd/storybot wires them.
//
// Its tests: the routes, the signature, the body budget, the limits and
// timeouts, the slash commands and clicks, /healthz and /readyz, in
// package httpserver_test, with the real bot in front of a fake Slack
// (bot/internal/testbot); what the bot answers is tested in package bot.
package httpserver
