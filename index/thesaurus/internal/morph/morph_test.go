package morph

import (
	"slices"
	"testing"
)

func candidates(w string) []string {
	var out []string
	Candidates(w, func(stem, ending string) bool {
		out = append(out, stem+ending)
		return true
	})
	return out
}

func TestCandidates(t *testing.T) {
	tests := []struct {
		word string
		want []string // in this order, as a subsequence of the candidates
	}{
		{"meetings", []string{"meeting"}},
		{"companies", []string{"companie", "company"}},
		{"buses", []string{"buse", "bus"}},
		{"boxes", []string{"boxe", "box"}},
		{"churches", []string{"churche", "church"}},
		{"chairmen", []string{"chairman"}},
		{"destroyed", []string{"destroy", "destroye"}},
		// A consonant–vowel–consonant stem takes the "e" first.
		{"refused", []string{"refuse", "refus"}},
		{"hoped", []string{"hope", "hop"}},
		{"used", []string{"use", "us"}},
		{"making", []string{"make", "mak"}},
		{"finer", []string{"fine", "fin"}},
		// Any other stem is the base as it is.
		{"singing", []string{"sing", "singe"}},
		{"ended", []string{"end", "ende"}},
		{"showed", []string{"show", "showe"}},
		{"greatest", []string{"great", "greate"}},
	}
	for _, tt := range tests {
		got := candidates(tt.word)
		i := 0
		for _, c := range got {
			if i < len(tt.want) && c == tt.want[i] {
				i++
			}
		}
		if i < len(tt.want) {
			t.Errorf("Candidates(%q) = %q, want %q in that order", tt.word, got, tt.want)
		}
	}
}

func TestCandidatesEdgeCases(t *testing.T) {
	for _, w := range []string{"", "s", "ed", "ing", "men", "cat"} {
		for _, c := range candidates(w) {
			if c == "" || c == w {
				t.Errorf("Candidates(%q) gave %q", w, c)
			}
		}
	}
	if got := candidates("cat"); got != nil {
		t.Errorf("Candidates(cat) = %q, want none", got)
	}
	// yield returning false stops the walk.
	n := 0
	Candidates("refused", func(string, string) bool { n++; return false })
	if n != 1 {
		t.Errorf("Candidates went on after yield returned false: %d calls", n)
	}
	if got := candidates("ies"); slices.Contains(got, "y") {
		t.Errorf("Candidates(ies) = %q: a rule ate the whole word", got)
	}
}
