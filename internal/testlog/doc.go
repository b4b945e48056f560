// Package testlog is the log of a test (testlog.go): New makes a logger
// whose lines a failing test shows, and the Buffer it writes to, safe to
// read while the code under test writes it. For tests only; the tests of
// bot and its transports, bot/install and index/live use it.
package testlog
