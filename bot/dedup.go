package bot

import (
	"sync"
	"time"
)

// dedup remembers the keys of recent deliveries, so that an event Slack
// delivers twice (a retry, or a DM that also mentions the bot) is answered
// once. It forgets keys after ttl and keeps at most max of them.
type dedup struct {
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

func newDedup(ttl time.Duration, max int, now func() time.Time) *dedup {
	return &dedup{ttl: ttl, max: max, now: now, seen: map[string]time.Time{}}
}

// first reports whether none of keys was seen recently, and remembers them
// all. Empty keys are skipped.
func (d *dedup) first(keys ...string) bool {
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
func (d *dedup) expire(now time.Time) {
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

func (d *dedup) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
