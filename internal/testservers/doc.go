// Package testservers gives tests a PostgreSQL database and a Redis of
// their own on the real servers, when those run: PostgreSQL at
// STORYBOT_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test)
// and Redis at STORYBOT_TEST_REDIS (default redis://127.0.0.1:6379/0).
// Each test gets a fresh schema, or a fresh key prefix, removed when it
// ends, so that tests (and other users of the servers) never see each
// other's data.
//
// Where a server does not answer, the test is skipped with a message
// saying how to get one, unless STORYBOT_TEST_SERVICES names it
// ("postgres,redis", as .ci/run sets for those it has running): then
// the test fails.
//
// Browser tests run a headless chromium (chromium.go): NeedChromium
// skips a test where none is installed, Chromium loads a page in it.
//
// Files: testservers.go (Postgres and Redis) and chromium.go (Chromium,
// NeedChromium).
package testservers
