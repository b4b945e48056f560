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

// convMetrics count the conversations: follow-ups, the thread memory, and
// the feedback.
type convMetrics struct {
	lookups   [numLookups]prometheus.Counter
	threads   prometheus.Gauge
	followUps prometheus.Counter
	feedback  *prometheus.CounterVec
}

// addConversations registers the conversations' metrics.
func (m *Metrics) addConversations(reg *prometheus.Registry) {
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
	reg.MustRegister(lookups, c.threads, c.followUps, c.feedback)
}
