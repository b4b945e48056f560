package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestExampleQuestionsFromStories: the stories take turns, so that the
// first questions are about different stories, and none comes twice.
func TestExampleQuestionsFromStories(t *testing.T) {
	t.Parallel()
	got := ExampleQuestions(context.Background(), &fakeAnswerer{}, MaxExamples)
	want := []string{"Who is Council?", "Who is Storm?", "Tell me about “Council approves <new> budget & tax plan”", "Tell me about “Storm closes schools”"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("examples %q, want %q", got, want)
	}
}

// TestSuggestedPromptsDistinct: the panel never offers the same prompt
// twice in one set, and offers at most four.
func TestSuggestedPromptsDistinct(t *testing.T) {
	t.Parallel()
	ex := []string{"Who is Ann Lee?", "who is ann lee?", "What did Ann Lee say?", "Who is Ann Lee?", "A?", "B?", "C?"}
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{Examples: ex})
	rig.Event(slackfake.Callback("Ev1", slackfake.AssistantThreadStarted("D9", "U1", "900.1", "C7")))
	calls := slackfake.Drain(rig.Slack.API)
	if len(calls) != 1 {
		t.Fatalf("calls: %+v", calls)
	}
	var prompts []struct{ Title, Message string }
	json.Unmarshal([]byte(calls[0].Form.Get("prompts")), &prompts)
	var msgs []string
	for _, p := range prompts {
		msgs = append(msgs, p.Message)
	}
	if strings.Join(msgs, "|") != "Who is Ann Lee?|What did Ann Lee say?|A?|B?" {
		t.Errorf("prompts %q", msgs)
	}
}
