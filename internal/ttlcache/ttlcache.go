package ttlcache

import (
	"container/list"
	"sync"
	"time"
)

// Cache holds at most max entries, each until its time to live has
// passed since it was last put (an entry lives through the last instant
// of its ttl). Get and Put make an entry the most recently used; Peek
// does not. A new key that finds the cache full makes room: the expired
// entries go first and, if none did, the least recently used, which is
// an eviction. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	now   func() time.Time
	order *list.List // of *entry[K, V], the most recently used first
	m     map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key K
	val V
	exp time.Time // the last instant it lives
}

// New makes a Cache of at most size entries (1 if size < 1) on the clock
// now (time.Now if nil).
func New[K comparable, V any](size int, now func() time.Time) *Cache[K, V] {
	if now == nil {
		now = time.Now
	}
	return &Cache[K, V]{max: max(size, 1), now: now, order: list.New(), m: map[K]*list.Element{}}
}

// Get returns k's value, if it is there and has not expired, and makes it
// the most recently used; an expired entry is dropped.
func (c *Cache[K, V]) Get(k K) (V, bool) { return c.get(k, true) }

// Peek is Get without making the entry the most recently used.
func (c *Cache[K, V]) Peek(k K) (V, bool) { return c.get(k, false) }

func (c *Cache[K, V]) get(k K, use bool) (v V, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		return v, false
	}
	ent := e.Value.(*entry[K, V])
	if c.now().After(ent.exp) {
		c.drop(e)
		return v, false
	}
	if use {
		c.order.MoveToFront(e)
	}
	return ent.val, true
}

// Put sets k's value for ttl from now and makes it the most recently
// used. A new key may make room (see Cache); then the expired entries at
// the least recently used end go too, so that memory is given back
// between visits. It returns how many entries were evicted before their
// time (0 or 1), and how many entries the cache holds.
func (c *Cache[K, V]) Put(k K, v V, ttl time.Duration) (evicted, held int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if e, ok := c.m[k]; ok {
		ent := e.Value.(*entry[K, V])
		ent.val, ent.exp = v, now.Add(ttl)
		c.order.MoveToFront(e)
		return 0, c.order.Len()
	}
	if c.order.Len() >= c.max && c.dropExpired(now) == 0 {
		c.drop(c.order.Back())
		evicted = 1
	}
	c.m[k] = c.order.PushFront(&entry[K, V]{key: k, val: v, exp: now.Add(ttl)})
	for e := c.order.Back(); e != nil && now.After(e.Value.(*entry[K, V]).exp); e = c.order.Back() {
		c.drop(e)
	}
	return evicted, c.order.Len()
}

// Remove drops k, if it is there.
func (c *Cache[K, V]) Remove(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[k]; ok {
		c.drop(e)
	}
}

// Len is how many entries the cache holds (some may have expired).
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Keys are the keys held (some may have expired), the most recently used
// first.
func (c *Cache[K, V]) Keys() []K {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]K, 0, c.order.Len())
	for e := c.order.Front(); e != nil; e = e.Next() {
		keys = append(keys, e.Value.(*entry[K, V]).key)
	}
	return keys
}

// dropExpired drops every expired entry, and says how many; c.mu is held.
func (c *Cache[K, V]) dropExpired(now time.Time) int {
	n := 0
	for e := c.order.Front(); e != nil; {
		next := e.Next()
		if now.After(e.Value.(*entry[K, V]).exp) {
			c.drop(e)
			n++
		}
		e = next
	}
	return n
}

// drop removes e; c.mu is held.
func (c *Cache[K, V]) drop(e *list.Element) {
	c.order.Remove(e)
	delete(c.m, e.Value.(*entry[K, V]).key)
}
