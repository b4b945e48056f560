// Package bottest holds the fixtures that the tests of package bot and of
// its transports and renderer share: a fake engine (Engine) and its
// answers (TypicalResult). It is for tests only; its one file is bottest.go:
// the fake engine, its answers, and the recorded waits of a
// slackapi.RetryTransport (Sleeps).
//
// Package graph: bottest imports package index only.
package bottest
