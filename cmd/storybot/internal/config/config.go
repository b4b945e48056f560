package config

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"storybot/bot"
	"storybot/bot/store"
)

// Mode is how the bot talks to people.
type Mode string

// The modes. ModeAuto picks one from the configuration (see Config.Pick).
const (
	ModeAuto    Mode = ""
	ModeConsole Mode = "console"
	ModeSocket  Mode = "socket"
	ModeHTTP    Mode = "http"
)

// Config is everything storybot reads from the environment. Build it
// with FromEnv; the secrets never appear in its log value.
type Config struct {
	BotToken      string // SLACK_BOT_TOKEN, xoxb-
	AppToken      string // SLACK_APP_TOKEN, xapp-
	SigningSecret string // SLACK_SIGNING_SECRET
	Port          int    // PORT, default 3000
	APIURL        string // SLACK_API_URL, always ends in "/"
	// SlashResponse is how /story answers: ephemeral (the default) or
	// in_channel (STORYBOT_SLASH_RESPONSE).
	SlashResponse string
	LogLevel      slog.Level // LOG_LEVEL
	// LogLevelSet tells whether LOG_LEVEL was given, so that the console
	// can default to a quieter level.
	LogLevelSet bool
	LogFormat   string // LOG_FORMAT: text (default) or json
	// RateLimit is STORYBOT_RATE_LIMIT (per user per minute; 0 turns
	// limiting off), STORYBOT_RATE_BURST and STORYBOT_TEAM_RATE_LIMIT.
	RateLimit store.RateLimit
	// AdminAddr is where /healthz, /readyz and /metrics are served
	// (ADMIN_ADDR; off if empty). In HTTP mode they are on PORT too,
	// except /metrics when AdminAddr is set.
	AdminAddr string
	// Pprof serves Go's profiles on AdminAddr (STORYBOT_PPROF=1).
	Pprof bool
	// Watch is how often the corpus folder is looked at for changes to
	// reload (STORYBOT_WATCH; 0: only on SIGHUP).
	Watch time.Duration
	// ShutdownTimeout bounds the wait for answers in flight on SIGTERM
	// (STORYBOT_SHUTDOWN_TIMEOUT, default 25 s).
	ShutdownTimeout time.Duration
	// MemoryLimit is the Go runtime's soft memory limit in the serving
	// modes, in bytes (GOMEMLIMIT, as Go reads it; 0 when it is not set,
	// and storybot picks one).
	MemoryLimit int64
	// ThreadMemory and ThreadTTL bound the conversations remembered for
	// follow-ups (STORYBOT_THREAD_MEMORY, STORYBOT_THREAD_TTL).
	ThreadMemory int
	ThreadTTL    time.Duration
	// Feedback is the feedback log's path (STORYBOT_FEEDBACK;
	// DefaultFeedbackLog if unset, "" when it is "off"); FeedbackSecret
	// keys the users' hashes in it (STORYBOT_FEEDBACK_SECRET).
	Feedback       string
	FeedbackSecret string
	// LogDays is how many days the question log keeps questions
	// (STORYBOT_LOG_DAYS, default 30; 0 keeps none); Digest sends the
	// editors a weekly digest (STORYBOT_DIGEST=weekly).
	LogDays int
	Digest  bool
	// Admins may add and remove stories from Slack (STORYBOT_ADMINS:
	// member ids, separated by commas; see bot.ParseAdmins).
	Admins []string
	// Workspaces are the settings of many workspaces (OAuth installs) and
	// of state shared between replicas (workspaces.go).
	Workspaces WorkspacesConfig
}

// Defaults of the rate limits and the shutdown.
const (
	DefaultRateLimit       = 20  // questions per user per minute
	DefaultRateBurst       = 5   // questions a user may ask at once
	DefaultTeamRateLimit   = 600 // questions per workspace per minute
	DefaultShutdownTimeout = 25 * time.Second
)

// FromEnv reads the configuration through getenv and checks what can
// be checked without knowing the mode. Its errors name the variable to set.
func FromEnv(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := Config{
		BotToken:      get("SLACK_BOT_TOKEN"),
		AppToken:      get("SLACK_APP_TOKEN"),
		SigningSecret: get("SLACK_SIGNING_SECRET"),
		Port:          3000,
		APIURL:        bot.DefaultAPIURL,
		SlashResponse: bot.ResponseEphemeral,
		LogLevel:      slog.LevelInfo,
	}
	if p := get("PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("PORT=%q is not a port number: set PORT to a number from 1 to 65535 (default 3000)", p)
		}
		c.Port = n
	}
	if u := get("SLACK_API_URL"); u != "" {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return Config{}, fmt.Errorf("SLACK_API_URL (%s) is not an http(s) URL: set SLACK_API_URL to the Web API base, e.g. %s", redactURL(u), bot.DefaultAPIURL)
		}
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		c.APIURL = u
	}
	switch r := strings.ToLower(get("STORYBOT_SLASH_RESPONSE")); r {
	case "":
	case bot.ResponseEphemeral, bot.ResponseInChannel:
		c.SlashResponse = r
	default:
		return Config{}, fmt.Errorf("STORYBOT_SLASH_RESPONSE=%q: set it to ephemeral (only the asker sees the answer) or in_channel", r)
	}
	if l := get("LOG_LEVEL"); l != "" {
		if err := c.LogLevel.UnmarshalText([]byte(l)); err != nil {
			return Config{}, fmt.Errorf("LOG_LEVEL=%q: set it to debug, info, warn or error", l)
		}
		c.LogLevelSet = true
	}
	switch f := strings.ToLower(get("LOG_FORMAT")); f {
	case "", "text":
		c.LogFormat = "text"
	case "json":
		c.LogFormat = f
	default:
		return Config{}, fmt.Errorf("LOG_FORMAT=%q: set it to text or json", f)
	}
	if err := c.readOperations(get); err != nil {
		return Config{}, err
	}
	if err := c.readConversations(get); err != nil {
		return Config{}, err
	}
	if err := c.readAdmins(get); err != nil {
		return Config{}, err
	}
	if err := c.readWorkspaces(get); err != nil {
		return Config{}, err
	}
	return c, nil
}

// readOperations reads the settings of a running service: rate limits,
// the admin address, the watch, the shutdown and the memory limit.
func (c *Config) readOperations(get func(string) string) error {
	c.RateLimit = store.RateLimit{PerUser: DefaultRateLimit, UserBurst: DefaultRateBurst, PerTeam: DefaultTeamRateLimit}
	num := func(key string, dst *float64) error {
		v := get(key)
		if v == "" {
			return nil
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(n) || n < 0 || n > 1e6 {
			return fmt.Errorf("%s=%q: set it to a number of questions per minute (0 for no limit)", key, v)
		}
		*dst = n
		return nil
	}
	if err := num("STORYBOT_RATE_LIMIT", &c.RateLimit.PerUser); err != nil {
		return err
	}
	if err := num("STORYBOT_TEAM_RATE_LIMIT", &c.RateLimit.PerTeam); err != nil {
		return err
	}
	if v := get("STORYBOT_RATE_BURST"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1e6 {
			return fmt.Errorf("STORYBOT_RATE_BURST=%q: set it to how many questions a user may ask at once (1 or more)", v)
		}
		c.RateLimit.UserBurst = n
	}
	if c.RateLimit.PerTeam > 0 {
		c.RateLimit.TeamBurst = max(c.RateLimit.UserBurst, int(c.RateLimit.PerTeam/10))
	}
	if a := get("ADMIN_ADDR"); a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			return fmt.Errorf("ADMIN_ADDR=%q is not host:port: set it to e.g. 127.0.0.1:9090 or :9090, or leave it empty", a)
		}
		c.AdminAddr = a
	}
	c.Pprof = get("STORYBOT_PPROF") == "1"
	dur := func(key string, def time.Duration) (time.Duration, error) {
		v := get(key)
		if v == "" {
			return def, nil
		}
		if v == "0" {
			return 0, nil
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("%s=%q: set it to a duration such as 5s or 1m", key, v)
		}
		return d, nil
	}
	var err error
	if c.Watch, err = dur("STORYBOT_WATCH", 0); err != nil {
		return err
	}
	if c.Watch > 0 && c.Watch < 100*time.Millisecond {
		return fmt.Errorf("STORYBOT_WATCH=%q: look at the corpus at most every 100ms", get("STORYBOT_WATCH"))
	}
	if c.ShutdownTimeout, err = dur("STORYBOT_SHUTDOWN_TIMEOUT", DefaultShutdownTimeout); err != nil {
		return err
	}
	if v := get("GOMEMLIMIT"); v != "" {
		if c.MemoryLimit, err = ParseByteSize(v); err != nil {
			return fmt.Errorf("GOMEMLIMIT=%q: set it to a size such as 512MiB or 2GiB (units B, KiB, MiB, GiB, TiB), or off", v)
		}
	}
	return nil
}

// readAdmins reads the admins (STORYBOT_ADMINS).
func (c *Config) readAdmins(get func(string) string) error {
	var err error
	c.Admins, err = bot.ParseAdmins(get("STORYBOT_ADMINS"))
	return err
}

// Warnings are what looks wrong in the configuration for mode without
// stopping the start: each says what to check.
func (c Config) Warnings(mode Mode) []string {
	var w []string
	if mode == ModeHTTP && !isHex(c.SigningSecret, 32) {
		w = append(w, fmt.Sprintf("SLACK_SIGNING_SECRET has %d characters, not the 32 hexadecimal ones of a Slack signing secret: "+
			"if every request gets 401, set it to the Signing Secret under Basic Information → App Credentials (not the Client Secret or the Verification Token)",
			utf8.RuneCountInString(c.SigningSecret)))
	}
	return w
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// redactURL shows a URL without what may be a secret in it: the user and
// password, and the query.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "not a URL"
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	if u.RawQuery != "" {
		u.RawQuery = "xxxxx"
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// Pick returns the mode to run in: forced if it is not ModeAuto, else Socket
// Mode when SLACK_APP_TOKEN is set, else HTTP when SLACK_SIGNING_SECRET is
// set, else the console.
func (c Config) Pick(forced Mode) Mode {
	switch {
	case forced != ModeAuto:
		return forced
	case c.AppToken != "":
		return ModeSocket
	case c.SigningSecret != "", c.Many():
		return ModeHTTP
	}
	return ModeConsole
}

// ParseMode reads a mode name; "" is ModeAuto.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(s)); m {
	case ModeAuto, ModeConsole, ModeSocket, ModeHTTP:
		return m, nil
	}
	return "", fmt.Errorf("unknown mode %q: use console, socket or http", s)
}

// Validate checks that the configuration holds what mode needs, and that
// each token is of the right kind. Its errors say what to set.
func (c Config) Validate(mode Mode) error {
	switch mode {
	case ModeConsole:
		return nil
	case ModeSocket:
		if c.Many() {
			return c.validateWorkspaces(mode)
		}
		if err := checkBotToken(c.BotToken); err != nil {
			return err
		}
		return checkAppToken(c.AppToken)
	case ModeHTTP:
		if c.Many() {
			if err := c.validateWorkspaces(mode); err != nil {
				return err
			}
		} else if err := checkBotToken(c.BotToken); err != nil {
			return err
		}
		switch {
		case c.SigningSecret == "":
			return fmt.Errorf("HTTP mode needs SLACK_SIGNING_SECRET: set it to the Signing Secret under Basic Information → App Credentials of your Slack app")
		case tokenKind(c.SigningSecret) != "":
			return fmt.Errorf("SLACK_SIGNING_SECRET holds a token (%s…), not a signing secret: set it to the Signing Secret under Basic Information → App Credentials", tokenKind(c.SigningSecret))
		}
		return nil
	}
	return fmt.Errorf("unknown mode %q: use console, socket or http", mode)
}

func checkBotToken(t string) error {
	switch k := tokenKind(t); {
	case t == "":
		return fmt.Errorf("SLACK_BOT_TOKEN is not set: set it to the Bot User OAuth Token (xoxb-…) under OAuth & Permissions of your Slack app")
	case k != "xoxb-":
		return fmt.Errorf("SLACK_BOT_TOKEN holds %s: set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) under OAuth & Permissions", describeToken(k))
	}
	return nil
}

func checkAppToken(t string) error {
	switch k := tokenKind(t); {
	case t == "":
		return bot.Errorf(bot.EINVALID, "Socket Mode needs SLACK_APP_TOKEN: set it to an app-level token (xapp-…) with the connections:write scope, made under Basic Information → App-Level Tokens")
	case k != "xapp-":
		return fmt.Errorf("SLACK_APP_TOKEN holds %s: set SLACK_APP_TOKEN to an app-level token (xapp-…) with the connections:write scope, made under Basic Information → App-Level Tokens", describeToken(k))
	}
	return nil
}

// tokenKind returns the prefix of a Slack token ("xoxb-", "xapp-", ...), or
// "" when s does not look like one.
func tokenKind(s string) string {
	for _, p := range []string{"xoxb-", "xapp-", "xoxp-", "xoxa-", "xoxe-", "xoxc-", "xoxs-", "xoxr-"} {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

func describeToken(kind string) string {
	switch kind {
	case "xapp-":
		return "an app-level token (xapp-…)"
	case "xoxb-":
		return "a bot token (xoxb-…)"
	case "xoxp-":
		return "a user token (xoxp-…)"
	case "":
		return "something that is not a Slack token"
	}
	return "a " + kind + "… token"
}

// LogValue keeps the secrets out of logs.
func (c Config) LogValue() slog.Value {
	set := func(s string) string {
		if s == "" {
			return "unset"
		}
		return "set"
	}
	return slog.GroupValue(append([]slog.Attr{
		slog.String("bot_token", set(c.BotToken)),
		slog.String("app_token", set(c.AppToken)),
		slog.String("signing_secret", set(c.SigningSecret)),
		slog.Int("port", c.Port),
		slog.String("api_url", redactURL(c.APIURL)),
		slog.String("slash_response", c.SlashResponse),
		slog.Float64("rate_limit", c.RateLimit.PerUser),
		slog.Int("rate_burst", c.RateLimit.UserBurst),
		slog.Float64("team_rate_limit", c.RateLimit.PerTeam),
		slog.String("admin_addr", c.AdminAddr),
		slog.Duration("watch", c.Watch),
		slog.Int("thread_memory", c.ThreadMemory),
		slog.Duration("thread_ttl", c.ThreadTTL),
		slog.String("feedback", c.Feedback),
		slog.String("feedback_secret", set(c.FeedbackSecret)),
		slog.Int("log_days", c.LogDays),
		slog.Bool("digest", c.Digest),
		slog.Int("admins", len(c.Admins)),
	}, c.workspacesLog()...)...)
}

// String keeps the secrets out of anything printed with fmt.
func (c Config) String() string { return c.LogValue().String() }

// GoString keeps the secrets out of %#v.
func (c Config) GoString() string { return "config.Config" + c.String() }
