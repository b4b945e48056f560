package config

import (
	"fmt"
	"strings"
	"testing"

	"storybot/bot/store"
)

func TestConfigWorkspaces(t *testing.T) {
	const secret, client = "8f742231b10e8888abcd99yyyzzz85a5", "c0ffee0000000000c0ffee0000000000"
	key := strings.Repeat("ab", 32)
	many := []string{"SLACK_CLIENT_ID", "1.2", "SLACK_CLIENT_SECRET", client, "SLACK_SIGNING_SECRET", secret}
	with := func(kv ...string) func(string) string { return env(append(append([]string(nil), many...), kv...)...) }
	tests := []struct {
		name    string
		getenv  func(string) string
		forced  Mode
		mode    Mode
		many    bool
		wantErr string
	}{
		{"client id and secret, no bot token: many workspaces over HTTP", with(), ModeAuto, ModeHTTP, true, ""},
		{"with a bot token: one workspace, as before", with("SLACK_BOT_TOKEN", "xoxb-1"), ModeAuto, ModeHTTP, false, ""},
		{"no signing secret", env("SLACK_CLIENT_ID", "1.2", "SLACK_CLIENT_SECRET", client), ModeAuto, ModeHTTP, true, "SLACK_SIGNING_SECRET"},
		{"no client secret", env("SLACK_CLIENT_ID", "1.2", "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeHTTP, true, "SLACK_CLIENT_SECRET is not"},
		{"no client id", env("SLACK_CLIENT_SECRET", client, "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeHTTP, true, "SLACK_CLIENT_ID is not"},
		{"the signing secret as the client secret", env("SLACK_CLIENT_ID", "1.2", "SLACK_CLIENT_SECRET", secret, "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeHTTP, true, "not the Signing Secret"},
		{"Socket Mode", with("SLACK_APP_TOKEN", "xapp-1"), ModeAuto, ModeSocket, true, "served in HTTP mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(tt.getenv)
			if err != nil {
				t.Fatal(err)
			}
			if m := c.Pick(tt.forced); m != tt.mode || c.Many() != tt.many {
				t.Errorf("mode %q many %v, want %q %v", m, c.Many(), tt.mode, tt.many)
			}
			err = c.Validate(c.Pick(tt.forced))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate = %v, want it to say %q", err, tt.wantErr)
			}
			if err != nil && (strings.Contains(err.Error(), client) || strings.Contains(err.Error(), secret)) {
				t.Errorf("error shows a secret: %v", err)
			}
		})
	}
	c, err := FromEnv(with())
	if err != nil {
		t.Fatal(err)
	}
	w := c.Workspaces
	if w.DatabaseURL != store.DefaultDatabaseURL || w.RedisPrefix != store.DefaultRedisPrefix || w.RedisURL != "" || w.EncryptionKey != "" {
		t.Errorf("defaults: %+v", w)
	}
	c, err = FromEnv(with("DATABASE_URL", "postgres://bot:hunter2@db/x", "REDIS_URL", "redis://:hunter3@cache:6379/2",
		"STORYBOT_ENCRYPTION_KEY", key, "SLACK_REDIRECT_URL", "https://bot.example/slack/oauth_redirect"))
	if err != nil {
		t.Fatal(err)
	}
	logged := fmt.Sprint(c) + fmt.Sprintf("%#v", c)
	for _, s := range []string{"hunter2", "hunter3", key, client} {
		if strings.Contains(logged, s) {
			t.Errorf("the configuration shows %q: %s", s, logged)
		}
	}
	if !strings.Contains(logged, "many_workspaces=true") || !strings.Contains(logged, "encryption_key=set") || !strings.Contains(logged, "cache:6379") {
		t.Errorf("the configuration does not say what it is: %s", logged)
	}
	for _, bad := range [][2]string{
		{"STORYBOT_ENCRYPTION_KEY", "short"}, {"STORYBOT_ENCRYPTION_KEY", strings.Repeat("zz", 32)},
		{"REDIS_URL", "localhost:6379"}, {"REDIS_URL", "http://cache"},
		{"SLACK_REDIRECT_URL", "https://bot.example/callback"}, {"SLACK_REDIRECT_URL", "bot.example/slack/oauth_redirect"},
	} {
		_, err := FromEnv(env(bad[0], bad[1]))
		secret := bad[0] != "SLACK_REDIRECT_URL" // a redirect URL is no secret
		if err == nil || !strings.Contains(err.Error(), bad[0]) || secret && strings.Contains(err.Error(), bad[1]) {
			t.Errorf("%s=%s: err = %v, want one naming %s (and, for a secret, not showing it)", bad[0], bad[1], err, bad[0])
		}
	}
}
