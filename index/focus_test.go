package index

import (
	"maps"
	"slices"
	"testing"
)

func TestFocusWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		msg  string
		want []string // nil: every word counts alike
	}{
		{"how many states refused?", nil},
		{"My neighbour told me over coffee that the town library might close for good next spring and I just could not believe it at first. When does the council vote on the budget?",
			[]string{"budget", "council", "does", "on", "the", "vote", "when"}},
		{"so this is a very long message with many many words in it but not a single question anywhere in it at all, just talk and more talk going on",
			nil},
		{"Is the bridge closing in spring? What did the mayor promise about it? Who pays? Why does it take so long to fix a bridge in a town like ours?",
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
	f.Add("I heard things at the market. What did the mayor say? — and why")
	f.Fuzz(func(t *testing.T, s string) {
		for w := range focusWords(s) {
			if w == "" {
				t.Fatalf("empty focus word from %q", s)
			}
		}
	})
}
