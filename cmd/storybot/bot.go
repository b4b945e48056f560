package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/index"
)

// serveGCPercent is the garbage collector's target in the serving modes.
const serveGCPercent = 400

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
	if getenv("GOGC") == "" {
		// The live heap is a few MiB; collecting it every time it doubles
		// spent a fifth of the CPU under load. At 400% it stays far below
		// 60 MiB resident and serves 1.7x the requests (README,
		// Performance). GOGC in the environment still wins.
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	forced, err := forcedMode(mode, *modeFlag)
	if err != nil {
		return err
	}
	cfg, err := bot.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	m := cfg.Pick(forced)
	if err := cfg.Validate(m); err != nil {
		return err
	}
	if m == bot.ModeConsole && forced == bot.ModeAuto && !bot.IsTerminal(stdin) {
		return nothingToDo(cfg)
	}
	log := modeLogger(stderr, cfg, m, forced)

	// What the corpus looked like before it was read, for the watch.
	var since string
	if cfg.Watch > 0 {
		since, _ = bot.Snapshot(os.DirFS(ef.corpus))
	}
	start := time.Now()
	eng, err := ef.open(ctx, index.Options{}, log, false)
	if err != nil {
		return err
	}
	engines := bot.NewEngines(eng)
	defer engines.Close()
	metrics := bot.NewMetrics()
	metrics.IndexLoaded(len(eng.Stories()), time.Now())
	log.Info("stories indexed", "stories", len(eng.Stories()), "took", time.Since(start).Round(time.Millisecond))

	opt := bot.Options{
		Answerer:      engines,
		Logger:        log,
		Metrics:       metrics,
		SlashResponse: cfg.SlashResponse,
		Examples:      bot.ExampleQuestions(ctx, eng, 3),
	}
	if m == bot.ModeConsole {
		b := bot.New(opt)
		stopReload := startReload(ctx, b, engines, &ef, cfg.Watch, since, log)
		defer stopReload()
		return bot.Console{
			Bot: b, In: stdin, Out: stdout,
			Interactive: bot.IsTerminal(stdin),
			ANSI:        bot.IsTerminal(stdout),
		}.Run(ctx)
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit(cfg.MemoryLimit, log)))
	return runSlack(ctx, m, cfg, opt, engines, &ef, since, *addr)
}

// modeLogger is the logger of mode m, having logged what looks wrong in
// the configuration.
func modeLogger(w io.Writer, cfg bot.Config, m, forced bot.Mode) *slog.Logger {
	level := cfg.LogLevel
	if m == bot.ModeConsole && !cfg.LogLevelSet {
		level = slog.LevelWarn // keep the chat clean
	}
	log := newLogger(w, cfg.LogFormat, level)
	if m == bot.ModeConsole && forced == bot.ModeAuto && cfg.BotToken != "" {
		log.Warn("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is: chatting in the console")
	}
	for _, w := range cfg.Warnings(m) {
		log.Warn(w)
	}
	return log
}

// forcedMode is the mode the subcommand and --mode ask for, if any.
func forcedMode(sub, flag string) (bot.Mode, error) {
	forced, err := bot.ParseMode(sub)
	if err != nil {
		return "", usageError{err.Error()}
	}
	if flag == "" {
		return forced, nil
	}
	m, err := bot.ParseMode(flag)
	if err != nil {
		return "", usageError{"--mode: " + err.Error()}
	}
	if forced != bot.ModeAuto && m != forced {
		return "", usageError{fmt.Sprintf("--mode %s contradicts the %s subcommand", m, forced)}
	}
	return m, nil
}

// nothingToDo is the error of a bare `storybot` with no Slack settings
// and no terminal to chat in: most likely a service whose .env was not
// found, which must not exit 0 without a word.
func nothingToDo(cfg bot.Config) error {
	found := "no Slack settings"
	if cfg.BotToken != "" {
		found = "SLACK_BOT_TOKEN but neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET"
	}
	dotenv := ".env in the working folder"
	if wd, err := os.Getwd(); err == nil {
		dotenv = filepath.Join(wd, ".env")
	}
	return fmt.Errorf("nothing to do: %s in the environment or in %s, and standard input is not a terminal to chat in. "+
		"To answer in Slack, set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); "+
		"to chat with piped input, run `storybot console`", found, dotenv)
}

// runSlack serves Slack over Socket Mode or HTTP until ctx is done.
func runSlack(ctx context.Context, m bot.Mode, cfg bot.Config, opt bot.Options, engines *bot.Engines, ef *engineFlags, since, addr string) error {
	log, metrics := opt.Logger, opt.Metrics
	// Every call to Slack goes through the retrying transport (see
	// bot.RetryTransport for what is retried, and why that never posts an
	// answer twice). The request's context bounds the whole of it;
	// the transport's own timeouts bound each attempt.
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.ResponseHeaderTimeout = 15 * time.Second
	httpClient := &http.Client{Transport: &bot.RetryTransport{Base: base, APIURL: cfg.APIURL, Metrics: metrics, Logger: log}}
	slackOpts := []slack.Option{slack.OptionAPIURL(cfg.APIURL), slack.OptionHTTPClient(httpClient)}
	if m == bot.ModeSocket {
		slackOpts = append(slackOpts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	api := slack.New(cfg.BotToken, slackOpts...)
	self, err := authTest(ctx, api)
	if err != nil {
		return err
	}
	log.Info("signed in to Slack", "user_id", self.UserID, "bot_id", self.BotID, "team_id", self.TeamID, "mode", string(m), "config", cfg)
	opt.Poster, opt.HTTPClient, opt.Self, opt.APIURL = api, httpClient, self, cfg.APIURL
	opt.RateLimit = cfg.RateLimit
	b := bot.New(opt)
	stopReload := startReload(ctx, b, engines, ef, cfg.Watch, since, log)
	defer stopReload()
	if cfg.AdminAddr != "" {
		stopAdmin, err := serveAdmin(ctx, cfg.AdminAddr, cfg.Pprof, b, log)
		if err != nil {
			return err
		}
		defer stopAdmin()
	}
	// However the bot stops, the answers already acknowledged are
	// finished, for ShutdownTimeout at most (the admin server still says
	// "not ready" meanwhile).
	defer func() {
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if err := b.Shutdown(shutCtx); err != nil {
			log.Warn("stopped before every answer was sent", "err", err, "timeout", cfg.ShutdownTimeout)
		}
		log.Info("stopped")
	}()
	if m == bot.ModeSocket {
		return bot.RunSocketMode(ctx, b, bot.NewSocketClient(api, log))
	}
	if addr == "" {
		addr = ":" + strconv.Itoa(cfg.Port)
	}
	h := bot.NewHTTPHandler(b, bot.HTTPOptions{SigningSecret: cfg.SigningSecret, HideMetrics: cfg.AdminAddr != ""})
	return serveHTTP(ctx, addr, h, b, log)
}

func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// notifyReload asks for SIGHUP on c, and returns how to stop; tests
// replace it to send their own.
var notifyReload = func(c chan<- os.Signal) (stop func()) {
	signal.Notify(c, syscall.SIGHUP)
	return func() { signal.Stop(c) }
}

// startReload reloads the corpus on SIGHUP and, with a watch interval,
// when the corpus folder changes. A reload builds the new index beside the
// running one (an on-disk one in a new generation of the index folder, see
// index.Open) and serves it only if it loaded cleanly. The returned
// function stops it all and waits for a reload under way.
func startReload(ctx context.Context, b *bot.Bot, engines *bot.Engines, ef *engineFlags, watch time.Duration, since string, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	r := &bot.Reloader{
		Engines: engines,
		Load: func(ctx context.Context) (bot.Engine, error) {
			e, err := ef.open(ctx, index.Options{}, log, true)
			if err != nil {
				return nil, err // not a nil *index.Engine in an interface
			}
			return e, nil
		},
		Swapped: func(ctx context.Context, e bot.Engine) { b.SetExamples(bot.ExampleQuestions(ctx, e, 3)) },
		Logger:  log,
		Metrics: b.Metrics(),
	}
	// Triggers that come during a reload make one more after it.
	trigger := make(chan string, 1)
	pull := func(why string) {
		select {
		case trigger <- why:
		default:
		}
	}
	hup := make(chan os.Signal, 1)
	stopSignals := notifyReload(hup)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				pull("SIGHUP")
			}
		}
	})
	if watch > 0 {
		wg.Go(func() {
			bot.WatchDir(ctx, os.DirFS(ef.corpus), watch, since, log, func() { pull("the corpus folder changed") })
		})
	}
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case why := <-trigger:
				r.Reload(ctx, why)
			}
		}
	})
	return func() {
		stopSignals()
		cancel()
		wg.Wait()
	}
}

// serveAdmin serves /healthz, /readyz and /metrics on addr until the
// returned function is called.
func serveAdmin(ctx context.Context, addr string, pprof bool, b *bot.Bot, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on ADMIN_ADDR %s: %w (set ADMIN_ADDR to a free host:port, or leave it empty)", addr, err)
	}
	srv := bot.NewServer(bot.NewAdminHandler(b, pprof), bot.DefaultTimeouts, log)
	log.Info("admin listening", "addr", ln.Addr().String(), "endpoints", "GET /healthz /readyz /metrics")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin server failed", "err", err)
		}
	}()
	return func() {
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutCtx)
		<-done
	}, nil
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

// serveHTTP serves h on addr until ctx is done, then shuts down
// gracefully: /readyz fails at once, the listener closes, and the requests
// being served finish (10 s at most).
func serveHTTP(ctx context.Context, addr string, h http.Handler, b *bot.Bot, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set PORT or --addr to a free port)", addr, err)
	}
	srv := bot.NewServer(h, bot.DefaultTimeouts, log)
	log.Info("listening", "addr", ln.Addr().String(), "endpoint", "POST /slack/events")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	b.Drain()
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
