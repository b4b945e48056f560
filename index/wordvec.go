package index

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"storybot/index/vectors"
)

// Word vectors let a question's word meet a story's word of related
// meaning that WordNet does not link ("lawsuit" and "court", "tally" and
// "number"). The story's words are analyzed (stemmed), and a stem has no
// vector of its own: it gets the mean direction of the words of the story
// that stem to it.

// wordVecs holds a vector per word id of the engine's vocabulary.
type wordVecs struct {
	v   []int8    // Dim bytes per word id
	inv []float32 // 1/|v| per word id; 0 for a word without a vector
}

// buildWordVecs gives each analyzed word of the corpus the mean direction
// of the surface words that analyze to it.
func buildWordVecs(an analysis.Analyzer, surface map[string]bool, words *vocabulary) wordVecs {
	sums := make([][vectors.Dim]float32, len(words.words))
	for _, w := range slices.Sorted(maps.Keys(surface)) { // sums in a fixed order: the same corpus, the same vectors
		toks := an.Analyze([]byte(w))
		if len(toks) != 1 {
			continue
		}
		id, ok := words.ids[string(toks[0].Term)]
		if !ok {
			continue
		}
		v, ok := lookupVec(w)
		if !ok {
			continue
		}
		inv := 1 / float32(math.Sqrt(float64(vectors.Dot(v, v))))
		for i, x := range v {
			sums[id][i] += float32(x) * inv
		}
	}
	wv := wordVecs{v: make([]int8, len(words.words)*vectors.Dim), inv: make([]float32, len(words.words))}
	for id := range sums {
		q, ok := quantize(&sums[id])
		if !ok {
			continue
		}
		copy(wv.v[id*vectors.Dim:], q[:])
		qv := wv.vec(uint32(id))
		wv.inv[id] = 1 / float32(math.Sqrt(float64(vectors.Dot(qv, qv))))
	}
	return wv
}

// lookupVec finds a surface word's vector: as it is, or without a
// possessive ending.
func lookupVec(w string) (vectors.Vec, bool) {
	w = strings.ToLower(w)
	if v, ok := vectors.Lookup(w); ok {
		return v, true
	}
	for _, suffix := range []string{"'s", "’s", "'", "’"} {
		if s, ok := strings.CutSuffix(w, suffix); ok {
			return vectors.Lookup(s)
		}
	}
	return nil, false
}

func quantize(sum *[vectors.Dim]float32) (q [vectors.Dim]int8, ok bool) {
	var m float32
	for _, x := range sum {
		m = max(m, x, -x)
	}
	if m == 0 {
		return q, false
	}
	for i, x := range sum {
		q[i] = int8(math.Round(float64(x / m * 127)))
	}
	return q, true
}

// bytes is the vectors as saved in an on-disk index's manifest.
func (wv *wordVecs) bytes() []byte {
	b := make([]byte, len(wv.v))
	for i, x := range wv.v {
		b[i] = byte(x)
	}
	return b
}

// wordVecsFrom reads what bytes wrote, for a vocabulary of n words.
func wordVecsFrom(b []byte, n int) (wordVecs, error) {
	if len(b) != n*vectors.Dim {
		return wordVecs{}, fmt.Errorf("word vectors: %d bytes for %d words", len(b), n)
	}
	wv := wordVecs{v: make([]int8, len(b)), inv: make([]float32, n)}
	for i, x := range b {
		wv.v[i] = int8(x)
	}
	for id := range n {
		wv.inv[id] = invNorm(wv.vec(uint32(id)))
	}
	return wv, nil
}

// vec is word id's vector, in place.
func (wv *wordVecs) vec(id uint32) vectors.Vec {
	return (*[vectors.Dim]int8)(wv.v[int(id)*vectors.Dim : int(id+1)*vectors.Dim])
}

// cosine is the cosine between a vector (with its inverse norm) and word
// id's, or 0 when either has none.
func (wv *wordVecs) cosine(v vectors.Vec, inv float32, id uint32) float64 {
	if v == nil || int(id) >= len(wv.inv) || wv.inv[id] == 0 {
		return 0
	}
	return float64(float32(vectors.Dot(v, wv.vec(id))) * inv * wv.inv[id])
}

// invNorm is 1/|v|, or 0 for no vector.
func invNorm(v vectors.Vec) float32 {
	if v == nil {
		return 0
	}
	d := vectors.Dot(v, v)
	if d == 0 {
		return 0
	}
	return 1 / float32(math.Sqrt(float64(d)))
}

// Near neighbours: a question word's closest words in the corpus by
// meaning join its alternatives, so that bleve's first stage finds
// passages that say it in other words ("lawsuit" → "court").
const (
	neighbourFloor   = 0.55  // the least cosine of a neighbour
	maxNeighbours    = 5     // the closest ones only
	maxNeighbourScan = 20000 // the corpus words looked at, commonest first: about a millisecond
	// altNeighbour is the share of a word's weight a neighbour at cosine 1
	// would earn: a synonym's.
	altNeighbour = altSynonym
)

type neighbour struct {
	word string
	cos  float64
}

// neighbours are the corpus words closest in meaning to vector v, not
// counting the analyzed word self.
func (e *Engine) neighbours(v vectors.Vec, self string) []neighbour {
	inv := invNorm(v)
	var out []neighbour
	for _, id := range e.vecIDs {
		c := e.wv.cosine(v, inv, id)
		if c < neighbourFloor || e.words.words[id] == self {
			continue
		}
		out = append(out, neighbour{e.words.words[id], c})
	}
	slices.SortFunc(out, func(a, b neighbour) int { return cmp.Compare(b.cos, a.cos) })
	return out[:min(len(out), maxNeighbours)]
}

// cosines holds, for one question, the cosines between its words (and
// its mean direction) and the words of its candidates, each computed once:
// candidates share most of their words. Words are numbered in columns,
// and each candidate's text is kept as its columns.
type cosines struct {
	e      *Engine
	terms  []qterm
	words  []uint32        // by column: the word id
	cols   map[int][]int32 // by passage number: its text's columns
	byTerm [][]float32     // by term, by column; NaN until computed
	toMean []float32       // by column: cosine with the question's mean direction; NaN until computed
	mean   [vectors.Dim]float32
	inv    float32 // 1/|mean|, 0 if the question has no vectors
}

func (e *Engine) newCosines(terms []qterm, rs []ranked) *cosines {
	c := &cosines{e: e, terms: terms, cols: make(map[int][]int32, len(rs))}
	slot := make(map[uint32]int32, 256)
	for _, r := range rs {
		cols := make([]int32, 0, len(r.rec.text))
		for _, id := range r.rec.text {
			if int(id) >= len(e.wv.inv) || e.wv.inv[id] == 0 {
				continue // no vector: related to nothing
			}
			col, ok := slot[id]
			if !ok {
				col = int32(len(c.words))
				slot[id] = col
				c.words = append(c.words, id)
			}
			cols = append(cols, col)
		}
		c.cols[r.num] = cols
	}
	n := len(c.words)
	nan := float32(math.NaN())
	cells := make([]float32, (len(terms)+1)*n)
	for i := range cells {
		cells[i] = nan
	}
	c.toMean, cells = cells[:n], cells[n:]
	c.byTerm = make([][]float32, len(terms))
	for k := range terms {
		c.byTerm[k], cells = cells[:n], cells[n:]
	}
	for _, t := range terms {
		if t.vec == nil {
			continue
		}
		w := float32(t.idf) * t.inv
		for i, x := range t.vec {
			c.mean[i] += w * float32(x)
		}
	}
	var nn float32
	for _, x := range c.mean {
		nn += x * x
	}
	if nn > 0 {
		c.inv = 1 / float32(math.Sqrt(float64(nn)))
	}
	return c
}

// term is the cosine between question word k and the word in column col.
func (c *cosines) term(k int, col int32) float64 {
	v := c.byTerm[k][col]
	if v != v { // NaN: not yet computed
		t := &c.terms[k]
		v = float32(c.e.wv.cosine(t.vec, t.inv, c.words[col]))
		c.byTerm[k][col] = v
	}
	return float64(v)
}

// best is the highest cosine between question word k and a word of
// passage num, 0 when either has no vector.
func (c *cosines) best(k, num int) float64 {
	if c.terms[k].vec == nil {
		return 0
	}
	best := 0.0
	for _, col := range c.cols[num] {
		best = max(best, c.term(k, col))
	}
	return best
}

// closest is the word of passage num closest in meaning to question word
// k, noWord if none has a vector.
func (c *cosines) closest(k, num int) uint32 {
	best, id := -2.0, uint32(noWord)
	for _, col := range c.cols[num] {
		if v := c.term(k, col); v > best {
			best, id = v, c.words[col]
		}
	}
	return id
}

// sentence is the rarity-weighted mean cosine between the words of
// passage num and the question's mean direction.
func (c *cosines) sentence(num int) float64 {
	if c.inv == 0 {
		return 0
	}
	wv := &c.e.wv
	var sum, weight float64
	for _, col := range c.cols[num] {
		v := c.toMean[col]
		id := c.words[col]
		if v != v {
			var dot float32
			for i, x := range wv.vec(id) {
				dot += float32(x) * c.mean[i]
			}
			v = dot * c.inv * wv.inv[id]
			c.toMean[col] = v
		}
		w := float64(c.e.idf[id])
		sum += w * float64(v)
		weight += w
	}
	if weight == 0 {
		return 0
	}
	return sum / weight
}
