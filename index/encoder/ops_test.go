package encoder

import (
	"math"
	"testing"
)

func TestExpErf(t *testing.T) {
	var worstExp, worstErf float64
	for x := -90.0; x <= 88; x += 0.001 {
		got, want := float64(exp(float32(x))), math.Exp(float64(float32(x)))
		if want > 1e-37 {
			worstExp = max(worstExp, math.Abs(got-want)/want)
		}
		if x > -8 && x < 8 {
			worstErf = max(worstErf, math.Abs(float64(erf(float32(x)))-math.Erf(float64(float32(x)))))
		}
	}
	if worstExp > 3e-7 || worstErf > 1e-6 {
		t.Errorf("exp: worst relative error %g; erf: worst absolute error %g", worstExp, worstErf)
	}
	if exp(-1000) != 0 || math.IsInf(float64(exp(1000)), 0) || math.IsNaN(float64(erf(float32(math.Inf(1))))) {
		t.Errorf("exp(-1000) = %v, exp(1000) = %v, erf(+Inf) = %v", exp(-1000), exp(1000), erf(float32(math.Inf(1))))
	}
}

func TestSoftmax(t *testing.T) {
	s := []float32{1, 2, 3, -1000}
	softmax(s)
	want := []float64{0.09003057, 0.24472847, 0.66524096, 0}
	for i := range s {
		if math.Abs(float64(s[i])-want[i]) > 1e-6 {
			t.Fatalf("softmax = %v, want %v", s, want)
		}
	}
}
