// Package rigs puts a test bot behind its transports, on a fake Slack
// (bot/slackfake), as cmd/storybot wires them: for the tests of package
// bot and of its transports (bot/httpserver, bot/socket). It is for
// tests only. The files:
//
//   - rig.go: the fake Slack with a client, logger and registry on it
//     (Wire), the HTTP rig (NewHTTP: signed requests to the transport,
//     Secret) and the Socket Mode rig (NewSocket).
//   - registry.go: the test bot's registry, on which the transports
//     register their metrics beside the bot's (Registry), the metrics
//     read back (MetricValue), and the transports made as cmd/storybot
//     makes them (NewServer, RunSocket).
//
// Package graph: rigs imports bot/httpserver, bot/socket, bot/slackfake
// and bot/internal/bottest; not package bot (whose own tests use it), which
// it knows as the Bot the transports serve. Package testbot makes the
// *bot.Bot for the tests outside package bot.
package rigs
