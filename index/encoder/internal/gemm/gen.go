//go:build ignore

// gen writes kernels_amd64.s: the AVX2+FMA micro-kernels kern1x16 …
// kern6x16, dotAVX and axpyAVX. Run with `go generate` (see gemm_amd64.go).
package main

import (
	"bytes"
	"fmt"
	"os"
)

const maxRows = 6

var b bytes.Buffer

func p(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

// aRow addresses a[row][kk+u]: SI points at a[0][kk], R8 = lda, R9 = 3·lda,
// R10 = 5·lda (bytes).
func aRow(row, off int) string {
	switch row {
	case 0:
		return fmt.Sprintf("%d(SI)", off)
	case 1:
		return fmt.Sprintf("%d(SI)(R8*1)", off)
	case 2:
		return fmt.Sprintf("%d(SI)(R8*2)", off)
	case 3:
		return fmt.Sprintf("%d(SI)(R9*1)", off)
	case 4:
		return fmt.Sprintf("%d(SI)(R8*4)", off)
	case 5:
		return fmt.Sprintf("%d(SI)(R10*1)", off)
	}
	panic("row")
}

// cRow addresses c[row][off/4]: DX = c, R11 = ldc, R12 = 3·ldc, R13 = 5·ldc.
func cRow(row, off int) string {
	switch row {
	case 0:
		return fmt.Sprintf("%d(DX)", off)
	case 1:
		return fmt.Sprintf("%d(DX)(R11*1)", off)
	case 2:
		return fmt.Sprintf("%d(DX)(R11*2)", off)
	case 3:
		return fmt.Sprintf("%d(DX)(R12*1)", off)
	case 4:
		return fmt.Sprintf("%d(DX)(R11*4)", off)
	case 5:
		return fmt.Sprintf("%d(DX)(R13*1)", off)
	}
	panic("row")
}

// kernel writes kern{r}x16: c[i][0:16] = bias[0:16] + Σ_kk a[i][kk]·w[kk][0:16]
// for i < r, where w is a packed panel of 16 outputs interleaved over kk.
// Rows with few accumulators use several accumulator sets (alternating over
// kk) so that enough FMAs are in flight to hide their latency.
func kernel(r int) {
	sets := 12 / (2 * r)
	if sets > 4 {
		sets = 4
	}
	acc := func(s, row, h int) string { return fmt.Sprintf("Y%d", (s*r+row)*2+h) }
	name := fmt.Sprintf("kern%dx16", r)
	p("// func %s(a *float32, lda uintptr, w *float32, k int, c *float32, ldc uintptr, bias *float32)", name)
	p("TEXT ·%s(SB), NOSPLIT, $0-56", name)
	p("\tMOVQ a+0(FP), SI")
	p("\tMOVQ lda+8(FP), R8")
	p("\tMOVQ w+16(FP), DI")
	p("\tMOVQ k+24(FP), CX")
	p("\tMOVQ c+32(FP), DX")
	p("\tMOVQ ldc+40(FP), R11")
	p("\tMOVQ bias+48(FP), BX")
	p("\tLEAQ (R8)(R8*2), R9")
	p("\tLEAQ (R8)(R8*4), R10")
	p("\tLEAQ (R11)(R11*2), R12")
	p("\tLEAQ (R11)(R11*4), R13")
	for s := 0; s < sets; s++ {
		for row := 0; row < r; row++ {
			for h := 0; h < 2; h++ {
				y := acc(s, row, h)
				p("\tVXORPS %s, %s, %s", y, y, y)
			}
		}
	}
	step := func(u, s int) {
		p("\tVMOVUPS %d(DI), Y12", u*64)
		p("\tVMOVUPS %d(DI), Y13", u*64+32)
		for row := 0; row < r; row++ {
			p("\tVBROADCASTSS %s, Y14", aRow(row, u*4))
			p("\tVFMADD231PS Y12, Y14, %s", acc(s, row, 0))
			p("\tVFMADD231PS Y13, Y14, %s", acc(s, row, 1))
		}
	}
	const unroll = 4
	p("\tCMPQ CX, $%d", unroll)
	p("\tJLT %s_tail", name)
	p("%s_loop:", name)
	for u := 0; u < unroll; u++ {
		step(u, u%sets)
	}
	p("\tADDQ $%d, SI", 4*unroll)
	p("\tADDQ $%d, DI", 64*unroll)
	p("\tSUBQ $%d, CX", unroll)
	p("\tCMPQ CX, $%d", unroll)
	p("\tJGE %s_loop", name)
	p("%s_tail:", name)
	p("\tTESTQ CX, CX")
	p("\tJEQ %s_done", name)
	p("%s_tail1:", name)
	step(0, 0)
	p("\tADDQ $4, SI")
	p("\tADDQ $64, DI")
	p("\tDECQ CX")
	p("\tJNE %s_tail1", name)
	p("%s_done:", name)
	for s := 1; s < sets; s++ {
		for row := 0; row < r; row++ {
			for h := 0; h < 2; h++ {
				p("\tVADDPS %s, %s, %s", acc(s, row, h), acc(0, row, h), acc(0, row, h))
			}
		}
	}
	p("\tVMOVUPS (BX), Y12")
	p("\tVMOVUPS 32(BX), Y13")
	for row := 0; row < r; row++ {
		p("\tVADDPS Y12, %s, %s", acc(0, row, 0), acc(0, row, 0))
		p("\tVADDPS Y13, %s, %s", acc(0, row, 1), acc(0, row, 1))
		p("\tVMOVUPS %s, %s", acc(0, row, 0), cRow(row, 0))
		p("\tVMOVUPS %s, %s", acc(0, row, 1), cRow(row, 32))
	}
	p("\tVZEROUPPER")
	p("\tRET")
	p("")
}

const dot = `// func dotAVX(a, b *float32, n int) float32
TEXT ·dotAVX(SB), NOSPLIT, $0-28
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ CX, $64
	JLT dot_32
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
dot_loop64:
	VMOVUPS (SI), Y8
	VMOVUPS 32(SI), Y9
	VMOVUPS 64(SI), Y10
	VMOVUPS 96(SI), Y11
	VMOVUPS 128(SI), Y12
	VMOVUPS 160(SI), Y13
	VMOVUPS 192(SI), Y14
	VMOVUPS 224(SI), Y15
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS 32(DI), Y9, Y1
	VFMADD231PS 64(DI), Y10, Y2
	VFMADD231PS 96(DI), Y11, Y3
	VFMADD231PS 128(DI), Y12, Y4
	VFMADD231PS 160(DI), Y13, Y5
	VFMADD231PS 192(DI), Y14, Y6
	VFMADD231PS 224(DI), Y15, Y7
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $64, CX
	CMPQ CX, $64
	JGE dot_loop64
	VADDPS Y4, Y0, Y0
	VADDPS Y5, Y1, Y1
	VADDPS Y6, Y2, Y2
	VADDPS Y7, Y3, Y3
dot_32:
	CMPQ CX, $32
	JLT dot_8
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
dot_8:
	CMPQ CX, $8
	JLT dot_reduce
dot_loop8:
	VMOVUPS (SI), Y4
	VFMADD231PS (DI), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE dot_loop8
dot_reduce:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VMOVHLPS X0, X0, X1
	VADDPS X1, X0, X0
	VMOVSHDUP X0, X1
	VADDSS X1, X0, X0
	TESTQ CX, CX
	JEQ dot_done
dot_loop1:
	VMOVSS (SI), X1
	VFMADD231SS (DI), X1, X0
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNE dot_loop1
dot_done:
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func axpyAVX(alpha float32, x, y *float32, n int)
TEXT ·axpyAVX(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	CMPQ CX, $32
	JLT axpy_8
axpy_loop32:
	VMOVUPS (DI), Y1
	VMOVUPS 32(DI), Y2
	VMOVUPS 64(DI), Y3
	VMOVUPS 96(DI), Y4
	VFMADD231PS (SI), Y0, Y1
	VFMADD231PS 32(SI), Y0, Y2
	VFMADD231PS 64(SI), Y0, Y3
	VFMADD231PS 96(SI), Y0, Y4
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y3, 64(DI)
	VMOVUPS Y4, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE axpy_loop32
axpy_8:
	CMPQ CX, $8
	JLT axpy_1
axpy_loop8:
	VMOVUPS (DI), Y1
	VFMADD231PS (SI), Y0, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE axpy_loop8
axpy_1:
	TESTQ CX, CX
	JEQ axpy_done
axpy_loop1:
	VMOVSS (DI), X1
	VFMADD231SS (SI), X0, X1
	VMOVSS X1, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNE axpy_loop1
axpy_done:
	VZEROUPPER
	RET
`

func main() {
	p("// Code generated by gen.go; DO NOT EDIT.")
	p("")
	p("//go:build amd64")
	p("")
	p("#include \"textflag.h\"")
	p("")
	for r := 1; r <= maxRows; r++ {
		kernel(r)
	}
	b.WriteString(dot)
	if err := os.WriteFile("kernels_amd64.s", b.Bytes(), 0o644); err != nil {
		panic(err)
	}
}
