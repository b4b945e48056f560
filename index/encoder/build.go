package encoder

import (
	"fmt"
	"sync"

	"storybot/index/encoder/internal/gemm"
)

// tensors gets named tensors of a checked shape, remembering the first
// error.
type tensors struct {
	m   map[string]*matrix
	err error
}

func (ts *tensors) get(name string, rows, cols int) *matrix {
	t, ok := ts.m[name]
	switch {
	case ts.err != nil:
		return nil
	case !ok:
		ts.err = fmt.Errorf("encoder: model has no tensor %s", name)
		return nil
	case t.rows != rows || t.cols != cols:
		ts.err = fmt.Errorf("encoder: tensor %s is %d×%d, want %d×%d", name, t.rows, t.cols, rows, cols)
		return nil
	}
	return t
}

// vec gets a 1-D tensor of n floats.
func (ts *tensors) vec(name string, n int) []float32 {
	if t := ts.get(name, 1, n); t != nil {
		return t.floats()
	}
	return nil
}

// mat gets a rows×cols tensor as float32.
func (ts *tensors) mat(name string, rows, cols int) []float32 {
	if t := ts.get(name, rows, cols); t != nil {
		return t.floats()
	}
	return make([]float32, rows*cols)
}

// build makes a Model of the tensors, named as in Hugging Face's
// BertModel, each float32 or int8: the layers' matrices are dequantised
// and packed for gemm, the embeddings are read in place.
func build(m map[string]*matrix, hash string) (*Model, error) {
	voc, err := parseVocab(vocabText)
	if err != nil {
		return nil, err
	}
	ts := &tensors{m: m}
	md := &Model{
		tok:       tokenizer{vocab: voc},
		word:      ts.get("embeddings.word_embeddings.weight", vocabSize, Dim),
		pos:       ts.get("embeddings.position_embeddings.weight", maxPositions, Dim),
		lnG:       ts.vec("embeddings.LayerNorm.weight", Dim),
		lnB:       ts.vec("embeddings.LayerNorm.bias", Dim),
		hash:      hash,
		maxTokens: DefaultMaxTokens,
		pool:      &sync.Pool{New: func() any { return new(scratch) }},
	}
	if tt := ts.get("embeddings.token_type_embeddings.weight", typeVocab, Dim); tt != nil {
		md.type0 = tt.floats()[:Dim]
	}
	for l := range md.layers {
		md.layers[l] = buildLayer(ts, fmt.Sprintf("encoder.layer.%d.", l))
	}
	if ts.err != nil {
		return nil, ts.err
	}
	if voc.size != vocabSize {
		return nil, fmt.Errorf("encoder: vocab.txt has %d tokens, want %d", voc.size, vocabSize)
	}
	return md, nil
}

// buildLayer packs a block's matrices; query, key and value are stacked
// into one 1152×384 matrix so that a single product gives all three.
func buildLayer(ts *tensors, p string) layer {
	a := p + "attention."
	var qkv, qkvBias []float32
	for _, s := range []string{"query", "key", "value"} {
		qkv = append(qkv, ts.mat(a+"self."+s+".weight", Dim, Dim)...)
		qkvBias = append(qkvBias, ts.vec(a+"self."+s+".bias", Dim)...)
	}
	return layer{
		qkv:      gemm.Pack(qkv, 3*Dim, Dim),
		qkvBias:  qkvBias,
		out:      gemm.Pack(ts.mat(a+"output.dense.weight", Dim, Dim), Dim, Dim),
		outBias:  ts.vec(a+"output.dense.bias", Dim),
		ln1G:     ts.vec(a+"output.LayerNorm.weight", Dim),
		ln1B:     ts.vec(a+"output.LayerNorm.bias", Dim),
		up:       gemm.Pack(ts.mat(p+"intermediate.dense.weight", ffnDim, Dim), ffnDim, Dim),
		upBias:   ts.vec(p+"intermediate.dense.bias", ffnDim),
		down:     gemm.Pack(ts.mat(p+"output.dense.weight", Dim, ffnDim), Dim, ffnDim),
		downBias: ts.vec(p+"output.dense.bias", Dim),
		ln2G:     ts.vec(p+"output.LayerNorm.weight", Dim),
		ln2B:     ts.vec(p+"output.LayerNorm.bias", Dim),
	}
}
