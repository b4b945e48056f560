//go:build !amd64

package gemm

// useAsm is always false off amd64: there are only the generic kernels.
var useAsm = false

func kernAsm(rows int, a []float32, lda int, panel []float32, c []float32, ldc int, bias *[panelW]float32) {
	kernGeneric(rows, a, lda, panel, c, ldc, bias)
}

func dotAVX(a, b *float32, n int) float32 { panic("unreachable") }

func axpyAVX(alpha float32, x, y *float32, n int) { panic("unreachable") }
