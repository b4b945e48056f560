// Package gemm multiplies the float32 matrices of the sentence encoder:
// a batch of token rows by a layer's weights, as a torch Linear does.
package gemm

// Weights is a layer's weight matrix, n rows (outputs) of k columns
// (inputs), as torch stores a Linear's weight, packed for MulT.
type Weights struct {
	N, K int
	w    []float32 // row-major n×k (the packed layout may change)
}

// Pack copies w, n rows of k, into a Weights.
func Pack(w []float32, n, k int) *Weights {
	if len(w) != n*k {
		panic("gemm: Pack: wrong size")
	}
	return &Weights{N: n, K: k, w: append([]float32(nil), w...)}
}

// MulT sets c (m×N) to a (m×K) times w transposed, plus bias (N, or nil):
// c[i][j] = bias[j] + Σ_k a[i][k]·w[j][k].
func (w *Weights) MulT(c, a, bias []float32, m int) {
	n, k := w.N, w.K
	for i := range m {
		ai := a[i*k : i*k+k]
		for j := range n {
			s := float32(0)
			if bias != nil {
				s = bias[j]
			}
			s += Dot(ai, w.w[j*k:j*k+k])
			c[i*n+j] = s
		}
	}
}

// Dot is Σ a[i]·b[i] over len(a); b must be at least as long.
func Dot(a, b []float32) float32 {
	s := float32(0)
	for i, v := range a {
		s += v * b[i]
	}
	return s
}
