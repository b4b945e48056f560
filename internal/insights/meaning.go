package insights

import (
	"sort"
	"sync"

	"storybot/bot/store"
)

// Encoder turns texts into unit vectors of meaning; the engine's sentence
// encoder (index/encoder's Model) is one.
type Encoder interface {
	EncodeBatch(texts []string) [][]float32
}

// Meaning groups questions by what they mean: first by their words (its
// Words), then the most asked groups are merged where the sentence
// vectors of their most asked forms are close ("when is the parade" and
// "what day does the march happen"). Only the Max most asked groups are
// read by meaning, each form once per process, so that a Home is built in
// well under a second however many questions were refused.
type Meaning struct {
	Encoder   Encoder
	Words     Words
	Threshold float64 // the least cosine that merges two groups (0.75 if zero)
	Max       int     // how many groups are read by meaning (64 if zero)

	mu    sync.Mutex
	cache map[string][]float32 // by a group's first form, bounded
}

// NewMeaning groups by enc's vectors, words otherwise.
func NewMeaning(enc Encoder) *Meaning { return &Meaning{Encoder: enc} }

// maxMeaningCache bounds the vectors kept: about 1.5 kB each.
const maxMeaningCache = 4096

// Group implements Grouper.
func (m *Meaning) Group(qs []store.Question) []Group {
	groups := m.Words.Group(qs)
	if m.Encoder == nil || len(groups) < 2 {
		return groups
	}
	th, most := m.Threshold, m.Max
	if th <= 0 {
		th = 0.75
	}
	if most <= 0 {
		most = 64
	}
	sortGroups(groups)
	n := min(most, len(groups))
	vecs := m.vectors(groups[:n])
	merged := make([]bool, n)
	for i := range n {
		if merged[i] {
			continue
		}
		for j := i + 1; j < n; j++ {
			if !merged[j] && cosine(vecs[i], vecs[j]) >= th {
				groups[i].Questions = append(groups[i].Questions, groups[j].Questions...)
				merged[j] = true
			}
		}
	}
	out := groups[:0:0]
	for i, g := range groups {
		if i >= n || !merged[i] {
			sortLatestFirst(g.Questions)
			out = append(out, g)
		}
	}
	return out
}

// vectors encodes each group's latest question, reusing what was encoded
// before.
func (m *Meaning) vectors(groups []Group) [][]float32 {
	out := make([][]float32, len(groups))
	var todo []string
	var at []int
	m.mu.Lock()
	for i, g := range groups {
		text := g.Questions[0].Text
		if v, ok := m.cache[text]; ok {
			out[i] = v
		} else {
			todo, at = append(todo, text), append(at, i)
		}
	}
	m.mu.Unlock()
	if len(todo) == 0 {
		return out
	}
	got := m.Encoder.EncodeBatch(todo)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cache == nil || len(m.cache)+len(todo) > maxMeaningCache {
		m.cache = map[string][]float32{}
	}
	for k, v := range got {
		out[at[k]] = v
		m.cache[todo[k]] = v
	}
	return out
}

func cosine(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	s := float32(0)
	for i, x := range a {
		s += x * b[i]
	}
	return float64(s)
}

// sortGroups puts the most asked groups first.
func sortGroups(gs []Group) {
	sort.SliceStable(gs, func(i, j int) bool { return len(gs[i].Questions) > len(gs[j].Questions) })
}

func sortLatestFirst(qs []store.Question) {
	sort.SliceStable(qs, func(a, b int) bool { return qs[a].At.After(qs[b].At) })
}
