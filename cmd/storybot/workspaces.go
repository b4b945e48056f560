package main

import (
	"context"
	"net/http"
	"time"

	"storybot/bot"
	"storybot/bot/install"
	"storybot/bot/store"
)

// openState opens what the bot keeps beyond one process, as the
// configuration asks, into opt: the installations of many workspaces
// (DATABASE_URL) and the state replicas share (REDIS_URL). The returned
// function closes them.
func (c *chat) openState(ctx context.Context, opt *bot.Options, httpClient *http.Client) (closeAll func(), err error) {
	var closers []func() error
	closeOpened := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	defer func() {
		if err != nil {
			closeOpened()
		}
	}()
	w, log := c.cfg.Workspaces, c.log
	var usedStates store.Dedupe // in process unless Redis shares them
	if w.RedisURL != "" {
		r, err := store.OpenRedis(w.RedisURL, w.RedisPrefix)
		if err != nil {
			return nil, err
		}
		closers = append(closers, r.Close)
		// Redis down at the start is no reason not to answer: the
		// replica decides on its own memory until Redis is back.
		if err := r.Ping(ctx); err != nil {
			log.Warn("Redis does not answer: deduplication, rate limits and thread memory are this replica's own until it does", "redis", r.Where(), "err", err)
		} else {
			log.Info("sharing state in Redis", "redis", r.Where(), "prefix", w.RedisPrefix)
		}
		opt.SharedDedupe, opt.SharedValues = r.Dedupe(time.Hour), r.Values()
		opt.SharedThreads = r.CappedValues("threads", bot.DefaultSharedThreadMemory)
		usedStates = r.Dedupe(time.Hour)
		if !c.cfg.RateLimit.Off() {
			opt.SharedLimiter = r.Limiter(c.cfg.RateLimit)
		}
	}
	if !wantsDatabase(c.cfg) {
		return closeOpened, nil
	}
	var cipher *store.Cipher
	var refused error
	if !c.cfg.Many() {
		// One workspace: no installations, so no key is needed.
	} else if w.EncryptionKey == "" {
		refused = store.ErrNoKey
		log.Warn(refused.Error())
	} else if cipher, err = store.NewCipher(w.EncryptionKey); err != nil {
		return nil, err
	}
	db, err := store.OpenDatabase(ctx, w.DatabaseURL, cipher)
	if err != nil {
		return nil, err
	}
	closers = append(closers, db.Close)
	stopLog, err := c.useQuestionLog(ctx, db, opt)
	if err != nil {
		return nil, err
	}
	closers = append(closers, func() error { stopLog(); return nil })
	if !c.cfg.Many() {
		return closeOpened, nil
	}
	if err := checkKey(ctx, db); err != nil {
		return nil, err
	}
	log.Info("installations", "database", db.Where(), "migrations_applied", len(db.Applied))
	for _, f := range db.Tightened {
		log.Warn("database file was readable by others; now by its owner alone (0600)", "file", f)
	}
	scopes, err := bot.BotScopes()
	if err != nil {
		return nil, err
	}
	c.installer = install.New(install.Options{
		ClientID: w.ClientID, ClientSecret: w.ClientSecret, RedirectURL: w.RedirectURL,
		APIURL: c.cfg.APIURL, Scopes: scopes, Installations: db, Refused: refused,
		HTTPClient: httpClient, Logger: log, Metrics: install.NewMetrics(c.metrics), UsedStates: usedStates,
	})
	opt.Workspaces = c.installer
	return closeOpened, nil
}

// checkKey opens a stored bot token with STORYBOT_ENCRYPTION_KEY before
// serving: a wrong or missing key stops the start (exit 1) with a
// message saying so, rather than a replica that says it is ready and
// drops every event.
func checkKey(ctx context.Context, db *store.SQL) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return db.CheckKey(ctx)
}
