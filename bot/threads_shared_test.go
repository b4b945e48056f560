package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

func (downState) Get(context.Context, string) ([]byte, bool, error) {
	return nil, false, errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

func (downState) Put(context.Context, string, []byte, time.Duration) error {
	return errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

func (downState) Keep(context.Context, string, []byte, time.Duration) (store.Kept, error) {
	return store.Kept{}, errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

// TestSharedThreads: two replicas, one answering a mention and the other
// its thread's follow-up. With the thread memory shared, the second reads
// the follow-up in the thread's context from it, without
// conversations.replies; without it, the second knows the thread only by
// asking Slack (whose copy, in this test, it cannot find).
func TestSharedThreads(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		shared  store.CappedValues
		asked   string // the follow-up, as the second replica asks it ("" for not at all)
		replies int    // conversations.replies calls
	}{
		{"shared", store.NewMemoryValues(100, nil), "what did Ann Lee say?", 0},
		{"each its own", nil, "", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			first, second := &fakeAnswerer{}, &fakeAnswerer{}
			a := newHTTPRig(t, first, Options{SharedThreads: tt.shared})
			b := newHTTPRig(t, second, Options{SharedThreads: tt.shared})
			a.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", "100.1", "")))
			b.Event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "100.2", "100.1")))
			var asked string
			if q := second.Questions(); len(q) == 1 {
				asked = q[0]
			}
			if len(a.Posts()) != 1 || asked != tt.asked || len(b.Posts()) != len(second.Questions()) {
				t.Errorf("the second replica asked %q (%d questions), want %q", asked, len(second.Questions()), tt.asked)
			}
			if n := b.Slack.Calls("conversations.replies"); n != tt.replies {
				t.Errorf("%d conversations.replies calls, want %d", n, tt.replies)
			}
		})
	}
}

// TestSharedThreadsDown: with the shared memory unreachable, a
// conversation is remembered by the replica that had it: a follow-up
// there is still read in context and answered, and the failures are
// counted and logged.
func TestSharedThreadsDown(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{SharedThreads: downState{}})
	rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", "100.1", "")))
	rig.Event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "100.2", "100.1")))
	if q := ans.Questions(); len(q) != 2 || q[1] != "what did Ann Lee say?" || len(rig.Posts()) != 2 {
		t.Errorf("engine asked %q", q)
	}
	// The mention put its thread (1), the follow-up read it (2) and put
	// it again (3).
	if got := metricValue(t, rig.Bot, "storybot_shared_state_errors_total", "op", "thread_memory"); got != 3 {
		t.Errorf("thread memory failures %v, want 3", got)
	}
	if rig.Slack.Calls("conversations.replies") != 0 || !strings.Contains(rig.Log.String(), "op=thread_memory") {
		t.Errorf("read back from Slack, or not logged:\n%s", rig.Log.String())
	}
}

// TestThreadMemoryCapped: the thread memory keeps at most its cap of
// conversations, in process and shared (here store.MemoryValues stands
// in for Redis: its capped script is tested in store), forgetting the
// oldest and counting them; the forgotten thread's follow-up is read
// back from Slack, a remembered one's is not.
func TestThreadMemoryCapped(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	for _, tt := range []struct {
		name   string
		o      Options
		memory string
	}{
		{"in process", Options{ThreadMemory: 2}, "process"},
		{"shared", Options{SharedThreads: store.NewMemoryValues(2, clk.now)}, "shared"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Now = clk.now
			rig := newHTTPRig(t, &fakeAnswerer{}, tt.o)
			shared := tt.o.SharedThreads != nil
			for i, ts := range []string{"100.1", "200.1", "300.1"} {
				rig.Event(slackfake.Callback(fmt.Sprint("EvM", i), slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", ts, "")))
				clk.add(time.Second)
			}
			if got := metricValue(t, rig.Bot, "storybot_thread_memory_evicted_total", "memory", tt.memory); got != 1 {
				t.Errorf("%s evictions = %v, want 1", tt.memory, got)
			}
			if got := metricValue(t, rig.Bot, "storybot_thread_memory_shared_conversations"); shared && got != 2 {
				t.Errorf("shared conversations = %v, want 2", got)
			}
			if shared { // the process's own copy would still know the thread
				rig = newHTTPRig(t, &fakeAnswerer{}, tt.o)
			}
			follow := func(id, thread string) {
				rig.Event(slackfake.Callback(id, slackfake.ChannelMessage("C1", "U2", "and what did she say?", thread+"1", thread)))
			}
			follow("EvF1", "300.1")
			if n := rig.Slack.Calls("conversations.replies"); n != 0 {
				t.Errorf("a remembered thread read back from Slack (%d calls)", n)
			}
			follow("EvF2", "100.1")
			if n := rig.Slack.Calls("conversations.replies"); n != 1 {
				t.Errorf("the forgotten thread read back %d times, want 1", n)
			}
		})
	}
}
