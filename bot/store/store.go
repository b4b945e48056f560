package store

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Dedupe remembers keys for a while, so that a delivery that reaches any
// replica twice is answered once.
type Dedupe interface {
	// First reports whether none of keys was seen within the time they
	// are kept, and remembers them all. Empty keys are skipped.
	First(ctx context.Context, keys ...string) (bool, error)
}

// Limiter holds the rate limits: a token bucket per user and one per
// team. Taking a question takes a token from both, or from neither.
type Limiter interface {
	Allow(ctx context.Context, user, team string, now time.Time) (Verdict, error)
}

// Values are small values kept for a while under a key: the seam for
// state such as a thread's memory, in process or shared in Redis.
type Values interface {
	// Get returns the value under key, and false if there is none (or it
	// expired).
	Get(ctx context.Context, key string) ([]byte, bool, error)
	// Put keeps value under key for ttl.
	Put(ctx context.Context, key string, value []byte, ttl time.Duration) error
}

// RateLimit is how many questions are taken, per user and per team, as
// token buckets. A zero PerUser turns limiting off.
type RateLimit struct {
	PerUser   float64 // questions per user per minute (0: no limit at all)
	UserBurst int     // questions a user may ask at once (PerUser if zero)
	PerTeam   float64 // questions per team per minute (0: no team limit)
	TeamBurst int     // (PerTeam/10, at least UserBurst, if zero)
}

// Off reports whether limiting is off.
func (l RateLimit) Off() bool { return l.PerUser <= 0 }

// withDefaults fills in the bursts left zero.
func (l RateLimit) withDefaults() RateLimit {
	if l.UserBurst <= 0 {
		l.UserBurst = max(1, int(l.PerUser))
	}
	if l.PerTeam > 0 && l.TeamBurst <= 0 {
		l.TeamBurst = max(l.UserBurst, int(l.PerTeam/10))
	}
	return l
}

// Scope is which limit refused a question.
type Scope int

// The scopes.
const (
	ScopeUser Scope = 0
	ScopeTeam Scope = 1
)

// Verdict is what a Limiter says of one question.
type Verdict struct {
	OK    bool
	Scope Scope         // which limit refused it
	Wait  time.Duration // until the user may ask again
	// Warn is true for the first refusal since the user's last accepted
	// question: the one that gets a "slow down" reply, so that a flood
	// of questions gets one such reply, not one each.
	Warn bool
}

// ErrNotFound is what Installations.Find returns for a workspace with no
// installation.
var ErrNotFound = errors.New("no installation")

// CappedValues are Values of which at most a fixed number are kept: when
// a new one would be one too many, those closest to expiring go first.
// Keep is Put that says what the store holds after it.
type CappedValues interface {
	Values
	Keep(ctx context.Context, key string, value []byte, ttl time.Duration) (Kept, error)
}

// Kept is what a CappedValues holds after a Keep.
type Kept struct {
	Held    int // values held, the new one included
	Evicted int // values this Keep dropped before their time, to stay within the cap
}

// OneLine is err with its text on one line, so that a log line stays
// one: the line breaks, and the indentation after them, that drivers put
// in their errors (pgx lists each address it tried on a line of its own)
// become "; " (or a space after a colon). errors.Is and errors.As still
// see through it.
func OneLine(err error) error {
	if err == nil || !strings.ContainsAny(err.Error(), "\r\n") {
		return err
	}
	var b strings.Builder
	for line := range strings.FieldsFuncSeq(err.Error(), func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case b.Len() == 0:
		case strings.HasSuffix(b.String(), ":"):
			b.WriteString(" ")
		default:
			b.WriteString("; ")
		}
		b.WriteString(line)
	}
	return oneLine{msg: b.String(), err: err}
}

type oneLine struct {
	msg string
	err error
}

func (e oneLine) Error() string { return e.msg }
func (e oneLine) Unwrap() error { return e.err }
