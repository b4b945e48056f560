package bot

import (
	"testing"

	"storybot/bot/slackfake"
)

func TestAsksTheBot(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]bool{
		"and what did he say?":        true,
		"who voted against it":        true,
		"did the council agree":       true,
		"so can you quote the mayor":  true,
		"tell me more about the vote": true,
		"please explain the tax plan": true,
		"what about Kobach":           true,
		"storybot, the vote count":    true,
		"broadcasting this reply":     false,
		"thanks!":                     false,
		"ok, got it":                  false,
		"Thank you, that helps":       false,
		"Ann, lunch at noon":          false,
		"great, I'll read the story":  false,
		"":                            false,
	} {
		if got := asksTheBot(q); got != want {
			t.Errorf("asksTheBot(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestThreadChatterIgnored: in a thread the bot answered, a reply also
// sent to the channel that is no question (slack-go's thread_broadcast
// payload), thanks and talk between people get nothing and cost no
// lookup; questions and requests without a question mark are answered.
func TestThreadChatterIgnored(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Ann Lee?", "100.1", "")))
	if ps := rig.Posts(); len(ps) != 1 {
		t.Fatalf("mention: %v", ps)
	}
	for i, text := range []string{"broadcasting this reply", "thanks!", "ok, got it", "Ann, lunch at noon"} {
		ev := slackfake.ChannelMessage("C1", "U2", text, "100.2"+string(rune('0'+i)), "100.1")
		if i == 0 {
			ev = slackfake.Broadcast("C1", "U2", text, "100.20", "100.1")
		}
		rig.Event(slackfake.Callback("EvC"+string(rune('0'+i)), ev))
	}
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("chatter answered: %v", ps)
	}
	if q := ans.Questions(); len(q) != 1 {
		t.Errorf("engine asked %q", q)
	}
	rig.Event(slackfake.Callback("Ev3", slackfake.Broadcast("C1", "U2", "tell me what she said", "100.3", "100.1")))
	rig.Event(slackfake.Callback("Ev4", slackfake.ChannelMessage("C1", "U2", "storybot, the vote count", "100.4", "100.1")))
	if ps := rig.Posts(); len(ps) != 2 || ps[0].Get("thread_ts") != "100.1" {
		t.Errorf("requests: %v, want 2 answers in the thread", ps)
	}
	// In a thread the bot does not know, chatter is not looked up.
	rig.Event(slackfake.Callback("Ev5", slackfake.ChannelMessage("C2", "U2", "thanks all", "300.2", "300.1")))
	if n := rig.Slack.Calls("conversations.replies"); n != 0 {
		t.Errorf("conversations.replies called %d times for chatter", n)
	}
}
