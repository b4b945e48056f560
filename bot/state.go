package bot

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"log/slog"
	"storybot/bot/store"
	"storybot/internal/logthrottle"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// RateLimit is how many questions the bot takes, per user and per
// workspace (see store.RateLimit).
type RateLimit = store.RateLimit

// The rate limits' scopes, which index Metrics.rateLimited.
const (
	scopeUser = store.ScopeUser
	scopeTeam = store.ScopeTeam
)

// dedupeTTL is how long a delivery is remembered: Slack retries for
// about 5 minutes; keep an hour's worth.
const dedupeTTL = time.Hour

// limits are the bot's deduplication of redeliveries and its rate
// limits: in process, or shared through Options' stores with the
// process's own as the fallback. A store that fails never costs an
// answer: it is counted and logged (failed), and the bot decides on its
// own memory.
type limits struct {
	seen  store.Dedupe
	limit store.Limiter // nil: no limits
	// failures counts the shared state's failures, by op.
	failures *prometheus.CounterVec
	log      *slog.Logger
	now      func() time.Time
	throttle *logthrottle.Throttle
}

// newLimits makes the bot's deduplication and rate limits: in process,
// or shared through o's stores with the process's own as the fallback
// (see store.FailOpenDedupe). throttle holds the log's lines of a
// failing store.
func newLimits(o Options, m *Metrics, log *slog.Logger, now func() time.Time, throttle *logthrottle.Throttle) *limits {
	l := &limits{failures: m.sharedState, log: log, now: now, throttle: throttle}
	local := store.NewMemoryDedupe(dedupeTTL, 20000, now)
	l.seen = local
	if o.SharedDedupe != nil {
		l.seen = store.FailOpenDedupe(o.SharedDedupe, local, l.failed)
	}
	if ll := store.NewMemoryLimiter(o.RateLimit); ll != nil {
		l.limit = ll
		if o.SharedLimiter != nil {
			l.limit = store.FailOpenLimiter(o.SharedLimiter, ll, l.failed)
		}
	}
	return l
}

// firstDelivery reports whether in was not delivered before (to this
// replica or, with shared state, to any). A store that fails does not
// cost the answer: the delivery counts as fresh, and the failure is
// counted and logged.
func (l *limits) firstDelivery(ctx context.Context, in Incoming) bool {
	fresh, err := l.seen.First(ctx, dedupKeys(in)...)
	if err != nil {
		l.failed("dedupe", err)
		return true
	}
	return fresh
}

// allow asks the rate limits about in. A store that fails lets the
// question through, counted and logged.
func (l *limits) allow(ctx context.Context, in Incoming) store.Verdict {
	if l.limit == nil {
		return store.Verdict{OK: true}
	}
	v, err := l.limit.Allow(ctx, memoKey("user", in.Team, in.User), memoKey("team", in.Team), l.now())
	if err != nil {
		l.failed("rate_limit", err)
		return store.Verdict{OK: true}
	}
	return v
}

// failed is the bot's store.Report: it counts a failure of the shared
// state (op is "dedupe", "rate_limit" or "thread_memory") and logs it,
// once per 10 seconds per op with the count since, so that an outage
// under load does not flood the log.
func (l *limits) failed(op string, err error) {
	l.failures.WithLabelValues(op).Inc()
	if n, ok := l.throttle.Due(op, l.now()); ok {
		l.log.Warn("shared state unreachable; deciding on this replica's own memory", "op", op, "failures", n, "err", store.OneLine(err))
	}
}

// maxKeyLen bounds the keys the bot remembers (deduplication, rate
// limits). Slack's ids are short (Ev0123ABCD, C0123, 1700000000.000100,
// T0123, U0123); ids in a request are whatever its sender wrote, and are
// kept for up to an hour, so a longer key is remembered by its hash.
const maxKeyLen = 80

// keySep joins a key's parts; no Slack id holds it.
const keySep = "\x1f"

// memoKey makes the key of kind and parts: as they are while short, else
// kind and a SHA-256 of the parts, so that memory per key is bounded and
// two different ids never share a key.
func memoKey(kind string, parts ...string) string {
	n, plain := len(kind), true
	for _, p := range parts {
		n += len(keySep) + len(p)
		plain = plain && !strings.Contains(p, keySep)
	}
	if plain && n <= maxKeyLen {
		return kind + keySep + strings.Join(parts, keySep)
	}
	// Each part with its length before it, so that no two lists of
	// parts hash the same input.
	h := sha256.New()
	var size [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(size[:], uint64(len(p)))
		h.Write(size[:])
		h.Write([]byte(p))
	}
	// "#" is not keySep: a hashed key cannot equal a plain one.
	return kind + "#" + base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}
