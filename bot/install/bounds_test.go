package install

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

// TestInstallAnswerBounded: Slack's answer to oauth.v2.access is read
// within a bound, and what an installation keeps has caps (issue 18,
// item 4: a 300 MB answer took the process to 990 MiB and was stored as
// a team name). An answer over the bound installs nothing, and says so;
// a long team name is clipped, with a warning; an id or a scope over its
// cap is refused; nothing of megabytes reaches the store or the log.
func TestInstallAnswerBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		ws     slackfake.Workspace
		code   int
		page   string
		stored string // the team name kept; "" when nothing is
		log    string
	}{
		{name: "an answer over the bound",
			ws:   slackfake.Workspace{Team: "T1", TeamName: strings.Repeat("n", 6<<20), Token: "xoxb-1", BotUser: "U1", Scopes: "chat:write"},
			code: 502, page: "over 4 MiB, more than any install", log: `msg="install failed"`},
		{name: "a long team name, clipped",
			ws:   slackfake.Workspace{Team: "T1", TeamName: strings.Repeat("é", 1000), Token: "xoxb-1", BotUser: "U1", Scopes: "chat:write"},
			code: 200, page: "storybot is installed in", stored: strings.Repeat("é", 126) + "…", log: `msg="install: names clipped" fields="team name" max_bytes=256`},
		{name: "a team id over its cap",
			ws:   slackfake.Workspace{Team: "T" + strings.Repeat("1", 200), TeamName: "Acme", Token: "xoxb-1", BotUser: "U1", Scopes: "chat:write"},
			code: 502, page: "installation&#39;s team id is 201 bytes, over the 64 it may hold", log: `msg="install failed"`},
		{name: "a scope over its cap",
			ws:   slackfake.Workspace{Team: "T1", TeamName: "Acme", Token: "xoxb-1", BotUser: "U1", Scopes: "chat:write," + strings.Repeat("s", 100)},
			code: 502, page: "installation&#39;s scope is 100 bytes, over the 64", log: `msg="install failed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged bytes.Buffer
			r := newRig(t, Options{Installations: openSQLite(t, testKey), Logger: slog.New(slog.NewTextHandler(&logged, nil))})
			state := r.startInstall(r.browser)
			r.slack.GrantCode("code-1", tt.ws)
			code, body := r.redirect(r.browser, url.Values{"code": {"code-1"}, "state": {state}})
			if code != tt.code || !strings.Contains(body, tt.page) {
				t.Errorf("%d %.300s\nwant %d and %q", code, body, tt.code, tt.page)
			}
			if len(body) > 64<<10 {
				t.Errorf("the page is %d bytes", len(body))
			}
			if !strings.Contains(logged.String(), tt.log) || logged.Len() > 64<<10 {
				t.Errorf("log of %d bytes lacks %q:\n%.2000s", logged.Len(), tt.log, logged.String())
			}
			inst, err := r.store.Find(context.Background(), store.Tenant{TeamID: tt.ws.Team})
			switch {
			case tt.stored == "" && !errors.Is(err, store.ErrNotFound):
				t.Errorf("kept %.100q, %v", inst.TeamName, err)
			case tt.stored != "" && (err != nil || inst.TeamName != tt.stored):
				t.Errorf("kept %q, %v; want %q", inst.TeamName, err, tt.stored)
			}
		})
	}
}
