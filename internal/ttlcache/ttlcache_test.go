package ttlcache

import (
	"slices"
	"testing"
	"time"
)

// TestCache: bounded, the least recently used evicted (Peek does not
// use), the expired dropped first and not counted, each entry on its own
// ttl, which it lives through.
func TestCache(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	c := New[string, int](3, func() time.Time { return now })
	put := func(k string, ttl time.Duration, evicted, held int) {
		t.Helper()
		if e, h := c.Put(k, len(k), ttl); e != evicted || h != held {
			t.Errorf("Put(%s) = %d evicted, %d held; want %d, %d", k, e, h, evicted, held)
		}
	}
	put("a", time.Hour, 0, 1)
	put("bb", time.Hour, 0, 2)
	put("ccc", time.Minute, 0, 3)
	c.Get("a")   // used: bb is the least recently used
	c.Peek("bb") // not a use
	put("dddd", time.Hour, 1, 3)
	if _, ok := c.Get("bb"); ok {
		t.Error("the least recently used was kept")
	}
	if got := c.Keys(); !slices.Equal(got, []string{"dddd", "a", "ccc"}) {
		t.Errorf("keys %q", got)
	}
	now = now.Add(time.Minute)
	if v, ok := c.Peek("ccc"); !ok || v != 3 {
		t.Error("an entry did not live through its ttl")
	}
	now = now.Add(time.Nanosecond)
	put("e", time.Hour, 0, 3) // ccc expired: room without an eviction
	if _, ok := c.Get("ccc"); ok {
		t.Error("an expired entry was served")
	}
	now = now.Add(2 * time.Hour)
	put("f", time.Hour, 0, 1) // the expired at the end go too
	c.Remove("f")
	if c.Len() != 0 {
		t.Errorf("%d held after Remove", c.Len())
	}
}
