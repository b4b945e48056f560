package encoder

import (
	_ "embed"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"sync"

	"storybot/index/encoder/internal/gemm"
)

// The table minilm.bin, written by internal/gen, is little-endian:
//
//	magic "MINILMq8", uint32 format version (1),
//	uint32 × 7: vocab, hidden, layers, heads, ffn, max positions, token types,
//	uint32 number of tensors, then each tensor:
//	  uint16 name length, name (the Hugging Face BertModel name),
//	  uint8 kind, uint32 rows, uint32 cols,
//	  kind 1: rows·cols float32;
//	  kind 2: rows float32 scales, then rows·cols int8 (x = q·scale).

const (
	tableMagic   = "MINILMq8"
	tableVersion = 1
	kindF32      = 1
	kindInt8     = 2
)

// The model's shape.
const (
	// Dim is the length of a sentence vector.
	Dim          = 384
	vocabSize    = 30522
	numLayers    = 6
	numHeads     = 12
	headDim      = Dim / numHeads
	ffnDim       = 1536
	maxPositions = 512
	typeVocab    = 2
	lnEps        = 1e-12
)

var wantConfig = [7]uint32{vocabSize, Dim, numLayers, numHeads, ffnDim, maxPositions, typeVocab}

var (
	//go:embed minilm.bin
	table string
	//go:embed model_hash
	tableHash string
	//go:embed vocab.txt
	vocabText string
)

// matrix is a tensor of the table: float32, or int8 rows with a scale
// each, read in place from the embedded bytes.
type matrix struct {
	rows, cols int
	f32        []float32
	q          string    // rows·cols int8, when f32 is nil
	scales     []float32 // one per row, when f32 is nil
}

// addRow adds row i of t to dst (len cols).
func (t *matrix) addRow(i int, dst []float32) {
	if t.f32 != nil {
		for j, v := range t.f32[i*t.cols : (i+1)*t.cols] {
			dst[j] += v
		}
		return
	}
	s, q := t.scales[i], t.q[i*t.cols:(i+1)*t.cols]
	for j := range dst[:t.cols] {
		dst[j] += float32(int8(q[j])) * s
	}
}

// floats returns t as float32, dequantised.
func (t *matrix) floats() []float32 {
	if t.f32 != nil {
		return t.f32
	}
	out := make([]float32, t.rows*t.cols)
	for i := range t.rows {
		t.addRow(i, out[i*t.cols:(i+1)*t.cols])
	}
	return out
}

// reader decodes the table, remembering the first error.
type reader struct {
	b   string
	off int
	err error
}

func (r *reader) bytes(n int) string {
	if r.err != nil || n < 0 || n > len(r.b)-r.off {
		if r.err == nil {
			r.err = fmt.Errorf("truncated at byte %d", r.off)
		}
		return ""
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u8() byte {
	if s := r.bytes(1); s != "" {
		return s[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if s := r.bytes(2); s != "" {
		return uint16(s[0]) | uint16(s[1])<<8
	}
	return 0
}

func (r *reader) u32() uint32 {
	if s := r.bytes(4); s != "" {
		return le32(s)
	}
	return 0
}

// le32 decodes 4 little-endian bytes.
func le32(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func (r *reader) floats(n int) []float32 {
	s := r.bytes(4 * n)
	if r.err != nil {
		return nil
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(le32(s[4*i:]))
	}
	return out
}

// parseTable reads the table's tensors by name.
func parseTable(b string) (map[string]*matrix, error) {
	r := &reader{b: b}
	if m := r.bytes(len(tableMagic)); m != tableMagic {
		return nil, fmt.Errorf("encoder: minilm.bin: not a model table")
	}
	if v := r.u32(); v != tableVersion {
		return nil, fmt.Errorf("encoder: minilm.bin: format version %d, want %d", v, tableVersion)
	}
	for i, want := range wantConfig {
		if got := r.u32(); got != want && r.err == nil {
			return nil, fmt.Errorf("encoder: minilm.bin: config[%d] = %d, want %d", i, got, want)
		}
	}
	n := int(r.u32())
	out := make(map[string]*matrix, n)
	for range n {
		name := r.bytes(int(r.u16()))
		kind := r.u8()
		t := &matrix{rows: int(r.u32()), cols: int(r.u32())}
		switch {
		case r.err != nil:
		case kind == kindF32:
			t.f32 = r.floats(t.rows * t.cols)
		case kind == kindInt8:
			t.scales = r.floats(t.rows)
			t.q = r.bytes(t.rows * t.cols)
		default:
			r.err = fmt.Errorf("tensor %s: unknown kind %d", name, kind)
		}
		out[name] = t
	}
	if r.err == nil && r.off != len(b) {
		r.err = fmt.Errorf("%d bytes left after the tensors", len(b)-r.off)
	}
	if r.err != nil {
		return nil, fmt.Errorf("encoder: minilm.bin: %w", r.err)
	}
	return out, nil
}

// layer is one transformer block, its matrices dequantised and packed.
type layer struct {
	qkv, out, up, down                 *gemm.Weights
	qkvBias, outBias, upBias, downBias []float32
	ln1G, ln1B, ln2G, ln2B             []float32
}

// Model is the sentence encoder. It is safe for concurrent use.
type Model struct {
	tok       tokenizer
	word, pos *matrix   // embeddings, row per token id / position
	type0     []float32 // token-type 0 embedding
	lnG, lnB  []float32 // embeddings' LayerNorm
	layers    [numLayers]layer
	hash      string
	maxTokens int
	pool      *sync.Pool // of *scratch
}

// DefaultMaxTokens is how many tokens, [CLS] and [SEP] included, a text
// is truncated to unless WithMaxTokens says otherwise.
const DefaultMaxTokens = 128

var loaded = sync.OnceValues(func() (*Model, error) {
	tensors, err := parseTable(table)
	if err != nil {
		return nil, err
	}
	m, err := build(tensors, strings.TrimSpace(tableHash))
	// Decoding left as much again in float32 scratch that is garbage now:
	// give it back, so that an idle process holds only the model.
	debug.FreeOSMemory()
	return m, err
})

// Load returns the embedded model, decoding it on the first call (about
// 45 MB of float32 weights are then held); later calls return the same
// Model.
func Load() (*Model, error) { return loaded() }

// Hash is the SHA-256, in hex, of the model table, to key caches of
// vectors by model.
func (m *Model) Hash() string { return m.hash }

// MaxTokens is how many tokens, [CLS] and [SEP] included, a text is
// truncated to.
func (m *Model) MaxTokens() int { return m.maxTokens }

// WithMaxTokens returns a Model sharing m's weights that truncates texts
// to n tokens (clamped to 3…512).
func (m *Model) WithMaxTokens(n int) *Model {
	c := *m
	c.maxTokens = max(3, min(maxPositions, n))
	return &c
}

// Tokenize gives text's token ids, [CLS] first and [SEP] last, truncated
// to MaxTokens.
func (m *Model) Tokenize(text string) []int {
	var b tokBuffers
	return m.tok.appendIDs(nil, text, m.maxTokens, &b)
}
