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

var asmKerns = [maxRows + 1]func(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32){
	nil, kern1x16, kern2x16, kern3x16, kern4x16, kern5x16, kern6x16,
}

// kernAsm is kernGeneric's contract on the assembly kernels. The caller
// guarantees 1 ≤ rows ≤ 6, k = lda ≥ 1, len(a) ≥ rows·lda,
// len(panel) = 16k and len(c) ≥ (rows-1)·ldc + 16; the slicing below
// checks it again, cheaply, before the kernel reads raw memory.
func kernAsm(rows int, a []float32, lda int, panel []float32, c []float32, ldc int, bias *[panelW]float32) {
	k := lda
	_ = a[rows*lda-1]
	_ = panel[k*panelW-1]
	_ = c[(rows-1)*ldc+panelW-1]
	asmKerns[rows](&a[0], uintptr(lda)*4, &panel[0], k, &c[0], uintptr(ldc)*4, &bias[0])
}
