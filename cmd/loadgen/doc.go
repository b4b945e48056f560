// Command loadgen sends signed Slack requests to a bot over HTTP, as fast
// as -c workers can, and reports throughput, latency percentiles and status
// codes.
//
//	go run ./cmd/loadgen -url http://127.0.0.1:3000/slack/events -secret S \
//		-c 32 -n 100000 -d 30s -questions FILE -kind slash|event|mixed [-json]
//
// Requests are signed as Slack signs them (X-Slack-Request-Timestamp and
// X-Slack-Signature), so they pass a bot's verification. -kind mixed adds a
// fraction (-bad) of malformed requests that a bot must refuse: a wrong
// signature (401), a 2 MiB body (413) and truncated JSON (400). Those count
// as expected 4xx, not as errors. Errors are transport failures and any
// other status. loadgen exits 1 when there were errors, after the report.
//
// It refuses hosts other than loopback unless -allow-remote is given: it is
// a benchmark tool, not a way to flood someone else's server.
//
// Files: main.go (the flags, the target's check, the workers and their
// requests, signed with internal/slacksig's Signer), requests.go (the kinds
// of request, their mix and their bodies) and report.go (percentiles, the
// report as text or JSON). Package slackstub (slackstub/) is Slack's side.
package main
