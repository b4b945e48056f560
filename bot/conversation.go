package bot

import (
	"context"
	"errors"
	"log/slog"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/bot/store"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
)

// A conversation is a thread where the bot answered (after a mention, in a
// DM, in the assistant panel) or a DM's top level. The bot remembers each
// one's last question (ThreadMemory), so that the next message there is
// read as a follow-up (followUp); in a channel thread it answers the next
// messages without a new mention. When its memory does not know a thread
// (after a restart, on another replica) it reads the thread with
// conversations.replies: a thread where it posted is one of its own.

// strangerTTL is how long the bot remembers that a thread is not its own,
// so that a busy thread costs one conversations.replies call, not one a
// message. A mention in it makes it the bot's at once.
const strangerTTL = 10 * time.Minute

// conversations are the bot's conversations: the thread memory, the
// threads that are not its own (strangers, for a while: see strangerTTL),
// the channels where Slack asked it to wait before reading a thread again
// (repliesWait), and the assistant panel's threads (assistant.go). The
// Web API calls of a piece of work are made with its tenant's token
// (tenants.auth).
type conversations struct {
	threads     ThreadMemory
	strangers   *memThreads
	repliesWait *repliesGate
	tenants     *tenants
	// examples are the example questions the assistant panel suggests.
	examples func() []string
	metrics  *Metrics
	log      *slog.Logger
	now      func() time.Time
}

// newConversations makes the bot's conversations: the thread memory of
// o (see newThreads); report counts and logs a failure of the shared
// state.
func newConversations(o Options, t *tenants, examples func() []string, m *Metrics, log *slog.Logger, now func() time.Time, report store.Report) *conversations {
	return &conversations{
		threads:     newThreads(o, m, now, report),
		strangers:   newMemThreads(DefaultThreadMemory, strangerTTL, now),
		repliesWait: newRepliesGate(o.SharedValues, report, now),
		tenants:     t, examples: examples, metrics: m, log: log, now: now,
	}
}

// conversationKey is the conversation in belongs to; ok is false for a
// slash command, which belongs to none.
func conversationKey(in Incoming) (k ThreadKey, ok bool) {
	switch in.Kind {
	case KindSlash:
		return ThreadKey{}, false
	case KindMention:
		return ThreadKey{Team: in.Team, Channel: in.Channel, Thread: replyThread(in)}, true
	}
	return ThreadKey{Team: in.Team, Channel: in.Channel, Thread: in.ThreadTS}, true
}

// converse finds the conversation in belongs to and puts what it follows
// on in in.Previous. ok is false for a message in a channel thread that is
// not the bot's (or that mentions it: its app_mention is answered).
func (c *conversations) converse(ctx context.Context, in *Incoming) (k ThreadKey, th Thread, ok bool) {
	k, has := conversationKey(*in)
	self := c.tenants.auth(ctx).Self
	if !has || ignored(*in, self) != "" {
		return k, th, in.Kind != KindThread // HandleQuestion counts the others
	}
	if in.Kind == KindThread && self.UserID != "" && strings.Contains(in.Text, "<@"+self.UserID) {
		return k, th, false
	}
	if in.Kind == KindMention && in.ThreadTS == "" {
		return k, th, true // a new thread
	}
	if in.Kind == KindThread && !asksTheBot(questionOf(in.Text, self.UserID)) {
		if c.log.Enabled(ctx, slog.LevelDebug) {
			c.log.With(in.logAttrs()...).Debug("thread message ignored: not a question for the bot")
		}
		return k, th, false // talk between people: not even looked up
	}
	th, found := c.recall(ctx, k)
	if in.Kind == KindThread && !found {
		if c.log.Enabled(ctx, slog.LevelDebug) {
			c.log.With(in.logAttrs()...).Debug("thread message ignored: not a thread of the bot's")
		}
		return k, th, false
	}
	if th.Last.Question != "" {
		last := th.Last
		in.Previous = &last
	}
	in.Assistant = th.Assistant
	return k, th, true
}

// recall finds conversation k: in the bot's memory, else (for a thread)
// in Slack's copy of it.
func (c *conversations) recall(ctx context.Context, k ThreadKey) (Thread, bool) {
	th, ok, err := c.threads.Get(ctx, k)
	switch {
	case err != nil:
		c.metrics.conv.lookups[lookupError].Inc()
		slackapi.LoggerFrom(ctx, c.log).Warn("thread memory failed", "err", err)
	case ok:
		c.metrics.conv.lookups[lookupMemory].Inc()
		return th, true
	}
	if k.Thread == "" {
		c.metrics.conv.lookups[lookupUnknown].Inc()
		return Thread{}, false // a DM's top level: memory only
	}
	if th, ok := c.threadFromReplies(ctx, k); ok {
		c.metrics.conv.lookups[lookupReplies].Inc()
		c.put(ctx, k, th) // the next message needs no call
		return th, true
	}
	c.metrics.conv.lookups[lookupUnknown].Inc()
	return Thread{}, false
}

// threadFromReplies reads thread k with conversations.replies: it is the
// bot's if the bot posted there, and its last question is the last
// person's message before the bot's last reply. A thread that is not the
// bot's is remembered as such for strangerTTL. With many workspaces, it
// is read with its workspace's token, and the bot is that workspace's.
// A channel where Slack asked to wait (a 429) is not read until the wait
// is over (see repliesGate).
func (c *conversations) threadFromReplies(ctx context.Context, k ThreadKey) (Thread, bool) {
	a := c.tenants.auth(ctx)
	api := a.Slack
	if api == nil {
		return Thread{}, false
	}
	if _, stranger, _ := c.strangers.Get(ctx, k); stranger {
		return Thread{}, false
	}
	if c.repliesWait.waiting(ctx, k) {
		c.metrics.conv.lookups[lookupWaiting].Inc()
		return Thread{}, false
	}
	msgs, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: k.Channel, Timestamp: k.Thread, Limit: repliesLimit})
	if err != nil {
		c.repliesFailed(ctx, k, err)
		return Thread{}, false
	}
	last := -1
	for i, m := range msgs {
		if own(a.Self, m) {
			last = i
		}
	}
	if last < 0 {
		c.strangers.Put(ctx, k, Thread{})
		return Thread{}, false
	}
	th := Thread{Updated: c.now()}
	for i := last - 1; i >= 0; i-- {
		if m := msgs[i]; !own(a.Self, m) && m.BotID == "" {
			th.Last.Question = questionOf(m.Text, a.Self.UserID)
			break
		}
	}
	return th, true
}

// repliesFailed remembers what a failed conversations.replies call says
// of thread k, and logs it.
func (c *conversations) repliesFailed(ctx context.Context, k ThreadKey, err error) {
	c.metrics.apiErrors.WithLabelValues(repliesMethod, slackapi.ErrorReason(err)).Inc()
	log := slackapi.LoggerFrom(ctx, c.log)
	if wait, ok := rateLimited(err); ok {
		c.repliesWait.hold(ctx, k, wait)
		log.Warn("Slack rate-limits reading threads here: not asking again until Retry-After passes", "channel", slackapi.ClipID(k.Channel), "retry_after", wait.String())
		return
	}
	var se slack.SlackErrorResponse
	errors.As(err, &se)
	switch se.Err {
	case "thread_not_found":
		c.strangers.Put(ctx, k, Thread{}) // for sure not the bot's
	case "missing_scope", "not_in_channel", "channel_not_found":
		c.strangers.Put(ctx, k, Thread{}) // asking again would not help
		log.Warn("could not read the thread: reinstall the app from bot/manifest.yaml (it needs channels:history, groups:history and im:history)",
			"err", slackapi.Redact(err), "channel", slackapi.ClipID(k.Channel))
	default: // a failure that may pass: not remembered
		log.Warn("could not read the thread", "err", slackapi.Redact(err), "channel", slackapi.ClipID(k.Channel))
	}
}

// own tells whether m is one of the messages of the bot that is self.
func own(self Identity, m slack.Message) bool {
	return (self.BotID != "" && m.BotID == self.BotID) || (self.UserID != "" && m.User == self.UserID)
}

// remember keeps what conversation k now follows on: the question r
// answered, and who its passages quote. A question the engine refused
// (Result.Answered false: the stories do not say, or it is off-topic)
// is no context for the next one and titles nothing; the conversation
// is still the bot's.
func (c *conversations) remember(ctx context.Context, k ThreadKey, th Thread, r render.Reply) {
	if r.Kind != render.ReplyAnswer || k == (ThreadKey{}) {
		return
	}
	th.Updated = c.now()
	if r.Result.Answered {
		th.Last = Turn{Question: r.Question, Speakers: render.Speakers(r)}
		if th.Assistant && !th.Titled {
			th.Titled = c.setTitle(ctx, k, r)
		}
	}
	c.put(ctx, k, th)
	c.strangers.forget(k)
}

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
