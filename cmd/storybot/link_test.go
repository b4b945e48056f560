package main

import (
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestSocketModeLinkDisabled: Slack turns Socket Mode off for the app
// (disconnect reason link_disabled); storybot stops reconnecting, says
// why, and exits non-zero. A routine refresh before it warns of nothing.
func TestSocketModeLinkDisabled(t *testing.T) {
	fake := slackfake.New(t)
	r := start(t, nil, map[string]string{
		"STORYBOT_CORPUS": testCorpus(t),
		"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	}, nil)
	link := slackfake.Receive(t, fake.Links, "socket mode connection")
	link.Disconnect(t, "refresh_requested")
	link = slackfake.Receive(t, fake.Links, "the refreshed connection")
	link.Disconnect(t, "link_disabled")
	err := r.wait()
	if err == nil || !strings.Contains(err.Error(), "link_disabled") || !strings.Contains(err.Error(), "turn Socket Mode back on") {
		t.Fatalf("run = %v, want an error saying Socket Mode was disabled", err)
	}
	if n := fake.Calls("apps.connections.open"); n != 2 {
		t.Errorf("apps.connections.open called %d times, want 2 (no reconnection after link_disabled)", n)
	}
	if log := r.stderr.String(); strings.Contains(log, "level=WARN") {
		t.Errorf("warnings in the log:\n%s", log)
	}
}
