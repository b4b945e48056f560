// Package store keeps what storybot remembers beyond one request: the
// workspaces it is installed in (Installations, in SQLite or PostgreSQL),
// the question log, the votes and leases (in the same database),
// and the short-lived state that replicas share (Dedupe, Limiter and
// Values, in Redis) or, with one replica, keep in process.
//
// Each kind of state is an interface with one implementation per
// backend, and one test suite (storetest_test.go) runs against each. The
// package knows nothing of Slack: keys and ids are opaque strings.
//
// # Where things are
//
// The interfaces (store.go): Dedupe, Limiter (with RateLimit and its
// Verdict), Values and CappedValues; and OneLine, which keeps a driver's
// error on one log line.
//
// The database (sql.go: OpenDatabase, SQLite or PostgreSQL from one URL,
// the SQL dialects; the file of a SQLite database only its owner's):
// its schema's versions applied once each, in order (migrate.go, from
// the files in migrations/); the installations (installation.go: the
// Installations interface, an Installation and its Tenant, their size
// checks and the in-process MemoryInstallations; SQL's Save, Find and
// Delete are in sql.go), each bot token sealed (cipher.go: AES-256-GCM
// under STORYBOT_ENCRYPTION_KEY); CheckKey (checkkey.go) opens a few
// stored tokens at start, so that a wrong key stops the start instead of
// every look-up. The question log, the votes, the groups of refused
// questions an editor marked handled, and leases (questionlog.go), read
// back for the editors' figures (questionlog_query.go).
//
// Redis (redis.go: OpenRedis, and its Dedupe, Limiter and Values; after
// a failure, calls are not tried for a moment), with CappedValues, of which
// at most a number are kept over every replica (redis_capped.go).
//
// In process, with one replica or when Redis fails: MemoryDedupe
// (memory_dedupe.go), MemoryLimiter (memory_limiter.go: token buckets per
// user and per workspace) and MemoryValues (memory_values.go); the first
// and the last are an internal/ttlcache each. When Redis cannot be reached the bot keeps
// answering on what its replica knows (fallback.go: FailOpenDedupe,
// FailOpenLimiter).
package store
