package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

const (
	workspacesSecret = "ops-signing-secret"
	testEncKey       = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
)

// manyEnv is the environment of a storybot serving many workspaces from
// databaseURL, against fake.
func manyEnv(t *testing.T, fake *slackfake.Slack, databaseURL, key string) map[string]string {
	return map[string]string{
		"STORYBOT_CORPUS": testCorpus(t), "SLACK_CLIENT_ID": slackfake.ClientID, "SLACK_CLIENT_SECRET": slackfake.ClientSecret,
		"SLACK_SIGNING_SECRET": workspacesSecret, "SLACK_API_URL": fake.APIURL(), "DATABASE_URL": databaseURL,
		"STORYBOT_ENCRYPTION_KEY": key, "STORYBOT_RATE_LIMIT": "0",
	}
}

// seed keeps installations in the database at databaseURL, sealed with
// key, as an earlier storybot did.
func seed(t *testing.T, databaseURL, key string, insts ...store.Installation) {
	t.Helper()
	c, err := store.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.OpenDatabase(context.Background(), databaseURL, c)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, inst := range insts {
		if err := db.Save(context.Background(), inst); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWrongEncryptionKey: a replica whose STORYBOT_ENCRYPTION_KEY is not
// the one the stored tokens were sealed with, or that has none, does not
// start: exit 1, naming the setting and the fix, never the key.
func TestWrongEncryptionKey(t *testing.T) {
	fake := slackfake.New(t)
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "storybot.db")
	seed(t, dbURL, testEncKey, store.Installation{TeamID: "T1", BotUserID: "U1", BotToken: "xoxb-sealed"})
	wrong := strings.Repeat("c3", 32)
	for name, key := range map[string]string{"another key": wrong, "no key": ""} {
		t.Run(name, func(t *testing.T) {
			p := startProcess(t, "http --addr 127.0.0.1:0", manyEnv(t, fake, dbURL, key))
			if code := p.exit(); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			out := p.output()
			if !strings.Contains(out, "set STORYBOT_ENCRYPTION_KEY to ") || strings.Contains(out, "msg=listening") || strings.Contains(out, wrong) {
				t.Errorf("output:\n%s", out)
			}
		})
	}
	// The right key starts (and so does a fresh database, with any key).
	r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, manyEnv(t, fake, dbURL, testEncKey), nil)
	slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
}

// orgLevelEvent is an org-level app_uninstalled or tokens_revoked as
// bolt-python's tests show it: the enterprise alone.
func orgLevelEvent(eventID, enterprise string, inner map[string]any) map[string]any {
	return map[string]any{"token": "verification-token", "enterprise_id": enterprise, "api_app_id": "A0001",
		"event": inner, "type": "event_callback", "event_id": eventID, "event_time": 1606805974}
}

// TestOrgWideUninstall: an org-level app_uninstalled deletes the
// organization's installation, and the replica stops using its token
// (the cached one too).
func TestOrgWideUninstall(t *testing.T) {
	fake := slackfake.New(t)
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "storybot.db")
	org := slackfake.Workspace{Enterprise: "E111", OrgWide: true, Token: "xoxb-org", BotUser: "UORG", BotID: "BORG"}
	fake.AddWorkspace(org)
	seed(t, dbURL, testEncKey, store.Installation{EnterpriseID: "E111", EnterpriseInstall: true, BotUserID: "UORG", BotID: "BORG", BotToken: "xoxb-org"})
	r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, manyEnv(t, fake, dbURL, testEncKey), nil)
	base := "http://" + slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
	auth := map[string]any{"enterprise_id": "E111", "team_id": nil, "user_id": "UORG", "is_bot": true, "is_enterprise_install": true}
	mention := func(id, ts string) map[string]any {
		return slackfake.With(slackfake.Callback(id, slackfake.Mention("C1", "U1", "<@UORG> how many votes approved the budget?", ts, "")),
			"team_id", "T5", "enterprise_id", "E111", "authorizations", []any{auth})
	}
	postSigned(t, base, mention("EvBefore", "1.1"))
	if p := slackfake.Receive(t, fake.Posts, "the answer before the uninstall"); p.Get("token") != "xoxb-org" {
		t.Fatalf("answered with %q", p.Get("token"))
	}
	postSigned(t, base, orgLevelEvent("EvGone", "E111", map[string]any{"type": "app_uninstalled"}))
	r.waitLog("uninstalled: installation forgotten")
	c, _ := store.NewCipher(testEncKey)
	db, err := store.OpenDatabase(context.Background(), dbURL, c)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Find(context.Background(), store.Tenant{EnterpriseID: "E111", EnterpriseInstall: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the org-wide installation is still stored: %v", err)
	}
	postSigned(t, base, mention("EvAfter", "2.1"))
	r.waitLog("no token to answer with: event dropped")
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("answered with the uninstalled token: %v", ps)
	}
}

// slashNow sends a signed /story from team and returns its immediate
// response.
func slashNow(t *testing.T, base, team, text string, fake *slackfake.Slack) string {
	t.Helper()
	f := slackfake.Form(slackfake.Slash("C1", "U1", text, fake.ResponseURL("slash-"+team)))
	f.Set("team_id", team)
	req := slackfake.Signed(t, base+"/slack/events", workspacesSecret, "application/x-www-form-urlencoded", []byte(f.Encode()), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
