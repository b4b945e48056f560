package store

import (
	"context"
	"time"

	"storybot/internal/ttlcache"
)

// MemoryValues are Values in process, at most max of them (when it is
// full, the expired go first, else the least recently put: with one ttl
// for all, the ones closest to expiring). Safe for concurrent use.
type MemoryValues struct {
	cache *ttlcache.Cache[string, []byte]
}

// NewMemoryValues makes MemoryValues on the clock now (time.Now if nil).
func NewMemoryValues(max int, now func() time.Time) *MemoryValues {
	return &MemoryValues{cache: ttlcache.New[string, []byte](max, now)}
}

// Get implements Values.
func (s *MemoryValues) Get(ctx context.Context, key string) ([]byte, bool, error) {
	v, ok := s.cache.Peek(key)
	if !ok {
		return nil, false, nil
	}
	return append([]byte(nil), v...), true, nil
}

// Put implements Values.
func (s *MemoryValues) Put(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	_, err := s.Keep(ctx, key, value, ttl)
	return err
}

// Keep implements CappedValues: Put, saying how many values are held
// and how many were evicted to make room.
func (s *MemoryValues) Keep(ctx context.Context, key string, value []byte, ttl time.Duration) (Kept, error) {
	// A value is gone once ttl has passed, as in Redis; a cache entry
	// lives through its ttl.
	evicted, held := s.cache.Put(key, append([]byte(nil), value...), ttl-time.Nanosecond)
	return Kept{Held: held, Evicted: evicted}, nil
}
