// Command storybot answers questions about the news stories in a corpus
// folder: in Slack (Socket Mode or HTTP), in a console chat, or one-shot
// with `storybot ask`.
//
// It only wires the packages together. main (main.go) calls run, which the
// tests call too, with the signals (SIGHUP comes in as a channel); run
// reads .env under the environment and picks the subcommand. `ask` is in
// ask.go (with the engine's flags, which the chat modes share), `add` in
// add.go (stories put into the corpus by package index), `feedback
// export` in feedback.go, `report` in report.go. The chat modes share
// their set-up (bot.go: flags, the configuration read from the
// environment by package cmd/storybot/internal/config, logger, and the
// index, which package index/live serves and reloads), then run in the
// console (console.go), or sign in to Slack (slack.go, with the weekly
// digests) and serve it over Socket Mode (runSocket) or HTTP (http.go,
// with the admin server). The database and Redis (workspaces.go) hold
// the installations and the state replicas share; the question log and
// the votes (questionlog.go: the old feedback log imported once, the
// daily purge) are in the database too.
//
// Around them: the process's own log lines and the error it ends with
// (logging.go: the standard log package's lines and go-redis's, in
// LOG_FORMAT), and the Go runtime's soft memory limit, scaled to the
// index loaded (memory.go).
package main
