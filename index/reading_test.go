package index

import (
	"context"
	"slices"
	"testing"
)

func TestReplaceWord(t *testing.T) {
	for _, c := range []struct{ q, word, to, want string }{
		{"what did Padila say", "padila", "Padilla", "what did Padilla say"},
		{"PADILA, padila; padilas", "padila", "Padilla", "Padilla, Padilla; padilas"},
		{"apadila", "padila", "Padilla", "apadila"},
		{"", "x", "y", ""},
		{"İstanbul PADILA", "padila", "Padilla", "İstanbul Padilla"}, // a rune whose lower case is longer is kept as it is
		{"\x96refu", "efu", "X", "\x96refu"},                         // no UTF-8: kept, and no index past the end
		{"\x96 efu", "efu", "X", "\x96 X"},
		{"\u212a padila", "padila", "Padilla", "\u212a Padilla"}, // the Kelvin sign lowers to one byte: kept
	} {
		if got := replaceWord(c.q, c.word, c.to); got != c.want {
			t.Errorf("replaceWord(%q, %q, %q) = %q, want %q", c.q, c.word, c.to, got, c.want)
		}
	}
}

// The reader reads a misspelt name of the story as the story writes it,
// and leaves English words alone.
func TestReadable(t *testing.T) {
	e := engine(t)
	for q, want := range map[string]string{
		"what did padila say":         "what did Padilla say",
		"what did the judge say":      "what did the judge say",
		"How many states refused it?": "How many states refused it?",
	} {
		in, terms := e.readQuestion(q)
		sr, err := e.idx.SearchInContext(context.Background(), e.request(terms, in))
		if err != nil {
			t.Fatal(err)
		}
		if got := e.readable(q, terms, sr.Hits); got != want {
			t.Errorf("readable(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	r := &reading{cos: []float32{0.1, 0.9, 0.5, 0.9, -0.2, 0.7}}
	for k, want := range map[int][]int{0: nil, 1: {1}, 3: {1, 3, 5}, 6: {1, 3, 5, 2, 0, 4}, 9: {1, 3, 5, 2, 0, 4}} {
		if got := r.closest(k); !slices.Equal(got, want) {
			t.Errorf("closest(%d) = %v, want %v", k, got, want)
		}
	}
}
