package store

import (
	"context"
	"sync"
	"time"
)

// MemoryDedupe is a Dedupe in process: it forgets keys after ttl and
// keeps at most max of them. Safe for concurrent use.
type MemoryDedupe struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	now   func() time.Time
	seen  map[string]time.Time
	queue []dedupEntry // in the order seen, oldest first, from head
	head  int
}

type dedupEntry struct {
	key string
	at  time.Time
}

// NewMemoryDedupe makes a MemoryDedupe on the clock now (time.Now if
// nil).
func NewMemoryDedupe(ttl time.Duration, max int, now func() time.Time) *MemoryDedupe {
	if now == nil {
		now = time.Now
	}
	return &MemoryDedupe{ttl: ttl, max: max, now: now, seen: map[string]time.Time{}}
}

// First implements Dedupe; it never fails.
func (d *MemoryDedupe) First(ctx context.Context, keys ...string) (bool, error) {
	return d.first(keys...), nil
}

func (d *MemoryDedupe) first(keys ...string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.expire(now)
	fresh := true
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, ok := d.seen[k]; ok {
			fresh = false
		}
	}
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, ok := d.seen[k]; !ok {
			d.seen[k] = now
			d.queue = append(d.queue, dedupEntry{k, now})
		}
	}
	d.expire(now)
	return fresh
}

// expire drops the entries that are too old or too many.
func (d *MemoryDedupe) expire(now time.Time) {
	for d.head < len(d.queue) && (len(d.queue)-d.head > d.max || now.Sub(d.queue[d.head].at) > d.ttl) {
		delete(d.seen, d.queue[d.head].key)
		d.queue[d.head] = dedupEntry{}
		d.head++
	}
	if d.head > 64 && d.head > len(d.queue)/2 {
		d.queue = append(d.queue[:0:0], d.queue[d.head:]...)
		d.head = 0
	}
}

func (d *MemoryDedupe) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
