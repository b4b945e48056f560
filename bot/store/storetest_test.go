package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"storybot/internal/testservers"
)

// backend is one place state is kept, with what it keeps; the suite runs
// each of its parts against every backend that has it.
type backend struct {
	name          string
	installations func(t *testing.T) Installations
	dedupe        func(t *testing.T, ttl time.Duration) Dedupe
	// limiter makes a limiter and, called again in the same test, a
	// second one on the same state: what another replica would have.
	limiter func(t *testing.T) func(RateLimit) Limiter
	values  func(t *testing.T) Values
	// capped makes CappedValues of at most max values, on the clock now.
	capped func(t *testing.T, max int, now func() time.Time) CappedValues
	// inProcess is a backend on the process's clock: its dedupe and
	// values run in a synctest bubble, where what expires does so on the
	// bubble's clock, at once. (The others' keys expire in a server, in
	// real time.)
	inProcess bool
}

const testKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func testCipher(t *testing.T) *Cipher {
	c, err := NewCipher(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func openSQL(t *testing.T, url string) *SQL {
	t.Helper()
	s, err := OpenDatabase(context.Background(), url, testCipher(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openRedis(t *testing.T) func() *Redis {
	url, prefix := testservers.Redis(t)
	return func() *Redis {
		r, err := OpenRedis(url, prefix)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
}

func backends() []backend {
	return []backend{
		{
			name:          "memory",
			inProcess:     true,
			installations: func(t *testing.T) Installations { return NewMemoryInstallations() },
			dedupe: func(t *testing.T, ttl time.Duration) Dedupe {
				return NewMemoryDedupe(ttl, 1000, nil)
			},
			limiter: func(t *testing.T) func(RateLimit) Limiter {
				var once sync.Once
				var l *MemoryLimiter
				// One process: both "replicas" are the same limiter.
				return func(cfg RateLimit) Limiter { once.Do(func() { l = NewMemoryLimiter(cfg) }); return l }
			},
			values: func(t *testing.T) Values { return NewMemoryValues(1000, nil) },
			capped: func(t *testing.T, max int, now func() time.Time) CappedValues { return NewMemoryValues(max, now) },
		},
		{
			name: "sqlite",
			installations: func(t *testing.T) Installations {
				return openSQL(t, "sqlite:"+filepath.Join(t.TempDir(), "storybot.db"))
			},
		},
		{
			name:          "postgres",
			installations: func(t *testing.T) Installations { return openSQL(t, testservers.Postgres(t)) },
		},
		{
			name: "redis",
			dedupe: func(t *testing.T, ttl time.Duration) Dedupe {
				return openRedis(t)().Dedupe(ttl)
			},
			limiter: func(t *testing.T) func(RateLimit) Limiter {
				open := openRedis(t)
				return func(cfg RateLimit) Limiter { return open().Limiter(cfg) }
			},
			values: func(t *testing.T) Values { return openRedis(t)().Values() },
			capped: func(t *testing.T, max int, now func() time.Time) CappedValues {
				c := openRedis(t)().CappedValues("threads", max).(*redisCapped)
				c.now = now
				return c
			},
		},
	}
}

// TestStore runs the one suite against every backend.
func TestStore(t *testing.T) {
	t.Parallel()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.installations != nil {
				t.Run("installations", func(t *testing.T) { testInstallations(t, b.installations(t)) })
			}
			if b.dedupe != nil {
				t.Run("dedupe", b.clocked(func(t *testing.T) { testDedupe(t, b.dedupe) }))
			}
			if b.limiter != nil {
				t.Run("limiter", func(t *testing.T) { testLimiter(t, b.limiter(t)) })
			}
			if b.values != nil {
				t.Run("values", b.clocked(func(t *testing.T) { testValues(t, b.values(t)) }))
			}
			if b.capped != nil {
				t.Run("capped", func(t *testing.T) { testCapped(t, b.capped) })
			}
		})
	}
}

// clocked is f, in a synctest bubble for a backend in the process.
func (b backend) clocked(f func(t *testing.T)) func(t *testing.T) {
	if !b.inProcess {
		return f
	}
	return func(t *testing.T) { synctest.Test(t, f) }
}

func testInstallations(t *testing.T, s Installations) {
	ctx := context.Background()
	at := time.UnixMilli(1_700_000_000_123)
	ws := Installation{TeamID: "T1", TeamName: "One", AppID: "A1", BotUserID: "UB1", BotID: "BB1",
		BotToken: "xoxb-team-one", Scopes: []string{"chat:write", "commands"}, InstallerUserID: "U9", InstalledAt: at}
	org := Installation{EnterpriseID: "E1", EnterpriseName: "Org", EnterpriseInstall: true, BotUserID: "UB2",
		BotToken: "xoxb-org", InstalledAt: at}
	grid := Installation{EnterpriseID: "E2", TeamID: "T3", BotUserID: "UB3", BotToken: "xoxb-grid-ws", InstalledAt: at}
	for _, inst := range []Installation{ws, org, grid} {
		if err := s.Save(ctx, inst); err != nil {
			t.Fatalf("save %v: %v", inst, err)
		}
	}
	tests := []struct {
		name   string
		tenant Tenant
		token  Secret // "" for none
	}{
		{"a workspace", Tenant{TeamID: "T1"}, "xoxb-team-one"},
		{"a workspace, with the enterprise its events name", Tenant{EnterpriseID: "E2", TeamID: "T3"}, "xoxb-grid-ws"},
		{"any workspace of an org-wide install", Tenant{EnterpriseID: "E1", TeamID: "T7", EnterpriseInstall: true}, "xoxb-org"},
		{"an org-wide install, team null", Tenant{EnterpriseID: "E1", EnterpriseInstall: true}, "xoxb-org"},
		{"a workspace of that org not installed by itself", Tenant{EnterpriseID: "E1", TeamID: "T7"}, ""},
		{"another workspace", Tenant{TeamID: "T2"}, ""},
		{"nobody", Tenant{}, ""},
	}
	for _, tt := range tests {
		got, err := s.Find(ctx, tt.tenant)
		switch {
		case tt.token == "" && !errors.Is(err, ErrNotFound):
			t.Errorf("%s: Find = %v, %v; want ErrNotFound", tt.name, got, err)
		case tt.token != "" && (err != nil || got.BotToken != tt.token):
			t.Errorf("%s: Find = token %q, %v; want %q", tt.name, string(got.BotToken), err, tt.token)
		}
	}
	got, err := s.Find(ctx, Tenant{TeamID: "T1"})
	if err != nil || got.TeamName != "One" || got.AppID != "A1" || got.BotUserID != "UB1" || got.BotID != "BB1" ||
		len(got.Scopes) != 2 || got.Scopes[1] != "commands" || got.InstallerUserID != "U9" || !got.InstalledAt.Equal(at) {
		t.Errorf("round trip: %+v, %v", got, err)
	}
	// A reinstall replaces the installation.
	ws.BotToken, ws.Scopes = "xoxb-team-one-again", []string{"chat:write"}
	if err := s.Save(ctx, ws); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Find(ctx, Tenant{TeamID: "T1"}); err != nil || got.BotToken != "xoxb-team-one-again" || len(got.Scopes) != 1 {
		t.Errorf("after a reinstall: %+v, %v", got, err)
	}
	// Uninstalled: gone; deleting what is not there is no error.
	for range 2 {
		if err := s.Delete(ctx, Tenant{TeamID: "T1"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Find(ctx, Tenant{TeamID: "T1"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if got, err := s.Find(ctx, Tenant{EnterpriseID: "E1", EnterpriseInstall: true}); err != nil || got.BotToken != "xoxb-org" {
		t.Errorf("deleting one installation touched another: %v", err)
	}
	for _, bad := range []Installation{{TeamID: "T5", BotUserID: "U"}, {BotUserID: "U", BotToken: "xoxb-x"}, {TeamID: "T5", BotToken: "xoxb-x"}} {
		if err := s.Save(ctx, bad); err == nil {
			t.Errorf("saved an incomplete installation %+v", bad)
		}
	}
}

func testDedupe(t *testing.T, open func(t *testing.T, ttl time.Duration) Dedupe) {
	ctx := context.Background()
	d := open(t, time.Hour)
	first := func(keys ...string) bool {
		t.Helper()
		ok, err := d.First(ctx, keys...)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !first("ev1", "msg1") || first("ev1") || first("msg1") {
		t.Error("a delivery seen is not recognised by each of its keys")
	}
	if first("ev2", "msg1") || first("ev2") {
		t.Error("a delivery with one key seen is fresh, or its other key is not remembered")
	}
	if !first("", "ev3") || first("ev3", "") {
		t.Error("empty keys are not skipped")
	}
	// Many replicas racing on one delivery: one wins.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if ok, err := d.First(ctx, "race"); err == nil && ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d of 16 racing deliveries fresh, want 1", wins.Load())
	}
	// Keys are forgotten after their time.
	d = open(t, 50*time.Millisecond)
	first("short")
	deadline := time.Now().Add(5 * time.Second)
	for !first("short") {
		if time.Now().After(deadline) {
			t.Fatal("a key kept 50ms is still there after 5s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func testLimiter(t *testing.T, open func(RateLimit) Limiter) {
	ctx := context.Background()
	now := time.UnixMilli(1_700_000_000_000)
	cfg := RateLimit{PerUser: 6, UserBurst: 2, PerTeam: 60, TeamBurst: 3}
	a, b := open(cfg), open(cfg) // two replicas
	allow := func(l Limiter, user, team string) Verdict {
		t.Helper()
		v, err := l.Allow(ctx, user, team, now)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// U1's burst of 2 holds across both replicas; the first refusal is
	// told, the next is not.
	if !allow(a, "U1", "T1").OK || !allow(b, "U1", "T1").OK {
		t.Fatal("the burst is refused")
	}
	v := allow(a, "U1", "T1")
	if v.OK || v.Scope != ScopeUser || !v.Warn || v.Wait != 10*time.Second {
		t.Errorf("third question: %+v, want refused for the user, told, 10s to wait", v)
	}
	if v := allow(b, "U1", "T1"); v.OK || v.Warn {
		t.Errorf("fourth question: %+v, want refused, not told again", v)
	}
	// Team T1 has 3 at once, and U1 took 2: U2 gets one, U3 none, and
	// keeps the token it would have spent.
	if !allow(b, "U2", "T1").OK {
		t.Error("U2 refused while the team had a token")
	}
	if v := allow(a, "U3", "T1"); v.OK || v.Scope != ScopeTeam || !v.Warn || v.Wait != time.Second {
		t.Errorf("U3: %+v, want refused for the team, 1s to wait", v)
	}
	// Another team is not held back.
	if !allow(a, "U9", "T2").OK {
		t.Error("another team is refused")
	}
	// Ten seconds on, U1 has one token again, and a refusal is told again.
	now = now.Add(10 * time.Second)
	if !allow(b, "U1", "T1").OK {
		t.Error("U1 refused after the wait")
	}
	if v := allow(a, "U1", "T1"); v.OK || !v.Warn {
		t.Errorf("after an accepted question, a refusal is not told: %+v", v)
	}
	// U3 kept its tokens: two at once.
	if !allow(a, "U3", "T1").OK || !allow(b, "U3", "T1").OK {
		t.Error("a user refused for the team's sake lost tokens")
	}
	// Many questions at once, from both replicas: exactly the burst.
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Go(func() {
			if v, err := l.Allow(ctx, "U5", "T5", now); err == nil && v.OK {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 2 {
		t.Errorf("%d of 20 concurrent questions let through, want the burst of 2", ok.Load())
	}
}

func testValues(t *testing.T, s Values) {
	ctx := context.Background()
	if _, ok, err := s.Get(ctx, "thread-1"); ok || err != nil {
		t.Errorf("a value never put: %v %v", ok, err)
	}
	if err := s.Put(ctx, "thread-1", []byte("first"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "thread-1", []byte("second"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get(ctx, "thread-1"); string(v) != "second" || !ok || err != nil {
		t.Errorf("Get = %q %v %v", v, ok, err)
	}
	if err := s.Put(ctx, "brief", []byte("x"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok, err := s.Get(ctx, "brief"); err != nil || !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a value kept 50ms is still there after 5s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// testCapped: at most max values are kept, a new one pushing out the
// one closest to expiring (not one put again); what expired leaves room
// without counting as evicted; each Keep says what is held.
func testCapped(t *testing.T, open func(t *testing.T, max int, now func() time.Time) CappedValues) {
	ctx := context.Background()
	now := time.UnixMilli(1_700_000_000_000)
	s := open(t, 3, func() time.Time { return now })
	keep := func(key string, want Kept) {
		t.Helper()
		got, err := s.Keep(ctx, key, []byte(key), time.Hour)
		if err != nil || got != want {
			t.Errorf("Keep(%s) = %+v, %v; want %+v", key, got, err, want)
		}
		now = now.Add(time.Second)
	}
	keep("a", Kept{Held: 1})
	keep("b", Kept{Held: 2})
	keep("c", Kept{Held: 3})
	keep("a", Kept{Held: 3}) // put again: b is now the oldest
	keep("d", Kept{Held: 3, Evicted: 1})
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if v, ok, err := s.Get(ctx, key); ok != want || err != nil || (ok && string(v) != key) {
			t.Errorf("Get(%s) = %q, %v, %v; want there: %v", key, v, ok, err, want)
		}
	}
	for i := range 20 {
		keep(fmt.Sprint("many-", i), Kept{Held: 3, Evicted: 1})
	}
	now = now.Add(2 * time.Hour) // all expired
	keep("e", Kept{Held: 1})
}
