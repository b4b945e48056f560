package bot

import (
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestHTTPSubtypesAnswered: a DM with a file attached and a thread reply
// also sent to the channel are people's questions, answered from their
// text, in their thread if they have one.
func TestHTTPSubtypesAnswered(t *testing.T) {
	t.Parallel()
	file := []any{map[string]any{"id": "F1", "name": "budget.pdf", "mimetype": "application/pdf"}}
	tests := []struct {
		name   string
		event  map[string]any
		thread string // where the answer goes
	}{
		{"a DM with a file", slackfake.With(slackfake.DM("D1", "U1", "what does this say about the budget?", "1.1"), "subtype", "file_share", "files", file, "upload", false), ""},
		{"a DM thread reply sent to the DM too", slackfake.With(slackfake.InThread(slackfake.DM("D1", "U1", "and the budget?", "1.2"), "1.0"), "subtype", "thread_broadcast"), "1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ans := &fakeAnswerer{}
			rig := newHTTPRig(t, ans, Options{})
			rig.Event(slackfake.Callback("Ev1", tt.event))
			ps := rig.Posts()
			if len(ps) != 1 || ps[0].Get("thread_ts") != tt.thread || !strings.Contains(ps[0].Get("blocks"), "*budget*") {
				t.Fatalf("replies %v, want one answer in thread %q", ps, tt.thread)
			}
			if q := ans.Questions(); len(q) != 1 || !strings.Contains(q[0], "budget") {
				t.Errorf("engine asked %q", q)
			}
		})
	}
}
