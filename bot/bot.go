package bot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"storybot/bot/slackapi"
	"storybot/bot/store"
	"storybot/index"
	"storybot/internal/insights"
	"storybot/internal/logthrottle"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Engine is what the bot asks: the questions, the stories, a story's
// paragraph (the answer's button), whether the sentence encoder reads
// along (for /healthz), and whether it can answer now, and if not why.
// *live.Index is one: it serves an *index.Engine and reloads it.
type Engine interface {
	index.Asker
	Ready() (ok bool, why string)
}

// Identity is who the bot is in the workspace, as auth.test tells.
type Identity struct {
	UserID string // the bot user, as in <@U…> mentions
	BotID  string // the bot, as in bot_id of its messages
	TeamID string
}

// Options configure a Bot.
type Options struct {
	Engine Engine
	// Slack makes the Web API calls (replies to mentions and DMs, the
	// assistant panel, the Home tab, threads read back, files shared);
	// nil in the console, where there are none.
	Slack Slack
	// HTTPClient posts to response_url; a client with a timeout if nil.
	HTTPClient *http.Client
	Logger     *slog.Logger // discards if nil
	Self       Identity
	// SlashResponse is ResponseEphemeral (default) or ResponseInChannel.
	SlashResponse string
	// Examples are example questions for the usage reply.
	Examples []string
	// Top is how many passages an answer quotes (3 if zero).
	Top int
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// TaskTimeout bounds the work done after an event is acknowledged
	// (30 s if zero).
	TaskTimeout time.Duration
	// SlashWait is how long a slash command may take to answer in the
	// immediate response (2.5 s if zero; Slack gives up after 3 s). A
	// slower answer goes to the response_url.
	SlashWait time.Duration
	// Metrics are counted into (NewMetrics); Gatherer is what GET
	// /metrics serves: the registry they were registered on, with the
	// other packages' metrics. If Metrics is nil, the bot registers its
	// own on a registry of its own (with Go's runtime metrics), and
	// serves that.
	Metrics  *Metrics
	Gatherer prometheus.Gatherer
	// RateLimit limits questions per user and per workspace (off if
	// zero).
	RateLimit RateLimit
	// APIURL is the Web API base when it is not Slack's (SLACK_API_URL):
	// response_urls on its host are accepted besides Slack's hooks (see
	// hookPolicy).
	APIURL string
	// Threads remember conversations, for follow-ups (in the process,
	// bounded by ThreadMemory and ThreadTTL, if nil; shared if
	// SharedThreads is set).
	Threads      ThreadMemory
	ThreadMemory int           // conversations (DefaultThreadMemory if zero)
	ThreadTTL    time.Duration // how long after the last question (DefaultThreadTTL if zero)
	// Votes records the votes on answers; nil: no vote buttons.
	Votes VoteRecorder
	// Hasher makes the keyed hashes that stand for people (a random
	// key if nil).
	Hasher *Hasher
	// QuestionLog keeps the questions and shows them to the editors
	// (the admins) in the Home tab and the digest; nil: neither.
	// Questions are logged only if LogDays > 0.
	QuestionLog QuestionStore
	LogDays     int
	// Grouper groups the refused questions the editors see by what they
	// mean (by their words if nil).
	Grouper insights.Grouper
	// Digest sends the editors a weekly digest by DM (see digest.go).
	Digest bool
	// Corpus lets the admins add and remove stories from Slack
	// (corpus_admin.go); off without its Dir.
	Corpus CorpusOptions
	// SharedDedupe and SharedLimiter are deduplication and rate limits
	// shared with other replicas (Redis); nil: in process. When they
	// fail, the bot decides on its own memory (see store.FailOpenDedupe).
	SharedDedupe  store.Dedupe
	SharedLimiter store.Limiter
	// SharedThreads keep the conversations (Threads unset) where every
	// replica reads them (Redis), at most a fixed number of them, with
	// this process's own memory as the fallback (threads.go);
	// nil: in process.
	SharedThreads store.CappedValues
	// SharedValues keep the channels where Slack asked the bot to wait
	// before reading a thread (replies_limit.go) where every replica
	// reads them; nil: in process.
	SharedValues store.Values
	// Workspaces serve many workspaces, each with its own token; nil:
	// the one workspace of Slack and Self.
	Workspaces Workspaces
}

// Bot is the one core every transport calls: it decides what to answer,
// asks the engine, builds the Reply and delivers it. It is safe for
// concurrent use. Each of its other concerns is a small type of its
// own, which owns its state and gets what else it needs when New makes
// it: tenants (workspaces.go), limits (state.go), hooks (deliver.go),
// conversations (conversation.go), ballot (feedback.go), editors
// (questionlog.go), corpusAdmin (corpus_admin.go), and its lifecycle
// (lifecycle.go), embedded: its methods are the Bot's.
type Bot struct {
	lifecycle
	ans       Engine
	log       *slog.Logger
	slashType string
	examples  atomic.Pointer[[]string]
	top       int
	slashWait time.Duration
	metrics   *Metrics
	gatherer  prometheus.Gatherer
	now       func() time.Time
	// hooks post to response_urls.
	hooks *hooks
	// actions answer clicks on the bot's buttons, by action_id; events
	// handle the Events API's inner events, by type.
	actions map[string]actionHandler
	events  map[string]eventHandler
	// commands answer the slash command's commands, by their word.
	commands map[string]commandHandler
	// tenants are whom each piece of work is for, and its token.
	tenants *tenants
	// limits are the deduplication of redeliveries and the rate limits.
	limits *limits
	// conv are the conversations, and the assistant panel's.
	conv *conversations
	// votes record the votes on answers.
	votes *ballot
	// editors are the question log, the editors' Home and the digest.
	editors *editors
	// corpus is what the admins may change, and who they are.
	corpus *corpusAdmin
}

// New makes a Bot.
func New(o Options) *Bot {
	b := &Bot{
		ans:       o.Engine,
		log:       o.Logger,
		slashType: o.SlashResponse,
		top:       o.Top,
		slashWait: o.SlashWait,
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.slashType != ResponseInChannel {
		b.slashType = ResponseEphemeral
	}
	if b.top <= 0 {
		b.top = 3
	}
	if b.slashWait <= 0 {
		b.slashWait = 2500 * time.Millisecond
	}
	b.now = o.Now
	if b.now == nil {
		b.now = time.Now
	}
	b.metrics, b.gatherer = o.Metrics, o.Gatherer
	if b.metrics == nil {
		reg := newRegistry()
		b.metrics, b.gatherer = NewMetrics(reg), reg
	}
	if b.gatherer == nil {
		b.gatherer = prometheus.NewRegistry() // nothing to serve
	}
	b.SetExamples(o.Examples)
	b.lifecycle.setUp(o.Engine, b.metrics, b.log, o.TaskTimeout)
	throttle := logthrottle.New(10 * time.Second)
	b.limits = newLimits(o, b.metrics, b.log, b.now, throttle)
	b.tenants = &tenants{slack: o.Slack, self: o.Self, workspaces: o.Workspaces, authFailed: b.metrics.authFailed,
		log: b.log, now: b.now, throttle: throttle}
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	b.hooks = &hooks{hookPolicy: newHookPolicy(o.APIURL), http: slackapi.Guard(hc, o.APIURL), apiErrors: b.metrics.apiErrors, log: b.log}
	b.conv = newConversations(o, b.tenants, b.exampleQuestions, b.metrics, b.log, b.now, b.limits.failed)
	b.votes = &ballot{rec: o.Votes, hasher: o.Hasher, counts: b.metrics.conv.feedback, now: b.now}
	if b.votes.hasher == nil {
		b.votes.hasher = NewHasher(nil)
	}
	b.corpus = newCorpusAdmin(o.Corpus, b.hooks, b.metrics, b.log)
	b.editors = newEditors(o, b.corpus.admins, b.tenants, b.votes.hasher, b.metrics, b.log, b.now)
	b.actions = newActions(b)
	b.events = newEventHandlers(b)
	b.commands = newCommands(b)
	b.updateReady()
	return b
}

// SetExamples replaces the example questions of the usage reply (after a
// reload).
func (b *Bot) SetExamples(ex []string) { b.examples.Store(&ex) }

func (b *Bot) exampleQuestions() []string {
	if p := b.examples.Load(); p != nil {
		return *p
	}
	return nil
}

// What the transports ask of the bot besides its answers (and the
// lifecycle's methods).

// Engine is the engine the bot asks (nil if none).
func (b *Bot) Engine() Engine { return b.ans }

// Logger is the bot's logger.
func (b *Bot) Logger() *slog.Logger { return b.log }

// Subscribed tells the inner event types the bot handles: one that
// cannot be read is an error worth logging.
func (b *Bot) Subscribed(typ string) bool { return subscribed(typ) }

// EventLogger is the logger of lines about ev, with its ids; question says
// whether ev is a question for the bot.
func (b *Bot) EventLogger(ev slackevents.EventsAPIEvent) (log *slog.Logger, question bool) {
	in, ok := incomingFromEvent(ev)
	return b.logFor(in), ok
}

// Slack is every Web API call the bot makes; *slack.Client is one. A
// workspace's calls are made with its own (Authorization), the single
// workspace's with Options.Slack. Where there is no Slack at all (the
// console), it is nil, and the features that need it are off: nothing
// is found out by asserting what a client can do.
type Slack interface {
	// chat.postMessage: replies, the editors' digest and notes.
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	// conversations.replies: a thread read back (conversation.go).
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) (msgs []slack.Message, hasMore bool, nextCursor string, err error)
	// assistant.threads.*: the assistant panel (assistant.go).
	SetAssistantThreadsSuggestedPromptsContext(ctx context.Context, params slack.AssistantThreadsSetSuggestedPromptsParameters) error
	SetAssistantThreadsStatusContext(ctx context.Context, params slack.AssistantThreadsSetStatusParameters) error
	SetAssistantThreadsTitleContext(ctx context.Context, params slack.AssistantThreadsSetTitleParameters) error
	// views.publish: the Home tab (home.go).
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	// files.info and the download of a file the admins share (upload.go).
	// A download sends the client's token, and slack-go sends it only to
	// Slack's hosts (or SLACK_API_URL's).
	GetFileInfoContext(ctx context.Context, fileID string, count, page int) (*slack.File, []slack.Comment, *slack.Paging, error)
	GetFileContext(ctx context.Context, downloadURL string, w io.Writer) error
}

var _ Slack = (*slack.Client)(nil)
