package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"storybot/index/encoder"
	"storybot/internal/insights"
	"time"

	"storybot/bot"
	"storybot/bot/feedback"
	"storybot/bot/store"
	"storybot/cmd/storybot/internal/config"
)

// wantsDatabase tells whether the configuration keeps anything in the
// database: installations, the question log, the votes or the digest's
// leases.
func wantsDatabase(cfg config.Config) bool {
	return cfg.Many() || cfg.LogDays > 0 || cfg.Feedback != "" || cfg.Digest
}

// useQuestionLog makes db the bot's question log and vote store, as the
// configuration asks, imports the old feedback log once, and purges the
// questions past their days now and daily. stop ends the purges.
func (c *chat) useQuestionLog(ctx context.Context, db *store.SQL, opt *bot.Options) (stop func(), err error) {
	cfg, log := c.cfg, c.log
	var key []byte
	switch {
	case cfg.Feedback != "":
		if key, err = bot.FeedbackKey(cfg.Feedback, cfg.FeedbackSecret); err != nil {
			return nil, fmt.Errorf("STORYBOT_FEEDBACK=%s: %w: set STORYBOT_FEEDBACK to a file storybot may write beside (default %s in the working folder), or to off",
				cfg.Feedback, err, bot.DefaultFeedbackLog)
		}
		opt.Votes = db
		importFeedback(ctx, db, cfg.Feedback, log)
	case cfg.FeedbackSecret != "":
		key = []byte(cfg.FeedbackSecret)
	}
	opt.Hasher = bot.NewHasher(key)
	opt.QuestionLog, opt.LogDays, opt.Digest = db, cfg.LogDays, cfg.Digest
	opt.Grouper = refusedGrouper(c.ef.noReader, log)
	log.Info("question log", "database", db.Where(), "days", cfg.LogDays, "votes", opt.Votes != nil, "digest", cfg.Digest)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		purgeDaily(ctx, db, cfg.LogDays, log)
	}()
	return func() { cancel(); <-done }, nil
}

// purgeDaily deletes the questions older than days, now and every day,
// until ctx ends (days 0: every question, so that none is kept).
func purgeDaily(ctx context.Context, db *store.SQL, days int, log *slog.Logger) {
	for {
		pctx, cancel := context.WithTimeout(ctx, time.Minute)
		n, err := db.Purge(pctx, time.Now().AddDate(0, 0, -days))
		cancel()
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("question log not purged", "err", err)
		case n > 0:
			log.Info("question log purged", "deleted", n, "days", days)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}

// importFeedback imports the feedback log of earlier versions (JSON
// lines at path) into the database, once: a replica that finds it
// imported already skips it. It is left where it is.
func importFeedback(ctx context.Context, db *store.SQL, path string, log *slog.Logger) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		log.Warn("the old feedback log could not be read: not imported", "file", path, "err", err)
		return
	}
	defer f.Close()
	votes, skipped, _, err := feedback.ReadVotes(f)
	if err != nil {
		log.Warn("the old feedback log could not be read: not imported", "file", path, "err", err)
		return
	}
	name := path
	if abs, err := filepath.Abs(path); err == nil {
		name = abs
	}
	ictx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	done, err := db.ImportVotes(ictx, name, votes, time.Now())
	switch {
	case err != nil:
		log.Warn("the old feedback log was not imported", "file", path, "err", err)
	case done:
		log.Info("old feedback log imported into the database", "file", path, "votes", len(votes), "skipped_lines", skipped)
	}
}

// refusedGrouper groups the refused questions the editors see by meaning,
// with the reader's sentence encoder, unless the reader is off (nil: by
// their words).
func refusedGrouper(noReader bool, log *slog.Logger) insights.Grouper {
	if noReader {
		return nil
	}
	m, err := encoder.Load()
	if err != nil {
		log.Warn("refused questions grouped by their words alone: the sentence encoder did not load", "err", err)
		return nil
	}
	return insights.NewMeaning(m)
}
