package index

import (
	"context"
	"math"
	"testing"
)

// TestHandPhraseScale settles the previous ranker's phrase bonus: a
// passage with n question words side by side has its score scaled by
// PhraseBase + Phrase·n, and nothing else (KindMiss, which scales a
// passage without the number a "how many" question wants, is apart).
func TestHandPhraseScale(t *testing.T) {
	e := engine(t)
	q := "Which council member voted against the library budget?"
	w := defaultWeights
	w.Define, w.Person, w.Quote, w.Kind = 0, 0, 0, 0 // only the scaled evidence
	base := handScores(t, e, q, w)
	w.PhraseBase, w.Phrase = 1, 0 // no phrase bonus
	plain := handScores(t, e, q, w)
	w.KindMiss = 0.123 // has no say here: the question wants no number
	noKind := handScores(t, e, q, w)
	scaled := 0
	for id, s := range base {
		n := float64(phrasePairs[id])
		if want := plain[id] * (defaultWeights.PhraseBase + defaultWeights.Phrase*n); n > 0 && math.Abs(s-want) > 1e-9 {
			t.Errorf("passage %s: hand score %.4f, want %.4f × (%.2f + %.2f × %v)", id, s, plain[id], defaultWeights.PhraseBase, defaultWeights.Phrase, n)
		}
		if n > 0 {
			scaled++
		}
		if noKind[id] != plain[id] {
			t.Errorf("passage %s: KindMiss changed a score the phrase bonus alone sets", id)
		}
	}
	if scaled == 0 {
		t.Fatal("no candidate had question words side by side: the test tests nothing")
	}
}

// phrasePairs is filled by handScores: side-by-side pairs by passage id.
var phrasePairs = map[string]int{}

func handScores(t *testing.T, e *Engine, q string, w weights) map[string]float64 {
	t.Helper()
	saved := e.w
	e.w = w
	defer func() { e.w = saved }()
	in, terms := e.readQuestion(q)
	sr, err := e.idx.SearchInContext(context.Background(), e.request(terms, in))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, r := range e.match(terms, in, sr.Hits, e.questionForms(terms)) {
		out[r.hit.ID] = r.hand
		phrasePairs[r.hit.ID] = adjacentPairs(r.matched, r.rec.text)
	}
	return out
}
