package store

import (
	"context"
	"sync"
	"time"

	"storybot/internal/ttlcache"
)

// MemoryDedupe is a Dedupe in process: it forgets keys after ttl and
// keeps at most max of them, the oldest forgotten first (a
// ttlcache.Cache, read without refreshing). Safe for concurrent use.
type MemoryDedupe struct {
	mu   sync.Mutex // one First's keys are checked and put together
	ttl  time.Duration
	seen *ttlcache.Cache[string, struct{}]
}

// NewMemoryDedupe makes a MemoryDedupe on the clock now (time.Now if
// nil).
func NewMemoryDedupe(ttl time.Duration, max int, now func() time.Time) *MemoryDedupe {
	return &MemoryDedupe{ttl: ttl, seen: ttlcache.New[string, struct{}](max, now)}
}

// First implements Dedupe; it never fails.
func (d *MemoryDedupe) First(ctx context.Context, keys ...string) (bool, error) {
	return d.first(keys...), nil
}

func (d *MemoryDedupe) first(keys ...string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	fresh := true
	var put []string
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, ok := d.seen.Peek(k); ok {
			fresh = false
		} else {
			put = append(put, k)
		}
	}
	for _, k := range put {
		d.seen.Put(k, struct{}{}, d.ttl)
	}
	return fresh
}

func (d *MemoryDedupe) len() int { return d.seen.Len() }
