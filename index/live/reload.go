package live

import (
	"context"
	"errors"
	"time"
)

var errClosed = errors.New("the index is closed")

// Reload reloads the index now, as a signal does, and returns once the
// new engine is served, or with the error that kept it from being served
// (the previous one still is). It waits for a reload under way first. It
// is for a change its caller made to the corpus and must report on (a
// story added or removed from Slack); Run need not be running.
func (x *Index) Reload(ctx context.Context, why string) error {
	return x.reload(ctx, why)
}

// reload loads a new engine and serves it; on an error the old engine
// stays, and the log says why. Reloads do not overlap: one asked for
// during another runs after it.
func (x *Index) reload(ctx context.Context, why string) error {
	x.reloading.Lock()
	defer x.reloading.Unlock()
	if x.closed {
		return errClosed
	}
	start := x.now()
	x.log.Info("reloading the corpus", "why", why)
	e, err := x.load(ctx)
	if err != nil {
		x.metrics.reloaded(false)
		x.log.Error("reload failed; still serving the previous index", "why", why, "err", err)
		return err
	}
	if x.opt.Swapped != nil {
		x.opt.Swapped(ctx, e)
	}
	if err := x.swap(e); err != nil {
		x.log.Warn("closing the previous index failed", "err", err)
	}
	n := len(e.Stories())
	x.metrics.reloaded(true)
	x.metrics.indexLoaded(n, x.now())
	x.log.Info("corpus reloaded", "stories", n, "took", x.now().Sub(start).Round(time.Millisecond))
	return nil
}
