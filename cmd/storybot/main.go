package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/joho/godotenv"
	"github.com/redis/go-redis/v9"
)

func main() {
	// SIGINT or SIGTERM: stop taking work, finish the answers in flight,
	// exit 0. A second one stops at once, with the shell's code for it
	// (130, 143), however soon it follows the first: both are read from
	// one channel, so none can slip past.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stops := make(chan os.Signal, 2)
	signal.Notify(stops, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stops
		cancel()
		code := 1
		if s, ok := (<-stops).(syscall.Signal); ok {
			code = 128 + int(s)
		}
		os.Exit(code)
	}()
	// What libraries write through the standard log package (bleve's
	// "unable to load snapshot … continuing") and the final error follow
	// LOG_FORMAT like every other line. The log package's output belongs to
	// the process (as go-redis's logger does), so it is set here, once, and
	// never by run.
	plog := newProcessLog(os.Getenv, os.Stderr)
	log.SetFlags(0)
	log.SetOutput(plog)
	redis.SetLogger(redisLog{plog})
	// SIGHUP reloads the stories in the chat modes (live.Index.Run).
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	if err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr, hup); err != nil {
		plog.report(err)
		os.Exit(1)
	}
}

// usageError marks a mistake in the command line; run prints the usage
// with it.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `usage:
  storybot                 chat in Slack if SLACK_* is set, else in the console
  storybot console         chat in the console
  storybot socket          Slack over Socket Mode (SLACK_APP_TOKEN, SLACK_BOT_TOKEN)
  storybot http            Slack over HTTP (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN;
                           or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET for many workspaces)
  storybot ask [--top N] [--json] [--explain] [QUESTION...]
                           answer QUESTION, or each line of standard input
  storybot add FILE...     put stories (.txt, .md, .html; - for standard input)
                           into the corpus folder
  storybot feedback export [--log FILE] [--eval FILE] [--review FILE]
                           the 👍 answers (in the database, or an old
                           feedback log) as evaluation questions, the 👎
                           answers as a list to review
  storybot report [--days N] [--html FILE]
                           the question log's figures of the last N days
                           (default 7), and with --html a page of charts

flags, after the subcommand:
  --corpus DIR   stories to index (STORYBOT_CORPUS, default ./corpus)
  --index DIR    keep the index on disk in DIR (STORYBOT_INDEX; default in memory)
  --mode console|socket|http   the mode, as the subcommand picks it
  --addr HOST:PORT             HTTP mode: where to listen (default :$PORT)
`

// run is the whole program; main only supplies the process's environment
// so that tests can run it in-process. The signals come in as ctx (stop)
// and hup (reload the stories).
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer, hup <-chan os.Signal) error {
	getenv, err := withDotEnv(getenv, ".env")
	if err != nil {
		return err
	}
	cmd, rest := "", args[1:]
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "ask":
		err = runAsk(ctx, rest, getenv, stdin, stdout, stderr)
	case "add":
		err = runAdd(ctx, rest, getenv, stdin, stdout, stderr)
	case "feedback":
		err = runFeedback(ctx, rest, getenv, stdout, stderr)
	case "report":
		err = runReport(ctx, rest, getenv, stdout, stderr)
	case "", "console", "socket", "http":
		err = runBot(ctx, cmd, rest, getenv, stdin, stdout, stderr, hup)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		err = usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
	if errors.As(err, new(usageError)) {
		fmt.Fprint(stderr, usage)
	}
	return err
}

// withDotEnv layers the variables of a .env file under the real
// environment: a variable set in the environment always wins. A missing file
// is the normal case; a broken one is an error, never half-read.
func withDotEnv(getenv func(string) string, path string) (func(string) string, error) {
	file, err := godotenv.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return getenv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return func(key string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return file[key]
	}, nil
}
