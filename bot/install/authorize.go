package install

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/bot/store"
)

// Authorize implements bot.Workspaces: the installation that serves t,
// as a Slack client with its token and the bot's identity there.
func (i *Installer) Authorize(ctx context.Context, t store.Tenant) (bot.Authorization, error) {
	inst, err := i.find(ctx, t)
	if err != nil {
		return bot.Authorization{}, fmt.Errorf("team %s, enterprise %s: %w", clip(t.TeamID), clip(t.EnterpriseID), err)
	}
	return bot.Authorization{
		Slack: slack.New(string(inst.BotToken), i.slackOpt...),
		Self:  bot.Identity{UserID: inst.BotUserID, BotID: inst.BotID, TeamID: inst.TeamID},
	}, nil
}

// find is the installation of t: from the cache while it is fresh, else
// from the database within LookupTimeout (and then cached), else, while
// the database fails, from the cache for up to cacheStale.
func (i *Installer) find(ctx context.Context, t store.Tenant) (store.Installation, error) {
	key := t.Key()
	cached, fresh, ok := i.cache.get(key)
	if fresh {
		return cached, nil
	}
	gen := i.cache.generation()
	lctx, cancel := context.WithTimeout(ctx, i.o.LookupTimeout)
	defer cancel()
	inst, err := i.o.Installations.Find(lctx, t)
	switch {
	case err == nil:
		i.cache.put(key, inst, gen)
		return inst, nil
	case errors.Is(err, store.ErrNotFound):
		i.cache.drop(key)
	case ok:
		i.logLimited(slog.LevelWarn, "installation lookup failed; using the one cached", "err", store.OneLine(err))
		return cached, nil
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		err = fmt.Errorf("the database did not answer within %v (%w)", i.o.LookupTimeout, err)
	}
	return store.Installation{}, err
}

// Uninstalled implements bot.Workspaces: the installation of t is
// forgotten, in the database and in this replica's cache.
func (i *Installer) Uninstalled(ctx context.Context, t store.Tenant) error {
	i.cache.drop(t.Key())
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := i.o.Installations.Delete(ctx, t)
	i.cache.drop(t.Key()) // and whatever a look-up put back meanwhile
	if err == nil {
		i.o.Metrics.installed("uninstalled")
	}
	return err
}
