package bot

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"storybot/internal/ttlcache"
)

// ThreadKey names a conversation with the bot: a thread (by its ts) of a
// channel of a workspace. A DM's messages outside any thread are one
// conversation, with Thread "".
type ThreadKey struct {
	Team, Channel, Thread string
}

// Thread is what the bot remembers of a conversation.
type Thread struct {
	// Last is the last question answered there (zero if none yet).
	Last Turn `json:"last"`
	// Assistant is set for a thread of Slack's assistant panel: its status
	// is set while the bot answers, and its title from its first question.
	Assistant bool `json:"assistant,omitempty"`
	Titled    bool `json:"titled,omitempty"`
	// ContextChannel is the channel the person looks at beside the
	// assistant panel, as Slack last said.
	ContextChannel string `json:"context_channel,omitempty"`
	// Updated is when it was last put.
	Updated time.Time `json:"updated"`
}

// ThreadMemory remembers conversations. The bot's own (newThreadMemory)
// is in memory, bounded in size and age; one shared by several replicas
// (Redis) implements the same methods. Get's ok is false for a
// conversation it does not know (or no longer remembers); its error is
// for a store that could not be asked. Len is how many conversations
// this process holds, for the metrics.
type ThreadMemory interface {
	Get(ctx context.Context, k ThreadKey) (t Thread, ok bool, err error)
	Put(ctx context.Context, k ThreadKey, t Thread) error
	Len() int
}

// Defaults of the thread memory.
const (
	DefaultThreadMemory = 10000          // conversations remembered
	DefaultThreadTTL    = 24 * time.Hour // how long after their last question
)

// memThreads is a ThreadMemory in the process: at most max
// conversations, each forgotten ttl after it was last put, the least
// recently used going first when it is full (a ttlcache.Cache). Keys are
// bounded (memoKey), whatever ids a request carries.
type memThreads struct {
	ttl   time.Duration
	cache *ttlcache.Cache[string, Thread]
	// evicted counts the conversations forgotten to make room (nil: not
	// counted).
	evicted prometheus.Counter
}

// newThreadMemory is a ThreadMemory in the process, of at most max
// conversations (DefaultThreadMemory if max ≤ 0), each kept for ttl
// (DefaultThreadTTL if ttl ≤ 0) after it was last put; now is the clock
// (time.Now if nil). It has a Len method: how many it holds.
func newThreadMemory(max int, ttl time.Duration, now func() time.Time) ThreadMemory {
	return newMemThreads(max, ttl, now)
}

func newMemThreads(max int, ttl time.Duration, now func() time.Time) *memThreads {
	if max <= 0 {
		max = DefaultThreadMemory
	}
	if ttl <= 0 {
		ttl = DefaultThreadTTL
	}
	return &memThreads{ttl: ttl, cache: ttlcache.New[string, Thread](max, now)}
}

func threadMemoKey(k ThreadKey) string { return memoKey("thread", k.Team, k.Channel, k.Thread) }

// Get implements ThreadMemory.
func (s *memThreads) Get(_ context.Context, k ThreadKey) (Thread, bool, error) {
	t, ok := s.cache.Get(threadMemoKey(k))
	return t, ok, nil
}

// Put implements ThreadMemory.
func (s *memThreads) Put(_ context.Context, k ThreadKey, t Thread) error {
	if evicted, _ := s.cache.Put(threadMemoKey(k), t, s.ttl); evicted > 0 && s.evicted != nil {
		s.evicted.Add(float64(evicted))
	}
	return nil
}

// forget drops k, if it is there.
func (s *memThreads) forget(k ThreadKey) { s.cache.Remove(threadMemoKey(k)) }

// Len is how many conversations it holds (some may have expired).
func (s *memThreads) Len() int { return s.cache.Len() }
