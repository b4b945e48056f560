package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/bot/slackapi"
	"storybot/bot/socket"
	"storybot/cmd/storybot/internal/config"
)

// withSlack signs in to Slack and runs serve with the bot that answers
// there, beside the reloads and the admin server; this is the set-up the
// Slack modes share. However serve ends, the answers already acknowledged
// are finished, for ShutdownTimeout at most.
func withSlack(ctx context.Context, c *chat, serve func(b *bot.Bot, api *slack.Client) error) error {
	log, cfg := c.log, c.cfg
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit(cfg.MemoryLimit, log)))
	// Every call to Slack goes through the retrying transport (see
	// slackapi.RetryTransport for what is retried, and why that never posts an
	// answer twice). The request's context bounds the whole of it;
	// the transport's own timeouts bound each attempt.
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.ResponseHeaderTimeout = 15 * time.Second
	// Its answers are read within bounds, and its redirects stay on
	// Slack's hosts (slackapi.Guard).
	httpClient := slackapi.Guard(&http.Client{Transport: &slackapi.RetryTransport{Base: base, APIURL: cfg.APIURL, Metrics: c.opt.Metrics, Logger: log}}, cfg.APIURL)
	slackOpts := []slack.Option{slack.OptionAPIURL(cfg.APIURL), slack.OptionHTTPClient(httpClient)}
	if c.mode == config.ModeSocket {
		slackOpts = append(slackOpts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	api := slack.New(cfg.BotToken, slackOpts...)
	opt := c.opt
	opt.HTTPClient, opt.APIURL, opt.RateLimit = httpClient, cfg.APIURL, cfg.RateLimit
	opt.ThreadMemory, opt.ThreadTTL = cfg.ThreadMemory, cfg.ThreadTTL
	if cfg.Many() {
		// No token of its own: each workspace's comes with its event.
		log.Info("serving many workspaces", "mode", string(c.mode), "config", cfg)
		if bare := bot.BareAdmins(cfg.Admins); len(bare) > 0 {
			log.Warn("STORYBOT_ADMINS: bare member ids are admins in every workspace that installs the app; write TEAM:USER (T123:U456) to scope one to its workspace",
				"bare", strings.Join(bare, ","))
		}
	} else {
		self, err := authTest(ctx, api)
		if err != nil {
			return err
		}
		log.Info("signed in to Slack", "user_id", self.UserID, "bot_id", self.BotID, "team_id", self.TeamID, "mode", string(c.mode), "config", cfg)
		opt.Slack, opt.Self = api, self
	}
	closeState, err := c.openState(ctx, &opt, httpClient)
	if err != nil {
		return err
	}
	defer closeState()
	b := bot.New(opt)
	// After the shutdown below: the questions of the last answers are
	// written before the database closes.
	defer b.CloseLog()
	stopDigest := startDigest(ctx, b, log)
	defer stopDigest()
	stopReloads := c.startReloads(ctx, b)
	defer stopReloads()
	if cfg.AdminAddr != "" {
		stopAdmin, err := serveAdmin(ctx, cfg.AdminAddr, cfg.Pprof, b, log)
		if err != nil {
			return err
		}
		defer stopAdmin()
	}
	// The admin server still says "not ready" meanwhile.
	defer func() {
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if err := b.Shutdown(shutCtx); err != nil {
			log.Warn("stopped before every answer was sent", "err", err, "timeout", cfg.ShutdownTimeout)
		}
		log.Info("stopped")
	}()
	return serve(b, api)
}

// runSocket serves Slack over Socket Mode until ctx is done.
func runSocket(ctx context.Context, c *chat) error {
	return withSlack(ctx, c, func(b *bot.Bot, api *slack.Client) error {
		return socket.Run(ctx, b, socket.NewClient(api, c.log), socket.NewMetrics(c.metrics))
	})
}

// authTest learns who the bot is, and checks the bot token on the way.
func authTest(ctx context.Context, api *slack.Client) (bot.Identity, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := api.AuthTestContext(ctx)
	if err != nil {
		switch err.Error() {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired":
			return bot.Identity{}, bot.Errorf(bot.EUNAUTHORIZED, "Slack refused SLACK_BOT_TOKEN (auth.test: %v): set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…) under OAuth & Permissions, and reinstall the app if it was revoked", err)
		}
		return bot.Identity{}, fmt.Errorf("auth.test: %w (is SLACK_API_URL right, and is Slack reachable?)", err)
	}
	if res.UserID == "" {
		return bot.Identity{}, errors.New("auth.test did not say who the bot is: is SLACK_BOT_TOKEN a bot token (xoxb-…)?")
	}
	return bot.Identity{UserID: res.UserID, BotID: res.BotID, TeamID: res.TeamID}, nil
}

// startDigest sends the weekly digests (STORYBOT_DIGEST=weekly) until
// the returned function is called.
func startDigest(ctx context.Context, b *bot.Bot, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	holder, _ := os.Hostname()
	holder = fmt.Sprintf("%s/%d/%d", holder, os.Getpid(), time.Now().UnixNano())
	go func() {
		defer close(done)
		b.RunDigest(ctx, holder, time.Hour)
	}()
	return func() { cancel(); <-done }
}
