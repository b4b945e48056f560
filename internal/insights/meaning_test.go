package insights

import (
	"strings"
	"testing"
	"time"

	"storybot/bot/store"
)

// topicEncoder is a stand-in encoder: a text's vector says which of a few
// topics its words name, so that questions of one topic in different
// words meet, and it counts what it encodes.
type topicEncoder struct{ encoded int }

func (e *topicEncoder) EncodeBatch(texts []string) [][]float32 {
	topics := [][]string{{"parade", "march", "procession"}, {"budget", "money", "spending"}}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, len(topics)+1)
		v[len(topics)] = 0.1
		for k, words := range topics {
			for _, w := range words {
				if strings.Contains(strings.ToLower(t), w) {
					v[k] = 1
				}
			}
		}
		normalize(v)
		out[i] = v
		e.encoded++
	}
	return out
}

func normalize(v []float32) {
	s := float32(0)
	for _, x := range v {
		s += x * x
	}
	for i := range v {
		v[i] /= float32(sqrt(float64(s)))
	}
}

func sqrt(x float64) float64 {
	r := x
	for range 30 {
		r = (r + x/r) / 2
	}
	return r
}

func TestMeaningMergesParaphrases(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var qs []store.Question
	for i, text := range []string{"when is the parade?", "When's the parade", "what day does the march happen", "how much money was spent", "who owns the stadium?"} {
		qs = append(qs, store.Question{Text: text, At: at.Add(time.Duration(i) * time.Minute)})
	}
	enc := &topicEncoder{}
	m := NewMeaning(enc)
	groups := m.Group(qs)
	if len(groups) != 3 {
		t.Fatalf("%d groups, want 3 (parade, money, stadium): %+v", len(groups), groups)
	}
	sortGroups(groups)
	if n := len(groups[0].Questions); n != 3 || !strings.Contains(groups[0].Questions[0].Text, "march") {
		t.Errorf("the parade group: %+v", groups[0].Questions)
	}
	before := enc.encoded
	m.Group(qs)
	if enc.encoded != before {
		t.Errorf("grouping again encoded %d texts", enc.encoded-before)
	}
	if got := (&Meaning{}).Group(qs); len(got) != len(Words{}.Group(qs)) {
		t.Errorf("without an encoder: %d groups, want Words' %d", len(got), len(Words{}.Group(qs)))
	}
}
