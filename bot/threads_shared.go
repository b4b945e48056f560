package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"storybot/bot/store"
)

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
// process, shared through o.SharedThreads if that is set. Conversations
// forgotten to make room are counted.
func (b *Bot) newThreads(o Options) ThreadMemory {
	if o.Threads != nil {
		return o.Threads
	}
	local := newMemThreads(o.ThreadMemory, o.ThreadTTL, b.now)
	local.evicted = b.metrics.conv.evicted[memoryProcess]
	if o.SharedThreads == nil {
		return local
	}
	return &sharedThreads{shared: o.SharedThreads, local: local, ttl: local.ttl,
		report: b.sharedStateFailed, metrics: &b.metrics.conv}
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
