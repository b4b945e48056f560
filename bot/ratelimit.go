package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is how many questions the bot takes, per user and per
// workspace, as token buckets. A zero PerUser turns limiting off.
type RateLimit struct {
	PerUser   float64 // questions per user per minute (0: no limit at all)
	UserBurst int     // questions a user may ask at once (PerUser if zero)
	PerTeam   float64 // questions per workspace per minute (0: no team limit)
	TeamBurst int     // (PerTeam/10, at least UserBurst, if zero)
}

// Off reports whether limiting is off.
func (l RateLimit) Off() bool { return l.PerUser <= 0 }

const (
	scopeUser = 0
	scopeTeam = 1
)

// maxBuckets bounds the users (and teams) remembered; idle buckets,
// which would be full again anyway, are forgotten first.
const maxBuckets = 100_000

// limiter holds one token bucket per user and one per workspace.
type limiter struct {
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
	// warned is set when the bot said "slow down" and cleared when a
	// question is let through again, so that a flood of questions gets
	// one such reply, not one each.
	warned bool
}

func newLimiter(cfg RateLimit) *limiter {
	if cfg.Off() {
		return nil
	}
	if cfg.UserBurst <= 0 {
		cfg.UserBurst = max(1, int(cfg.PerUser))
	}
	if cfg.PerTeam > 0 && cfg.TeamBurst <= 0 {
		cfg.TeamBurst = max(cfg.UserBurst, int(cfg.PerTeam/10))
	}
	return &limiter{
		cfg:   cfg,
		users: buckets{limit: rate.Limit(cfg.PerUser / 60), burst: cfg.UserBurst, m: map[string]*bucket{}},
		teams: buckets{limit: rate.Limit(cfg.PerTeam / 60), burst: cfg.TeamBurst, m: map[string]*bucket{}},
	}
}

// verdict is what the limiter says of one question.
type verdict struct {
	ok    bool
	scope int           // which limit refused it
	wait  time.Duration // until the user may ask again
	// warn is true for the first refusal since the user's last
	// accepted question: the one that gets a "slow down" reply.
	warn bool
}

// allow takes a token from the user's bucket and the team's, or from
// neither.
func (l *limiter) allow(team, user string, now time.Time) verdict {
	if l == nil {
		return verdict{ok: true}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ub := l.users.get(memoKey("user", team, user), now)
	ur := ub.lim.ReserveN(now, 1)
	if d := ur.DelayFrom(now); !ur.OK() || d > 0 {
		ur.CancelAt(now)
		return ub.refuse(scopeUser, d)
	}
	if l.cfg.PerTeam > 0 {
		tb := l.teams.get(memoKey("team", team), now)
		tr := tb.lim.ReserveN(now, 1)
		if d := tr.DelayFrom(now); !tr.OK() || d > 0 {
			tr.CancelAt(now)
			ur.CancelAt(now) // the user's token goes back
			return ub.refuse(scopeTeam, d)
		}
	}
	ub.warned = false
	return verdict{ok: true}
}

func (b *bucket) refuse(scope int, wait time.Duration) verdict {
	v := verdict{scope: scope, wait: wait, warn: !b.warned}
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

func (l *limiter) size() (users, teams int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.users.m), len(l.teams.m)
}
