package live

import (
	"errors"
	"sync"
	"sync/atomic"
)

var errNoIndex = errors.New("no index loaded")

// served is an engine being served, with a count of the questions it is
// answering. The count has a high bit set once the engine is retired: from
// then on no question may start on it, and the last one to finish lets it
// close.
type served struct {
	eng     Engine
	n       atomic.Int64
	drained chan struct{}
	once    sync.Once
}

const retiredBit = int64(1) << 62

func newServed(e Engine) *served { return &served{eng: e, drained: make(chan struct{})} }

// acquire returns the current engine, counted as in use until release.
func (x *Index) acquire() (*served, error) {
	for {
		s := x.cur.Load()
		if s == nil {
			return nil, errNoIndex
		}
		if v := s.n.Add(1); v&retiredBit == 0 {
			return s, nil
		}
		// Retired between the load and the count: undo, and take the
		// new one.
		s.release()
	}
}

func (s *served) release() {
	if s.n.Add(-1) == retiredBit {
		s.once.Do(func() { close(s.drained) })
	}
}

// retire stops new questions on s, waits for those it is answering, and
// closes it.
func (s *served) retire() error {
	if s.n.Add(retiredBit) == retiredBit {
		s.once.Do(func() { close(s.drained) })
	}
	<-s.drained
	return s.eng.Close()
}

// swap serves e from now on (nothing, if e is nil): new questions go to it
// at once. Then it closes the old engine once the questions it is
// answering are done, and waits for that.
func (x *Index) swap(e Engine) error {
	var next *served
	if e != nil {
		next = newServed(e)
	}
	old := x.cur.Swap(next)
	if old == nil {
		return nil
	}
	return old.retire()
}
