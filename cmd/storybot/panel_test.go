package main

import (
	"encoding/json"
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestSuggestedPrompts: a new assistant thread (Slack's
// assistant_thread_started) gets up to four suggested prompts, made from
// the stories' titles, none twice.
func TestSuggestedPrompts(t *testing.T) {
	r, fake, base := httpBot(t, realCorpus)
	postSigned(t, base, slackfake.Callback("Ev1", slackfake.AssistantThreadStarted("D5", "U1", "500.1", "C1")))
	c := slackfake.Receive(t, fake.API, "suggested prompts")
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	var prompts []struct{ Title, Message string }
	if err := json.Unmarshal([]byte(c.Form.Get("prompts")), &prompts); err != nil {
		t.Fatalf("%s: %v", c.Method, err)
	}
	t.Logf("prompts: %+v", prompts)
	if len(prompts) < 3 || len(prompts) > 4 {
		t.Errorf("%d prompts, want 3 or 4 from the story", len(prompts))
	}
	seen := map[string]bool{}
	for _, p := range prompts {
		if seen[strings.ToLower(p.Message)] {
			t.Errorf("prompt %q offered twice", p.Message)
		}
		seen[strings.ToLower(p.Message)] = true
		if !strings.Contains(p.Message, "Kobach") {
			t.Errorf("prompt %q is not from the story", p.Message)
		}
	}
}
