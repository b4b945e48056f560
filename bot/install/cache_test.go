package install

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

// hangingStore is a database that stops answering when hung: its
// look-ups then wait for their context's end. A look-up made with no
// deadline, or a longer one than the installer's, fails at once, saying
// so (without a deadline it would wait forever).
type hangingStore struct {
	*store.MemoryInstallations
	mu      sync.Mutex
	hung    bool
	finds   int
	limit   time.Duration
	errs    []string
	failDel error
}

func (s *hangingStore) hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hung = true
}

func (s *hangingStore) Find(ctx context.Context, t store.Tenant) (store.Installation, error) {
	s.mu.Lock()
	s.finds++
	hung := s.hung
	s.mu.Unlock()
	d, ok := ctx.Deadline()
	if !ok || time.Until(d) > s.limit {
		s.mu.Lock()
		s.errs = append(s.errs, fmt.Sprintf("looked up with deadline %v, %v", ok, time.Until(d)))
		s.mu.Unlock()
		return store.Installation{}, errors.New("no deadline")
	}
	if hung {
		<-ctx.Done()
		return store.Installation{}, fmt.Errorf("find: %w", ctx.Err())
	}
	return s.MemoryInstallations.Find(ctx, t)
}

func (s *hangingStore) Delete(ctx context.Context, t store.Tenant) error {
	if s.failDel != nil {
		return s.failDel
	}
	return s.MemoryInstallations.Delete(ctx, t)
}

func (s *hangingStore) calls() (int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finds, append([]string(nil), s.errs...)
}

// TestAuthorizeHungDatabase: a workspace served before is served from
// the cache while the database hangs (fresh, then stale, for up to
// cacheStale); any other look-up ends at its short deadline, saying why.
func TestAuthorizeHungDatabase(t *testing.T) {
	t.Parallel()
	db := &hangingStore{MemoryInstallations: store.NewMemoryInstallations(), limit: 50 * time.Millisecond}
	r := newRig(t, Options{Installations: db, LookupTimeout: 50 * time.Millisecond})
	state := r.startInstall(r.browser)
	r.slack.GrantCode("c", slackfake.Workspace{Team: "T1", TeamName: "One", Token: "xoxb-one", BotUser: "U1", Scopes: "app_mentions:read,chat:write"})
	if code, body := r.redirect(r.browser, url.Values{"code": {"c"}, "state": {state}}); code != 200 {
		t.Fatalf("%d\n%s", code, body)
	}
	db.hang()
	ctx := context.Background()
	one := store.Tenant{TeamID: "T1"}
	if a, err := r.inst.Authorize(ctx, one); err != nil || a.Self.UserID != "U1" {
		t.Errorf("installed workspace, database hung: %+v %v", a, err)
	}
	if n, _ := db.calls(); n != 0 {
		t.Errorf("%d look-ups in the database for a workspace just installed", n)
	}
	_, err := r.inst.Authorize(ctx, store.Tenant{TeamID: "T2"})
	if err == nil || !strings.Contains(err.Error(), "the database did not answer within 50ms") || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("another workspace, database hung: %v", err)
	}
	r.now = r.now.Add(cacheFresh + time.Second)
	if _, err := r.inst.Authorize(ctx, one); err != nil {
		t.Errorf("past the cache's freshness, database hung: %v", err)
	}
	r.now = r.now.Add(cacheStale)
	if _, err := r.inst.Authorize(ctx, one); err == nil {
		t.Error("served from a cache past cacheStale")
	}
	if n, errs := db.calls(); n != 3 || len(errs) != 0 {
		t.Errorf("%d look-ups, want 3: %v", n, errs)
	}
}

// TestCacheDroppedOnUninstall: an uninstall drops the cached
// installation, even when the database fails to delete it.
func TestCacheDroppedOnUninstall(t *testing.T) {
	t.Parallel()
	db := &hangingStore{MemoryInstallations: store.NewMemoryInstallations(), limit: 50 * time.Millisecond, failDel: errors.New("database down")}
	r := newRig(t, Options{Installations: db, LookupTimeout: 50 * time.Millisecond})
	inst := store.Installation{TeamID: "T1", BotUserID: "U1", BotToken: "xoxb-one"}
	if err := db.Save(context.Background(), inst); err != nil {
		t.Fatal(err)
	}
	if _, err := r.inst.Authorize(context.Background(), inst.Tenant()); err != nil {
		t.Fatal(err)
	}
	db.hang()
	if err := r.inst.Uninstalled(context.Background(), inst.Tenant()); err == nil {
		t.Error("the failed delete is not reported")
	}
	if _, err := r.inst.Authorize(context.Background(), inst.Tenant()); err == nil {
		t.Error("served from the cache after the uninstall")
	}
}

// TestCacheSealedAndBounded: the cache holds no token in the clear, and
// at most cacheSize installations.
func TestCacheSealedAndBounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	c := newCache(func() time.Time { return now })
	for i := range cacheSize + 10 {
		now = now.Add(time.Millisecond)
		team := fmt.Sprintf("T%d", i)
		c.put("T:"+team, store.Installation{TeamID: team, BotUserID: "U", BotToken: store.Secret("xoxb-secret-" + team)}, c.generation())
	}
	if n := c.len(); n != cacheSize {
		t.Errorf("%d cached, want %d", n, cacheSize)
	}
	if _, _, ok := c.get("T:T0"); ok {
		t.Error("the oldest was kept")
	}
	inst, fresh, ok := c.get("T:T42")
	if !ok || !fresh || inst.BotToken != "xoxb-secret-T42" {
		t.Errorf("T42: %v %v %q", ok, fresh, inst.BotToken)
	}
	c.mu.Lock()
	dump := fmt.Sprintf("%#v", c.m)
	c.mu.Unlock()
	if strings.Contains(dump, "xoxb-") {
		t.Error("a token in the clear in the cache")
	}
	// A look-up that began before a drop puts nothing back.
	gen := c.generation()
	c.drop("T:T42")
	c.put("T:T42", inst, gen)
	if _, _, ok := c.get("T:T42"); ok {
		t.Error("put back after its drop")
	}
}
