package store

import (
	"context"
	"sync"
	"time"
)

// MemoryValues are Values in process, at most max of them (the ones
// closest to expiring go first when it is full). Safe for concurrent use.
type MemoryValues struct {
	mu  sync.Mutex
	max int
	now func() time.Time
	m   map[string]memoryValue
}

type memoryValue struct {
	v   []byte
	exp time.Time
}

// NewMemoryValues makes MemoryValues on the clock now (time.Now if nil).
func NewMemoryValues(max int, now func() time.Time) *MemoryValues {
	if now == nil {
		now = time.Now
	}
	return &MemoryValues{max: max, now: now, m: map[string]memoryValue{}}
}

// Get implements Values.
func (s *MemoryValues) Get(ctx context.Context, key string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok || !s.now().Before(e.exp) {
		delete(s.m, key)
		return nil, false, nil
	}
	return append([]byte(nil), e.v...), true, nil
}

// Put implements Values.
func (s *MemoryValues) Put(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	_, err := s.Keep(ctx, key, value, ttl)
	return err
}

// Keep implements CappedValues: Put, saying how many values are held
// and how many were evicted to make room.
func (s *MemoryValues) Keep(ctx context.Context, key string, value []byte, ttl time.Duration) (Kept, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var k Kept
	if _, ok := s.m[key]; !ok && len(s.m) >= s.max {
		k.Evicted = s.evict(now)
	}
	s.m[key] = memoryValue{v: append([]byte(nil), value...), exp: now.Add(ttl)}
	k.Held = len(s.m)
	return k, nil
}

// evict drops the expired values and, if none was, the one closest to
// expiring; it returns how many it dropped before their time (0 or 1).
func (s *MemoryValues) evict(now time.Time) int {
	var first string
	var at time.Time
	for k, e := range s.m {
		if !now.Before(e.exp) {
			delete(s.m, k)
			continue
		}
		if first == "" || e.exp.Before(at) {
			first, at = k, e.exp
		}
	}
	if len(s.m) >= s.max {
		delete(s.m, first)
		return 1
	}
	return 0
}
