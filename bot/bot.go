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
	"time"

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
}

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
	examples    []string
	top         int
	taskTimeout time.Duration
	slashWait   time.Duration
	seen        *dedup
	wg          sync.WaitGroup
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
		examples:    o.Examples,
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
	now := o.Now
	if now == nil {
		now = time.Now
	}
	// Slack retries for about 5 minutes; keep an hour's worth.
	b.seen = newDedup(time.Hour, 20000, now)
	return b
}

// Go runs f in the background with a context that outlives ctx's
// cancellation (so that work already acknowledged is finished at shutdown)
// but not b's task timeout. A panic in f is logged, not fatal. Wait waits
// for all of them.
func (b *Bot) Go(ctx context.Context, what string, f func(ctx context.Context)) {
	b.wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.taskTimeout)
		defer cancel()
		defer b.recover(what)
		f(ctx)
	})
}

// Wait waits for the background work started with Go.
func (b *Bot) Wait() { b.wg.Wait() }

func (b *Bot) recover(what string) {
	if v := recover(); v != nil {
		b.log.Error("panic", "in", what, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
}

// HandleQuestion decides whether in deserves an answer and, if so, returns
// it. It ignores the bot's own messages, other bots, message subtypes and
// deliveries it has already seen (by event_id, and by channel and ts so
// that a DM that also mentions the bot is answered once). A failure to
// answer becomes an apology; the log gets the detail.
func (b *Bot) HandleQuestion(ctx context.Context, in Incoming) (r Reply, ok bool) {
	if why := b.ignore(in); why != "" {
		b.log.Debug("ignored", "why", why, "kind", in.Kind, "channel", in.Channel, "user", in.User, "event_id", in.EventID)
		return Reply{}, false
	}
	if !b.seen.first(dedupKeys(in)...) {
		b.log.Info("duplicate delivery ignored", "kind", in.Kind, "channel", in.Channel, "ts", in.TS, "event_id", in.EventID)
		return Reply{}, false
	}
	return b.reply(ctx, in), true
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
		keys = append(keys, "event:"+in.EventID)
	}
	if in.Channel != "" && in.TS != "" {
		keys = append(keys, "msg:"+in.Channel+":"+in.TS)
	}
	return keys
}

// reply answers in, whatever it is.
func (b *Bot) reply(ctx context.Context, in Incoming) (r Reply) {
	cmd := ""
	if in.Kind == KindSlash {
		cmd = in.Command
		if cmd == "" {
			cmd = "/story"
		}
	}
	q := Question(in.Text, b.self.UserID)
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("panic answering", "kind", in.Kind, "channel", in.Channel, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			r = Reply{Kind: ReplyApology, Question: q, Command: cmd, Restate: in.Kind == KindSlash}
		}
	}()
	switch strings.ToLower(strings.Trim(q, " ?!.")) {
	case "", "help", "usage":
		return Reply{Kind: ReplyUsage, Command: cmd, Examples: b.examples}
	case "sources", "stories":
		return Reply{Kind: ReplySources, Command: cmd, Stories: b.ans.Stories()}
	}
	start := time.Now()
	res, err := b.ans.Ask(ctx, q, index.AskOptions{Top: b.top})
	if err != nil {
		b.log.Error("answer failed", "kind", in.Kind, "channel", in.Channel, "user", in.User, "err", err)
		return Reply{Kind: ReplyApology, Question: q, Command: cmd, Restate: in.Kind == KindSlash}
	}
	b.log.Debug("answered", "kind", in.Kind, "channel", in.Channel, "question", q, "answered", res.Answered, "passages", len(res.Answers), "took", time.Since(start))
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
	if err := b.Deliver(ctx, in, r); err != nil {
		b.log.Error("reply failed", "kind", in.Kind, "channel", in.Channel, "event_id", in.EventID, "err", err)
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
		return fmt.Errorf("chat.postMessage to %s: %w", in.Channel, err)
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
	if responseURL == "" {
		return errors.New("no response_url to answer to")
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, &msg); err != nil {
		return fmt.Errorf("post to response_url: %w", err)
	}
	return nil
}

// AnswerSlash answers a slash command. The answer is returned when it is
// ready within the bot's SlashWait and its JSON is under maxBytes, for the transport to
// put in its immediate response (the HTTP body, the Socket Mode ack);
// otherwise AnswerSlash returns nil and the answer goes to the command's
// response_url when it is ready.
func (b *Bot) AnswerSlash(ctx context.Context, in Incoming, maxBytes int) *slack.WebhookMessage {
	wait := b.slashWait
	ch := make(chan Reply, 1)
	b.Go(ctx, "slash command", func(ctx context.Context) {
		r, _ := b.HandleQuestion(ctx, in)
		ch <- r
	})
	late := func(ctx context.Context, r Reply) {
		if err := b.Deliver(ctx, in, r); err != nil {
			b.log.Error("slash reply failed", "channel", in.Channel, "user", in.User, "err", err)
		}
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-ch:
		msg := b.slashMessage(r)
		if js, err := json.Marshal(msg); err == nil && len(js) < maxBytes {
			return &msg
		}
		b.log.Info("slash answer too big for the immediate response; using response_url", "channel", in.Channel)
		b.Go(ctx, "slash reply", func(ctx context.Context) { late(ctx, r) })
	case <-timer.C:
		b.log.Warn("slash answer slow; will use response_url", "channel", in.Channel, "wait", wait)
		b.Go(ctx, "late slash reply", func(ctx context.Context) {
			select {
			case r := <-ch:
				late(ctx, r)
			case <-ctx.Done():
				b.log.Error("slash answer never came", "channel", in.Channel, "user", in.User, "err", ctx.Err())
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
		in := Incoming{Kind: KindSlash, Team: cb.Team.ID, Channel: cb.Channel.ID, User: cb.User.ID, Text: a.Value, ResponseURL: cb.ResponseURL}
		r := b.reply(ctx, in)
		r.Restate, r.Shareable, r.SharedBy = true, false, cb.User.ID
		if r.Kind == ReplyApology {
			b.sayEphemeral(ctx, cb.ResponseURL, r)
			return
		}
		if err := b.respond(ctx, cb.ResponseURL, message(r, ResponseInChannel)); err != nil {
			b.log.Error("share failed", "channel", cb.Channel.ID, "user", cb.User.ID, "err", err)
			b.sayEphemeral(ctx, cb.ResponseURL, Reply{Kind: ReplyApology})
			return
		}
		b.log.Info("answer shared", "channel", cb.Channel.ID, "user", cb.User.ID)
		if err := b.respond(ctx, cb.ResponseURL, slack.WebhookMessage{DeleteOriginal: true}); err != nil {
			b.log.Warn("could not remove the ephemeral answer after sharing it", "channel", cb.Channel.ID, "err", err)
		}
		return
	}
	b.log.Debug("ignored block action", "actions", len(cb.ActionCallback.BlockActions))
}

func (b *Bot) sayEphemeral(ctx context.Context, url string, r Reply) {
	msg := message(r, ResponseEphemeral)
	msg.ReplaceOriginal = false
	if err := b.respond(ctx, url, msg); err != nil {
		b.log.Error("could not tell the user", "err", err)
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
	return strings.Join(strings.Fields(text), " ")
}

var (
	slackMarkup = regexp.MustCompile(`<[^<>]*>`)
	unescaper   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)
