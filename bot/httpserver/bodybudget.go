package httpserver

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultBodyBudget is how many bytes of request bodies the HTTP handler
// reads at once: 16 bodies of the largest size, or thousands of Slack's
// usual few KiB.
const DefaultBodyBudget = 16 * MaxRequestBody

// bodyBudget is a semaphore of bytes: a request takes as many as its body
// may hold (its Content-Length, or MaxRequestBody when it does not say)
// before the body is read, and gives them back when it is done with it.
// A request that finds too few left is refused at once (503) rather than
// queued: a queue of stalled bodies would hold memory just the same. It is
// what keeps the memory of requests whose signature cannot be checked
// before their body is read (a forged v0= with a fresh timestamp) bounded.
type bodyBudget struct {
	mu    sync.Mutex
	free  int64
	gauge prometheus.Gauge // the bytes taken
}

func newBodyBudget(size int64, gauge prometheus.Gauge) *bodyBudget {
	return &bodyBudget{free: size, gauge: gauge}
}

// take reserves n bytes, or reports false and reserves nothing.
func (b *bodyBudget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.free {
		return false
	}
	b.free -= n
	b.gauge.Add(float64(n))
	return true
}

// give returns n bytes taken.
func (b *bodyBudget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.free += n
	b.gauge.Sub(float64(n))
}
