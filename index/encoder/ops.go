package encoder

import "math"

// The element-wise operations of the forward pass.

// addLayerNorm sets each of the n rows of x to LayerNorm(x + y), with
// gain g and bias b (BERT's residual connection and normalisation).
func addLayerNorm(x, y, g, b []float32, n int) {
	for i := range n {
		row, add := x[i*Dim:(i+1)*Dim], y[i*Dim:(i+1)*Dim]
		var sum float64
		for j := range row {
			row[j] += add[j]
			sum += float64(row[j])
		}
		layerNormRow(row, g, b, sum)
	}
}

// layerNorm normalises each of the n rows of x in place.
func layerNorm(x, g, b []float32, n int) {
	for i := range n {
		row := x[i*Dim : (i+1)*Dim]
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		layerNormRow(row, g, b, sum)
	}
}

// layerNormRow normalises row, whose elements add up to sum, to zero
// mean and unit variance, then scales by g and shifts by b.
func layerNormRow(row, g, b []float32, sum float64) {
	mean := sum / float64(len(row))
	var ss float64
	for _, v := range row {
		d := float64(v) - mean
		ss += d * d
	}
	inv := 1 / math.Sqrt(ss/float64(len(row))+lnEps)
	m32, inv32 := float32(mean), float32(inv)
	g, b = g[:len(row)], b[:len(row)]
	for j, v := range row {
		row[j] = (v-m32)*inv32*g[j] + b[j]
	}
}

// gelu applies the erf form of GELU in place: x·Φ(x) =
// x·(1 + erf(x/√2))/2.
func gelu(x []float32) {
	for i, v := range x {
		x[i] = 0.5 * v * (1 + erf(v*(math.Sqrt2/2)))
	}
}

// erf is the error function to within 5e-7 (Abramowitz and Stegun,
// 7.1.26), some ten times faster than math.Erf.
func erf(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	t := 1 / (1 + 0.3275911*a)
	p := t * (0.254829592 + t*(-0.284496736+t*(1.421413741+t*(-1.453152027+t*1.061405429))))
	y := 1 - p*exp(-a*a)
	if x < 0 {
		return -y
	}
	return y
}

// exp is e^x in float32 to about 1 ulp (Cephes' expf), for x ≤ 88; it is
// 0 below -87.
func exp(x float32) float32 {
	if x < -87 {
		return 0
	}
	x = min(x, 88)
	t := x * math.Log2E
	if t < 0 {
		t -= 0.5
	} else {
		t += 0.5
	}
	n := float32(int32(t)) // t rounded, half away from zero
	x = x - n*0.693359375 + n*2.12194440e-4
	y := ((((1.9875691500e-4*x+1.3981999507e-3)*x+8.3334519073e-3)*x+4.1665795894e-2)*x+1.6666665459e-1)*x + 5.0000001201e-1
	y = y*x*x + x + 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// softmax turns s into probabilities in place.
func softmax(s []float32) {
	hi := float32(math.Inf(-1))
	for _, v := range s {
		hi = max(hi, v)
	}
	var sum float32
	for i, v := range s {
		e := exp(v - hi)
		s[i] = e
		sum += e
	}
	inv := 1 / sum
	for i := range s {
		s[i] *= inv
	}
}

// meanPool sets out to the mean of the n rows of x, scaled to unit
// length (the zero vector stays zero).
func meanPool(x []float32, n int, out []float32) {
	clear(out)
	for i := range n {
		for j, v := range x[i*Dim : (i+1)*Dim] {
			out[j] += v
		}
	}
	var ss float64
	for _, v := range out {
		ss += float64(v) * float64(v)
	}
	if ss == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(ss))
	for j := range out {
		out[j] *= inv
	}
}
