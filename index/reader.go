package index

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"storybot/index/encoder"
)

// The reader is a sentence encoder (index/encoder: all-MiniLM-L6-v2) that
// turns a question and each passage into a unit vector, so that texts of
// the same meaning meet whatever their words: "did anyone say no" and
// "Forty-four states refused". The passages' vectors are computed when
// the stories are indexed, the question's when it is asked; the ranker and
// the judge read their cosines (features.go, judge.go).
//
// Encoding costs about a millisecond a word of text on one core, so a
// large corpus is answered by words alone at once and by the reader as
// soon as its vectors are ready (readerState). Vectors are kept by the
// hash of the text they were computed from, in the process (vecCache) and
// in an on-disk index folder (vecfile.go), so that a reload or a restart
// computes only those of changed stories.

// Reader turns texts into unit vectors whose dot products say how close
// they are in meaning.
type Reader interface {
	Encode(text string) []float32
	EncodeBatch(texts []string) [][]float32
	// Hash names the model: vectors of different models never mix.
	Hash() string
}

// builtinReader loads the built-in sentence encoder.
var builtinReader = func() (Reader, error) {
	m, err := encoder.Load()
	if err != nil {
		return nil, fmt.Errorf("load the reader: %w", err)
	}
	return m, nil
}

// syncSentences is how many passages not yet encoded Open encodes before
// it returns; past that they are encoded in the background while the
// words alone answer (a few seconds' work on a small machine).
const syncSentences = 300

// readerVecs are the corpus's vectors, ready to read: by record, its own,
// its with its neighbours' and its paragraph's; by story, the story's.
type readerVecs struct {
	dim              int
	sent, near, para []float32 // len(recs)·dim
	story            []float32 // len(stories)·dim
}

func (v *readerVecs) row(tab []float32, i int) []float32 { return tab[i*v.dim : (i+1)*v.dim] }

// readerState tells whether the reader's vectors are ready.
type readerState struct {
	mu     sync.Mutex
	vecs   *readerVecs
	ready  chan struct{} // closed when vecs is set, or encoding gave up
	cancel context.CancelFunc
}

// ReaderStatus says whether the reader reads along: "off" (no reader),
// "encoding" (answers by words alone until it is done) or "ready".
func (e *Engine) ReaderStatus() string {
	switch {
	case e.reader == nil:
		return "off"
	case e.vecs() == nil:
		return "encoding"
	}
	return "ready"
}

// ReaderReady is closed once the reader's vectors are ready (or failed);
// nil when there is no reader.
func (e *Engine) ReaderReady() <-chan struct{} {
	if e.reader == nil {
		return nil
	}
	return e.rs.ready
}

func (e *Engine) vecs() *readerVecs {
	if e.reader == nil {
		return nil
	}
	e.rs.mu.Lock()
	defer e.rs.mu.Unlock()
	return e.rs.vecs
}

// startReader encodes the passages: at once when few are new, else in
// the background.
func (e *Engine) startReader(ctx context.Context) {
	e.rs.ready = make(chan struct{})
	if e.reader == nil {
		close(e.rs.ready)
		return
	}
	texts := e.passageTexts()
	todo := globalVecs.missing(e.reader.Hash(), texts)
	save := e.opt.Dir != "" && e.readVecFile(todo)
	todo = globalVecs.missing(e.reader.Hash(), texts)
	if todo <= syncSentences {
		e.encodeAll(ctx, texts, save)
		return
	}
	e.opt.logger().Info("encoding the stories' sentences for the reader; answering by words alone until it is done",
		"sentences", len(texts), "to_encode", todo)
	ctx, e.rs.cancel = context.WithCancel(context.WithoutCancel(ctx))
	go e.encodeAll(ctx, texts, save)
}

// readVecFile reads the index folder's vectors when the process lacks
// some (at a start; at a reload only after a change), and says whether
// the folder has none of this model's, so that they are written.
func (e *Engine) readVecFile(missing int) (write bool) {
	path := filepath.Join(e.opt.Dir, vecFileName)
	if missing == 0 {
		_, err := os.Stat(path)
		return err != nil
	}
	ok, err := loadVecFile(e.opt.Dir, e.reader.Hash())
	if err != nil {
		e.opt.logger().Warn("the reader's vectors in the index folder are unreadable; encoding again", "path", path, "err", err)
	}
	return !ok
}

// passageTexts are the texts the passages are read by.
func (e *Engine) passageTexts() []string {
	out := make([]string, len(e.recs))
	for i := range e.recs {
		out[i] = e.recs[i].show
	}
	return out
}

// encodeAll computes what vectors are missing, in chunks so that it can
// stop (when the engine is closed: the reader then stays unready), and
// makes them ready. It keeps them in the index folder when it encoded
// some, or with save (the folder has none of this model's).
func (e *Engine) encodeAll(ctx context.Context, texts []string, save bool) {
	defer close(e.rs.ready)
	start := time.Now()
	sent, encoded, err := globalVecs.lookup(ctx, e.reader, texts)
	if err != nil {
		return
	}
	v := e.composeVecs(sent)
	if e.opt.Dir != "" && (save || encoded > 0) {
		if err := saveVecFile(e.opt.Dir, e.reader.Hash(), texts, sent); err != nil {
			e.opt.logger().Warn("could not keep the reader's vectors in the index folder", "err", err)
		}
	}
	e.rs.mu.Lock()
	e.rs.vecs = v
	e.rs.mu.Unlock()
	if encoded > syncSentences {
		e.opt.logger().Info("the reader is ready", "sentences", len(texts), "encoded", encoded, "took", time.Since(start).Round(time.Millisecond))
	}
}

// composeVecs builds the neighbour, paragraph and story vectors from the
// sentences'.
func (e *Engine) composeVecs(sent [][]float32) *readerVecs {
	dim := 0
	if len(sent) > 0 {
		dim = len(sent[0])
	}
	n := len(e.recs)
	v := &readerVecs{dim: dim, sent: make([]float32, n*dim), near: make([]float32, n*dim),
		para: make([]float32, n*dim), story: make([]float32, len(e.stories)*dim)}
	for i := range n {
		copy(v.row(v.sent, i), sent[i])
	}
	for lo := 0; lo < n; {
		hi := lo
		for hi+1 < n && e.recs[hi+1].story == e.recs[lo].story && e.recs[hi+1].para == e.recs[lo].para {
			hi++
		}
		para := v.row(v.para, lo)
		for i := lo; i <= hi; i++ {
			addTo(para, sent[i], 1)
			addTo(v.row(v.story, int(e.recs[i].story)), sent[i], 1)
			near := v.row(v.near, i)
			addTo(near, sent[i], 1)
			if i > lo {
				addTo(near, sent[i-1], 0.5)
			}
			if i < hi {
				addTo(near, sent[i+1], 0.5)
			}
			normalize(near)
		}
		normalize(para)
		for i := lo + 1; i <= hi; i++ {
			copy(v.row(v.para, i), para)
		}
		lo = hi + 1
	}
	for s := range e.stories {
		normalize(v.row(v.story, s))
	}
	return v
}

func addTo(dst, src []float32, w float32) {
	for i, x := range src {
		dst[i] += w * x
	}
}

func normalize(v []float32) {
	s := float32(0)
	for _, x := range v {
		s += x * x
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(float64(s)))
	for i := range v {
		v[i] *= inv
	}
}

func dot(a, b []float32) float64 {
	s := float32(0)
	for i, x := range a {
		s += x * b[i]
	}
	return float64(s)
}

// closeReader stops encoding in the background.
func (e *Engine) closeReader() {
	if e.rs.cancel != nil {
		e.rs.cancel()
	}
}

// vecCache keeps passages' vectors by model and text, across the engines
// of a process (a reload encodes only what changed), bounded.
type vecCache struct {
	mu sync.Mutex
	m  map[vecKey][]float32
}

type vecKey struct {
	model string
	text  [16]byte
}

// maxCachedVecs bounds the cache: about 1.5 kB a vector.
const maxCachedVecs = 60000

var globalVecs = &vecCache{m: map[vecKey][]float32{}}

func vecTextKey(s string) [16]byte {
	h := sha256.Sum256([]byte(s))
	return [16]byte(h[:16])
}

// missing counts the texts that have no vector yet.
func (c *vecCache) missing(model string, texts []string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range texts {
		if _, ok := c.m[vecKey{model, vecTextKey(t)}]; !ok {
			n++
		}
	}
	return n
}

func (c *vecCache) put(model string, key [16]byte, v []float32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedVecs {
		for k := range c.m { // drop an arbitrary tenth
			delete(c.m, k)
			if len(c.m) < maxCachedVecs*9/10 {
				break
			}
		}
	}
	c.m[vecKey{model, key}] = v
}

// lookup gives every text's vector, encoding those not cached, in chunks
// between which it can stop.
func (c *vecCache) lookup(ctx context.Context, r Reader, texts []string) (out [][]float32, encoded int, err error) {
	model := r.Hash()
	out = make([][]float32, len(texts))
	var todo []int
	c.mu.Lock()
	for i, t := range texts {
		if v, ok := c.m[vecKey{model, vecTextKey(t)}]; ok {
			out[i] = v
		} else {
			todo = append(todo, i)
		}
	}
	c.mu.Unlock()
	const chunk = 64
	for len(todo) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, encoded, err
		}
		k := min(chunk, len(todo))
		batch := make([]string, k)
		for j, i := range todo[:k] {
			batch[j] = texts[i]
		}
		for j, v := range r.EncodeBatch(batch) {
			out[todo[j]] = v
			c.put(model, vecTextKey(batch[j]), v)
		}
		encoded += k
		todo = todo[k:]
	}
	return out, encoded, nil
}
