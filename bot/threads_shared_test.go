package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/store"
)

func (downState) Get(context.Context, string) ([]byte, bool, error) {
	return nil, false, errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

func (downState) Put(context.Context, string, []byte, time.Duration) error {
	return errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

// TestSharedThreads: two replicas, one answering a mention and the other
// its thread's follow-up. With the thread memory shared, the second reads
// the follow-up in the thread's context from it, without
// conversations.replies; without it, the second knows the thread only by
// asking Slack (whose copy, in this test, it cannot find).
func TestSharedThreads(t *testing.T) {
	for _, tt := range []struct {
		name    string
		shared  store.Values
		asked   string // the follow-up, as the second replica asks it ("" for not at all)
		replies int    // conversations.replies calls
	}{
		{"shared", store.NewMemoryValues(100, nil), "what did Ann Lee say?", 0},
		{"each its own", nil, "", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			first, second := &fakeAnswerer{}, &fakeAnswerer{}
			a := newHTTPRig(t, first, Options{SharedValues: tt.shared})
			b := newHTTPRig(t, second, Options{SharedValues: tt.shared})
			a.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", "100.1", "")))
			b.event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "100.2", "100.1")))
			var asked string
			if q := second.questions(); len(q) == 1 {
				asked = q[0]
			}
			if len(a.posts()) != 1 || asked != tt.asked || len(b.posts()) != len(second.questions()) {
				t.Errorf("the second replica asked %q (%d questions), want %q", asked, len(second.questions()), tt.asked)
			}
			if n := b.slack.Calls("conversations.replies"); n != tt.replies {
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
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{SharedValues: downState{}})
	rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", "100.1", "")))
	rig.event(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did she say?", "100.2", "100.1")))
	if q := ans.questions(); len(q) != 2 || q[1] != "what did Ann Lee say?" || len(rig.posts()) != 2 {
		t.Errorf("engine asked %q", q)
	}
	// The mention put its thread (1), the follow-up read it (2) and put
	// it again (3).
	if got := metricValue(t, rig.bot, "storybot_shared_state_errors_total", "op", "thread_memory"); got != 3 {
		t.Errorf("thread memory failures %v, want 3", got)
	}
	if rig.slack.Calls("conversations.replies") != 0 || !strings.Contains(rig.log.String(), "op=thread_memory") {
		t.Errorf("read back from Slack, or not logged:\n%s", rig.log.String())
	}
}
