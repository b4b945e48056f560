package store

import (
	"context"
	"time"
)

// What happens when the shared store (Redis) cannot be reached: the bot
// keeps answering, on what this replica knows by itself, and says so
// through the report function (a metric and a log line). Being down
// never costs an answer; what it costs is the sharing:
//
//   - deduplication: every delivery is remembered in process too, so a
//     redelivery to the same replica is still answered once; one that
//     lands on another replica while Redis is down may be answered twice.
//   - rate limits: the replica's own buckets take over, so each replica
//     grants a user the whole limit until Redis is back.

// Report is told of each failure of the shared store, with what was being
// done ("dedupe", "rate_limit").
type Report func(op string, err error)

// FailOpenDedupe is shared deduplicated through shared, and remembered in
// local as well, which answers alone when shared fails.
func FailOpenDedupe(shared Dedupe, local *MemoryDedupe, report Report) Dedupe {
	return &fallbackDedupe{shared: shared, local: local, report: report}
}

type fallbackDedupe struct {
	shared Dedupe
	local  *MemoryDedupe
	report Report
}

func (f *fallbackDedupe) First(ctx context.Context, keys ...string) (bool, error) {
	if !f.local.first(keys...) {
		return false, nil // this replica has seen it: no need to ask
	}
	fresh, err := f.shared.First(ctx, keys...)
	if err != nil {
		f.report("dedupe", err)
		return true, nil
	}
	return fresh, nil
}

// FailOpenLimiter limits through shared, and through local (this
// replica's own buckets) when shared fails.
func FailOpenLimiter(shared Limiter, local *MemoryLimiter, report Report) Limiter {
	return &fallbackLimiter{shared: shared, local: local, report: report}
}

type fallbackLimiter struct {
	shared Limiter
	local  *MemoryLimiter
	report Report
}

func (f *fallbackLimiter) Allow(ctx context.Context, user, team string, now time.Time) (Verdict, error) {
	v, err := f.shared.Allow(ctx, user, team, now)
	if err == nil {
		return v, nil
	}
	f.report("rate_limit", err)
	return f.local.Allow(ctx, user, team, now)
}
