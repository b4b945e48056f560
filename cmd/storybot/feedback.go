package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"storybot/bot"
)

// openFeedback opens the feedback log the configuration names, with its
// key; nil when it is off. A log that cannot be written stops the start.
func openFeedback(cfg bot.Config) (*bot.FeedbackLog, error) {
	if cfg.Feedback == "" {
		return nil, nil
	}
	key, err := bot.FeedbackKey(cfg.Feedback, cfg.FeedbackSecret)
	if err == nil {
		var fb *bot.FeedbackLog
		if fb, err = bot.OpenFeedbackLog(cfg.Feedback, key); err == nil {
			return fb, nil
		}
	}
	return nil, fmt.Errorf("STORYBOT_FEEDBACK=%s: %w: set STORYBOT_FEEDBACK to a file storybot may write (default %s in the working folder), or to off",
		cfg.Feedback, err, bot.DefaultFeedbackLog)
}

// Defaults of `storybot feedback export`.
const (
	defaultEvalOut   = "feedback-eval.jsonl"
	defaultReviewOut = "feedback-review.jsonl"
)

// runFeedback runs `storybot feedback export`: the feedback log's 👍
// votes as evaluation questions, its 👎 votes as a list to review.
func runFeedback(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return usageError{"feedback: the only subcommand is export"}
	}
	fs := newFlagSet("feedback export", stderr)
	logPath := getenv("STORYBOT_FEEDBACK")
	if logPath == "" || logPath == "off" {
		logPath = bot.DefaultFeedbackLog
	}
	fs.StringVar(&logPath, "log", logPath, "the feedback log (STORYBOT_FEEDBACK)")
	evalPath := fs.String("eval", defaultEvalOut, "where to write the 👍 answers as evaluation questions (- for standard output)")
	reviewPath := fs.String("review", defaultReviewOut, "where to write the 👎 answers to review (- for standard output)")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("feedback export: unexpected argument %q", rest[0])}
	}
	in, err := os.Open(logPath)
	if err != nil {
		return fmt.Errorf("feedback export: %w (set --log or STORYBOT_FEEDBACK to the feedback log)", err)
	}
	defer in.Close()
	eval, closeEval, err := createOut(*evalPath, stdout)
	if err != nil {
		return err
	}
	review, closeReview, err := createOut(*reviewPath, stdout)
	if err != nil {
		closeEval(false)
		return err
	}
	st, err := bot.ExportFeedback(in, eval, review)
	// Outputs are removed on failure only if this run made them.
	if cerr := closeEval(err == nil); err == nil {
		err = cerr
	}
	if cerr := closeReview(err == nil); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("feedback export: %w", err)
	}
	fmt.Fprintf(stderr, "%d votes: %d evaluation questions in %s, %d answers to review in %s\n", st.Votes, st.Eval, *evalPath, st.Review, *reviewPath)
	if st.Skipped > 0 {
		fmt.Fprintf(stderr, "%d lines of %s are not votes and were skipped (the first: %v)\n", st.Skipped, logPath, st.Bad)
	}
	return nil
}

// createOut creates the output file path, refusing to replace one that is
// there ("-" is stdout). done closes it, and removes it unless ok.
func createOut(path string, stdout io.Writer) (w io.Writer, done func(ok bool) error, err error) {
	if path == "-" {
		return stdout, func(bool) error { return nil }, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, nil, fmt.Errorf("feedback export: %s exists: remove it or choose another file (--eval, --review)", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("feedback export: %w", err)
	}
	return f, func(ok bool) error {
		err := f.Close()
		if !ok {
			os.Remove(path)
		}
		return err
	}, nil
}
