// Package store keeps what storybot remembers beyond one request: the
// workspaces it is installed in (Installations, in SQLite or PostgreSQL),
// the question log, the votes and leases (questionlog.go, read back in
// questionlog_query.go; in the same database),
// and the short-lived state that replicas share (Dedupe, Limiter and
// Values, in Redis) or, with one replica, keep in process.
//
// SQL.CheckKey opens a few stored tokens at start, so that a wrong
// STORYBOT_ENCRYPTION_KEY stops the start instead of every look-up.
//
// Each kind of state is an interface with one implementation per
// backend, and one test suite (storetest_test.go) runs against each. The
// package knows nothing of Slack: keys and ids are opaque strings.
package store
