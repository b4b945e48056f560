package bot

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

// clock is a test clock the bot reads, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestRepliesRetryAfter: conversations.replies is asked for at most 15
// messages; a 429 with Retry-After keeps the bot from reading threads in
// that channel (on every replica sharing the store) until it passes,
// while other channels are read; then the thread is read, remembered,
// and not read again.
func TestRepliesRetryAfter(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	shared := store.NewMemoryValues(100, clk.now) // Redis, as both replicas see it
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{Now: clk.now, SharedValues: shared})
	rig.Slack.AddMessage("C1", "U1", "<@UBOT> Who is Ann Lee?", "700.1", "")
	rig.Slack.AddMessage("C1", slackfake.BotUser, "…", "700.2", "700.1")
	rig.Slack.Inject("conversations.replies", slackfake.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"60"}}})
	ask := func(r *httpRig, id, channel, ts, thread string) {
		r.Event(slackfake.Callback(id, slackfake.ChannelMessage(channel, "U2", "and what did she say?", ts, thread)))
	}
	ask(rig, "Ev1", "C1", "700.3", "700.1")
	ask(rig, "Ev2", "C1", "700.4", "700.1")
	if n := rig.Slack.Calls("conversations.replies"); n != 1 {
		t.Errorf("conversations.replies called %d times during Retry-After, want 1", n)
	}
	other := newHTTPRig(t, &fakeAnswerer{}, Options{Now: clk.now, SharedValues: shared})
	ask(other, "Ev3", "C1", "750.2", "750.1") // another thread of the channel
	if n := other.Slack.Calls("conversations.replies"); n != 0 {
		t.Errorf("another replica called conversations.replies %d times during Retry-After", n)
	}
	ask(rig, "Ev4", "C2", "800.3", "800.1") // another channel: asked
	if n := rig.Slack.Calls("conversations.replies"); n != 2 {
		t.Errorf("conversations.replies called %d times, want 2 (C2 is not waiting)", n)
	}
	if n := metricValue(t, rig.Bot, "storybot_thread_lookups_total", "result", "rate_limited"); n != 1 {
		t.Errorf("rate_limited lookups = %v, want 1", n)
	}
	rig.Posts()

	clk.add(61 * time.Second)
	ask(rig, "Ev5", "C1", "700.6", "700.1")
	ask(rig, "Ev6", "C1", "700.7", "700.1")
	if ps := rig.Posts(); len(ps) != 2 {
		t.Errorf("%d answers once Retry-After passed, want 2", len(ps))
	}
	if n := rig.Slack.Calls("conversations.replies"); n != 3 {
		t.Errorf("conversations.replies called %d times, want 3 (the thread is remembered)", n)
	}
	for _, c := range slackfake.Drain(rig.Slack.API) {
		if c.Method == "conversations.replies" && c.Form.Get("limit") != "15" {
			t.Errorf("conversations.replies asked for limit=%s", c.Form.Get("limit"))
		}
	}
}
