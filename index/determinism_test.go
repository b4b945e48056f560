package index

import (
	"context"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

// A question's candidates, in order, and their features are the same bit
// for bit in engines opened apart: the trainer fits on them, and two runs
// must write the same model. Bleve numbers a batch's passages in an order
// that changes with every engine, and a map's order changes with every
// loop: neither may show.
func TestCandidatesDeterministic(t *testing.T) {
	stories, _, err := LoadDir(os.DirFS("testdata"), "corpus")
	if err != nil {
		t.Fatal(err)
	}
	questions := []string{
		"Who wants the voter rolls?", "What did the commission ask for?",
		"How many states refused the request?", "what did padila say",
		"Who is Kris Kobach?", "When will construction begin?", "the state of the roads",
	}
	var first []string
	for run := range 4 {
		e, err := Open(context.Background(), stories, Options{NoReader: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, q := range questions {
			c, err := e.Candidates(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.Len() {
				s := q + " | " + c.Text(i)
				for _, v := range c.Features(i) {
					s += " " + strconv.FormatUint(math.Float64bits(v), 16)
				}
				got = append(got, s)
			}
		}
		if run == 0 {
			first = got
		} else if !slices.Equal(got, first) {
			for i := range min(len(got), len(first)) {
				if got[i] != first[i] {
					t.Fatalf("engine %d: candidate %d is\n%s\nnot, as in the first,\n%s", run, i, got[i], first[i])
				}
			}
			t.Fatalf("engine %d: %d candidates, the first %d", run, len(got), len(first))
		}
	}
}

// Of two spelling fixes as common, the reader reads the same one every
// time, the first in alphabetical order.
func TestFixSurfaceTie(t *testing.T) {
	e := engine(t)
	var hits search.DocumentMatchCollection
	for n := range e.recs {
		hits = append(hits, &search.DocumentMatch{ID: strconv.Itoa(n)})
	}
	byDF := map[int]string{}
	var a, b string // two words of the corpus as common
	for _, w := range slices.Sorted(maps.Keys(e.df)) {
		if _, ok := e.words.ids[w]; !ok || e.df[w] < 2 {
			continue
		}
		if byDF[e.df[w]] != "" {
			a, b = byDF[e.df[w]], w
			break
		}
		byDF[e.df[w]] = w
	}
	if a == "" {
		t.Fatal("no two words as common")
	}
	want := e.fixSurface(&qterm{alts: map[string]float64{a: altFix}}, hits)
	for range 50 {
		tm := qterm{alts: map[string]float64{b: altFix, a: altFix}}
		if got := e.fixSurface(&tm, hits); got != want {
			t.Fatalf("fixSurface of %q and %q = %q, want %q (%q's)", a, b, got, want, a)
		}
	}
}
