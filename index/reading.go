package index

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
// with no score of their own (unless Disable["dense"], for ablation).
func (e *Engine) addDense(r *reading, hits search.DocumentMatchCollection) search.DocumentMatchCollection {
	if r == nil || e.opt.Disable["dense"] {
		return hits
	}
	have := make(map[string]bool, len(hits))
	for _, h := range hits {
		have[h.ID] = true
	}
	for _, n := range r.closest(denseCandidates) {
		if id := strconv.Itoa(n); !have[id] {
			hits = append(hits, &search.DocumentMatch{ID: id})
		}
	}
	return hits
}

// closest are the k passages of highest cosine, best first (the first
// of equals first): one pass, keeping k in order.
func (r *reading) closest(k int) []int {
	if k <= 0 {
		return nil
	}
	top := make([]int, 0, k+1)
	for n, c := range r.cos {
		if len(top) == k && c <= r.cos[top[k-1]] {
			continue
		}
		i := len(top)
		for i > 0 && c > r.cos[top[i-1]] {
			i--
		}
		top = slices.Insert(top, i, n)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
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

// readable is the question as the reader reads it. The encoder knows
// English words, not misspellings of a story's names: a word that neither
// the corpus nor English knows (no word vector), but that a spelling fix
// turns into a word of the corpus, is read as a candidate passage writes
// that word ("kobatch" as "Kobach"). Everything else is left as asked.
func (e *Engine) readable(q string, terms []qterm, hits search.DocumentMatchCollection) string {
	// In a long message the reader reads its question sentences: the talk
	// around them would pull the vector toward what the question is not
	// about.
	if qs := questionSentences(q); qs != nil && !e.opt.Disable["readfocus"] {
		q = strings.Join(qs, " ")
	}
	if e.opt.Disable["readfix"] {
		return q
	}
	for i := range terms {
		t := &terms[i]
		if t.id != noWord || t.vec != nil || !t.hasFix() {
			continue
		}
		if w := e.fixSurface(t, hits); w != "" {
			q = replaceWord(q, t.word, w)
		}
	}
	return q
}

// fixSurface is the commonest spelling fix of t as a candidate passage
// writes it, or "". Of fixes as common, the first in alphabetical order:
// the map's order changes from run to run.
func (e *Engine) fixSurface(t *qterm, hits search.DocumentMatchCollection) string {
	best, bestDF := "", 0
	for alt, w := range t.alts {
		if df := e.df[alt]; w == altFix && (df > bestDF || df == bestDF && df > 0 && alt < best) {
			best, bestDF = alt, df
		}
	}
	id, ok := e.words.ids[best]
	if !ok {
		return ""
	}
	want := []match{{field: fText, form: id}}
	for _, h := range hits {
		n, ok := e.passageOf(h)
		if !ok {
			continue
		}
		show := e.recs[n].show
		if sp := e.highlight(show, want); len(sp) > 0 {
			return show[sp[0].Start:sp[0].End]
		}
	}
	return ""
}

// replaceWord replaces each whole-word occurrence of word (lower case) in
// q, whatever its case, with to.
func replaceWord(q, word, to string) string {
	var b strings.Builder
	lower := lowerInPlace(q)
	for {
		i := strings.Index(lower, word)
		if i < 0 {
			break
		}
		end := i + len(word)
		if wordEdge(lower, i-1) && wordEdge(lower, end) {
			b.WriteString(q[:i])
			b.WriteString(to)
		} else {
			b.WriteString(q[:end])
		}
		q, lower = q[end:], lower[end:]
	}
	b.WriteString(q)
	return b.String()
}

// lowerInPlace is s in lower case, byte for byte where s is: a rune whose
// lower case takes other bytes (or a byte that is no UTF-8) is left as it
// is, so that an index into the result is one into s.
func lowerInPlace(s string) string {
	b := make([]byte, 0, len(s))
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(s[i:])
		}
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == size {
			b = utf8.AppendRune(b, l)
		} else {
			b = append(b, s[i:i+size]...)
		}
	}
	return string(b)
}

// wordEdge tells whether byte i of s is outside a word.
func wordEdge(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80)
}
