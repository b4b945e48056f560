package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"storybot/bot/slackapi"
	"storybot/bot/store"
	"storybot/internal/logthrottle"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Workspaces serve many workspaces from one bot: each request is answered
// with its own workspace's token and bot user, as its installation holds
// them. A Bot without Workspaces serves the one workspace of its Slack
// and Self.
type Workspaces interface {
	// Authorize returns what to answer t with, or an error wrapping
	// store.ErrNotFound when the app is not installed there.
	Authorize(ctx context.Context, t store.Tenant) (Authorization, error)
	// Uninstalled forgets the installation of t: the app was uninstalled
	// there, or its bot token revoked.
	Uninstalled(ctx context.Context, t store.Tenant) error
}

// Authorization is what a request is answered with.
type Authorization struct {
	Slack Slack // nil: no Web API calls (see answeredAt)
	Self  Identity
}

// tenants is whom the bot's work is for, and what it is done with: the
// one workspace's Slack and Self, or, with Workspaces, each request's
// installation (Authorize), looked up once per event, command or click
// and carried by its context (auth).
type tenants struct {
	slack      Slack
	self       Identity
	workspaces Workspaces // nil: the one workspace
	authFailed *prometheus.CounterVec
	log        *slog.Logger
	now        func() time.Time
	// throttle holds the lines of a failing database down (noToken).
	throttle *logthrottle.Throttle
}

type authKey struct{}

// withAuth makes a the authorization of the work done with ctx.
func withAuth(ctx context.Context, a Authorization) context.Context {
	return context.WithValue(ctx, authKey{}, a)
}

// auth is the authorization of the work done with ctx: the one found for
// its event, command or click (inWorkspace), else the bot's own. Every
// Web API call of that work is made with its Slack (chat.postMessage,
// conversations.replies, assistant.threads.*, views.publish, files.info
// and the file downloads), and its own messages told by its Self.
func (ts *tenants) auth(ctx context.Context) Authorization {
	if a, ok := ctx.Value(authKey{}).(Authorization); ok {
		return a
	}
	return Authorization{Slack: ts.slack, Self: ts.self}
}

// inWorkspace is ctx with what the work for t is done with: with
// Workspaces, the token and bot user of t's installation; without, ctx as
// it is (the bot's own). A ctx that carries one already keeps it.
func (ts *tenants) inWorkspace(ctx context.Context, t store.Tenant) (context.Context, error) {
	if ts.workspaces == nil {
		return ctx, nil
	}
	if _, ok := ctx.Value(authKey{}).(Authorization); ok {
		return ctx, nil
	}
	a, err := ts.workspaces.Authorize(ctx, t)
	if err != nil {
		reason := "error"
		if errors.Is(err, store.ErrNotFound) {
			reason = "not_installed"
		}
		ts.authFailed.WithLabelValues(reason).Inc()
		return ctx, err
	}
	return withAuth(ctx, a), nil
}

// answeredAt is ctx for a command or a click from t. Both are answered
// through their response_url, which needs no token: without their
// workspace's (no installation found, the database down) they are
// answered all the same, and the failure is logged; only a Web API call
// of their work would fail.
func (ts *tenants) answeredAt(ctx context.Context, t store.Tenant, log *slog.Logger) context.Context {
	withToken, err := ts.inWorkspace(ctx, t)
	if err != nil {
		ts.noToken(log, "no token of the workspace's: answering through response_url alone", err)
		return withAuth(ctx, Authorization{})
	}
	return withToken
}

// noToken logs, at warn, msg about work whose workspace's token was not
// found, with err on one line. A workspace not installed is logged each
// time (only Slack's signed requests get here); a failing database fails
// every look-up, at the rate events come, so those lines are logged once
// per 10 s per msg, with failures: how many since the last (this one
// included).
func (ts *tenants) noToken(log *slog.Logger, msg string, err error, args ...any) {
	if errors.Is(err, store.ErrNotFound) {
		log.Warn(msg, append(args, "err", store.OneLine(err))...)
		return
	}
	if n, ok := ts.throttle.Due("installations: "+msg, ts.now()); ok {
		log.Warn(msg, append(args, "failures", n, "err", store.OneLine(err))...)
	}
}

// tenantOf is whom an Events API callback is for. Slack lists the
// installations it was delivered for in authorizations; the first is
// this app's. Older payloads without it name the team (and enterprise)
// at the top.
func tenantOf(cb *slackevents.EventsAPICallbackEvent) store.Tenant {
	if len(cb.Authorizations) > 0 {
		a := cb.Authorizations[0]
		t := store.Tenant{EnterpriseID: a.EnterpriseID, TeamID: a.TeamID, EnterpriseInstall: a.IsEnterpriseInstall}
		if t.TeamID == "" && !t.EnterpriseInstall {
			t.TeamID = cb.TeamID
		}
		return t
	}
	return store.Tenant{EnterpriseID: cb.EnterpriseID, TeamID: cb.TeamID}
}

// eventTenant is whom an event_callback is for (see tenantOf).
func eventTenant(ev slackevents.EventsAPIEvent) store.Tenant {
	if cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent); cb != nil {
		return tenantOf(cb)
	}
	return store.Tenant{TeamID: ev.TeamID}
}

// tenantOfSlash is whom a slash command is for.
func tenantOfSlash(c slack.SlashCommand) store.Tenant {
	return store.Tenant{EnterpriseID: c.EnterpriseID, TeamID: c.TeamID, EnterpriseInstall: c.IsEnterpriseInstall}
}

// tenantOfClick is whom a click is for (its team: see teamOf).
func tenantOfClick(cb slack.InteractionCallback) store.Tenant {
	return store.Tenant{EnterpriseID: cb.Enterprise.ID, TeamID: teamOf(cb), EnterpriseInstall: cb.IsEnterpriseInstall}
}

// goneFrom says whom an app_uninstalled or tokens_revoked event (of the
// bot's token) removes the app from; ok is false for any other event.
func goneFrom(ev slackevents.EventsAPIEvent) (t store.Tenant, ok bool) {
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if cb == nil {
		return t, false
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppUninstalledEvent:
		return goneTenant(cb), true
	case *slackevents.TokensRevokedEvent:
		// Revoked user tokens (oauth) leave the bot's alone.
		return goneTenant(cb), len(e.Tokens.Bot) > 0
	}
	return t, false
}

// goneTenant is whom an uninstall or a revocation is for. An org-wide
// install's say so with the enterprise alone, as bolt-python's tests show
// them: no team_id and no authorizations. That can only be the
// organization's own installation (the one with no team).
func goneTenant(cb *slackevents.EventsAPICallbackEvent) store.Tenant {
	t := tenantOf(cb)
	if t.TeamID == "" && t.EnterpriseID != "" {
		t.EnterpriseInstall = true
	}
	return t
}

// appGone handles app_uninstalled and tokens_revoked: it forgets the
// installation they remove (see goneFrom).
func (ts *tenants) appGone(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if t, gone := goneFrom(ev); gone {
		ts.uninstalled(ctx, t)
	}
}

// uninstalled forgets the installation of t (app_uninstalled,
// tokens_revoked); without Workspaces there is nothing to forget.
func (ts *tenants) uninstalled(ctx context.Context, t store.Tenant) {
	if ts.workspaces == nil {
		ts.log.Warn("the app was uninstalled, or its bot token revoked: SLACK_BOT_TOKEN no longer works", "team", slackapi.ClipID(t.TeamID))
		return
	}
	log := ts.log.With("team", slackapi.ClipID(t.TeamID), "enterprise", slackapi.ClipID(t.EnterpriseID))
	if t.Key() == "" {
		log.Warn("uninstall names no team and no enterprise: nothing forgotten")
		return
	}
	if err := ts.workspaces.Uninstalled(ctx, t); err != nil {
		log.Error("could not forget the installation", "err", fmt.Errorf("uninstall: %w", err))
		return
	}
	log.Info("uninstalled: installation forgotten")
}

// addWorkspaces registers the metrics of many workspaces and shared
// state.
func (m *Metrics) addWorkspaces(reg prometheus.Registerer) {
	m.sharedState = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_shared_state_errors_total",
		Help: "Calls to the shared state (Redis) that failed, by what they were for (dedupe, rate_limit, thread_memory): each was decided on this replica's own memory.",
	}, []string{"op"})
	m.authFailed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_authorizations_failed_total",
		Help: "Events, commands and clicks whose workspace's token was not found, by why (not_installed, error): events are dropped, commands and clicks answered through their response_url alone.",
	}, []string{"reason"})
	for _, op := range []string{"dedupe", "rate_limit", "thread_memory"} {
		m.sharedState.WithLabelValues(op)
	}
	for _, r := range []string{"not_installed", "error"} {
		m.authFailed.WithLabelValues(r)
	}
	reg.MustRegister(m.sharedState, m.authFailed)
}
