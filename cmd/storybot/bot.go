package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/index"
)

// runBot chats with people: in the console, or in Slack over Socket Mode or
// HTTP. mode is the subcommand ("" picks one from the environment).
func runBot(ctx context.Context, mode string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	name := mode
	if name == "" {
		name = "storybot"
	}
	fs := newFlagSet(name, stderr)
	var ef engineFlags
	ef.register(fs, getenv)
	modeFlag := fs.String("mode", "", "console, socket or http (default: chosen from SLACK_* variables)")
	addr := fs.String("addr", "", "HTTP mode: address to listen on (default :$PORT)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	forced, err := bot.ParseMode(mode)
	if err != nil {
		return usageError{err.Error()}
	}
	if *modeFlag != "" {
		m, err := bot.ParseMode(*modeFlag)
		if err != nil {
			return usageError{"--mode: " + err.Error()}
		}
		if forced != bot.ModeAuto && m != forced {
			return usageError{fmt.Sprintf("--mode %s contradicts the %s subcommand", m, forced)}
		}
		forced = m
	}

	cfg, err := bot.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	m := cfg.Pick(forced)
	if err := cfg.Validate(m); err != nil {
		return err
	}
	level := cfg.LogLevel
	if m == bot.ModeConsole && !cfg.LogLevelSet {
		level = slog.LevelWarn // keep the chat clean
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if m == bot.ModeConsole && forced == bot.ModeAuto && cfg.BotToken != "" {
		log.Warn("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is: chatting in the console")
	}

	start := time.Now()
	eng, err := ef.open(ctx, index.Options{})
	if err != nil {
		return err
	}
	defer eng.Close()
	log.Info("stories indexed", "stories", len(eng.Stories()), "took", time.Since(start).Round(time.Millisecond))

	opt := bot.Options{
		Answerer:      eng,
		Logger:        log,
		SlashResponse: cfg.SlashResponse,
		Examples:      bot.ExampleQuestions(ctx, eng, 3),
	}
	if m == bot.ModeConsole {
		b := bot.New(opt)
		return bot.Console{
			Bot: b, In: stdin, Out: stdout,
			Interactive: bot.IsTerminal(stdin),
			ANSI:        bot.IsTerminal(stdout),
		}.Run(ctx)
	}

	httpClient := &http.Client{Timeout: 15 * time.Second}
	slackOpts := []slack.Option{slack.OptionAPIURL(cfg.APIURL), slack.OptionHTTPClient(httpClient), slack.OptionRetry(3)}
	if m == bot.ModeSocket {
		slackOpts = append(slackOpts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	api := slack.New(cfg.BotToken, slackOpts...)
	self, err := authTest(ctx, api)
	if err != nil {
		return err
	}
	log.Info("signed in to Slack", "user_id", self.UserID, "bot_id", self.BotID, "team_id", self.TeamID, "mode", string(m))
	opt.Poster, opt.HTTPClient, opt.Self = api, httpClient, self
	b := bot.New(opt)
	defer b.Wait() // finish the answers already acknowledged

	if m == bot.ModeSocket {
		return bot.RunSocketMode(ctx, b, bot.NewSocketClient(api, log))
	}
	if *addr == "" {
		*addr = ":" + strconv.Itoa(cfg.Port)
	}
	return serveHTTP(ctx, *addr, bot.NewHTTPHandler(b, bot.HTTPOptions{SigningSecret: cfg.SigningSecret}), log)
}

// authTest learns who the bot is, and checks the bot token on the way.
func authTest(ctx context.Context, api *slack.Client) (bot.Identity, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := api.AuthTestContext(ctx)
	if err != nil {
		switch err.Error() {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired":
			return bot.Identity{}, fmt.Errorf("Slack refused SLACK_BOT_TOKEN (auth.test: %v): set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…) under OAuth & Permissions, and reinstall the app if it was revoked", err)
		}
		return bot.Identity{}, fmt.Errorf("auth.test: %w (is SLACK_API_URL right, and is Slack reachable?)", err)
	}
	if res.UserID == "" {
		return bot.Identity{}, errors.New("auth.test did not say who the bot is: is SLACK_BOT_TOKEN a bot token (xoxb-…)?")
	}
	return bot.Identity{UserID: res.UserID, BotID: res.BotID, TeamID: res.TeamID}, nil
}

// serveHTTP serves h on addr until ctx is done, then shuts down gracefully.
func serveHTTP(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set PORT or --addr to a free port)", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "endpoint", "POST /slack/events")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}
