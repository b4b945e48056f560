package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Installations are the workspaces (and organizations) the app is
// installed in, each with its bot token.
type Installations interface {
	// Save keeps inst, replacing an earlier installation of the same
	// workspace or organization (a reinstall, with new scopes).
	Save(ctx context.Context, inst Installation) error
	// Find returns the installation that serves t, or ErrNotFound.
	Find(ctx context.Context, t Tenant) (Installation, error)
	// Delete forgets the installation of t; none is not an error.
	Delete(ctx context.Context, t Tenant) error
}

// Tenant is who a request comes from, as Slack says it: the workspace
// (team), its organization (enterprise), and whether the app was
// installed for the whole organization at once.
type Tenant struct {
	EnterpriseID      string
	TeamID            string
	EnterpriseInstall bool
}

// Key is the installation that serves t: the organization's for an
// org-wide install, else the workspace's (team ids are unique across
// Slack, in an organization or not). "" if t names neither.
func (t Tenant) Key() string {
	switch {
	case t.EnterpriseInstall && t.EnterpriseID != "":
		return "E:" + t.EnterpriseID
	case t.TeamID != "":
		return "T:" + t.TeamID
	}
	return ""
}

// Installation is the app installed in a workspace, or in a whole
// organization (EnterpriseInstall, no TeamID).
type Installation struct {
	EnterpriseID      string
	EnterpriseName    string
	TeamID            string
	TeamName          string
	EnterpriseInstall bool
	AppID             string
	BotUserID         string // the bot user, as in <@U…> mentions
	BotID             string // the bot, as in bot_id of its messages
	BotToken          Secret // xoxb-…
	Scopes            []string
	InstallerUserID   string // who installed it
	InstalledAt       time.Time
}

// Tenant is whom inst serves.
func (i Installation) Tenant() Tenant {
	return Tenant{EnterpriseID: i.EnterpriseID, TeamID: i.TeamID, EnterpriseInstall: i.EnterpriseInstall}
}

// The caps on what an installation keeps: Slack's ids are about a
// dozen characters, its tokens under a hundred, a workspace's name under
// a hundred, and an app asks for a few dozen scopes. An answer from
// oauth.v2.access past them is not Slack's, and is never stored (issue
// 18: a 300 MB team name was, and read again on every event).
const (
	MaxIDBytes     = 64  // team, enterprise, app, bot user, bot, installer ids
	MaxNameBytes   = 256 // team and enterprise names (clipped by Clip)
	MaxTokenBytes  = 512 // the bot token
	MaxScopeBytes  = 64  // one scope
	MaxScopes      = 100 // scopes in all
	clipMark       = "…"
	clipMarkLength = len(clipMark)
)

// Clip shortens the names of inst (team, enterprise) to MaxNameBytes, on
// a character boundary, and says which it shortened: names are only
// shown, so a long one is clipped rather than refused.
func (i Installation) Clip() (Installation, []string) {
	var clipped []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"team name", &i.TeamName}, {"enterprise name", &i.EnterpriseName}} {
		if len(*f.v) > MaxNameBytes {
			*f.v = clipBytes(*f.v, MaxNameBytes-clipMarkLength) + clipMark
			clipped = append(clipped, f.name)
		}
	}
	return i, clipped
}

// clipBytes is s cut to at most n bytes, on a character boundary.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// CheckSizes refuses a field of inst over its cap, naming it and its
// size (never its value).
func (i Installation) CheckSizes() error {
	fields := []struct {
		name string
		v    string
		max  int
	}{
		{"enterprise id", i.EnterpriseID, MaxIDBytes}, {"team id", i.TeamID, MaxIDBytes},
		{"app id", i.AppID, MaxIDBytes}, {"bot user id", i.BotUserID, MaxIDBytes},
		{"bot id", i.BotID, MaxIDBytes}, {"installer user id", i.InstallerUserID, MaxIDBytes},
		{"team name", i.TeamName, MaxNameBytes}, {"enterprise name", i.EnterpriseName, MaxNameBytes},
		{"bot token", string(i.BotToken), MaxTokenBytes},
	}
	for _, s := range i.Scopes {
		fields = append(fields, struct {
			name string
			v    string
			max  int
		}{"scope", s, MaxScopeBytes})
	}
	for _, f := range fields {
		if len(f.v) > f.max {
			return fmt.Errorf("installation's %s is %d bytes, over the %d it may hold: not kept", f.name, len(f.v), f.max)
		}
	}
	if len(i.Scopes) > MaxScopes {
		return fmt.Errorf("installation has %d scopes, over the %d it may hold: not kept", len(i.Scopes), MaxScopes)
	}
	return nil
}

// check says what is missing for inst to be kept, or what is too long.
func (i Installation) check() error {
	if err := i.CheckSizes(); err != nil {
		return err
	}
	switch {
	case i.Tenant().Key() == "":
		return fmt.Errorf("installation names no team and no org-wide enterprise")
	case i.BotToken == "":
		return fmt.Errorf("installation of %s has no bot token", i.Tenant().Key())
	case i.BotUserID == "":
		return fmt.Errorf("installation of %s has no bot user", i.Tenant().Key())
	}
	return nil
}

// LogValue keeps the token out of logs.
func (i Installation) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("team_id", i.TeamID),
		slog.String("enterprise_id", i.EnterpriseID),
		slog.Bool("enterprise_install", i.EnterpriseInstall),
		slog.String("bot_user_id", i.BotUserID),
		slog.String("scopes", strings.Join(i.Scopes, ",")),
		slog.String("installer", i.InstallerUserID),
	)
}

// Secret is a credential: it prints as [redacted], through fmt and slog
// alike; string(s) is the value.
type Secret string

func (s Secret) String() string               { return "[redacted]" }
func (s Secret) GoString() string             { return "[redacted]" }
func (s Secret) LogValue() slog.Value         { return slog.StringValue("[redacted]") }
func (s Secret) MarshalText() ([]byte, error) { return []byte("[redacted]"), nil }

// MemoryInstallations are Installations in process, for tests and for
// trying things: they are gone when the process ends.
type MemoryInstallations struct {
	mu sync.Mutex
	m  map[string]Installation
}

// NewMemoryInstallations makes empty MemoryInstallations.
func NewMemoryInstallations() *MemoryInstallations {
	return &MemoryInstallations{m: map[string]Installation{}}
}

// Save implements Installations.
func (s *MemoryInstallations) Save(ctx context.Context, inst Installation) error {
	if err := inst.check(); err != nil {
		return err
	}
	inst.Scopes = append([]string(nil), inst.Scopes...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[inst.Tenant().Key()] = inst
	return nil
}

// Find implements Installations.
func (s *MemoryInstallations) Find(ctx context.Context, t Tenant) (Installation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, ok := s.m[t.Key()]
	if !ok || t.Key() == "" {
		return Installation{}, ErrNotFound
	}
	inst.Scopes = append([]string(nil), inst.Scopes...)
	return inst, nil
}

// Delete implements Installations.
func (s *MemoryInstallations) Delete(ctx context.Context, t Tenant) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, t.Key())
	return nil
}
