// Package slackfake is a fake Slack for tests: the Web API methods the bot
// calls (auth.test, chat.postMessage, apps.connections.open,
// conversations.replies, the assistant.threads.* methods, views.publish,
// files.info, oauth.v2.access), the files shared in it (files.go:
// downloads from url_private need the bot's token), more workspaces than
// its own, each with its bot's token (workspaces.go; every call is made in
// the workspace of the token it carries), response_url endpoints, and
// Socket Mode links over a real websocket that the test drives (envelopes,
// redeliveries, pings, disconnects with their reasons). Its payloads are
// shaped as Slack sends them (event_context, authorizations, rich-text
// blocks, team: null from org-wide installs), and it refuses blocks Slack
// would refuse (invalid_blocks), failing the test that sent them. It
// records what the bot sends so that tests can assert on it, and it is
// driven by the real slack-go clients.
//
// The files:
//
//   - slackfake.go: the fake (New), its faults and the waiting helpers;
//     auth.test, chat.postMessage, response_urls.
//   - api.go: the other Web API methods it records (APICall).
//   - socket.go: the Socket Mode links (Link: envelopes, acks,
//     disconnects).
//   - files.go: the files shared in it and their downloads.
//   - workspaces.go: the other workspaces and their tokens.
//   - payloads.go: what Slack sends (events, slash commands, clicks),
//     and Signed, signed by package internal/slacksig.
//   - blocks.go: the check of the blocks the bot sends.
package slackfake
