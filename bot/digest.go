package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/bot/store"
)

// The weekly digest (STORYBOT_DIGEST=weekly): each week, each workspace's
// editors get the editors' figures of the last seven days by DM. However
// many replicas run, each workspace's digest of a week is sent once: the
// replica that takes its lease in the database (digest:TEAM:WEEK) sends
// it, the others skip it.

// RunDigest sends the week's digests now, then looks again every every
// (an hour if zero), until ctx ends. holder names this replica in the
// leases.
func (b *Bot) RunDigest(ctx context.Context, holder string, every time.Duration) {
	b.editors.run(ctx, holder, every)
}

// SendDigests sends this week's digest to each workspace whose digest
// no replica has sent yet.
func (b *Bot) SendDigests(ctx context.Context, holder string) { b.editors.send(ctx, holder) }

// run sends the week's digests now, then looks again every every
// (an hour if zero), until ctx ends. holder names this replica in the
// leases.
func (e *editors) run(ctx context.Context, holder string, every time.Duration) {
	if !e.digest || e.store == nil {
		return
	}
	if every <= 0 {
		every = time.Hour
	}
	for {
		e.send(ctx, holder)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// send sends this week's digest to each workspace whose digest no
// replica has sent yet.
func (e *editors) send(ctx context.Context, holder string) {
	now := e.now()
	year, week := now.UTC().ISOWeek()
	for _, team := range e.digestTeams(ctx, now) {
		editors := e.editorsOf(team)
		if len(editors) == 0 {
			continue
		}
		log := e.log.With("team", slackapi.ClipID(team))
		lease := fmt.Sprintf("digest:%s:%d-W%02d", team, year, week)
		lctx, cancel := context.WithTimeout(ctx, storeTimeout)
		ok, err := e.store.TakeLease(lctx, lease, holder, now, now.AddDate(0, 0, 8))
		cancel()
		switch {
		case err != nil:
			e.metrics.editors.WithLabelValues("failed").Inc()
			log.Warn("weekly digest not sent: the lease could not be taken", "err", err)
		case !ok:
			e.metrics.editors.WithLabelValues("digest_skipped").Inc()
			log.Info("weekly digest already sent by another replica", "week", week)
		default:
			e.sendDigest(ctx, team, editors, log)
		}
	}
}

// sendDigest sends team's digest to each of its editors.
func (e *editors) sendDigest(ctx context.Context, team string, editors []string, log *slog.Logger) {
	wctx, err := e.tenants.inWorkspace(ctx, store.Tenant{TeamID: team})
	if err != nil {
		log.Warn("weekly digest not sent: no token for the workspace", "err", err)
		return
	}
	f, err := e.figures(wctx, team)
	if err != nil {
		e.metrics.editors.WithLabelValues("failed").Inc()
		log.Warn("weekly digest not sent: the question log could not be read", "err", err)
		return
	}
	poster := e.tenants.auth(wctx).Slack
	if poster == nil {
		return
	}
	text := fmt.Sprintf("This week: %d questions answered, %d refused, %d 👍, %d 👎.", f.Answered, f.Refused, f.Up, f.Down)
	sent := 0
	for _, ed := range editors {
		_, _, err := poster.PostMessageContext(wctx, ed, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(render.EditorBlocks(f, false)...))
		if err != nil {
			e.metrics.apiErrors.WithLabelValues("chat.postMessage", slackapi.ErrorReason(err)).Inc()
			log.Warn("weekly digest not sent to an editor", "editor", slackapi.ClipID(ed), "err", slackapi.Redact(err))
			continue
		}
		sent++
	}
	e.metrics.editors.WithLabelValues("digest_sent").Inc()
	log.Info("weekly digest sent", "editors", sent)
}

// digestTeams are the workspaces to send a digest to: the one served,
// or, with many, those asked questions this week and those named in
// STORYBOT_ADMINS.
func (e *editors) digestTeams(ctx context.Context, now time.Time) []string {
	if e.tenants.workspaces == nil {
		if e.tenants.self.TeamID == "" {
			return nil
		}
		return []string{e.tenants.self.TeamID}
	}
	tctx, cancel := context.WithTimeout(ctx, storeTimeout)
	teams, err := e.store.Teams(tctx, now.AddDate(0, 0, -7))
	cancel()
	if err != nil {
		e.log.Warn("weekly digest: the question log could not be read", "err", err)
	}
	for id := range e.admins {
		if team, _, scoped := strings.Cut(id, ":"); scoped && !slices.Contains(teams, team) {
			teams = append(teams, team)
		}
	}
	slices.Sort(teams)
	return teams
}

// editorsOf are the editors of team: the admins named with it, and the
// bare ones.
func (e *editors) editorsOf(team string) []string {
	var out []string
	for id := range e.admins {
		t, user, scoped := strings.Cut(id, ":")
		switch {
		case !scoped:
			out = append(out, id)
		case t == team:
			out = append(out, user)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
