package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/bot/store"
)

// testWorkspaces serve the installations of a store, as package install
// does (which the bot's tests cannot import).
type testWorkspaces struct {
	*store.MemoryInstallations
	apiURL string
	fail   error // Authorize fails with it, if set
}

func (w *testWorkspaces) Authorize(ctx context.Context, t store.Tenant) (Authorization, error) {
	if w.fail != nil {
		return Authorization{}, w.fail
	}
	inst, err := w.Find(ctx, t)
	if err != nil {
		return Authorization{}, err
	}
	return Authorization{Slack: slack.New(string(inst.BotToken), slack.OptionAPIURL(w.apiURL)), Self: Identity{UserID: inst.BotUserID, BotID: inst.BotID, TeamID: inst.TeamID}}, nil
}

func (w *testWorkspaces) Uninstalled(ctx context.Context, t store.Tenant) error {
	return w.Delete(ctx, t)
}

// newWorkspacesRig is an HTTP rig made with o, serving three
// installations: workspace TA, workspace TB, and organization E1 as a
// whole.
func newWorkspacesRig(t *testing.T, o Options) (*httpRig, *testWorkspaces, *fakeAnswerer) {
	ws := &testWorkspaces{MemoryInstallations: store.NewMemoryInstallations()}
	ans := &fakeAnswerer{}
	o.Workspaces = ws
	rig := newHTTPRig(t, ans, o)
	ws.apiURL = rig.Slack.APIURL()
	for _, w := range []slackfake.Workspace{
		{Team: "TA", Token: "xoxb-a", BotUser: "UBOTA", BotID: "BBOTA"},
		{Team: "TB", Token: "xoxb-b", BotUser: "UBOTB", BotID: "BBOTB"},
		{Enterprise: "E1", OrgWide: true, Token: "xoxb-org", BotUser: "UBOTORG", BotID: "BBOTORG"},
	} {
		rig.Slack.AddWorkspace(w)
		inst := store.Installation{TeamID: w.Team, EnterpriseID: w.Enterprise, EnterpriseInstall: w.OrgWide, BotUserID: w.BotUser, BotID: w.BotID, BotToken: store.Secret(w.Token)}
		if err := ws.Save(context.Background(), inst); err != nil {
			t.Fatal(err)
		}
	}
	return rig, ws, ans
}

// callbackFor is an event callback as Slack sends it to the installation
// named by auth (an org-wide one has "team_id": null there).
func callbackFor(eventID, team string, auth map[string]any, event map[string]any) map[string]any {
	cb := slackfake.With(slackfake.Callback(eventID, event), "team_id", team)
	if auth == nil {
		delete(cb, "authorizations")
		return cb
	}
	return slackfake.With(cb, "authorizations", []any{auth})
}

func TestWorkspacesTokenPerEvent(t *testing.T) {
	t.Parallel()
	rig, _, ans := newWorkspacesRig(t, Options{})
	tests := []struct {
		name  string
		event map[string]any
		token string // "" for no answer
	}{
		{"workspace A", callbackFor("Ev1", "TA", map[string]any{"team_id": "TA", "user_id": "UBOTA", "is_bot": true},
			slackfake.Mention("C1", "U1", "<@UBOTA> budget?", "1.1", "")), "xoxb-a"},
		{"workspace B", callbackFor("Ev2", "TB", map[string]any{"team_id": "TB", "user_id": "UBOTB", "is_bot": true},
			slackfake.Mention("C2", "U1", "<@UBOTB> budget?", "1.2", "")), "xoxb-b"},
		{"a workspace of the org-wide install (team null)", callbackFor("Ev3", "TC",
			map[string]any{"enterprise_id": "E1", "team_id": nil, "user_id": "UBOTORG", "is_bot": true, "is_enterprise_install": true},
			slackfake.Mention("C3", "U1", "<@UBOTORG> budget?", "1.3", "")), "xoxb-org"},
		{"a payload without authorizations", callbackFor("Ev4", "TB", nil, slackfake.DM("D4", "U1", "budget?", "1.4")), "xoxb-b"},
		{"the bot's own DM in its workspace", callbackFor("Ev5", "TA", map[string]any{"team_id": "TA"},
			slackfake.DM("D5", "UBOTA", "budget?", "1.5")), ""},
		{"a workspace not installed", callbackFor("Ev6", "TZ", map[string]any{"team_id": "TZ"},
			slackfake.Mention("C6", "U1", "<@UBOTZ> budget?", "1.6", "")), ""},
	}
	for _, tt := range tests {
		rig.Event(tt.event)
		ps := rig.Posts()
		switch {
		case tt.token == "" && len(ps) != 0:
			t.Errorf("%s: answered %v", tt.name, ps)
		case tt.token != "" && (len(ps) != 1 || ps[0].Get("token") != tt.token):
			t.Errorf("%s: posts %v, want one with %s", tt.name, ps, tt.token)
		}
	}
	for _, q := range ans.Questions() {
		if strings.Contains(q, "UBOT") {
			t.Errorf("the workspace's bot mention was not taken out of %q", q)
		}
	}
	if got := metricValue(t, rig.Bot, "storybot_authorizations_failed_total", "reason", "not_installed"); got != 1 {
		t.Errorf("authorizations failed %v, want 1", got)
	}
	if !strings.Contains(rig.Log.String(), "no token to answer with") {
		t.Error("the dropped event is not logged")
	}
}

func TestWorkspacesUninstalled(t *testing.T) {
	t.Parallel()
	rig, ws, _ := newWorkspacesRig(t, Options{})
	uninstall := func(id, team string, auth map[string]any, inner map[string]any) {
		t.Helper()
		if w := rig.Event(callbackFor(id, team, auth, inner)); w.Code != 200 {
			t.Fatalf("%s: %d", id, w.Code)
		}
	}
	installed := func(tn store.Tenant) bool {
		_, err := ws.Find(context.Background(), tn)
		return err == nil
	}
	a, org := store.Tenant{TeamID: "TA"}, store.Tenant{EnterpriseID: "E1", EnterpriseInstall: true}
	// User tokens revoked: the bot's stays.
	uninstall("EvR1", "TA", map[string]any{"team_id": "TA"}, map[string]any{"type": "tokens_revoked", "tokens": map[string]any{"oauth": []string{"U1"}}})
	if !installed(a) {
		t.Error("revoking a user's token removed the installation")
	}
	uninstall("EvR2", "TA", map[string]any{"team_id": "TA"}, map[string]any{"type": "tokens_revoked", "tokens": map[string]any{"bot": []string{"UBOTA"}}})
	if installed(a) || !installed(store.Tenant{TeamID: "TB"}) {
		t.Error("tokens_revoked of workspace A's bot: A kept, or B gone")
	}
	uninstall("EvU", "TC", map[string]any{"enterprise_id": "E1", "team_id": nil, "is_enterprise_install": true}, map[string]any{"type": "app_uninstalled"})
	if installed(org) {
		t.Error("app_uninstalled of the org-wide install: kept")
	}
	rig.Event(callbackFor("Ev9", "TA", map[string]any{"team_id": "TA"}, slackfake.Mention("C1", "U1", "<@UBOTA> budget?", "9.1", "")))
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("answered in a workspace after its uninstall: %v", ps)
	}
	// A store that fails: logged, not fatal.
	ws.fail = errors.New("database down")
	rig.Event(callbackFor("Ev10", "TB", map[string]any{"team_id": "TB"}, slackfake.Mention("C1", "U1", "<@UBOTB> budget?", "10.1", "")))
	if got := metricValue(t, rig.Bot, "storybot_authorizations_failed_total", "reason", "error"); got != 1 {
		t.Errorf("failed authorization counted %v, want 1", got)
	}
}

// TestSocketModeUninstalled: with one workspace, an app_uninstalled over
// Socket Mode says that the bot token no longer works.
func TestSocketModeUninstalled(t *testing.T) {
	t.Parallel()
	rig := newSocketRig(t, &fakeAnswerer{})
	rig.Link.WaitAck(t, rig.Link.Send(t, "events_api", slackfake.Callback("EvU", map[string]any{"type": "app_uninstalled"})))
	rig.Stop()
	if !strings.Contains(rig.Log.String(), "SLACK_BOT_TOKEN no longer works") {
		t.Error("the uninstall is not logged")
	}
}

// TestTenantOf reads whose installation a command or a click is for, as
// Slack sends them; an org-wide install's clicks say "team": null.
func TestTenantOf(t *testing.T) {
	t.Parallel()
	slash := func(kv ...string) store.Tenant {
		f := slackfake.Form(slackfake.Slash("C1", "U1", "budget?", "https://hooks.slack.com/x"))
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return incomingFromSlash(slashOf(t, f)).Tenant
	}
	click := func(kv ...any) store.Tenant {
		var cb slack.InteractionCallback
		err := json.Unmarshal(slackfake.JSON(t, slackfake.With(slackfake.ShareClick("C1", "U1", render.ActionShare, "budget?", "https://hooks.slack.com/x"), kv...)), &cb)
		if err != nil {
			t.Fatal(err)
		}
		return tenantOfClick(cb)
	}
	tests := []struct {
		name      string
		got, want store.Tenant
	}{
		{"a command in a workspace", slash(), store.Tenant{TeamID: slackfake.Team}},
		{"a command under an org-wide install", slash("enterprise_id", "E1", "is_enterprise_install", "true"),
			store.Tenant{EnterpriseID: "E1", TeamID: slackfake.Team, EnterpriseInstall: true}},
		{"a click in a workspace", click(), store.Tenant{TeamID: slackfake.Team}},
		{"a click under an org-wide install, team null", click("team", nil, "enterprise", map[string]any{"id": "E1"}, "is_enterprise_install", true,
			"user", map[string]any{"id": "U1", "team_id": "T7"}), store.Tenant{EnterpriseID: "E1", TeamID: "T7", EnterpriseInstall: true}},
	}
	for _, tt := range tests {
		if tt.got != tt.want || tt.got.Key() == "" {
			t.Errorf("%s: %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

// orgLevelCallback is an event callback as bolt-python's tests show an
// org-level app_uninstalled or tokens_revoked: the enterprise alone, no
// team_id, no authorizations.
func orgLevelCallback(eventID, enterprise string, event map[string]any) map[string]any {
	return map[string]any{
		"token": "verification-token", "enterprise_id": enterprise, "api_app_id": "A0001",
		"event": event, "type": "event_callback", "event_id": eventID, "event_time": 1606805974,
	}
}

// TestWorkspacesUninstalledOrgLevel: an org-wide install's uninstall and
// bot-token revocation, which name the enterprise alone, forget the
// organization's installation, and nothing else.
func TestWorkspacesUninstalledOrgLevel(t *testing.T) {
	t.Parallel()
	for _, inner := range []map[string]any{
		{"type": "app_uninstalled"},
		{"type": "tokens_revoked", "tokens": map[string]any{"oauth": []string{"W111"}, "bot": []string{"W222"}}},
	} {
		t.Run(inner["type"].(string), func(t *testing.T) {
			t.Parallel()
			rig, ws, _ := newWorkspacesRig(t, Options{})
			if w := rig.Event(orgLevelCallback("EvOrg", "E1", inner)); w.Code != 200 {
				t.Fatalf("%d", w.Code)
			}
			org := store.Tenant{EnterpriseID: "E1", TeamID: "T5", EnterpriseInstall: true}
			if _, err := ws.Find(context.Background(), org); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the org-wide installation is kept: %v", err)
			}
			for _, team := range []string{"TA", "TB"} {
				if _, err := ws.Find(context.Background(), store.Tenant{TeamID: team}); err != nil {
					t.Errorf("workspace %s forgotten too: %v", team, err)
				}
			}
		})
	}
}
