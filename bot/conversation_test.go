package bot

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/index"
)

// TestFollowUpsInAChannelThread: after a mention is answered in its
// thread, the next message there is answered without a mention, read in
// the thread's context; other channel talk is not.
func TestFollowUpsInAChannelThread(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", "100.1", "")))
	if ps := rig.Posts(); len(ps) != 1 || ps[0].Get("thread_ts") != "100.1" {
		t.Fatalf("mention: %v", ps)
	}

	// A follow-up by someone else, without a mention.
	rig.Event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "100.2", "100.1")))
	ps := rig.Posts()
	if len(ps) != 1 || ps[0].Get("thread_ts") != "100.1" {
		t.Fatalf("follow-up: %v, want an answer in the thread", ps)
	}
	if q := ans.Questions(); len(q) != 2 || q[1] != "what did Ann Lee say?" {
		t.Errorf("engine asked %q", q)
	}
	if !strings.Contains(ps[0].Get("blocks"), "Taking it as: _what did Ann Lee say?_") {
		t.Errorf("the reply does not say how it read the follow-up: %s", ps[0].Get("blocks"))
	}
	// Its own reply in the thread, a thread reply with a file, a
	// broadcast reply: the first is not answered, the others are.
	rig.Event(slackfake.Callback("Ev3", slackfake.With(slackfake.ChannelMessage("C1", slackfake.BotUser, "answer", "100.3", "100.1"), "bot_id", slackfake.BotID)))
	rig.Event(slackfake.Callback("Ev4", slackfake.With(slackfake.ChannelMessage("C1", "U2", "why?", "100.4", "100.1"), "subtype", "thread_broadcast")))
	if ps := rig.Posts(); len(ps) != 1 || ps[0].Get("thread_ts") != "100.1" {
		t.Errorf("broadcast follow-up: %v", ps)
	}
	if q := ans.Questions(); len(q) != 3 || q[2] != "why Ann Lee say?" {
		t.Errorf("engine asked %q", q)
	}
	// A follow-up the stories do not answer gets no reply in a channel
	// thread (people talk there too).
	rig.Event(slackfake.Callback("Ev5", slackfake.ChannelMessage("C1", "U2", "thanks, pizza later?", "100.5", "100.1")))
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("an abstention in a thread was posted: %v", ps)
	}
	// A follow-up that mentions the bot comes twice (message.channels and
	// app_mention) and is answered once.
	rig.Event(slackfake.Callback("Ev6", slackfake.ChannelMessage("C1", "U2", "<@UBOT> and when?", "100.6", "100.1")))
	rig.Event(slackfake.Callback("Ev7", slackfake.Mention("C1", "U2", "<@UBOT> and when?", "100.6", "100.1")))
	if ps := rig.Posts(); len(ps) != 1 {
		t.Errorf("%d replies to a mention in the thread, want 1", len(ps))
	}
	if n := metricValue(t, rig.Bot, "storybot_followups_total"); n != 3 {
		t.Errorf("storybot_followups_total = %v, want 3", n)
	}
	if n := metricValue(t, rig.Bot, "storybot_questions_total", "kind", "thread", "outcome", "answered"); n != 2 {
		t.Errorf("thread questions answered = %v, want 2", n)
	}
}

// TestChannelTalkIgnored: messages in threads the bot is not in, and
// top-level channel messages, are not answered, and a thread that is not
// the bot's costs one conversations.replies call, not one a message.
func TestChannelTalkIgnored(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	rig.Slack.AddMessage("C1", "U1", "lunch?", "200.1", "")
	rig.Event(slackfake.Callback("Ev1", slackfake.ChannelMessage("C1", "U1", "budget?", "200.0", "")))
	rig.Event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "what about the budget?", "200.2", "200.1")))
	rig.Event(slackfake.Callback("Ev3", slackfake.ChannelMessage("C1", "U3", "and the tax plan?", "200.3", "200.1")))
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("channel talk answered: %v", ps)
	}
	if q := ans.Questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
	if n := rig.Slack.Calls("conversations.replies"); n != 1 {
		t.Errorf("conversations.replies called %d times, want 1", n)
	}
	if n := metricValue(t, rig.Bot, "storybot_questions_total", "kind", "thread"); n != 0 {
		t.Errorf("channel talk counted as %v questions", n)
	}
	// A mention in that thread makes it the bot's at once.
	rig.Event(slackfake.Callback("Ev4", slackfake.Mention("C1", "U2", "<@UBOT> budget?", "200.4", "200.1")))
	rig.Event(slackfake.Callback("Ev5", slackfake.ChannelMessage("C1", "U3", "and why?", "200.5", "200.1")))
	if ps := rig.Posts(); len(ps) != 2 {
		t.Errorf("%d replies after the mention, want 2", len(ps))
	}
}

// TestFollowUpAfterRestart: a bot that does not remember a thread (a
// restart, another replica) reads it from Slack, finds its own reply and
// the question before it, and answers the follow-up in its context.
func TestFollowUpAfterRestart(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	rig.Slack.AddMessage("C1", "U1", "<@UBOT> Who is Ann Lee?", "300.1", "")
	rig.Slack.AddMessage("C1", slackfake.BotUser, "…", "300.2", "300.1") // as another replica would have answered
	rig.Slack.AddMessage("C1", "U2", "and what did she say?", "300.3", "300.1")
	rig.Event(slackfake.Callback("Ev1", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "300.3", "300.1")))
	if ps := rig.Posts(); len(ps) != 1 || ps[0].Get("thread_ts") != "300.1" {
		t.Fatalf("follow-up after a restart: %v", ps)
	}
	if q := ans.Questions(); len(q) != 1 || q[0] != "what did Ann Lee say?" {
		t.Errorf("engine asked %q", q)
	}
	if n := metricValue(t, rig.Bot, "storybot_thread_lookups_total", "result", "replies"); n != 1 {
		t.Errorf("lookups in Slack's copy = %v, want 1", n)
	}
	// Now remembered: the next one needs no call.
	rig.Event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "why?", "300.4", "300.1")))
	if n := rig.Slack.Calls("conversations.replies"); n != 1 {
		t.Errorf("conversations.replies called %d times, want 1", n)
	}
}

// TestFollowUpInDMs: a DM's top level is one conversation, and so is each
// DM thread.
func TestFollowUpInDMs(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	rig.Event(slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "Who is Ann Lee?", "400.1")))
	rig.Event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "what did she say?", "400.2")))
	rig.Event(slackfake.Callback("Ev3", slackfake.InThread(slackfake.DM("D1", "U1", "What is the budget?", "400.4"), "400.3")))
	rig.Event(slackfake.Callback("Ev4", slackfake.InThread(slackfake.DM("D1", "U1", "why?", "400.5"), "400.3")))
	want := []string{"Who is Ann Lee?", "what did Ann Lee say?", "What is the budget?", "why budget?"}
	if q := ans.Questions(); strings.Join(q, "|") != strings.Join(want, "|") {
		t.Errorf("engine asked %q, want %q", q, want)
	}
	if ps := rig.Posts(); len(ps) != 4 {
		t.Errorf("%d replies, want 4", len(ps))
	}
}

// TestThreadMemorySurvivesReload: the conversations are the bot's, not
// the index's: a reload does not lose them.
func TestThreadMemorySurvivesReload(t *testing.T) {
	t.Parallel()
	engines := &swappingAnswerer{}
	engines.cur.Store(&fakeAnswerer{})
	rig := newHTTPRig(t, engines, Options{})
	rig.Event(slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "Who is Ann Lee?", "500.1")))
	second := &fakeAnswerer{}
	engines.cur.Store(second) // what a reload does
	rig.Event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "and what did she say?", "500.2")))
	if q := second.Questions(); len(q) != 1 || q[0] != "what did Ann Lee say?" {
		t.Errorf("after the reload the engine was asked %q", q)
	}
}

// swappingAnswerer answers from whichever engine it holds now, as the
// index served by package live does across a reload.
type swappingAnswerer struct{ cur atomic.Pointer[fakeAnswerer] }

func (s *swappingAnswerer) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	return s.cur.Load().Ask(ctx, q, opt)
}
func (s *swappingAnswerer) Stories() []index.StoryInfo { return s.cur.Load().Stories() }
func (s *swappingAnswerer) Ready() (bool, string)      { return s.cur.Load().Ready() }
func (s *swappingAnswerer) ReaderStatus() string       { return s.cur.Load().ReaderStatus() }
func (s *swappingAnswerer) Paragraph(story string, para int) ([]string, error) {
	return s.cur.Load().Paragraph(story, para)
}

func TestThreadMemoryBounds(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	m := newMemThreads(3, time.Hour, clock)
	ctx := context.Background()
	key := func(i int) ThreadKey { return ThreadKey{Team: "T1", Channel: "C1", Thread: strings.Repeat("9", i)} }
	for i := 1; i <= 4; i++ {
		m.Put(ctx, key(i), Thread{Last: Turn{Question: "q"}})
	}
	if _, ok, _ := m.Get(ctx, key(1)); ok || m.Len() != 3 {
		t.Errorf("the least recently used was kept, or %d held (max 3)", m.Len())
	}
	m.Get(ctx, key(2)) // used: key(3) is now the least recent
	m.Put(ctx, key(5), Thread{})
	if _, ok, _ := m.Get(ctx, key(2)); !ok {
		t.Error("a recently used conversation was dropped")
	}
	now = now.Add(time.Hour + time.Second)
	if _, ok, _ := m.Get(ctx, key(2)); ok {
		t.Error("a conversation older than the TTL was kept")
	}
	m.Put(ctx, key(6), Thread{})
	if m.Len() != 1 {
		t.Errorf("%d held after all but one expired", m.Len())
	}
	huge := ThreadKey{Team: strings.Repeat("T", 1<<20), Channel: "C", Thread: "1"}
	m.Put(ctx, huge, Thread{})
	for _, k := range m.cache.Keys() {
		if len(k) > maxKeyLen+8 {
			t.Errorf("a key of %d bytes", len(k))
		}
	}
	if _, ok, _ := m.Get(ctx, huge); !ok {
		t.Error("a conversation with a huge key was not found again")
	}
}

// pagedAnswerer answers every question with opt.Top passages (of 7 it
// has), each with its own paragraph and a speaker.
type pagedAnswerer struct{ fakeAnswerer }

func (p *pagedAnswerer) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	res, err := p.fakeAnswerer.Ask(ctx, q, opt)
	if err != nil || !res.Answered {
		return res, err
	}
	res.Answers = nil
	for i := range min(opt.Top, 7) {
		src := storyA
		src.Paragraph, src.Sentence, src.Speaker = i+1, 1, "Ann Lee"
		res.Answers = append(res.Answers, passage("Passage number "+string(rune('1'+i))+" about the budget.", src, "budget"))
	}
	return res, nil
}

// TestThreadReadFails: a thread Slack could not give back is not taken
// for a stranger: the next message there asks again.
func TestThreadReadFails(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	rig.Slack.AddMessage("C1", "U1", "<@UBOT> Who is Ann Lee?", "600.1", "")
	rig.Slack.AddMessage("C1", slackfake.BotUser, "…", "600.2", "600.1")
	rig.Slack.Inject("conversations.replies", slackfake.Fault{Status: 503})
	rig.Event(slackfake.Callback("Ev1", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "600.3", "600.1")))
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("answered without knowing the thread: %v", ps)
	}
	rig.Event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "600.4", "600.1")))
	if ps := rig.Posts(); len(ps) != 1 {
		t.Errorf("%d replies once Slack answered, want 1", len(ps))
	}
	if n := rig.Slack.Calls("conversations.replies"); n != 2 {
		t.Errorf("conversations.replies called %d times, want 2", n)
	}
	if !strings.Contains(rig.Log.String(), "could not read the thread") {
		t.Errorf("the failure is not logged:\n%s", rig.Log.String())
	}
}
