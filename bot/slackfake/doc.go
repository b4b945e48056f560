// Package slackfake is a fake Slack for tests: the Web API methods the bot
// calls (auth.test, chat.postMessage, apps.connections.open), response_url
// endpoints, and Socket Mode links over a real websocket that the test
// drives (envelopes, pings, disconnects). It records what the bot sends so
// that tests can assert on it, and it is driven by the real slack-go
// clients.
package slackfake
