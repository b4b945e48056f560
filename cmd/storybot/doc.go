// Command storybot answers questions about the news stories in a corpus
// folder: in Slack (Socket Mode or HTTP), in a console chat, or one-shot
// with `storybot ask`.
//
// It only wires the packages together. main (main.go) calls run, which the
// tests call too, with the signals (SIGHUP comes in as a channel); run
// picks the subcommand. `ask` is in ask.go, `feedback export` in
// feedback.go, `report` in report.go. The chat modes share their
// set-up (bot.go: flags, the configuration read from the environment by
// package config, logger, and the index, which
// package live serves and reloads), then run in the console (console.go),
// or sign in to Slack (slack.go) and serve it over Socket Mode (runSocket)
// or HTTP (http.go, with the admin server). The database (workspaces.go)
// holds the installations, the question log and the votes
// (questionlog.go: the old feedback log imported once, the daily purge).
package main
