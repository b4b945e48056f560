package index

import (
	"maps"
	"slices"
	"testing"
)

func TestFocusWords(t *testing.T) {
	tests := []struct {
		msg  string
		want []string // nil: every word counts alike
	}{
		{"how many states refused?", nil},
		{"I keep hearing people say this whole commission is pointless and a waste of time and honestly I do not get it at all. What exactly are the secretaries of state opposed to?",
			[]string{"are", "exactly", "of", "opposed", "secretaries", "state", "the", "to", "what"}},
		{"so this is a very long message with many many words in it but not a single question anywhere in it at all, just talk and more talk going on",
			nil},
		{"Is there any chance my name ends up published? What did they say about that? Who decided? Why does it matter to anyone here at all in the end?",
			nil}, // all question
	}
	for _, tt := range tests {
		got := focusWords(tt.msg)
		if tt.want == nil {
			if got != nil {
				t.Errorf("focusWords(%q) = %v, want nil", tt.msg, got)
			}
			continue
		}
		if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, tt.want) {
			t.Errorf("focusWords(%q) = %v, want %v", tt.msg, keys, tt.want)
		}
	}
}

func FuzzFocusWords(f *testing.F) {
	f.Add("I keep hearing things. What did he say? — and why")
	f.Fuzz(func(t *testing.T, s string) {
		for w := range focusWords(s) {
			if w == "" {
				t.Fatalf("empty focus word from %q", s)
			}
		}
	})
}
