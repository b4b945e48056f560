package gemm

// panelW is the number of outputs (rows of w) per packed panel; the
// micro-kernels compute 1–6 rows of a against one panel.
const panelW = 16

// maxRows is the most rows of a a micro-kernel handles at once.
const maxRows = 6

// Weights is a layer's weight matrix, n rows (outputs) of k columns
// (inputs), as torch stores a Linear's weight, packed for MulT.
type Weights struct {
	N, K int
	// p holds ⌈N/16⌉ panels of 16 outputs × K, each interleaved over k:
	// p[(j/16)·16K + kk·16 + j%16] = w[j][kk], zero past N.
	p []float32
}

// Pack copies w, n rows of k, into a Weights.
func Pack(w []float32, n, k int) *Weights {
	if n < 0 || k < 0 || len(w) != n*k {
		panic("gemm: Pack: wrong size")
	}
	np := (n + panelW - 1) / panelW
	p := make([]float32, np*panelW*k)
	for j := range n {
		row := w[j*k : j*k+k]
		panel := p[(j/panelW)*panelW*k:]
		t := j % panelW
		for kk, v := range row {
			panel[kk*panelW+t] = v
		}
	}
	return &Weights{N: n, K: k, p: p}
}

// MulT sets c (m×N) to a (m×K) times w transposed, plus bias (N, or nil):
// c[i][j] = bias[j] + Σ_k a[i][k]·w[j][k].
func (w *Weights) MulT(c, a, bias []float32, m int) {
	n, k := w.N, w.K
	if m < 0 || len(a) < m*k || len(c) < m*n || (bias != nil && len(bias) < n) {
		panic("gemm: MulT: wrong size")
	}
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		for i := range m {
			ci := c[i*n : i*n+n]
			if bias != nil {
				copy(ci, bias[:n])
			} else {
				clear(ci)
			}
		}
		return
	}
	// Split m into ⌈m/6⌉ blocks of nearly equal size (14 → 5,5,4) so that no
	// block is left with one or two rows' worth of too little work.
	nb := (m + maxRows - 1) / maxRows
	base, extra := m/nb, m%nb
	var tmp [maxRows * panelW]float32
	for j0 := 0; j0 < n; j0 += panelW {
		panel := w.p[j0*k : (j0+panelW)*k]
		nc := min(panelW, n-j0)
		var bb [panelW]float32
		if bias != nil {
			copy(bb[:nc], bias[j0:j0+nc])
		}
		i0 := 0
		for blk := range nb {
			rows := base
			if blk < extra {
				rows++
			}
			ai := a[i0*k : (i0+rows)*k]
			if nc == panelW {
				kern(rows, ai, k, panel, c[i0*n+j0:], n, &bb)
			} else {
				kern(rows, ai, k, panel, tmp[:], panelW, &bb)
				for r := range rows {
					copy(c[(i0+r)*n+j0:(i0+r)*n+n], tmp[r*panelW:r*panelW+nc])
				}
			}
			i0 += rows
		}
	}
}

// kern runs the micro-kernel: called directly, not through a function
// value, so that its small arrays stay on the stack.
func kern(rows int, a []float32, k int, panel, c []float32, ldc int, bias *[panelW]float32) {
	if useAsm {
		kernAsm(rows, a, k, panel, c, ldc, bias)
		return
	}
	kernGeneric(rows, a, k, panel, c, ldc, bias)
}

// Dot is Σ a[i]·b[i] over len(a); b must be at least as long.
func Dot(a, b []float32) float32 {
	b = b[:len(a)]
	if useAsm && len(a) > 0 {
		return dotAVX(&a[0], &b[0], len(a))
	}
	return dotGeneric(a, b)
}

// Axpy adds alpha·x[i] to y[i] for i < len(x); y must be at least as long.
func Axpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	if useAsm && len(x) > 0 {
		axpyAVX(alpha, &x[0], &y[0], len(x))
		return
	}
	for i, v := range x {
		y[i] += alpha * v
	}
}

// Scale multiplies x[i] by alpha.
func Scale(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}
