package slackfake

import (
	"net/http"
	"sync"
)

// Workspace is one more workspace the fake Slack serves, with the bot's
// token and identity there (installed through OAuth, or by hand).
type Workspace struct {
	Team, TeamName string
	// Enterprise is the organization; with OrgWide, the install is for
	// the whole of it (the token then serves every workspace in it).
	Enterprise string
	OrgWide    bool
	Token      string // xoxb-…
	BotUser    string
	BotID      string
	Scopes     string // comma-separated, as oauth.v2.access says them
	Installer  string // the user who installed the app
}

// workspaces are the fake's workspaces beyond the default one, by token,
// and the OAuth codes that install them.
type workspaces struct {
	mu     sync.Mutex
	tokens map[string]Workspace
	codes  map[string]Workspace
	// Exchanges are the oauth.v2.access calls, as their forms.
	exchanges []map[string]string
}

// AddWorkspace makes w's token work for auth.test and chat.postMessage.
func (s *Slack) AddWorkspace(w Workspace) {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	s.ws.tokens[w.Token] = w
}

// RevokeWorkspace makes w's token stop working, as an uninstall does.
func (s *Slack) RevokeWorkspace(token string) {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	delete(s.ws.tokens, token)
}

// GrantCode makes code, exchanged once through oauth.v2.access, install
// the app in w (as Slack's redirect after "Allow" does).
func (s *Slack) GrantCode(code string, w Workspace) {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	s.ws.codes[code] = w
}

// Exchanges are the forms of the oauth.v2.access calls so far.
func (s *Slack) Exchanges() []map[string]string {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	return append([]map[string]string(nil), s.ws.exchanges...)
}

// sees tells whether w's token may read what is in the workspace team:
// its own, or any of its organization's for an org-wide install.
func (w Workspace) sees(team string) bool { return w.OrgWide || w.Team == team }

// caller is the workspace whose token r carries (in its form, or as a
// Bearer token); if none, it answers as Slack does and ok is false.
func (s *Slack) caller(w http.ResponseWriter, r *http.Request) (ws Workspace, ok bool) {
	if r.ParseForm() != nil {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_form_data"})
		return ws, false
	}
	if ws, ok = s.workspaceOf(token(r)); !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
	}
	return ws, ok
}

// workspaceOf is the workspace whose token tok is: the default one's
// (BotToken) or one added.
func (s *Slack) workspaceOf(tok string) (Workspace, bool) {
	if tok == BotToken {
		return Workspace{Team: Team, TeamName: "Fake", Token: BotToken, BotUser: BotUser, BotID: BotID}, true
	}
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	w, ok := s.ws.tokens[tok]
	return w, ok
}

// oauthAccess is oauth.v2.access: a granted code, with the client id and
// secret it was granted for (ClientID, ClientSecret), becomes the bot's
// token in that workspace, once.
func (s *Slack) oauthAccess(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	s.ws.mu.Lock()
	s.ws.exchanges = append(s.ws.exchanges, map[string]string{"client_id": id, "code": r.PostForm.Get("code"), "redirect_uri": r.PostForm.Get("redirect_uri")})
	ws, ok := s.ws.codes[r.PostForm.Get("code")]
	delete(s.ws.codes, r.PostForm.Get("code"))
	s.ws.mu.Unlock()
	switch {
	case id != ClientID || secret != ClientSecret:
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_client_id"})
		return
	case !ok:
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_code"})
		return
	}
	s.AddWorkspace(ws)
	team := map[string]any{"id": ws.Team, "name": ws.TeamName}
	var enterprise any
	if ws.Enterprise != "" {
		enterprise = map[string]any{"id": ws.Enterprise, "name": "Org " + ws.Enterprise}
	}
	if ws.OrgWide {
		team = nil
	}
	writeJSON(w, map[string]any{
		"ok": true, "access_token": ws.Token, "token_type": "bot", "scope": ws.Scopes,
		"bot_user_id": ws.BotUser, "app_id": "A0001",
		"team": team, "enterprise": enterprise, "is_enterprise_install": ws.OrgWide,
		"authed_user": map[string]any{"id": ws.Installer},
	})
}

// The app's OAuth credentials the fake accepts.
const (
	ClientID     = "1111.2222"
	ClientSecret = "fake-client-secret"
)
