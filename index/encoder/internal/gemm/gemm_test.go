package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// paths runs f once per available implementation, with useAsm forced.
func paths(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	saved := useAsm
	defer func() { useAsm = saved }()
	names := []string{"generic"}
	if saved {
		names = append(names, "simd")
	}
	for _, name := range names {
		useAsm = name == "simd"
		t.Run(name, f)
	}
}

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

// near reports whether got is within 1e-5 of want relative to mag, the sum
// of the absolute values of the terms (the size of the rounding error of a
// float32 sum of them), and 1e-5 absolutely.
func near(got float32, want, mag float64) bool {
	return math.Abs(float64(got)-want) <= 1e-5*(mag+1)
}

type shape struct{ m, n, k int }

func shapes() []shape {
	r := rand.New(rand.NewPCG(1, 2))
	s := []shape{
		{0, 5, 7}, {1, 1, 1}, {1, 16, 1}, {7, 17, 3}, {6, 16, 8}, {13, 33, 9},
		{14, 384, 384}, {14, 1536, 384}, {14, 384, 1536}, {40, 1536, 384}, {3, 384, 1536},
		{5, 0, 4}, {4, 3, 0}, {0, 0, 0},
	}
	for m := range 71 {
		s = append(s, shape{m, 1 + r.IntN(100), 1 + r.IntN(100)})
	}
	for range 60 {
		s = append(s, shape{r.IntN(71), 1 + r.IntN(100), 1 + r.IntN(100)})
	}
	return s
}

func TestMulT(t *testing.T) {
	paths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, sh := range shapes() {
			m, n, k := sh.m, sh.n, sh.k
			a, wt := randSlice(r, m*k), randSlice(r, n*k)
			var bias []float32
			if r.IntN(2) == 0 {
				bias = randSlice(r, n)
			}
			// c is exactly m·n long, so a kernel writing past the end
			// panics or is caught by the race detector/checkptr; its cells
			// start as NaN so a missed one shows.
			c := make([]float32, m*n)
			for i := range c {
				c[i] = float32(math.NaN())
			}
			Pack(wt, n, k).MulT(c, a, bias, m)
			bad := 0
			for i := range m {
				for j := range n {
					want, mag := 0.0, 0.0
					if bias != nil {
						want, mag = float64(bias[j]), math.Abs(float64(bias[j]))
					}
					for kk := range k {
						x := float64(a[i*k+kk]) * float64(wt[j*k+kk])
						want += x
						mag += math.Abs(x)
					}
					if got := c[i*n+j]; !near(got, want, mag) {
						if bad++; bad <= 3 {
							t.Errorf("m=%d n=%d k=%d bias=%v: c[%d][%d] = %v, want %v", m, n, k, bias != nil, i, j, got, want)
						}
					}
				}
			}
		}
	})
}

// TestMulTSubslices checks that MulT reads only m·K of a and writes only m·N
// of c when they are longer, and tolerates bias longer than N.
func TestMulTSubslices(t *testing.T) {
	paths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		m, n, k := 9, 37, 21
		a, wt, bias := randSlice(r, m*k+5), randSlice(r, n*k), randSlice(r, n+3)
		c := make([]float32, m*n+7)
		for i := range c {
			c[i] = 42
		}
		Pack(wt, n, k).MulT(c, a, bias, m)
		for i := m * n; i < len(c); i++ {
			if c[i] != 42 {
				t.Fatalf("c[%d] overwritten: %v", i, c[i])
			}
		}
	})
}

func TestMulTPanics(t *testing.T) {
	w := Pack(make([]float32, 6), 2, 3)
	for name, f := range map[string]func(){
		"short a":    func() { w.MulT(make([]float32, 4), make([]float32, 5), nil, 2) },
		"short c":    func() { w.MulT(make([]float32, 3), make([]float32, 6), nil, 2) },
		"short bias": func() { w.MulT(make([]float32, 4), make([]float32, 6), make([]float32, 1), 2) },
		"bad pack":   func() { Pack(make([]float32, 5), 2, 3) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestDotAxpy(t *testing.T) {
	paths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for n := range 300 {
			a, b := randSlice(r, n), randSlice(r, n+r.IntN(3))
			want, mag := 0.0, 0.0
			for i := range n {
				x := float64(a[i]) * float64(b[i])
				want += x
				mag += math.Abs(x)
			}
			if got := Dot(a, b); !near(got, want, mag) {
				t.Errorf("Dot n=%d: %v, want %v", n, got, want)
			}
			alpha := float32(r.NormFloat64())
			y := append([]float32(nil), b...)
			Axpy(alpha, a, y)
			for i := range y {
				want, mag := float64(b[i]), math.Abs(float64(b[i]))
				if i < n {
					x := float64(alpha) * float64(a[i])
					want += x
					mag += math.Abs(x)
				}
				if !near(y[i], want, mag) {
					t.Errorf("Axpy n=%d: y[%d] = %v, want %v", n, i, y[i], want)
				}
			}
		}
	})
}

var benchShapes = []shape{{14, 384, 384}, {14, 1536, 384}, {14, 384, 1536}, {40, 1536, 384}, {256, 1536, 384}}

func BenchmarkMulT(b *testing.B) {
	saved := useAsm
	defer func() { useAsm = saved }()
	for _, sh := range benchShapes {
		r := rand.New(rand.NewPCG(9, 10))
		w := Pack(randSlice(r, sh.n*sh.k), sh.n, sh.k)
		a, bias, c := randSlice(r, sh.m*sh.k), randSlice(r, sh.n), make([]float32, sh.m*sh.n)
		wt := randSlice(r, sh.n*sh.k)
		for _, impl := range []string{"naive", "generic", "simd"} {
			if impl == "simd" && !saved {
				continue
			}
			b.Run(fmt.Sprintf("%s/m=%d,n=%d,k=%d", impl, sh.m, sh.n, sh.k), func(b *testing.B) {
				useAsm = impl == "simd"
				for b.Loop() {
					if impl == "naive" {
						naiveMulT(c, a, wt, bias, sh.m, sh.n, sh.k)
					} else {
						w.MulT(c, a, bias, sh.m)
					}
				}
				flops := 2 * float64(sh.m*sh.n*sh.k) * float64(b.N)
				b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

func BenchmarkDot(b *testing.B) {
	saved := useAsm
	defer func() { useAsm = saved }()
	for _, n := range []int{32, 384} {
		r := rand.New(rand.NewPCG(11, 12))
		x, y := randSlice(r, n), randSlice(r, n)
		for _, impl := range []string{"generic", "simd"} {
			if impl == "simd" && !saved {
				continue
			}
			b.Run(fmt.Sprintf("%s/k=%d", impl, n), func(b *testing.B) {
				useAsm = impl == "simd"
				var s float32
				for b.Loop() {
					s += Dot(x, y)
				}
				sink = s
				b.ReportMetric(2*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

var sink float32

// naiveMulT is the package's first, plain-Go MulT (row-major w, one dot
// product per output), kept as the benchmarks' baseline.
func naiveMulT(c, a, w, bias []float32, m, n, k int) {
	for i := range m {
		ai := a[i*k : i*k+k]
		for j := range n {
			s := float32(0)
			if bias != nil {
				s = bias[j]
			}
			wj := w[j*k : j*k+k]
			d := float32(0)
			for kk, v := range ai {
				d += v * wj[kk]
			}
			c[i*n+j] = s + d
		}
	}
}
