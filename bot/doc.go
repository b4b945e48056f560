// Package bot puts the answer engine in front of Slack users: the /story
// slash command, @mentions and direct messages, over Socket Mode or HTTP, and
// a console chat that needs no Slack at all. The engine itself (package
// index) knows nothing of Slack; this package consumes it through the small
// Answerer interface.
//
// A question flows one way. A transport turns what Slack sent into an
// Incoming (events.go); the Bot (bot.go) decides whether and what to
// answer (answer.go, from the question text of question.go) and returns a
// Reply (reply.go renders it as Block Kit or text); the reply goes back
// through the transport, which encodes it once: a Web API post or a
// response_url (deliver.go), a slash command's immediate response
// (slash.go), a shared answer (share.go).
//
// The transports:
//
//   - HTTP: NewServer (server.go) with every endpoint in routes.go; the
//     /slack/events endpoint in http.go, its signatures in verify.go, its
//     memory bounds in bodybudget.go, /healthz and /readyz in health.go.
//   - Socket Mode: RunSocketMode (socket.go) dispatches each event type to
//     its own handler (socketmux.go), registered in socket_handlers.go.
//   - The console chat (console.go).
//
// Around them: the configuration (config.go, config_workspaces.go), rate
// limits and redeliveries (state.go and keys.go, kept by package store in
// process or in Redis), many workspaces, each answered with its own token
// (workspaces.go), retries of Slack calls (retry.go),
// where answers may be posted (hooks.go), metrics (metrics.go, with the
// label values of outcome.go), and reloading the stories (reload.go).
package bot
