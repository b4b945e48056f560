package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestAssistantPanel: a thread opened in the assistant panel gets
// suggested prompts from the example questions; a question there sets
// the thread's status, is answered in the thread, and titles the thread
// (once); a change of context is remembered.
func TestAssistantPanel(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{Examples: []string{"Who is Ann Lee?", "How did the council vote?"}})
	rig.Event(slackfake.Callback("Ev1", slackfake.AssistantThreadStarted("D9", "U1", "900.1", "C7")))
	calls := slackfake.Drain(rig.Slack.API)
	if len(calls) != 1 || calls[0].Method != "assistant.threads.setSuggestedPrompts" {
		t.Fatalf("calls: %+v", calls)
	}
	var prompts []struct{ Title, Message string }
	if err := json.Unmarshal([]byte(calls[0].Form.Get("prompts")), &prompts); err != nil || len(prompts) != 2 || prompts[0].Message != "Who is Ann Lee?" {
		t.Errorf("prompts %s: %v", calls[0].Form.Get("prompts"), err)
	}
	if calls[0].Form.Get("thread_ts") != "900.1" || calls[0].Form.Get("channel_id") != "D9" {
		t.Errorf("prompts for %v", calls[0].Form)
	}

	rig.Event(slackfake.Callback("Ev2", slackfake.InThread(slackfake.DM("D9", "U1", "Who is Ann Lee?", "900.2"), "900.1")))
	rig.Event(slackfake.Callback("Ev3", slackfake.InThread(slackfake.DM("D9", "U1", "and what did she say?", "900.3"), "900.1")))
	var methods []string
	for _, c := range slackfake.Drain(rig.Slack.API) {
		methods = append(methods, c.Method)
		if c.Method == "assistant.threads.setTitle" && c.Form.Get("title") != "Who is Ann Lee?" {
			t.Errorf("title %q", c.Form.Get("title"))
		}
	}
	want := "assistant.threads.setStatus assistant.threads.setTitle assistant.threads.setStatus"
	if strings.Join(methods, " ") != want {
		t.Errorf("calls %q, want %q", methods, want)
	}
	ps := rig.Posts()
	if len(ps) != 2 || ps[0].Get("thread_ts") != "900.1" || ps[1].Get("thread_ts") != "900.1" {
		t.Errorf("replies: %v", ps)
	}
	if q := ans.Questions(); len(q) != 2 || q[1] != "what did Ann Lee say?" {
		t.Errorf("engine asked %q", q)
	}

	rig.Event(slackfake.Callback("Ev4", slackfake.AssistantContextChanged("D9", "U1", "900.1", "C8")))
	th, ok, _ := rig.Bot.conv.threads.Get(context.Background(), ThreadKey{Team: slackfake.Team, Channel: "D9", Thread: "900.1"})
	if !ok || th.ContextChannel != "C8" || !th.Assistant || th.Last.Question != "what did Ann Lee say?" {
		t.Errorf("thread after the context changed: %+v %v", th, ok)
	}
}

// TestAppHome publishes the Home tab when it is opened, and not for the
// Messages tab.
func TestAppHome(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{Examples: []string{"Who is Ann Lee?"}})
	rig.Event(slackfake.Callback("Ev1", slackfake.With(slackfake.AppHomeOpened("U1", "D1"), "tab", "messages")))
	rig.Event(slackfake.Callback("Ev2", slackfake.AppHomeOpened("U1", "D1")))
	calls := slackfake.Drain(rig.Slack.API)
	if len(calls) != 1 || calls[0].Method != "views.publish" {
		t.Fatalf("calls: %+v", calls)
	}
	var req struct {
		UserID string `json:"user_id"`
		View   struct {
			Type   string            `json:"type"`
			Blocks []json.RawMessage `json:"blocks"`
		} `json:"view"`
	}
	if err := json.Unmarshal(calls[0].JSON, &req); err != nil || req.UserID != "U1" || req.View.Type != "home" {
		t.Fatalf("views.publish %s: %v", calls[0].JSON, err)
	}
	js := string(calls[0].JSON)
	for _, want := range []string{"Storm closes schools", "12 passages", "Who is Ann Lee?", "assistant panel"} {
		if !strings.Contains(js, want) {
			t.Errorf("the Home tab lacks %q: %s", want, js)
		}
	}
}
