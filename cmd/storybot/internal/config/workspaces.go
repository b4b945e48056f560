package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"storybot/bot"
	"storybot/bot/store"
)

// WorkspacesConfig is what serving many workspaces, and sharing state
// between replicas, reads from the environment.
type WorkspacesConfig struct {
	ClientID     string // SLACK_CLIENT_ID
	ClientSecret string // SLACK_CLIENT_SECRET
	// RedirectURL is SLACK_REDIRECT_URL, https://HOST/slack/oauth_redirect
	// ("" lets Slack use the app's only one).
	RedirectURL string
	// DatabaseURL is DATABASE_URL: sqlite:PATH (store.DefaultDatabaseURL)
	// or postgres://…
	DatabaseURL string
	// EncryptionKey is STORYBOT_ENCRYPTION_KEY, 64 hexadecimal characters
	// ("" refuses installs).
	EncryptionKey string
	// RedisURL is REDIS_URL ("" keeps the state in process) and
	// RedisPrefix STORYBOT_REDIS_PREFIX, the prefix of every key.
	RedisURL    string
	RedisPrefix string
}

// Many tells whether the bot serves many workspaces: OAuth credentials
// and no single bot token.
func (c Config) Many() bool {
	return c.BotToken == "" && (c.Workspaces.ClientID != "" || c.Workspaces.ClientSecret != "")
}

// readWorkspaces reads the settings of many workspaces and shared state.
func (c *Config) readWorkspaces(get func(string) string) error {
	w := WorkspacesConfig{
		ClientID:      get("SLACK_CLIENT_ID"),
		ClientSecret:  get("SLACK_CLIENT_SECRET"),
		RedirectURL:   get("SLACK_REDIRECT_URL"),
		DatabaseURL:   get("DATABASE_URL"),
		EncryptionKey: get("STORYBOT_ENCRYPTION_KEY"),
		RedisURL:      get("REDIS_URL"),
		RedisPrefix:   get("STORYBOT_REDIS_PREFIX"),
	}
	if w.DatabaseURL == "" {
		w.DatabaseURL = store.DefaultDatabaseURL
	}
	if w.RedisPrefix == "" {
		w.RedisPrefix = store.DefaultRedisPrefix
	}
	if w.RedirectURL != "" {
		u, err := url.Parse(w.RedirectURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(u.Path, "/slack/oauth_redirect") {
			return fmt.Errorf("SLACK_REDIRECT_URL (%s) is not this app's redirect: set it to https://YOUR-HOST/slack/oauth_redirect, as under OAuth & Permissions → Redirect URLs", redactURL(w.RedirectURL))
		}
	}
	if w.EncryptionKey != "" && !isHex(w.EncryptionKey, 64) {
		return fmt.Errorf("STORYBOT_ENCRYPTION_KEY has %d characters, not the 64 hexadecimal ones of a 32-byte key: set it to the output of `openssl rand -hex 32` (the same on every replica)", len(w.EncryptionKey))
	}
	if w.RedisURL != "" {
		if u, err := url.Parse(w.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			return fmt.Errorf("REDIS_URL is not a redis:// URL: set it to redis://[:PASSWORD@]HOST:6379/DB (rediss:// for TLS), or leave it empty to keep the state in process")
		}
	}
	c.Workspaces = w
	return nil
}

// validateWorkspaces checks what serving many workspaces needs in mode.
func (c Config) validateWorkspaces(mode Mode) error {
	w := c.Workspaces
	switch {
	case mode == ModeSocket:
		return bot.Errorf(bot.EINVALID, "Socket Mode serves the one workspace of SLACK_BOT_TOKEN, which is not set; "+
			"many workspaces (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET) are served in HTTP mode: unset SLACK_APP_TOKEN, or set SLACK_BOT_TOKEN")
	case w.ClientID == "":
		return fmt.Errorf("SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not: set it to the Client ID under Basic Information → App Credentials (or set SLACK_BOT_TOKEN for one workspace)")
	case w.ClientSecret == "":
		return fmt.Errorf("SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not: set it to the Client Secret under Basic Information → App Credentials (or set SLACK_BOT_TOKEN for one workspace)")
	case w.ClientSecret == c.SigningSecret:
		return fmt.Errorf("SLACK_CLIENT_SECRET is the same as SLACK_SIGNING_SECRET: set it to the Client Secret under Basic Information → App Credentials, not the Signing Secret")
	}
	return nil
}

// workspacesLog is the log value of the settings of many workspaces and
// shared state, without their secrets.
func (c Config) workspacesLog() []slog.Attr {
	w := c.Workspaces
	set := func(s string) string {
		if s == "" {
			return "unset"
		}
		return "set"
	}
	a := []slog.Attr{slog.Bool("many_workspaces", c.Many())}
	if c.Many() {
		a = append(a, slog.String("client_secret", set(w.ClientSecret)), slog.String("encryption_key", set(w.EncryptionKey)),
			slog.String("database", redactURL(w.DatabaseURL)))
	}
	redis := "unset"
	if w.RedisURL != "" {
		redis = redactURL(w.RedisURL)
	}
	return append(a, slog.String("redis", redis))
}
