package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/store"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestConfigPickAndValidate(t *testing.T) {
	const bot, app, secret = "xoxb-1-2-abc", "xapp-1-A1-2-abc", "8f742231b10e8888abcd99yyyzzz85a5"
	tests := []struct {
		name    string
		getenv  func(string) string
		forced  Mode
		mode    Mode
		wantErr string // "" for none; else words the error must hold
	}{
		{"nothing set: console", env(), ModeAuto, ModeConsole, ""},
		{"only a bot token: console", env("SLACK_BOT_TOKEN", bot), ModeAuto, ModeConsole, ""},
		{"app token: socket", env("SLACK_BOT_TOKEN", bot, "SLACK_APP_TOKEN", app), ModeAuto, ModeSocket, ""},
		{"app token wins over secret", env("SLACK_BOT_TOKEN", bot, "SLACK_APP_TOKEN", app, "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeSocket, ""},
		{"secret: http", env("SLACK_BOT_TOKEN", bot, "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeHTTP, ""},
		{"forced console", env("SLACK_BOT_TOKEN", bot, "SLACK_APP_TOKEN", app), ModeConsole, ModeConsole, ""},
		{"forced http", env("SLACK_BOT_TOKEN", bot, "SLACK_APP_TOKEN", app, "SLACK_SIGNING_SECRET", secret), ModeHTTP, ModeHTTP, ""},
		{"http without secret", env("SLACK_BOT_TOKEN", bot), ModeHTTP, ModeHTTP, "SLACK_SIGNING_SECRET"},
		{"http with a token as secret", env("SLACK_BOT_TOKEN", bot, "SLACK_SIGNING_SECRET", app), ModeHTTP, ModeHTTP, "SLACK_SIGNING_SECRET holds a token"},
		{"socket without app token", env("SLACK_BOT_TOKEN", bot), ModeSocket, ModeSocket, "SLACK_APP_TOKEN"},
		{"socket without bot token", env("SLACK_APP_TOKEN", app), ModeAuto, ModeSocket, "SLACK_BOT_TOKEN is not set"},
		{"app token where the bot token goes", env("SLACK_BOT_TOKEN", app, "SLACK_APP_TOKEN", app), ModeAuto, ModeSocket, "SLACK_BOT_TOKEN holds an app-level token (xapp-…): set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…)"},
		{"bot token where the app token goes", env("SLACK_BOT_TOKEN", bot, "SLACK_APP_TOKEN", bot), ModeAuto, ModeSocket, "SLACK_APP_TOKEN holds a bot token (xoxb-…): set SLACK_APP_TOKEN to an app-level token (xapp-…)"},
		{"user token", env("SLACK_BOT_TOKEN", "xoxp-1", "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeHTTP, "SLACK_BOT_TOKEN holds a user token"},
		{"garbage token", env("SLACK_BOT_TOKEN", "hello", "SLACK_SIGNING_SECRET", secret), ModeAuto, ModeHTTP, "not a Slack token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(tt.getenv)
			if err != nil {
				t.Fatal(err)
			}
			m := c.Pick(tt.forced)
			if m != tt.mode {
				t.Errorf("mode %q, want %q", m, tt.mode)
			}
			err = c.Validate(m)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate = %v, want it to say %q", err, tt.wantErr)
			}
			if err != nil && (strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), secret)) {
				t.Errorf("error shows a secret: %v", err)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	c, err := FromEnv(env())
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 3000 || c.APIURL != bot.DefaultAPIURL || c.SlashResponse != bot.ResponseEphemeral || c.LogLevel != slog.LevelInfo || c.LogLevelSet {
		t.Errorf("defaults: %+v", c)
	}
	c, err = FromEnv(env("PORT", "8080", "SLACK_API_URL", "http://127.0.0.1:9/api", "STORYBOT_SLASH_RESPONSE", "IN_CHANNEL", "LOG_LEVEL", "debug"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 8080 || c.APIURL != "http://127.0.0.1:9/api/" || c.SlashResponse != bot.ResponseInChannel || c.LogLevel != slog.LevelDebug || !c.LogLevelSet {
		t.Errorf("set: %+v", c)
	}
	for _, bad := range [][2]string{
		{"PORT", "http"}, {"PORT", "70000"}, {"PORT", "-1"},
		{"SLACK_API_URL", "slack.com/api"}, {"SLACK_API_URL", "ftp://x/"}, {"SLACK_API_URL", "http://"},
		{"STORYBOT_SLASH_RESPONSE", "public"}, {"LOG_LEVEL", "loud"},
		{"LOG_FORMAT", "xml"}, {"ADMIN_ADDR", "9090"}, {"STORYBOT_RATE_LIMIT", "lots"}, {"STORYBOT_RATE_LIMIT", "-1"},
		{"STORYBOT_RATE_BURST", "0"}, {"STORYBOT_TEAM_RATE_LIMIT", "x"}, {"STORYBOT_WATCH", "often"}, {"STORYBOT_WATCH", "1ms"},
		{"STORYBOT_SHUTDOWN_TIMEOUT", "soon"},
		// Mistakes that used to start and then fail quietly.
		{"PORT", "0"}, {"STORYBOT_RATE_LIMIT", "NaN"}, {"STORYBOT_RATE_LIMIT", "nan"}, {"STORYBOT_RATE_LIMIT", "Inf"},
		{"STORYBOT_RATE_LIMIT", "-Inf"}, {"STORYBOT_TEAM_RATE_LIMIT", "NaN"}, {"STORYBOT_TEAM_RATE_LIMIT", "+Inf"},
		{"GOMEMLIMIT", "lots"}, {"GOMEMLIMIT", "512M"}, {"GOMEMLIMIT", "-1"},
	} {
		_, err := FromEnv(env(bad[0], bad[1]))
		if err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%s=%s: err = %v, want one naming %s", bad[0], bad[1], err, bad[0])
		}
	}
	c, err = FromEnv(env("LOG_FORMAT", "JSON", "ADMIN_ADDR", ":9090", "STORYBOT_RATE_LIMIT", "30", "STORYBOT_RATE_BURST", "3",
		"STORYBOT_TEAM_RATE_LIMIT", "0", "STORYBOT_WATCH", "5s", "STORYBOT_SHUTDOWN_TIMEOUT", "1m"))
	if err != nil {
		t.Fatal(err)
	}
	if c.LogFormat != "json" || c.AdminAddr != ":9090" || c.RateLimit != (store.RateLimit{PerUser: 30, UserBurst: 3}) || c.Watch != 5*time.Second || c.ShutdownTimeout != time.Minute {
		t.Errorf("operations settings: %+v", c)
	}
	c, _ = FromEnv(env())
	if c.LogFormat != "text" || c.AdminAddr != "" || c.RateLimit.PerUser != DefaultRateLimit || c.RateLimit.UserBurst != DefaultRateBurst ||
		c.RateLimit.PerTeam != DefaultTeamRateLimit || c.Watch != 0 || c.ShutdownTimeout != DefaultShutdownTimeout {
		t.Errorf("operations defaults: %+v", c)
	}
	if c, _ := FromEnv(env("STORYBOT_RATE_LIMIT", "0")); !c.RateLimit.Off() {
		t.Error("STORYBOT_RATE_LIMIT=0 does not turn limiting off")
	}
	for _, s := range []string{"", "console", "SOCKET", "http"} {
		if _, err := ParseMode(s); err != nil {
			t.Errorf("ParseMode(%q): %v", s, err)
		}
	}
	if _, err := ParseMode("rtm"); err == nil {
		t.Error("ParseMode(rtm) did not fail")
	}
	if _, err := FromEnv(env("STORYBOT_ADMINS", "alice")); err == nil || !strings.Contains(err.Error(), "STORYBOT_ADMINS") {
		t.Errorf("FromEnv took STORYBOT_ADMINS=alice: %v", err)
	}
}

func TestConfigLogValueHidesSecrets(t *testing.T) {
	c, _ := FromEnv(env("SLACK_BOT_TOKEN", "xoxb-secret1", "SLACK_APP_TOKEN", "xapp-secret2", "SLACK_SIGNING_SECRET", "secret3"))
	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "config", c)
	if s := buf.String(); strings.Contains(s, "secret") && !strings.Contains(s, "signing_secret=set") {
		t.Errorf("log shows secrets: %s", s)
	}
	if s := buf.String(); strings.Contains(s, "secret1") || strings.Contains(s, "secret2") || strings.Contains(s, "secret3") {
		t.Errorf("log shows secrets: %s", s)
	}
	if s := fmt.Sprint(c.LogValue()); !strings.Contains(s, "set") {
		t.Errorf("LogValue %s", s)
	}
}

func TestConfigPrintHidesSecrets(t *testing.T) {
	c, _ := FromEnv(env("SLACK_BOT_TOKEN", "xoxb-secret1", "SLACK_SIGNING_SECRET", "secret3"))
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, "secret1") || strings.Contains(s, "secret3") {
			t.Errorf("printed secrets: %s", s)
		}
	}
}

func TestConfigHidesAPIURLSecrets(t *testing.T) {
	for _, u := range []string{"https://storybot:hunter2pw@proxy.example/api/", "https://proxy.example/api/?token=hunter2pw", "ftp://storybot:hunter2pw@proxy.example/"} {
		c, err := FromEnv(env("SLACK_API_URL", u))
		shown := fmt.Sprint(c) + fmt.Sprintf("%#v", c)
		if err != nil {
			shown = err.Error()
			if !strings.Contains(shown, "proxy.example") {
				t.Errorf("the error does not say which URL: %v", err)
			}
		}
		var buf strings.Builder
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("signed in to Slack", "config", c)
		if strings.Contains(shown+buf.String(), "hunter2pw") {
			t.Errorf("SLACK_API_URL=%s: the secret is shown:\n%s\n%s", u, shown, buf.String())
		}
	}
}

func TestConfigWarnings(t *testing.T) {
	tests := []struct {
		name, secret string
		mode         Mode
		warn         bool
	}{
		{"a real signing secret", "8f742231b10e8888abcd99aaabbb85a5", ModeHTTP, false},
		{"upper-case hex", "8F742231B10E8888ABCD99AAABBB85A5", ModeHTTP, false},
		{"too short", "8f742231b10e8888", ModeHTTP, true},
		{"not hex", "8f742231b10e8888abcd99yyyzzz85a5", ModeHTTP, true},
		{"a verification token", "xyzz0WbapA4vBCDEFasx0q6G", ModeHTTP, true},
		{"with a newline pasted in", "8f742231b10e8888abcd99aaabbb85a5\n", ModeHTTP, true},
		{"not used in Socket Mode", "short", ModeSocket, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Config{SigningSecret: tt.secret}.Warnings(tt.mode)
			if (len(w) > 0) != tt.warn {
				t.Errorf("warnings %q, want some: %v", w, tt.warn)
			}
			for _, s := range w {
				if strings.Contains(s, tt.secret) || !strings.Contains(s, "SLACK_SIGNING_SECRET") {
					t.Errorf("warning %q", s)
				}
			}
		})
	}
	c, err := FromEnv(env("GOMEMLIMIT", "512MiB"))
	if err != nil || c.MemoryLimit != 512<<20 {
		t.Errorf("GOMEMLIMIT=512MiB: %d, %v", c.MemoryLimit, err)
	}
}
