package gemm

// kernGeneric is the pure-Go micro-kernel: for i < rows,
// c[i·ldc + t] = bias[t] + Σ_kk a[i·lda + kk]·panel[kk·16 + t], t < 16,
// with k = lda. c must hold (rows-1)·ldc + 16 values. It works on blocks of
// 3 rows × 4 outputs, whose 12 sums stay in registers.
func kernGeneric(rows int, a []float32, lda int, panel []float32, c []float32, ldc int, bias *[panelW]float32) {
	k := lda
	panel = panel[:k*panelW]
	i := 0
	for ; i+3 <= rows; i += 3 {
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k]
		a2 := a[(i+2)*lda : (i+2)*lda+k]
		c0 := c[i*ldc : i*ldc+panelW]
		c1 := c[(i+1)*ldc : (i+1)*ldc+panelW]
		c2 := c[(i+2)*ldc : (i+2)*ldc+panelW]
		for h := 0; h < panelW; h += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23 float32
			a1, a2 := a1[:len(a0)], a2[:len(a0)]
			for kk, x0 := range a0 {
				q := panel[kk*panelW+h : kk*panelW+h+4 : kk*panelW+h+4]
				w0, w1, w2, w3 := q[0], q[1], q[2], q[3]
				x1, x2 := a1[kk], a2[kk]
				s00 += x0 * w0
				s01 += x0 * w1
				s02 += x0 * w2
				s03 += x0 * w3
				s10 += x1 * w0
				s11 += x1 * w1
				s12 += x1 * w2
				s13 += x1 * w3
				s20 += x2 * w0
				s21 += x2 * w1
				s22 += x2 * w2
				s23 += x2 * w3
			}
			b := bias[h : h+4 : h+4]
			c0[h], c0[h+1], c0[h+2], c0[h+3] = b[0]+s00, b[1]+s01, b[2]+s02, b[3]+s03
			c1[h], c1[h+1], c1[h+2], c1[h+3] = b[0]+s10, b[1]+s11, b[2]+s12, b[3]+s13
			c2[h], c2[h+1], c2[h+2], c2[h+3] = b[0]+s20, b[1]+s21, b[2]+s22, b[3]+s23
		}
	}
	for ; i < rows; i++ {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+panelW]
		for h := 0; h < panelW; h += 8 {
			var s0, s1, s2, s3, s4, s5, s6, s7 float32
			for kk, x := range ai {
				q := panel[kk*panelW+h : kk*panelW+h+8 : kk*panelW+h+8]
				s0 += x * q[0]
				s1 += x * q[1]
				s2 += x * q[2]
				s3 += x * q[3]
				s4 += x * q[4]
				s5 += x * q[5]
				s6 += x * q[6]
				s7 += x * q[7]
			}
			b := bias[h : h+8 : h+8]
			ci[h], ci[h+1], ci[h+2], ci[h+3] = b[0]+s0, b[1]+s1, b[2]+s2, b[3]+s3
			ci[h+4], ci[h+5], ci[h+6], ci[h+7] = b[4]+s4, b[5]+s5, b[6]+s6, b[7]+s7
		}
	}
}

// dotGeneric is Dot in plain Go, with four partial sums.
func dotGeneric(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
