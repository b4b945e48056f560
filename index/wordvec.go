package index

import (
	"fmt"
	"math"
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
	for w := range surface {
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
