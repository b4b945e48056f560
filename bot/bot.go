package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"storybot/index"
)

// Answerer answers questions about a corpus of stories; *index.Engine is
// one.
type Answerer interface {
	Ask(ctx context.Context, question string, opt index.AskOptions) (index.Result, error)
	Stories() []index.StoryInfo
}

// Poster posts messages through Slack's Web API; *slack.Client is one.
type Poster interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
}

// Identity is who the bot is in the workspace, as auth.test tells.
type Identity struct {
	UserID string // the bot user, as in <@U…> mentions
	BotID  string // the bot, as in bot_id of its messages
	TeamID string
}

// Kind is how a question was asked.
type Kind int

// The ways to ask.
const (
	KindDM      Kind = iota // a direct message (and every console line)
	KindMention             // an @mention in a channel
	KindSlash               // the /story slash command
)

func (k Kind) String() string {
	switch k {
	case KindDM:
		return "dm"
	case KindMention:
		return "mention"
	case KindSlash:
		return "slash"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Incoming is one question, from whichever transport.
type Incoming struct {
	Kind     Kind
	Team     string
	Channel  string
	User     string
	Text     string // as Slack sent it: escaped, with <@U…> mentions
	TS       string // the message's ts (events)
	ThreadTS string // the thread it is in, if any (events)
	EventID  string // events: for deduplication
	// BotID and SubType are set for messages from bots and for message
	// subtypes (edits, deletes, joins…); the bot ignores those.
	BotID   string
	SubType string
	// Slash commands only.
	Command     string
	ResponseURL string
	TriggerID   string
}

// logAttrs are the ids every log line about in carries, each clipped to
// maxLogID bytes (Slack's are far shorter; a forged one may be huge).
func (in Incoming) logAttrs() []any {
	a := make([]any, 0, 12)
	if in.EventID != "" {
		a = append(a, "event_id", clipID(in.EventID))
	}
	if in.TriggerID != "" {
		a = append(a, "trigger_id", clipID(in.TriggerID))
	}
	return append(a, "kind", in.Kind.String(), "team", clipID(in.Team), "channel", clipID(in.Channel), "user", clipID(in.User))
}

const maxLogID = 100

func clipID(id string) string {
	if len(id) <= maxLogID {
		return id
	}
	return clip(id, maxLogID) + "…"
}

// MaxQuestionChars is the longest question the bot takes, in characters
// after the mention is stripped; a longer one gets a reply saying so.
const MaxQuestionChars = 1000

// Options configure a Bot.
type Options struct {
	Answerer Answerer
	// Poster posts replies to mentions and DMs; nil in the console.
	Poster Poster
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
	// Metrics are counted into (a fresh, unserved set if nil).
	Metrics *Metrics
	// RateLimit limits questions per user and per workspace (off if
	// zero).
	RateLimit RateLimit
	// APIURL is the Web API base when it is not Slack's (SLACK_API_URL):
	// response_urls on its host are accepted besides Slack's hooks (see
	// hookPolicy).
	APIURL string
}

// Bot is the one core every transport calls: it decides what to answer,
// asks the engine, builds the Reply and delivers it. It is safe for
// concurrent use.
type Bot struct {
	ans         Answerer
	poster      Poster
	http        *http.Client
	log         *slog.Logger
	self        Identity
	slashType   string
	examples    atomic.Pointer[[]string]
	top         int
	taskTimeout time.Duration
	slashWait   time.Duration
	seen        *dedup
	limit       *limiter
	hooks       hookPolicy
	metrics     *Metrics
	now         func() time.Time
	wg          sync.WaitGroup

	// abort cancels the work in flight when a shutdown runs out of time.
	abort     context.Context
	abortWork context.CancelFunc
	draining  atomic.Bool
	// needLink is set in Socket Mode, where the bot is ready only while
	// connected.
	needLink  atomic.Bool
	connected atomic.Bool
}

// New makes a Bot.
func New(o Options) *Bot {
	b := &Bot{
		ans:         o.Answerer,
		poster:      o.Poster,
		http:        o.HTTPClient,
		log:         o.Logger,
		self:        o.Self,
		slashType:   o.SlashResponse,
		top:         o.Top,
		taskTimeout: o.TaskTimeout,
		slashWait:   o.SlashWait,
	}
	if b.http == nil {
		b.http = &http.Client{Timeout: 10 * time.Second}
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
	if b.taskTimeout <= 0 {
		b.taskTimeout = 30 * time.Second
	}
	b.now = o.Now
	if b.now == nil {
		b.now = time.Now
	}
	b.metrics = o.Metrics
	if b.metrics == nil {
		b.metrics = NewMetrics()
	}
	b.SetExamples(o.Examples)
	b.limit = newLimiter(o.RateLimit)
	b.hooks = newHookPolicy(o.APIURL)
	b.abort, b.abortWork = context.WithCancel(context.Background())
	// Slack retries for about 5 minutes; keep an hour's worth.
	b.seen = newDedup(time.Hour, 20000, b.now)
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

// Metrics are the bot's metrics.
func (b *Bot) Metrics() *Metrics { return b.metrics }

// Ready tells whether the bot can answer: not shutting down, with an index
// loaded and, in Socket Mode, connected to Slack. why says what is
// missing.
func (b *Bot) Ready() (ok bool, why string) {
	switch {
	case b.draining.Load():
		return false, "shutting down"
	case b.ans == nil:
		return false, "no index loaded"
	case b.needLink.Load() && !b.connected.Load():
		return false, "not connected to Slack"
	}
	if c, ok := b.ans.(interface{ Current() Engine }); ok && c.Current() == nil {
		return false, "no index loaded"
	}
	return true, ""
}

func (b *Bot) setConnected(up bool) {
	b.connected.Store(up)
	if up {
		b.metrics.connected.Set(1)
	} else {
		b.metrics.connected.Set(0)
	}
	b.updateReady()
}

func (b *Bot) updateReady() {
	if ok, _ := b.Ready(); ok {
		b.metrics.ready.Set(1)
	} else {
		b.metrics.ready.Set(0)
	}
}

// Drain marks the bot as shutting down: /readyz fails from now on, so
// that load balancers stop sending work.
func (b *Bot) Drain() {
	b.draining.Store(true)
	b.updateReady()
}

// Shutdown drains the bot and waits for the work in flight, until ctx is
// done; then it cancels that work, waits a moment for it to stop, and
// returns an error saying so.
func (b *Bot) Shutdown(ctx context.Context) error {
	b.Drain()
	done := make(chan struct{})
	go func() {
		b.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	b.abortWork()
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
	return errors.New("shutdown: gave up waiting for the answers in flight")
}

// logFor is the logger for lines about in.
func (b *Bot) logFor(in Incoming) *slog.Logger { return b.log.With(in.logAttrs()...) }

type logKey struct{}

// withLogger makes l the logger of the work done with ctx, so that the
// Slack calls made for an event log with its ids.
func withLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, logKey{}, l)
}

func loggerFrom(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	if fallback == nil {
		return slog.New(slog.DiscardHandler)
	}
	return fallback
}

// Go runs f in the background with a context that outlives ctx's
// cancellation (so that work already acknowledged is finished at shutdown)
// but not b's task timeout, nor a shutdown that ran out of time. A panic in
// f is logged, not fatal. Wait waits for all of them.
func (b *Bot) Go(ctx context.Context, what string, f func(ctx context.Context)) {
	b.metrics.inflight.Inc()
	b.wg.Go(func() {
		defer b.metrics.inflight.Dec()
		// Not ctx's child: the work outlives the request that started it.
		// (The request's context holds nothing the work needs.)
		ctx, cancel := context.WithTimeout(b.abort, b.taskTimeout)
		defer cancel()
		defer b.recover(ctx, what)
		f(ctx)
	})
}

// Wait waits for the background work started with Go.
func (b *Bot) Wait() { b.wg.Wait() }

func (b *Bot) recover(ctx context.Context, what string) {
	if v := recover(); v != nil {
		b.metrics.panics.Inc()
		loggerFrom(ctx, b.log).Error("panic", "in", what, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
}

// HandleQuestion decides whether in deserves an answer and, if so, returns
// it. It ignores the bot's own messages, other bots, message subtypes and
// deliveries it has already seen (by event_id, and by channel and ts so
// that a DM that also mentions the bot is answered once). A failure to
// answer becomes an apology; the log gets the detail.
//
// It also keeps to the rate limits: a question over them gets a "slow
// down" reply, once per burst of refused questions (every time for a
// slash command, whose reply costs Slack nothing), and no answer.
func (b *Bot) HandleQuestion(ctx context.Context, in Incoming) (r Reply, ok bool) {
	if why := b.ignore(in); why != "" {
		b.metrics.question(in.Kind, OutcomeIgnored)
		if b.log.Enabled(ctx, slog.LevelDebug) {
			b.logFor(in).Debug("ignored", "why", why)
		}
		return Reply{}, false
	}
	if !b.seen.first(dedupKeys(in)...) {
		b.metrics.question(in.Kind, OutcomeDuplicate)
		b.metrics.dedupHits.Inc()
		b.logFor(in).Info("duplicate delivery ignored", "ts", clipID(in.TS))
		return Reply{}, false
	}
	if v := b.limit.allow(in.Team, in.User, b.now()); !v.ok {
		b.metrics.question(in.Kind, OutcomeRateLimited)
		b.metrics.rateLimited[v.scope].Inc()
		// A flood is logged once (then at debug level), as it is told once.
		told := v.warn || in.Kind == KindSlash
		level := slog.LevelInfo
		if !told {
			level = slog.LevelDebug
		}
		if b.log.Enabled(ctx, level) {
			b.logFor(in).Log(ctx, level, "rate limited", "scope", [...]string{"user", "team"}[v.scope], "wait", v.wait.Round(time.Second).String(), "told", told)
		}
		if !v.warn && in.Kind != KindSlash {
			return Reply{}, false
		}
		return Reply{Kind: ReplySlowDown, Command: slashCommand(in), Wait: v.wait, Busy: v.scope == scopeTeam}, true
	}
	return b.reply(ctx, in), true
}

// slashCommand is the command a slash command came with, fit to be shown
// in a reply (see cleanCommand); "" for anything else.
func slashCommand(in Incoming) string {
	if in.Kind != KindSlash {
		return ""
	}
	return cleanCommand(in.Command)
}

// maxCommandLen is the longest slash command Slack lets an app declare,
// the slash included.
const maxCommandLen = 32

// cleanCommand keeps what a command's name may hold (a slash, then
// letters, digits, "-", "_" and "."), at most maxCommandLen characters of
// it: the name is shown in replies ("/story sources"), and it comes in the
// request, which anyone with a forged or replayed one can fill.
func cleanCommand(cmd string) string {
	var b strings.Builder
	b.WriteByte('/')
	n := 1
	for _, r := range strings.TrimPrefix(strings.TrimSpace(cmd), "/") {
		if n == maxCommandLen {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
			n++
		}
	}
	if n == 1 {
		return "/story"
	}
	return b.String()
}

func (b *Bot) ignore(in Incoming) string {
	if in.Kind == KindSlash {
		return ""
	}
	switch {
	case in.SubType != "":
		return "message subtype " + in.SubType
	case in.BotID != "" && in.BotID == b.self.BotID, in.User != "" && in.User == b.self.UserID:
		return "own message"
	case in.BotID != "":
		return "message from a bot"
	case in.User == "":
		return "no user"
	}
	return ""
}

func dedupKeys(in Incoming) []string {
	var keys []string
	if in.EventID != "" {
		keys = append(keys, memoKey("event", in.EventID))
	}
	if in.Channel != "" && in.TS != "" {
		keys = append(keys, memoKey("msg", in.Channel, in.TS))
	}
	return keys
}

// reply answers in, whatever it is.
func (b *Bot) reply(ctx context.Context, in Incoming) (r Reply) {
	cmd := slashCommand(in)
	q := Question(in.Text, b.self.UserID)
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			b.metrics.panics.Inc()
			b.logFor(in).Error("panic answering", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			r = Reply{Kind: ReplyApology, Question: q, Command: cmd, Restate: in.Kind == KindSlash}
		}
		b.metrics.question(in.Kind, r.outcome())
		switch r.Kind {
		case ReplyAnswer, ReplyApology:
			b.metrics.answered(in.Kind, time.Since(start))
		}
		if r.Kind == ReplyAnswer && !r.Result.Answered {
			b.metrics.abstentions.Inc()
		}
	}()
	if n := utf8.RuneCountInString(q); n > MaxQuestionChars {
		return Reply{Kind: ReplyTooLong, Command: cmd, Length: n}
	}
	switch strings.ToLower(strings.Trim(q, " ?!.")) {
	case "", "help", "usage":
		return Reply{Kind: ReplyUsage, Command: cmd, Examples: b.exampleQuestions()}
	case "sources", "stories":
		return Reply{Kind: ReplySources, Command: cmd, Stories: b.ans.Stories()}
	}
	res, err := b.ans.Ask(ctx, q, index.AskOptions{Top: b.top})
	if err != nil {
		b.logFor(in).Error("answer failed", "err", err)
		return Reply{Kind: ReplyApology, Question: q, Command: cmd, Restate: in.Kind == KindSlash}
	}
	if b.log.Enabled(ctx, slog.LevelDebug) {
		b.logFor(in).Debug("answered", "question", q, "answered", res.Answered, "passages", len(res.Answers), "took", time.Since(start))
	}
	return Reply{
		Kind:      ReplyAnswer,
		Question:  q,
		Result:    res,
		Command:   cmd,
		Restate:   in.Kind == KindSlash,
		Shareable: in.Kind == KindSlash && b.slashType == ResponseEphemeral,
	}
}

// Process answers a mention or a DM in Slack: the whole of the work done
// after the event was acknowledged. Failures are logged.
func (b *Bot) Process(ctx context.Context, in Incoming) {
	r, ok := b.HandleQuestion(ctx, in)
	if !ok {
		return
	}
	log := b.logFor(in)
	if err := b.Deliver(withLogger(ctx, log), in, r); err != nil {
		log.Error("reply failed", "err", err)
	}
}

// Deliver posts r where in was asked: in the thread of a mention, in the
// DM (in its thread, if it is in one), or to a slash command's
// response_url.
func (b *Bot) Deliver(ctx context.Context, in Incoming, r Reply) error {
	if in.Kind == KindSlash {
		return b.respond(ctx, in.ResponseURL, b.slashMessage(r))
	}
	if b.poster == nil {
		return errors.New("no Slack client to post with")
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(Fallback(r), false),
		slack.MsgOptionBlocks(Blocks(r)...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if ts := replyThread(in); ts != "" {
		opts = append(opts, slack.MsgOptionTS(ts))
	}
	if _, _, err := b.poster.PostMessageContext(ctx, in.Channel, opts...); err != nil {
		b.metrics.apiErrors.WithLabelValues("chat.postMessage", apiErrorReason(err)).Inc()
		return fmt.Errorf("chat.postMessage to %s: %w", in.Channel, redactErr(err))
	}
	return nil
}

// replyThread is the thread to answer in: a mention is answered in its
// thread (or starts one); a DM is answered in the DM, in its thread only if
// it was asked in one.
func replyThread(in Incoming) string {
	if in.ThreadTS != "" {
		return in.ThreadTS
	}
	if in.Kind == KindMention {
		return in.TS
	}
	return ""
}

// slashMessage is the response to a slash command.
func (b *Bot) slashMessage(r Reply) slack.WebhookMessage {
	return message(r, b.slashType)
}

func message(r Reply, responseType string) slack.WebhookMessage {
	return slack.WebhookMessage{
		ResponseType: responseType,
		Text:         Fallback(r),
		Blocks:       &slack.Blocks{BlockSet: Blocks(r)},
	}
}

// respond posts msg to a response_url.
func (b *Bot) respond(ctx context.Context, responseURL string, msg slack.WebhookMessage) error {
	if err := b.hooks.check(responseURL); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		return err
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, &msg); err != nil {
		b.metrics.apiErrors.WithLabelValues("response_url", apiErrorReason(err)).Inc()
		return fmt.Errorf("post to response_url: %w", redactErr(err))
	}
	return nil
}

// AnswerSlash answers a slash command. The answer is returned, as JSON,
// when it is ready within the bot's SlashWait and is under maxBytes, for
// the transport to put in its immediate response (the HTTP body, the
// Socket Mode ack); otherwise AnswerSlash returns nil and the answer goes
// to the command's response_url when it is ready.
func (b *Bot) AnswerSlash(ctx context.Context, in Incoming, maxBytes int) json.RawMessage {
	wait := b.slashWait
	ch := make(chan Reply, 1)
	b.Go(ctx, "slash command", func(ctx context.Context) {
		r, _ := b.HandleQuestion(ctx, in)
		ch <- r
	})
	late := func(ctx context.Context, r Reply) {
		log := b.logFor(in)
		if err := b.Deliver(withLogger(ctx, log), in, r); err != nil {
			log.Error("slash reply failed", "err", err)
		}
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-ch:
		msg := b.slashMessage(r)
		if js, err := json.Marshal(&msg); err == nil && len(js) < maxBytes {
			return js
		}
		b.logFor(in).Info("slash answer too big for the immediate response; using response_url")
		b.Go(ctx, "slash reply", func(ctx context.Context) { late(ctx, r) })
	case <-timer.C:
		b.logFor(in).Warn("slash answer slow; will use response_url", "wait", wait)
		b.Go(ctx, "late slash reply", func(ctx context.Context) {
			select {
			case r := <-ch:
				late(ctx, r)
			case <-ctx.Done():
				b.logFor(in).Error("slash answer never came", "err", ctx.Err())
			}
		})
	}
	return nil
}

// Share posts a shared answer in the channel: a click on "Share in
// channel" under an ephemeral answer. It asks the question again (the
// engine is deterministic), posts the answer publicly through the
// payload's response_url, then removes the ephemeral original.
func (b *Bot) Share(ctx context.Context, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		b.log.Debug("ignored interaction", "type", cb.Type)
		return
	}
	for _, a := range cb.ActionCallback.BlockActions {
		if a == nil || a.ActionID != ActionShare {
			continue
		}
		in := Incoming{Kind: KindSlash, Team: cb.Team.ID, Channel: cb.Channel.ID, User: cb.User.ID, Text: a.Value, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
		ctx := withLogger(ctx, b.logFor(in))
		if err := b.hooks.check(cb.ResponseURL); err != nil {
			// Nothing can be said to the user without it.
			b.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
			loggerFrom(ctx, b.log).Warn("share ignored", "err", err)
			return
		}
		if v := b.limit.allow(in.Team, in.User, b.now()); !v.ok {
			b.metrics.question(in.Kind, OutcomeRateLimited)
			b.metrics.rateLimited[v.scope].Inc()
			b.sayEphemeral(ctx, cb.ResponseURL, Reply{Kind: ReplySlowDown, Wait: v.wait, Busy: v.scope == scopeTeam})
			return
		}
		r := b.reply(ctx, in)
		r.Restate, r.Shareable, r.SharedBy = true, false, cb.User.ID
		if r.Kind == ReplyApology {
			b.sayEphemeral(ctx, cb.ResponseURL, r)
			return
		}
		if err := b.respond(ctx, cb.ResponseURL, message(r, ResponseInChannel)); err != nil {
			loggerFrom(ctx, b.log).Error("share failed", "err", err)
			b.sayEphemeral(ctx, cb.ResponseURL, Reply{Kind: ReplyApology})
			return
		}
		loggerFrom(ctx, b.log).Info("answer shared")
		if err := b.respond(ctx, cb.ResponseURL, slack.WebhookMessage{DeleteOriginal: true}); err != nil {
			loggerFrom(ctx, b.log).Warn("could not remove the ephemeral answer after sharing it", "err", err)
		}
		return
	}
	b.log.Debug("ignored block action", "actions", len(cb.ActionCallback.BlockActions))
}

func (b *Bot) sayEphemeral(ctx context.Context, url string, r Reply) {
	msg := message(r, ResponseEphemeral)
	msg.ReplaceOriginal = false
	if err := b.respond(ctx, url, msg); err != nil {
		loggerFrom(ctx, b.log).Error("could not tell the user", "err", err)
	}
}

// Question turns the text of a Slack message into the question it asks:
// the bot's own mentions go, other markup (<@U…>, <#C…|name>, <!here>,
// <url|label>) becomes the plain text it stands for, &amp; &lt; &gt; are
// unescaped and white space is folded.
func Question(text, botUserID string) string {
	text = slackMarkup.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if botUserID != "" && target[1:] == botUserID {
				return " "
			}
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel && label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel && label != "" {
				return label
			}
			name, _, _ := strings.Cut(target[1:], "^")
			return "@" + name
		}
		if hasLabel && label != "" {
			return label
		}
		return target
	})
	text = unescaper.Replace(text)
	return strings.Join(strings.Fields(clean(text)), " ")
}

// clean makes text safe to search and to show: invalid UTF-8 and control
// characters become spaces, and invisible format characters (bidi
// overrides, zero-width spaces) go.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError, isControl(r):
			b.WriteByte(' ')
		case isFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean tells whether clean would leave s as it is; it is quick on
// ASCII, which most text is.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || isControl(r) || isFormat(r) {
			return false
		}
		i += n
	}
	return true
}

// isControl is unicode.Is(unicode.Cc, r), without the table search.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// isFormat is unicode.Is(unicode.Cf, r); no format character comes
// before U+00AD.
func isFormat(r rune) bool { return r >= 0xad && unicode.Is(unicode.Cf, r) }

var (
	slackMarkup = regexp.MustCompile(`<[^<>]*>`)
	unescaper   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)
