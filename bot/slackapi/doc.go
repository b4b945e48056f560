// Package slackapi holds the rules every call the bot makes to Slack
// (the Web API, oauth.v2.access, response_urls, file downloads) goes
// through, whichever package makes it:
//
//   - guard.go: Guard, the client whose responses are read within their
//     bounds and whose redirects stay on Slack's hosts.
//   - retry.go: RetryTransport, which retries only the calls that surely
//     were not acted on; Redact keeps response_urls out of errors, and
//     ErrorReason names a failure for the metrics.
//   - log.go: the logger of the work in hand, carried by its context
//     (WithLogger, LoggerFrom), a call's name (Method), and ids clipped
//     for the logs (ClipID).
//
// Package graph: slackapi imports slack-go alone (nothing of the
// engine); package bot, bot/install and the transports import it, never
// the other way.
package slackapi
