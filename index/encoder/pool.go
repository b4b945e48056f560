package encoder

// scratch holds the buffers of one forward pass; Models keep them in a
// sync.Pool, so that encoding allocates little more than its result.
type scratch struct {
	ids    []int
	tok    tokBuffers
	x      []float32 // hidden states, n×Dim
	qkv    []float32 // queries, keys, values, n×3·Dim
	ctx    []float32 // attention output, n×Dim
	tmp    []float32 // a layer's output before the residual, n×Dim
	ffn    []float32 // feed-forward activations, n×ffnDim
	scores []float32 // one query's attention weights, n
}

// grow sizes the buffers for n tokens.
func (s *scratch) grow(n int) {
	if cap(s.scores) >= n {
		return
	}
	s.x = make([]float32, n*Dim)
	s.qkv = make([]float32, n*3*Dim)
	s.ctx = make([]float32, n*Dim)
	s.tmp = make([]float32, n*Dim)
	s.ffn = make([]float32, n*ffnDim)
	s.scores = make([]float32, n)
}

func (m *Model) getScratch() *scratch  { return m.pool.Get().(*scratch) }
func (m *Model) putScratch(s *scratch) { m.pool.Put(s) }
