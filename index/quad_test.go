package index

import (
	"fmt"
	"math"
	"testing"
)

// expand adds products of feature pairs.
func expand(x *[nFeatures]float64, pairs [][2]int) []float64 {
	out := make([]float64, 0, nFeatures+len(pairs))
	out = append(out, x[:]...)
	for _, p := range pairs {
		out = append(out, x[p[0]]*x[p[1]])
	}
	return out
}

type quadModel struct {
	pairs [][2]int
	w     []float64
}

func (m *quadModel) score(x *[nFeatures]float64) float64 {
	v := expand(x, m.pairs)
	s := 0.0
	for i := range v {
		s += m.w[i] * v[i]
	}
	return s
}

func fitQuad(exs []example, pairs [][2]int, lambda float64, iters int) quadModel {
	type qex struct {
		xs  [][]float64
		hit []bool
		w   float64
	}
	var data []qex
	dim := nFeatures + len(pairs)
	mean := make([]float64, dim)
	sd := make([]float64, dim)
	n := 0.0
	for _, ex := range exs {
		anyHit := false
		for _, h := range ex.hit {
			anyHit = anyHit || h
		}
		if !anyHit || len(ex.xs) < 2 {
			continue
		}
		q := qex{hit: ex.hit, w: ex.w}
		if q.w == 0 {
			q.w = 1
		}
		for i := range ex.xs {
			v := expand(&ex.xs[i], pairs)
			q.xs = append(q.xs, v)
			for k := range v {
				mean[k] += v[k]
			}
			n++
		}
		data = append(data, q)
	}
	for k := range mean {
		mean[k] /= n
	}
	for _, q := range data {
		for _, v := range q.xs {
			for k := range v {
				sd[k] += (v[k] - mean[k]) * (v[k] - mean[k])
			}
		}
	}
	for k := range sd {
		sd[k] = math.Sqrt(sd[k]/n) + 1e-9
	}
	for _, q := range data {
		for _, v := range q.xs {
			for k := range v {
				v[k] = (v[k] - mean[k]) / sd[k]
			}
		}
	}
	w := make([]float64, dim)
	m1 := make([]float64, dim)
	m2 := make([]float64, dim)
	tw := 0.0
	for _, q := range data {
		tw += q.w
	}
	for it := 1; it <= iters; it++ {
		g := make([]float64, dim)
		for _, q := range data {
			ss := make([]float64, len(q.xs))
			mx := math.Inf(-1)
			for c, v := range q.xs {
				for k := range v {
					ss[c] += w[k] * v[k]
				}
				mx = max(mx, ss[c])
			}
			var zAll, zHit float64
			for c := range ss {
				p := math.Exp(ss[c] - mx)
				zAll += p
				if q.hit[c] {
					zHit += p
				}
			}
			for c, v := range q.xs {
				p := math.Exp(ss[c]-mx) / zAll
				if q.hit[c] {
					p -= math.Exp(ss[c]-mx) / zHit
				}
				for k := range v {
					g[k] += q.w * p * v[k]
				}
			}
		}
		for k := range g {
			g[k] = g[k]/tw + lambda*w[k]
			m1[k] = 0.9*m1[k] + 0.1*g[k]
			m2[k] = 0.999*m2[k] + 0.001*g[k]*g[k]
			w[k] -= 0.05 * m1[k] / (1 - math.Pow(0.9, float64(it))) / (math.Sqrt(m2[k]/(1-math.Pow(0.999, float64(it)))) + 1e-8)
		}
	}
	out := quadModel{pairs: pairs, w: make([]float64, dim)}
	for k := range w {
		out.w[k] = w[k] / sd[k]
	}
	return out
}

func TestQuad(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	engines := map[string]*Engine{}
	data := map[string][]example{}
	var names []string
	for _, set := range allEvalSets(t) {
		if engines[set.corpus] == nil {
			engines[set.corpus] = openEval(t, set.corpus, Options{})
		}
		data[set.name] = collect(t, engines[set.corpus], set)
		names = append(names, set.name)
	}
	var pairs [][2]int
	for i := range nFeatures {
		for j := i; j < nFeatures; j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	for _, set := range data {
		for i := range set {
			for c := range set[i].xs {
				set[i].xs[c][fxOld] = 0
			}
		}
	}
	for _, sw := range []float64{3} {
		for _, lambda := range []float64{1e-2, 3e-2} {
			var train []example
			for _, n := range []string{"public", "dev", "casual/tune", "squad/tune"} {
				for _, ex := range data[n] {
					if n != "squad/tune" {
						ex.w = sw
					}
					train = append(train, ex)
				}
			}
			m := fitQuad(train, pairs, lambda, 300)
			fmt.Printf("sw=%g l=%g ", sw, lambda)
			for _, n := range names {
				s := evalRank(data[n], func(ex *example, c int) float64 { return m.score(&ex.xs[c]) })
				fmt.Printf(" %s %.3f/%.3f", n, s.r1, s.r3)
			}
			fmt.Println()
		}
	}
}

// crossVal trains on one half (with public and dev) and scores the other,
// both ways round, and prints the held-out casual and SQuAD scores.
func crossVal(t *testing.T, label string, data map[string][]example, fit func([]example) func(*[nFeatures]float64) float64) {
	var cas, sq rankScores
	for _, half := range []string{"tune", "check"} {
		other := map[string]string{"tune": "check", "check": "tune"}[half]
		var train []example
		for _, n := range []string{"public", "dev", "casual/" + half, "squad/" + half} {
			for _, ex := range data[n] {
				if n[:3] != "squ" {
					ex.w = 3
				}
				train = append(train, ex)
			}
		}
		score := fit(train)
		c := evalRank(data["casual/"+other], func(ex *example, k int) float64 { return score(&ex.xs[k]) })
		s := evalRank(data["squad/"+other], func(ex *example, k int) float64 { return score(&ex.xs[k]) })
		cas.r1 += c.r1 * c.n
		cas.r3 += c.r3 * c.n
		cas.n += c.n
		sq.r1 += s.r1 * s.n
		sq.r3 += s.r3 * s.n
		sq.n += s.n
	}
	fmt.Printf("%-30s held-out casual %.3f/%.3f squad %.3f/%.3f\n", label, cas.r1/cas.n, cas.r3/cas.n, sq.r1/sq.n, sq.r3/sq.n)
}

func TestCV(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	engines := map[string]*Engine{}
	data := map[string][]example{}
	for _, set := range allEvalSets(t) {
		if engines[set.corpus] == nil {
			engines[set.corpus] = openEval(t, set.corpus, Options{})
		}
		data[set.name] = collect(t, engines[set.corpus], set)
	}
	var pairs [][2]int
	for i := range nFeatures {
		for j := i; j < nFeatures; j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	drop := func(f int) map[string][]example {
		out := map[string][]example{}
		for n, set := range data {
			cp := make([]example, len(set))
			for i, ex := range set {
				ex.xs = append([][nFeatures]float64(nil), ex.xs...)
				for c := range ex.xs {
					ex.xs[c][f] = 0
				}
				cp[i] = ex
			}
			out[n] = cp
		}
		return out
	}
	crossVal(t, "old ranker", data, func([]example) func(*[nFeatures]float64) float64 {
		return func(x *[nFeatures]float64) float64 { return x[fxOld] }
	})
	lin := func(train []example) func(*[nFeatures]float64) float64 {
		m := fitRank(train, 1e-3, [nFeatures]bool{}, 300)
		return m.score
	}
	quad := func(train []example) func(*[nFeatures]float64) float64 {
		m := fitQuad(train, pairs, 0.03, 300)
		return m.score
	}
	crossVal(t, "linear", data, lin)
	crossVal(t, "quad", data, quad)
	crossVal(t, "linear without old", drop(fxOld), lin)
	for _, f := range []int{fxParagraph, fxSpan} {
		crossVal(t, "linear without "+featureNames[f], drop(f), lin)
		crossVal(t, "quad without "+featureNames[f], drop(f), quad)
	}
}
