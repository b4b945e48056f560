package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"storybot/bot/feedback"
	"storybot/bot/store"
)

// Defaults of `storybot feedback export`.
const (
	defaultEvalOut   = "feedback-eval.jsonl"
	defaultReviewOut = "feedback-review.jsonl"
)

// runFeedback runs `storybot feedback export`: the 👍 votes (in the
// database, or an old feedback log) as evaluation questions, the 👎
// votes as a list to review.
func runFeedback(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return usageError{"feedback: the only subcommand is export"}
	}
	fs := newFlagSet("feedback export", stderr)
	logPath := fs.String("log", "", "read the votes from this feedback log (JSON lines, as earlier versions wrote) instead of the database (DATABASE_URL)")
	evalPath := fs.String("eval", defaultEvalOut, "where to write the 👍 answers as evaluation questions (- for standard output)")
	reviewPath := fs.String("review", defaultReviewOut, "where to write the 👎 answers to review (- for standard output)")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("feedback export: unexpected argument %q", rest[0])}
	}
	export, from, err := votesFrom(ctx, *logPath, getenv)
	if err != nil {
		return fmt.Errorf("feedback export: %w", err)
	}
	eval, closeEval, err := createOut(*evalPath, stdout)
	if err != nil {
		return err
	}
	review, closeReview, err := createOut(*reviewPath, stdout)
	if err != nil {
		closeEval(false)
		return err
	}
	st, err := export(eval, review)
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
		fmt.Fprintf(stderr, "%d lines of %s are not votes and were skipped (the first: %v)\n", st.Skipped, from, st.Bad)
	}
	return nil
}

// votesFrom is the export of the votes in the feedback log at path, or
// in the database if path is "", and where they come from.
func votesFrom(ctx context.Context, path string, getenv func(string) string) (export func(eval, review io.Writer) (feedback.ExportStats, error), from string, err error) {
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, "", err
		}
		return func(eval, review io.Writer) (feedback.ExportStats, error) {
			return feedback.ExportFeedback(bytes.NewReader(data), eval, review)
		}, path, nil
	}
	db, err := openExisting(ctx, getenv)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	votes, err := db.Votes(ctx)
	if err != nil {
		return nil, "", err
	}
	return func(eval, review io.Writer) (feedback.ExportStats, error) {
		return feedback.ExportVotes(votes, eval, review)
	}, db.Where(), nil
}

// openExisting opens the database DATABASE_URL names (the default
// SQLite file only if it is there: a command that reads it must not
// make an empty one).
func openExisting(ctx context.Context, getenv func(string) string) (*store.SQL, error) {
	u := strings.TrimSpace(getenv("DATABASE_URL"))
	if u == "" {
		u = store.DefaultDatabaseURL
	}
	if p, ok := strings.CutPrefix(u, "sqlite:"); ok {
		if _, err := os.Stat(strings.TrimPrefix(p, "//")); err != nil {
			return nil, fmt.Errorf("no database at %s (%w): set DATABASE_URL to the one storybot keeps its question log and votes in", u, err)
		}
	}
	return store.OpenDatabase(ctx, u, nil)
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
