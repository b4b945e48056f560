package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"storybot/bot/store"
	"storybot/internal/ttlcache"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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

// ThreadMemory remembers conversations. The bot's own (newMemThreads)
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

// newMemThreads is a ThreadMemory in the process, of at most max
// conversations (DefaultThreadMemory if max ≤ 0), each kept for ttl
// (DefaultThreadTTL if ttl ≤ 0) after it was last put; now is the clock
// (time.Now if nil). It has a Len method: how many it holds.
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

// Conversations shared by replicas: with REDIS_URL set, a follow-up that
// the load balancer hands to another replica than the one that answered
// before is read in its thread's context from Redis, without
// conversations.replies. Each conversation is a small JSON value under
// its bounded key (threadMemoKey), kept for STORYBOT_THREAD_TTL after it
// was last put; Redis expires it, and keeps at most
// DefaultSharedThreadMemory of them over all replicas and workspaces
// (store.Redis.CappedValues): past that, the ones closest to expiring are
// forgotten first, counted in storybot_thread_memory_evicted_total
// {memory="shared"}, and storybot_thread_memory_shared_conversations is
// how many Redis held at this replica's last put.
//
// Every put is kept in this process's memory too, which answers alone
// when Redis fails, as deduplication does (store.FailOpenDedupe): the
// failure is counted (storybot_shared_state_errors_total, op
// "thread_memory") and logged once per 10 s, the answer is not held up,
// and a follow-up that reached another replica meanwhile is read through
// conversations.replies, as after a restart.

// DefaultSharedThreadMemory is how many conversations Redis keeps, for
// every replica and workspace together.
const DefaultSharedThreadMemory = 50000

// sharedThreads is a ThreadMemory over store.CappedValues, with local as
// the fallback.
type sharedThreads struct {
	shared  store.CappedValues
	local   *memThreads
	ttl     time.Duration
	report  store.Report
	metrics *convMetrics
}

// newThreads is the bot's thread memory: o.Threads if set; else in
// process, shared through o.SharedThreads if that is set (report counts
// and logs its failures). Conversations forgotten to make room are
// counted.
func newThreads(o Options, m *Metrics, now func() time.Time, report store.Report) ThreadMemory {
	if o.Threads != nil {
		return o.Threads
	}
	local := newMemThreads(o.ThreadMemory, o.ThreadTTL, now)
	local.evicted = m.conv.evicted[memoryProcess]
	if o.SharedThreads == nil {
		return local
	}
	return &sharedThreads{shared: o.SharedThreads, local: local, ttl: local.ttl,
		report: report, metrics: &m.conv}
}

// Get implements ThreadMemory: the shared copy, else this process's
// (Redis down, or a conversation put while it was).
func (s *sharedThreads) Get(ctx context.Context, k ThreadKey) (Thread, bool, error) {
	v, ok, err := s.shared.Get(ctx, threadMemoKey(k))
	switch {
	case err != nil:
		s.report("thread_memory", err)
	case ok:
		var t Thread
		if err := json.Unmarshal(v, &t); err != nil {
			return Thread{}, false, fmt.Errorf("shared thread memory: unreadable value: %w", err)
		}
		return t, true, nil
	}
	return s.local.Get(ctx, k)
}

// Put implements ThreadMemory: in this process, and shared. Only this
// process's memory failing would be an error; it does not fail.
func (s *sharedThreads) Put(ctx context.Context, k ThreadKey, t Thread) error {
	s.local.Put(ctx, k, t)
	v, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("shared thread memory: %w", err)
	}
	kept, err := s.shared.Keep(ctx, threadMemoKey(k), v, s.ttl)
	if err != nil {
		s.report("thread_memory", err)
		return nil
	}
	s.metrics.shared.Set(float64(kept.Held))
	s.metrics.evicted[memoryShared].Add(float64(kept.Evicted))
	return nil
}

// Len is how many conversations this process's copy holds.
func (s *sharedThreads) Len() int { return s.local.Len() }
