package bot

import "github.com/prometheus/client_golang/prometheus"

// How a conversation was looked up (the result label of
// storybot_thread_lookups_total).
const (
	lookupMemory  = iota // in the bot's thread memory
	lookupReplies        // in Slack's copy of the thread (conversations.replies)
	lookupUnknown        // not a conversation of the bot's
	lookupError          // the memory failed
	lookupWaiting        // not asked: Slack said to wait (Retry-After)
	numLookups
)

// Which thread memory forgot a conversation to make room (the memory
// label of storybot_thread_memory_evicted_total).
const (
	memoryProcess = iota // this process's (STORYBOT_THREAD_MEMORY)
	memoryShared         // Redis's, for every replica (DefaultSharedThreadMemory)
	numMemories
)

// convMetrics count the conversations: follow-ups, the thread memory, and
// the feedback.
type convMetrics struct {
	lookups   [numLookups]prometheus.Counter
	threads   prometheus.Gauge
	shared    prometheus.Gauge
	evicted   [numMemories]prometheus.Counter
	followUps prometheus.Counter
	feedback  *prometheus.CounterVec
}

// addConversations registers the conversations' metrics.
func (m *Metrics) addConversations(reg prometheus.Registerer) {
	c := &m.conv
	lookups := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_thread_lookups_total",
		Help: "Conversations looked up for a message in a thread or a DM, by where they were found (memory, replies: read from Slack, unknown: not the bot's), error, or rate_limited: not read, Slack asked to wait.",
	}, []string{"result"})
	for i, name := range [numLookups]string{"memory", "replies", "unknown", "error", "rate_limited"} {
		c.lookups[i] = lookups.WithLabelValues(name)
	}
	c.threads = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_thread_memory_conversations",
		Help: "Conversations in this process's thread memory (bounded by STORYBOT_THREAD_MEMORY; with REDIS_URL, its copy of the shared memory).",
	})
	c.shared = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_thread_memory_shared_conversations",
		Help: "Conversations in the thread memory shared in Redis (REDIS_URL), for every replica, at this replica's last put (at most 50,000).",
	})
	evicted := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_thread_memory_evicted_total",
		Help: "Conversations forgotten before their STORYBOT_THREAD_TTL to make room, by memory: process (this process's, STORYBOT_THREAD_MEMORY) or shared (Redis's, counted by the replica whose put pushed them out).",
	}, []string{"memory"})
	for i, name := range [numMemories]string{"process", "shared"} {
		c.evicted[i] = evicted.WithLabelValues(name)
	}
	c.followUps = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_followups_total",
		Help: "Questions read as follow-ups of the conversation's previous question.",
	})
	c.feedback = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_feedback_total",
		Help: "Votes on answers, by vote (up, down).",
	}, []string{"vote"})
	c.feedback.WithLabelValues("up")
	c.feedback.WithLabelValues("down")
	reg.MustRegister(lookups, c.threads, c.shared, evicted, c.followUps, c.feedback)
}
