package store

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxBuckets bounds the users (and teams) remembered; idle buckets,
// which would be full again anyway, are forgotten first.
const maxBuckets = 100_000

// MemoryLimiter is a Limiter in process: one token bucket per user and
// one per team. Safe for concurrent use.
type MemoryLimiter struct {
	cfg   RateLimit
	mu    sync.Mutex
	users buckets
	teams buckets
}

// buckets are token buckets by key, forgetting the idle ones.
type buckets struct {
	limit rate.Limit
	burst int
	m     map[string]*bucket
	swept time.Time
}

type bucket struct {
	lim  *rate.Limiter
	last time.Time
	// warned is set when a refusal was told and cleared when a question
	// is let through again (see Verdict.Warn).
	warned bool
}

// NewMemoryLimiter makes a MemoryLimiter, or returns nil if cfg turns
// limiting off.
func NewMemoryLimiter(cfg RateLimit) *MemoryLimiter {
	if cfg.Off() {
		return nil
	}
	cfg = cfg.withDefaults()
	return &MemoryLimiter{
		cfg:   cfg,
		users: buckets{limit: rate.Limit(cfg.PerUser / 60), burst: cfg.UserBurst, m: map[string]*bucket{}},
		teams: buckets{limit: rate.Limit(cfg.PerTeam / 60), burst: cfg.TeamBurst, m: map[string]*bucket{}},
	}
}

// Allow implements Limiter: it takes a token from the user's bucket and
// the team's, or from neither. It never fails.
func (l *MemoryLimiter) Allow(ctx context.Context, user, team string, now time.Time) (Verdict, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ub := l.users.get(user, now)
	ur := ub.lim.ReserveN(now, 1)
	if d := ur.DelayFrom(now); !ur.OK() || d > 0 {
		ur.CancelAt(now)
		return ub.refuse(ScopeUser, d), nil
	}
	if l.cfg.PerTeam > 0 {
		tb := l.teams.get(team, now)
		tr := tb.lim.ReserveN(now, 1)
		if d := tr.DelayFrom(now); !tr.OK() || d > 0 {
			tr.CancelAt(now)
			ur.CancelAt(now) // the user's token goes back
			return ub.refuse(ScopeTeam, d), nil
		}
	}
	ub.warned = false
	return Verdict{OK: true}, nil
}

func (b *bucket) refuse(scope Scope, wait time.Duration) Verdict {
	v := Verdict{Scope: scope, Wait: wait, Warn: !b.warned}
	b.warned = true
	return v
}

func (bs *buckets) get(key string, now time.Time) *bucket {
	b := bs.m[key]
	if b == nil {
		bs.sweep(now)
		b = &bucket{lim: rate.NewLimiter(bs.limit, bs.burst)}
		bs.m[key] = b
	}
	b.last = now
	return b
}

// sweep forgets buckets idle long enough to be full again, at most once a
// minute, or at once when there are too many; and if that is not enough,
// all of them.
func (bs *buckets) sweep(now time.Time) {
	if len(bs.m) < maxBuckets && now.Sub(bs.swept) < time.Minute {
		return
	}
	bs.swept = now
	refill := time.Minute
	if bs.limit > 0 {
		refill = max(refill, time.Duration(float64(bs.burst)/float64(bs.limit)*float64(time.Second)))
	}
	for k, b := range bs.m {
		if now.Sub(b.last) > refill {
			delete(bs.m, k)
		}
	}
	if len(bs.m) >= maxBuckets {
		clear(bs.m)
	}
}

func (l *MemoryLimiter) size() (users, teams int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.users.m), len(l.teams.m)
}
