package index

import (
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2/search"
)

// reading is what the reader makes of one question: its vector and its
// cosine with every passage. nil when the reader is off or not ready.
type reading struct {
	v   *readerVecs
	q   []float32
	cos []float32  // by record: the question's cosine with the sentence
	top [2]float64 // the two best cosines over every passage
}

// denseCandidates is how many passages closest in meaning join the first
// stage's candidates, whatever words they share with the question.
const denseCandidates = 10

// read encodes the question, or is nil.
func (e *Engine) read(question string) *reading {
	v := e.vecs()
	if v == nil || v.dim == 0 {
		return nil
	}
	r := &reading{v: v, q: e.reader.Encode(question), cos: make([]float32, len(e.recs)), top: [2]float64{-1, -1}}
	for i := range e.recs {
		c := dot(r.q, v.row(v.sent, i))
		r.cos[i] = float32(c)
		switch {
		case c > r.top[0]:
			r.top[1], r.top[0] = r.top[0], c
		case c > r.top[1]:
			r.top[1] = c
		}
	}
	return r
}

// addDense adds the passages closest in meaning to the first stage's hits,
// with no score of their own.
func (r *reading) addDense(hits search.DocumentMatchCollection) search.DocumentMatchCollection {
	if r == nil {
		return hits
	}
	have := make(map[string]bool, len(hits))
	for _, h := range hits {
		have[h.ID] = true
	}
	order := make([]int, len(r.cos))
	for i := range order {
		order[i] = i
	}
	// A partial selection would do; corpora are small enough to sort.
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case r.cos[a] > r.cos[b]:
			return -1
		case r.cos[a] < r.cos[b]:
			return 1
		}
		return 0
	})
	for _, n := range order[:min(denseCandidates, len(order))] {
		if id := strconv.Itoa(n); !have[id] {
			hits = append(hits, &search.DocumentMatch{ID: id})
		}
	}
	return hits
}

// sentence, near and para are the question's cosines with passage n, with
// it and its neighbours, and with its paragraph; 0 without a reading.
func (r *reading) sentence(n int) float64 {
	if r == nil {
		return 0
	}
	return float64(r.cos[n])
}

func (r *reading) near(n int) float64 {
	if r == nil {
		return 0
	}
	return dot(r.q, r.v.row(r.v.near, n))
}

func (r *reading) para(n int) float64 {
	if r == nil {
		return 0
	}
	return dot(r.q, r.v.row(r.v.para, n))
}

// nearestStory is the question's best cosine with a story as a whole.
func (r *reading) nearestStory() float64 {
	best := -1.0
	for s := range len(r.v.story) / r.v.dim {
		best = max(best, dot(r.q, r.v.row(r.v.story, s)))
	}
	return best
}
