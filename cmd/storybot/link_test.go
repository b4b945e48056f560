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
	r, fake, link := socketBot(t, testCorpus(t))
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

// socketBot starts storybot in Socket Mode against a fake Slack, and
// returns the link it opened.
func socketBot(t *testing.T, corpus string, extra ...string) (*running, *slackfake.Slack, *slackfake.Link) {
	t.Helper()
	fake := slackfake.New(t)
	vars := map[string]string{
		"STORYBOT_CORPUS": corpus,
		"SLACK_BOT_TOKEN": slackfake.BotToken,
		"SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		vars[extra[i]] = extra[i+1]
	}
	r := start(t, nil, vars, nil)
	return r, fake, slackfake.Receive(t, fake.Links, "socket mode connection")
}
