//go:build !amd64

package gemm

// useAsm is always false off amd64: there are only the generic kernels.
var useAsm = false

var kernAsm = kernGeneric

func dotAVX(a, b *float32, n int) float32 { panic("unreachable") }

func axpyAVX(alpha float32, x, y *float32, n int) { panic("unreachable") }
