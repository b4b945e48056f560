//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run gen.go

// useAsm selects the AVX2+FMA kernels; tests clear it to run the generic path.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func kern1x16(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)

//go:noescape
func kern2x16(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)

//go:noescape
func kern3x16(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)

//go:noescape
func kern4x16(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)

//go:noescape
func kern5x16(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)

//go:noescape
func kern6x16(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)

//go:noescape
func dotAVX(a, b *float32, n int) float32

//go:noescape
func axpyAVX(alpha float32, x, y *float32, n int)

// kernAsm is kernGeneric's contract on the assembly kernels. The caller
// guarantees 1 ≤ rows ≤ 6, k = lda ≥ 1, len(a) ≥ rows·lda,
// len(panel) = 16k and len(c) ≥ (rows-1)·ldc + 16; the slicing below
// checks it again, cheaply, before the kernel reads raw memory.
func kernAsm(rows int, a []float32, lda int, panel []float32, c []float32, ldc int, bias *[panelW]float32) {
	k := lda
	_ = a[rows*lda-1]
	_ = panel[k*panelW-1]
	_ = c[(rows-1)*ldc+panelW-1]
	// A switch, not a table of functions: called through a function value
	// the arguments would escape, and every call would allocate.
	pa, sa, pw, pc, sc, pb := &a[0], uintptr(lda)*4, &panel[0], &c[0], uintptr(ldc)*4, &bias[0]
	switch rows {
	case 1:
		kern1x16(pa, sa, pw, k, pc, sc, pb)
	case 2:
		kern2x16(pa, sa, pw, k, pc, sc, pb)
	case 3:
		kern3x16(pa, sa, pw, k, pc, sc, pb)
	case 4:
		kern4x16(pa, sa, pw, k, pc, sc, pb)
	case 5:
		kern5x16(pa, sa, pw, k, pc, sc, pb)
	default:
		kern6x16(pa, sa, pw, k, pc, sc, pb)
	}
}
