package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"storybot/bot"
	"storybot/bot/console"
	"storybot/bot/install"
	"storybot/cmd/storybot/internal/config"
	"storybot/index"
	"storybot/index/live"
)

// serveGCPercent is the garbage collector's target in the serving modes.
const serveGCPercent = 400

// runBot chats with people: in the console, or in Slack over Socket Mode or
// HTTP. mode is the subcommand ("" picks one from the environment).
// hup is SIGHUP, which reloads the stories.
func runBot(ctx context.Context, mode string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer, hup <-chan os.Signal) error {
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
	defer c.index.Close()
	c.hup = hup
	switch c.mode {
	case config.ModeConsole:
		return runConsole(ctx, c, stdin, stdout)
	case config.ModeSocket:
		return runSocket(ctx, c)
	}
	return runHTTP(ctx, c)
}

// chat is what every chat mode shares: its configuration, its logger, and
// the index it serves.
type chat struct {
	mode  config.Mode
	cfg   config.Config
	log   *slog.Logger
	ef    engineFlags
	addr  string // --addr: where HTTP mode listens, if not on PORT
	index *live.Index
	hup   <-chan os.Signal // SIGHUP, for the index's reloads
	opt   bot.Options      // what the bot is made with, Slack aside
	// bot is the bot made with opt, once made: a reload refreshes its
	// example questions.
	bot *bot.Bot
	// installer serves the OAuth install flow (many workspaces only).
	installer *install.Installer
	// metrics is the registry every package's metrics are registered
	// on, served at /metrics.
	metrics *prometheus.Registry
}

// setUp reads the command line and the configuration, picks the mode and
// loads the index: the set-up every chat mode shares.
func setUp(ctx context.Context, mode string, args []string, getenv func(string) string, stdin io.Reader, stderr io.Writer) (*chat, error) {
	c := &chat{}
	forced, err := c.parseFlags(mode, args, getenv, stderr)
	if err != nil {
		return nil, err
	}
	if c.cfg, err = config.FromEnv(getenv); err != nil {
		return nil, err
	}
	c.mode = c.cfg.Pick(forced)
	if err := c.cfg.Validate(c.mode); err != nil {
		return nil, err
	}
	if c.mode == config.ModeConsole && forced == config.ModeAuto && !console.IsTerminal(stdin) {
		return nil, nothingToDo(c.cfg)
	}
	c.log = modeLogger(stderr, c.cfg, c.mode, forced)
	c.metrics = prometheus.NewRegistry()
	c.metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	c.index, err = live.New(ctx, c.load, live.Options{
		Corpus: index.CorpusFS(c.ef.corpus), Watch: c.cfg.Watch,
		Swapped: c.swapped, Logger: c.log, Metrics: live.NewMetrics(c.metrics),
	})
	if err != nil {
		return nil, err
	}
	c.opt = bot.Options{
		Engine:        c.index,
		Logger:        c.log,
		Metrics:       bot.NewMetrics(c.metrics),
		Gatherer:      c.metrics,
		SlashResponse: c.cfg.SlashResponse,
		Examples:      bot.ExampleQuestions(ctx, c.index, bot.MaxExamples),
		// The admins' stories from Slack go into the corpus folder, and
		// are served after a reload made at once.
		Corpus: bot.CorpusOptions{Dir: c.ef.corpus, Admins: c.cfg.Admins, Reload: c.index.Reload},
	}
	return c, nil
}

// load opens an engine on the corpus, the first one and each reload's: an
// on-disk one in a new generation of the index folder (see index.Open).
func (c *chat) load(ctx context.Context) (live.Engine, error) {
	reload := c.ef.served != nil // a story served before must still load
	e, err := c.ef.open(ctx, index.Options{}, c.log, reload)
	if err != nil {
		return nil, err // not a nil *index.Engine in an interface
	}
	return e, nil
}

// startReloads makes b the bot being served and reloads the index on
// SIGHUP and, with STORYBOT_WATCH, when the corpus folder changes. The
// returned function stops them, waiting for a reload under way.
func (c *chat) startReloads(ctx context.Context, b *bot.Bot) (stop func()) {
	c.bot = b // (before Run, which alone calls swapped)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.index.Run(ctx, c.hup)
	}()
	return func() {
		cancel()
		<-done
	}
}

// swapped gives the bot the example questions of the engine a reload is
// about to serve.
func (c *chat) swapped(ctx context.Context, e live.Engine) {
	c.bot.SetExamples(bot.ExampleQuestions(ctx, e, bot.MaxExamples))
}

// parseFlags reads the flags of the chat modes, and returns the mode the
// subcommand and --mode ask for.
func (c *chat) parseFlags(mode string, args []string, getenv func(string) string, stderr io.Writer) (config.Mode, error) {
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
func modeLogger(w io.Writer, cfg config.Config, m, forced config.Mode) *slog.Logger {
	level := cfg.LogLevel
	if m == config.ModeConsole && !cfg.LogLevelSet {
		level = slog.LevelWarn // keep the chat clean
	}
	log := newLogger(w, cfg.LogFormat, level)
	if m == config.ModeConsole && forced == config.ModeAuto && cfg.BotToken != "" {
		log.Warn("SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is: chatting in the console")
	}
	for _, w := range cfg.Warnings(m) {
		log.Warn(w)
	}
	return log
}

// forcedMode is the mode the subcommand and --mode ask for, if any.
func forcedMode(sub, flag string) (config.Mode, error) {
	forced, err := config.ParseMode(sub)
	if err != nil {
		return "", usageError{err.Error()}
	}
	if flag == "" {
		return forced, nil
	}
	m, err := config.ParseMode(flag)
	if err != nil {
		return "", usageError{"--mode: " + err.Error()}
	}
	if forced != config.ModeAuto && m != forced {
		return "", usageError{fmt.Sprintf("--mode %s contradicts the %s subcommand", m, forced)}
	}
	return m, nil
}

// nothingToDo is the error of a bare `storybot` with no Slack settings
// and no terminal to chat in: most likely a service whose .env was not
// found, which must not exit 0 without a word.
func nothingToDo(cfg config.Config) error {
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
