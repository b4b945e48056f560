package bot

import (
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestRefusalOnEverySurface: a question the engine refuses (passages
// that score well, Result.Answered false: "What is the population of
// Kansas?") shows no passage on any surface, titles no assistant thread
// and is no context for the next question; the first answered question
// titles the thread.
func TestRefusalOnEverySurface(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{Examples: []string{"Who is Ann Lee?"}})
	const passage = "approved the budget"
	rig.Event(slackfake.Callback("Ev1", slackfake.AssistantThreadStarted("D9", "U1", "900.1", "C7")))
	rig.Event(slackfake.Callback("Ev2", slackfake.InThread(slackfake.DM("D9", "U1", "What is the population of Kansas?", "900.2"), "900.1")))
	ps := rig.Posts()
	if len(ps) != 1 || strings.Contains(ps[0].Get("blocks"), passage) || strings.Contains(ps[0].Get("text"), passage) {
		t.Fatalf("refusal in the panel: %v", ps)
	}
	for _, c := range slackfake.Drain(rig.Slack.API) {
		if c.Method == "assistant.threads.setTitle" {
			t.Errorf("a refused question titled the thread %q", c.Form.Get("title"))
		}
	}
	rig.Event(slackfake.Callback("Ev3", slackfake.InThread(slackfake.DM("D9", "U1", "and when was that?", "900.3"), "900.1")))
	if q := ans.Questions(); q[len(q)-1] != "and when was that?" {
		t.Errorf("the refused question was taken as context: %q", q)
	}
	var titles []string
	for _, c := range slackfake.Drain(rig.Slack.API) {
		if c.Method == "assistant.threads.setTitle" {
			titles = append(titles, c.Form.Get("title"))
		}
	}
	if len(titles) != 1 || titles[0] != "and when was that?" {
		t.Errorf("titles %q, want the answered question's", titles)
	}
	rig.Posts()

	w := rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", "When was Kansas founded?", rig.Slack.ResponseURL("r1"))))
	if body := w.Body.String(); w.Code != 200 || strings.Contains(body, passage) || !strings.Contains(body, "When was Kansas founded?") {
		t.Errorf("/story refusal: %d %s", w.Code, body)
	}
	rig.Event(slackfake.Callback("Ev4", slackfake.Mention("C1", "U1", "<@UBOT> What is the population of Kansas?", "100.1", "")))
	if ps := rig.Posts(); len(ps) != 1 || strings.Contains(ps[0].Get("blocks"), passage) {
		t.Errorf("refusal to a mention: %v", ps)
	}
}
