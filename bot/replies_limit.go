package bot

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/store"
)

// conversations.replies is rate-limited hard for apps outside the Slack
// Marketplace: about one call a minute, with limit at most 15. The bot
// reads a thread only when its memory (shared in Redis) does not know
// it, asks for at most repliesLimit messages (the bot answers a mention
// at the start of its thread, so its first reply is among them), and
// when Slack answers 429 it remembers the Retry-After for the channel:
// no call there until it passes, on any replica (in Redis when there is
// one, in process otherwise). slackapi.RetryTransport does not wait out a
// 429 of this method: the message at hand is not held up.

// repliesLimit is the limit asked of conversations.replies.
const repliesLimit = 15

// maxRepliesWait caps a Retry-After remembered for a channel.
const maxRepliesWait = time.Hour

// repliesMethod is the method's name, as slackapi.RetryTransport knows it.
const repliesMethod = "conversations.replies"

// repliesGate remembers the channels where Slack asked the bot to wait
// before reading a thread again.
type repliesGate struct {
	local  *store.MemoryValues
	shared store.Values // nil: in process only
	report store.Report
}

func newRepliesGate(shared store.Values, report store.Report, now func() time.Time) *repliesGate {
	return &repliesGate{local: store.NewMemoryValues(DefaultThreadMemory, now), shared: shared, report: report}
}

func repliesWaitKey(k ThreadKey) string { return memoKey("replies-wait", k.Team, k.Channel) }

// waiting tells whether Slack asked to wait before reading k's channel.
func (g *repliesGate) waiting(ctx context.Context, k ThreadKey) bool {
	key := repliesWaitKey(k)
	if _, ok, _ := g.local.Get(ctx, key); ok {
		return true
	}
	if g.shared == nil {
		return false
	}
	_, ok, err := g.shared.Get(ctx, key)
	if err != nil {
		g.report("replies_wait", err)
	}
	return ok
}

// hold remembers that k's channel may not be read for d.
func (g *repliesGate) hold(ctx context.Context, k ThreadKey, d time.Duration) {
	d = min(max(d, time.Second), maxRepliesWait)
	key, v := repliesWaitKey(k), []byte(strconv.FormatInt(int64(d/time.Second), 10))
	g.local.Put(ctx, key, v, d)
	if g.shared != nil {
		if err := g.shared.Put(ctx, key, v, d); err != nil {
			g.report("replies_wait", err)
		}
	}
}

// rateLimited is the Retry-After of a 429, if err is one.
func rateLimited(err error) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	return 0, false
}
