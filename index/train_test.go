package index

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strconv"
	"testing"
)

// example is one answerable question's candidates, with which are right.
type example struct {
	set   string
	w     float64 // weight in training; 0 means 1
	xs    [][nFeatures]float64
	hit   []bool
	old   []float64 // previous ranker's score, for comparison
	items evalItem
}

const trainCandidates = 40

var missSet = flag.String("missset", "public", "set whose misses TestMissesStory prints")

var storyWeight = flag.Float64("storyweight", 5, "training weight of a story question against a SQuAD one")

func collect(t testing.TB, e *Engine, set evalSet) []example {
	var out []example
	for _, q := range set.items {
		if !q.answerable() {
			continue
		}
		in := intentOf(q.Q)
		terms := e.questionTerms(in.rest)
		ex := example{set: set.name, items: q}
		if len(terms) > 0 || in.kind == kindLead {
			req := e.request(terms, in)
			req.Size = trainCandidates
			sr, err := e.idx.SearchInContext(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range e.featurize(terms, in, sr.Hits) {
				k, _ := strconv.Atoi(c.hit.ID)
				ex.xs = append(ex.xs, c.x)
				ex.hit = append(ex.hit, set.rank(q, Result{Answers: []Answer{{Text: e.recs[k].show}}}) == 1)
				ex.old = append(ex.old, c.score)
			}
		}
		out = append(out, ex)
	}
	return out
}

type linear struct {
	w [nFeatures]float64
}

func (m *linear) score(x *[nFeatures]float64) float64 {
	s := 0.0
	for i, v := range x {
		s += m.w[i] * v
	}
	return s
}

// fitRank fits a conditional logit: the probability of the right
// candidates among each question's.
func fitRank(exs []example, lambda float64, mask [nFeatures]bool, iters int) linear {
	var mean, sd [nFeatures]float64
	n := 0.0
	for _, ex := range exs {
		for _, x := range ex.xs {
			for i, v := range x {
				mean[i] += v
			}
			n++
		}
	}
	for i := range mean {
		mean[i] /= n
	}
	for _, ex := range exs {
		for _, x := range ex.xs {
			for i, v := range x {
				sd[i] += (v - mean[i]) * (v - mean[i])
			}
		}
	}
	for i := range sd {
		sd[i] = math.Sqrt(sd[i]/n) + 1e-9
	}
	var w, m1, m2 [nFeatures]float64
	lr := 0.05
	for it := 1; it <= iters; it++ {
		var g [nFeatures]float64
		for _, ex := range exs {
			anyHit := false
			for _, h := range ex.hit {
				anyHit = anyHit || h
			}
			if !anyHit || len(ex.xs) < 2 {
				continue
			}
			ss := make([]float64, len(ex.xs))
			mx := math.Inf(-1)
			for c, x := range ex.xs {
				for i, v := range x {
					if !mask[i] {
						ss[c] += w[i] * (v - mean[i]) / sd[i]
					}
				}
				mx = max(mx, ss[c])
			}
			var zAll, zHit float64
			for c := range ss {
				p := math.Exp(ss[c] - mx)
				zAll += p
				if ex.hit[c] {
					zHit += p
				}
			}
			ew := ex.w
			if ew == 0 {
				ew = 1
			}
			for c, x := range ex.xs {
				p := ew * math.Exp(ss[c]-mx) / zAll
				ph := 0.0
				if ex.hit[c] {
					ph = ew * math.Exp(ss[c]-mx) / zHit
				}
				for i, v := range x {
					g[i] += (p - ph) * (v - mean[i]) / sd[i]
				}
			}
		}
		for i := range g {
			if mask[i] {
				continue
			}
			g[i] = g[i]/float64(len(exs)) + lambda*w[i]
			m1[i] = 0.9*m1[i] + 0.1*g[i]
			m2[i] = 0.999*m2[i] + 0.001*g[i]*g[i]
			mh := m1[i] / (1 - math.Pow(0.9, float64(it)))
			vh := m2[i] / (1 - math.Pow(0.999, float64(it)))
			w[i] -= lr * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	var out linear
	for i := range w {
		if !mask[i] {
			out.w[i] = w[i] / sd[i]
		}
	}
	return out
}

type rankScores struct{ n, r1, r3 float64 }

func evalRank(exs []example, score func(ex *example, c int) float64) rankScores {
	var s rankScores
	for i := range exs {
		ex := &exs[i]
		s.n++
		type sc struct {
			c int
			v float64
		}
		var order []sc
		for c := range ex.xs {
			order = append(order, sc{c, score(ex, c)})
		}
		// stable selection of the top 3
		for k := 0; k < 3 && k < len(order); k++ {
			best := k
			for j := k + 1; j < len(order); j++ {
				if order[j].v > order[best].v {
					best = j
				}
			}
			order[k], order[best] = order[best], order[k]
			if ex.hit[order[k].c] {
				if k == 0 {
					s.r1++
				}
				s.r3++
				break
			}
		}
	}
	s.r1 /= s.n
	s.r3 /= s.n
	return s
}

func TestTrainRank(t *testing.T) {
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
	var train []example
	for _, n := range []string{"public", "dev", "casual/tune", "squad/tune"} {
		for _, ex := range data[n] {
			if n != "squad/tune" {
				ex.w = *storyWeight
			}
			train = append(train, ex)
		}
	}
	report := func(label string, score func(ex *example, c int) float64) {
		fmt.Printf("%-28s", label)
		for _, n := range names {
			s := evalRank(data[n], score)
			fmt.Printf(" %s %.3f/%.3f", n, s.r1, s.r3)
		}
		fmt.Println()
	}
	report("old", func(ex *example, c int) float64 { return ex.old[c] })
	var none [nFeatures]bool
	m := fitRank(train, 1e-3, none, 400)
	report("model", func(ex *example, c int) float64 { return m.score(&ex.xs[c]) })
	for i, name := range featureNames {
		fmt.Printf("  %s=%.3f", name, m.w[i])
		_ = i
	}
	fmt.Println()
	for f := range nFeatures {
		mask := none
		mask[f] = true
		m := fitRank(train, 1e-3, mask, 400)
		report("without "+featureNames[f], func(ex *example, c int) float64 { return m.score(&ex.xs[c]) })
	}
}

func TestMisses(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	sets := allEvalSets(t)
	e := openEval(t, sets[3].corpus, Options{})
	set := sets[3]
	set.items = set.items[:400]
	exs := collect(t, e, set)
	var train []example
	train = append(train, exs...)
	var none [nFeatures]bool
	m := fitRank(train, 1e-3, none, 300)
	shown := 0
	for _, ex := range exs {
		best, bs := -1, math.Inf(-1)
		for c := range ex.xs {
			if s := m.score(&ex.xs[c]); s > bs {
				best, bs = c, s
			}
		}
		if best < 0 || ex.hit[best] {
			continue
		}
		shown++
		if shown > 25 {
			break
		}
		fmt.Printf("Q: %s\n  gold: %.200s\n", ex.items.Q, ex.items.Gold)
		in := intentOf(ex.items.Q)
		terms := e.questionTerms(in.rest)
		req := e.request(terms, in)
		req.Size = trainCandidates
		sr, _ := e.idx.SearchInContext(context.Background(), req)
		cs := e.featurize(terms, in, sr.Hits)
		k, _ := strconv.Atoi(cs[best].hit.ID)
		fmt.Printf("  top: %.200s\n", e.recs[k].show)
		for c := range ex.xs {
			if ex.hit[c] {
				fmt.Printf("  gold cand rank score %.2f vs %.2f\n", m.score(&ex.xs[c]), bs)
			}
		}
	}
}

func TestMissesStory(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	sets := allEvalSets(t)
	e := openEval(t, "../corpus", Options{})
	squadE := openEval(t, sets[3].corpus, Options{})
	var train []example
	for _, set := range sets {
		if set.name == "public" || set.name == "dev" || set.name == "casual/tune" {
			for _, ex := range collect(t, e, set) {
				ex.w = *storyWeight
				train = append(train, ex)
			}
		}
		if set.name == "squad/tune" {
			train = append(train, collect(t, squadE, set)...)
		}
	}
	m := fitRank(train, 1e-3, [nFeatures]bool{}, 400)
	for _, set := range sets {
		if set.name != *missSet {
			continue
		}
		for _, ex := range collect(t, e, set) {
			best, bs := -1, math.Inf(-1)
			for c := range ex.xs {
				if s := m.score(&ex.xs[c]); s > bs {
					best, bs = c, s
				}
			}
			if best < 0 || ex.hit[best] {
				continue
			}
			in := intentOf(ex.items.Q)
			terms := e.questionTerms(in.rest)
			req := e.request(terms, in)
			req.Size = trainCandidates
			sr, _ := e.idx.SearchInContext(context.Background(), req)
			cs := e.featurize(terms, in, sr.Hits)
			k, _ := strconv.Atoi(cs[best].hit.ID)
			fmt.Printf("Q: %s   (expect %q)\n  top: %.150s\n", ex.items.Q, ex.items.Expect[0], e.recs[k].show)
			rank := 1
			for c := range ex.xs {
				if ex.hit[c] {
					for d := range ex.xs {
						if m.score(&ex.xs[d]) > m.score(&ex.xs[c]) {
							rank++
						}
					}
					fmt.Printf("  gold rank %d  %v\n  top       %v\n", rank, fmtX(ex.xs[c]), fmtX(ex.xs[best]))
					break
				}
			}
		}
	}
}

func fmtX(x [nFeatures]float64) string {
	s := ""
	for i, v := range x {
		if v != 0 {
			s += fmt.Sprintf(" %s=%.2f", featureNames[i], v)
		}
	}
	return s
}
