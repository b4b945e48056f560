// Package slacksig is Slack's request signature, computed in this one
// place (slacksig.go): the HTTP transport (package bot/httpserver)
// verifies requests with CheckHeaders (before the body is read) and
// Verify; the test tools sign theirs with a Signer (bot/slackfake's
// Signed, cmd/loadgen's workers).
//
// Slack signs a request with HMAC-SHA256 of "v0:<timestamp>:<body>" and
// its signing secret. slack-go's NewSecretsVerifier does the same, but
// checks the timestamp against time.Now and has no way to check only the
// HMAC; Verify takes the time to check against, so that tests and the
// server inject their clock. A test (slacksig_test.go) holds Verify to
// slack-go's verifier on fresh requests.
//
// Package graph: slacksig imports only the standard library.
package slacksig
