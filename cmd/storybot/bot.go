package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"storybot/bot"
	"storybot/index"
	"storybot/install"
)

// serveGCPercent is the garbage collector's target in the serving modes.
const serveGCPercent = 400

// runBot chats with people: in the console, or in Slack over Socket Mode or
// HTTP. mode is the subcommand ("" picks one from the environment).
func runBot(ctx context.Context, mode string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if getenv("GOGC") == "" {
		// The live heap is a few MiB; collecting it every time it doubles
		// spent a fifth of the CPU under load. At 400% it stays far below
		// 60 MiB resident and serves 1.7x the requests (docs/performance.md).
		// GOGC in the environment still wins.
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	c, err := setUp(ctx, mode, args, getenv, stdin, stderr)
	if err != nil {
		return err
	}
	defer c.engines.Close()
	switch c.mode {
	case bot.ModeConsole:
		return runConsole(ctx, c, stdin, stdout)
	case bot.ModeSocket:
		return runSocket(ctx, c)
	}
	return runHTTP(ctx, c)
}

// chat is what every chat mode shares: its configuration, its logger, and
// the engine it serves.
type chat struct {
	mode    bot.Mode
	cfg     bot.Config
	log     *slog.Logger
	ef      engineFlags
	addr    string // --addr: where HTTP mode listens, if not on PORT
	since   string // what the corpus looked like before it was read, for the watch
	engines *bot.Engines
	opt     bot.Options // what the bot is made with, Slack aside
	// installer serves the OAuth install flow (many workspaces only).
	installer *install.Installer
}

// setUp reads the command line and the configuration, picks the mode and
// opens the engine: the set-up every chat mode shares.
func setUp(ctx context.Context, mode string, args []string, getenv func(string) string, stdin io.Reader, stderr io.Writer) (*chat, error) {
	c := &chat{}
	forced, err := c.parseFlags(mode, args, getenv, stderr)
	if err != nil {
		return nil, err
	}
	if c.cfg, err = bot.ConfigFromEnv(getenv); err != nil {
		return nil, err
	}
	c.mode = c.cfg.Pick(forced)
	if err := c.cfg.Validate(c.mode); err != nil {
		return nil, err
	}
	if c.mode == bot.ModeConsole && forced == bot.ModeAuto && !bot.IsTerminal(stdin) {
		return nil, nothingToDo(c.cfg)
	}
	c.log = modeLogger(stderr, c.cfg, c.mode, forced)
	if c.cfg.Watch > 0 {
		c.since, _ = bot.Snapshot(os.DirFS(c.ef.corpus))
	}
	start := time.Now()
	eng, err := c.ef.open(ctx, index.Options{}, c.log)
	if err != nil {
		return nil, err
	}
	c.engines = bot.NewEngines(eng)
	metrics := bot.NewMetrics()
	metrics.IndexLoaded(len(eng.Stories()), time.Now())
	c.log.Info("stories indexed", "stories", len(eng.Stories()), "took", time.Since(start).Round(time.Millisecond))
	c.opt = bot.Options{
		Answerer:      c.engines,
		Logger:        c.log,
		Metrics:       metrics,
		SlashResponse: c.cfg.SlashResponse,
		Examples:      bot.ExampleQuestions(ctx, eng, 3),
	}
	return c, nil
}

// parseFlags reads the flags of the chat modes, and returns the mode the
// subcommand and --mode ask for.
func (c *chat) parseFlags(mode string, args []string, getenv func(string) string, stderr io.Writer) (bot.Mode, error) {
	name := mode
	if name == "" {
		name = "storybot"
	}
	fs := newFlagSet(name, stderr)
	c.ef.register(fs, getenv)
	modeFlag := fs.String("mode", "", "console, socket or http (default: chosen from SLACK_* variables)")
	fs.StringVar(&c.addr, "addr", "", "HTTP mode: address to listen on (default :$PORT)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	if len(rest) > 0 {
		return "", usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	return forcedMode(mode, *modeFlag)
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
			e, err := ef.open(ctx, index.Options{}, log)
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
