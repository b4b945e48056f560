package encoder

import (
	"math"

	"storybot/index/encoder/internal/gemm"
)

// The forward pass runs one text's tokens through the model together, so
// that each of a layer's matrix products is a single gemm.MulT over all
// n tokens (m = n): nearly all the time is spent there.

// forward sets out (Dim) to the unit-length mean-pooled embedding of the
// token ids (at most maxPositions of them).
func (m *Model) forward(ids []int, s *scratch, out []float32) {
	n := len(ids)
	s.grow(n)
	x := s.x[:n*Dim]
	m.embed(ids, x)
	for l := range m.layers {
		m.layers[l].apply(x, n, s)
	}
	meanPool(x, n, out)
}

// embed sets the n rows of x to word + position + token-type 0
// embeddings, layer-normalised.
func (m *Model) embed(ids []int, x []float32) {
	for i, id := range ids {
		row := x[i*Dim : (i+1)*Dim]
		copy(row, m.type0)
		m.word.addRow(id, row)
		m.pos.addRow(i, row)
	}
	layerNorm(x, m.lnG, m.lnB, len(ids))
}

// apply runs a transformer block on the n rows of x, in place.
func (l *layer) apply(x []float32, n int, s *scratch) {
	qkv, ctx, tmp, h := s.qkv[:n*3*Dim], s.ctx[:n*Dim], s.tmp[:n*Dim], s.ffn[:n*ffnDim]
	l.qkv.MulT(qkv, x, l.qkvBias, n)
	attend(qkv, ctx, n, s.scores[:n])
	l.out.MulT(tmp, ctx, l.outBias, n)
	addLayerNorm(x, tmp, l.ln1G, l.ln1B, n)
	l.up.MulT(h, x, l.upBias, n)
	gelu(h)
	l.down.MulT(tmp, h, l.downBias, n)
	addLayerNorm(x, tmp, l.ln2G, l.ln2B, n)
}

// attend computes multi-head self-attention over n tokens, without mask
// (a text's tokens are never padded): qkv holds each token's query, key
// and value (Dim each, numHeads heads of headDim); ctx gets each token's
// heads' weighted sums of values.
func attend(qkv, ctx []float32, n int, scores []float32) {
	const stride = 3 * Dim
	scale := float32(1 / math.Sqrt(headDim))
	clear(ctx)
	for h := range numHeads {
		qo, ko, vo := h*headDim, Dim+h*headDim, 2*Dim+h*headDim
		for i := range n {
			q := qkv[i*stride+qo : i*stride+qo+headDim]
			for j := range n {
				scores[j] = gemm.Dot(q, qkv[j*stride+ko:j*stride+ko+headDim]) * scale
			}
			softmax(scores)
			c := ctx[i*Dim+h*headDim : i*Dim+(h+1)*headDim]
			for j, p := range scores {
				v := qkv[j*stride+vo : j*stride+vo+headDim]
				for k := range c {
					c[k] += p * v[k]
				}
			}
		}
	}
}
