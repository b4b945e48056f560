//go:build linux

package gemm

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"
)

// guarded returns a slice of n float32s that ends exactly at a PROT_NONE
// page, so that reading or writing one element past it faults.
func guarded(t *testing.T, n int) []float32 {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n*4+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip("mmap:", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Skip("mprotect:", err)
	}
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&mem[size-page-n*4])), n)
}

// TestNoOverrun runs MulT, Dot and Axpy on operands that end at a guard
// page: the kernels must not touch memory past a slice's end.
func TestNoOverrun(t *testing.T) {
	paths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		for _, sh := range []shape{{1, 1, 1}, {6, 16, 8}, {5, 17, 9}, {14, 40, 33}, {13, 384, 7}, {7, 3, 1}} {
			a := guarded(t, sh.m*sh.k)
			copy(a, randSlice(r, len(a)))
			bias := guarded(t, sh.n)
			copy(bias, randSlice(r, len(bias)))
			c := guarded(t, sh.m*sh.n)
			Pack(randSlice(r, sh.n*sh.k), sh.n, sh.k).MulT(c, a, bias, sh.m)
		}
		for n := range 70 {
			x, y := guarded(t, n), guarded(t, n)
			copy(x, randSlice(r, n))
			copy(y, randSlice(r, n))
			_ = Dot(x, y)
			Axpy(0.5, x, y)
		}
	})
}
