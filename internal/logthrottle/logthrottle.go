package logthrottle

import (
	"sync"
	"time"
)

// Throttle is safe for concurrent use.
type Throttle struct {
	mu     sync.Mutex
	period time.Duration
	last   map[string]time.Time
	held   map[string]int
}

// New lets a line about each key through once per period.
func New(period time.Duration) *Throttle {
	return &Throttle{period: period, last: map[string]time.Time{}, held: map[string]int{}}
}

// Due reports whether a line about key may be logged at now, and how many
// events it stands for (itself and those held back since the last).
func (t *Throttle) Due(key string, now time.Time) (int, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.held[key]++
	if last, ok := t.last[key]; ok && now.Sub(last) < t.period {
		return 0, false
	}
	n := t.held[key]
	t.last[key], t.held[key] = now, 0
	return n, true
}
