package index

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"testing"
)

func articlesOf(set evalSet) []string {
	var out []string
	for _, q := range set.items {
		if !slices.Contains(out, q.Story) {
			out = append(out, q.Story)
		}
	}
	return out
}

const nQ = 12

var qfNames = [nQ]string{"s1", "margin", "p1", "cov", "unknoun", "unkother", "soft", "missing", "sentvec", "nterms", "unkvec", "bias"}

// qexample is one question, answerable or not, with its candidates.
type qexample struct {
	set        string
	answerable bool
	kind       string
	cands      []cand
	hit        []bool
	terms      []qterm
	item       evalItem
}

func collectQ(t testing.TB, e *Engine, set evalSet) []qexample {
	var out []qexample
	for _, q := range set.items {
		in := intentOf(q.Q)
		terms := e.questionTerms(in.rest)
		ex := qexample{set: set.name, answerable: q.answerable(), kind: q.Kind, terms: terms, item: q}
		if len(terms) > 0 || in.kind == kindLead {
			req := e.request(terms, in)
			req.Size = trainCandidates
			sr, err := e.idx.SearchInContext(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			ex.cands = e.featurize(terms, in, sr.Hits)
			for _, c := range ex.cands {
				k, _ := strconv.Atoi(c.hit.ID)
				ex.hit = append(ex.hit, q.answerable() && set.rank(q, Result{Answers: []Answer{{Text: e.recs[k].show}}}) == 1)
			}
		}
		out = append(out, ex)
	}
	return out
}

func (ex *qexample) asExample() example {
	out := example{set: ex.set, hit: ex.hit, items: ex.item}
	for _, c := range ex.cands {
		out.xs = append(out.xs, c.x)
		out.old = append(out.old, c.score)
	}
	return out
}

// qfeatures describes the question and its ranked candidates for the
// abstention model. order is the candidates sorted by the rank model.
func qfeatures(e *Engine, ex *qexample, m *linear) (f [nQ]float64, order []int) {
	f[11] = 1
	var sumIDF float64
	for _, t := range ex.terms {
		sumIDF += t.idf
	}
	info := func(t qterm) float64 { return max(0.5, t.rarity-8) }
	sumInfo := 0.0
	for _, t := range ex.terms {
		sumInfo += info(t)
	}
	for _, t := range ex.terms {
		if e.df[t.term] > 0 {
			continue
		}
		f[4] += info(t) / max(sumInfo, 1e-9)
		fixed := false
		for _, w := range t.alts {
			if w == altFix {
				fixed = true
			}
		}
		if !fixed && t.name {
			f[5]++
		}
	}
	f[9] = math.Log1p(float64(len(ex.terms)))
	if len(ex.cands) == 0 {
		f[0] = -5
		return f, nil
	}
	ss := make([]float64, len(ex.cands))
	order = make([]int, len(ex.cands))
	for i := range ex.cands {
		ss[i] = m.score(&ex.cands[i].x)
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ss[order[a]] > ss[order[b]] })
	top := &ex.cands[order[0]]
	f[0] = ss[order[0]]
	if len(order) > 1 {
		f[1] = ss[order[0]] - ss[order[1]]
	} else {
		f[1] = 3
	}
	z := 0.0
	for _, s := range ss {
		z += math.Exp(s - f[0])
	}
	f[2] = 1 / z
	for k := 0; k < 3 && k < len(order); k++ {
		f[3] = max(f[3], ex.cands[order[k]].coverage)
	}
	for k, t := range ex.terms {
		m := top.matched[k]
		got := m.weight
		if got == 0 && t.vec != nil {
			best := 0.0
			for _, id := range top.rec.text {
				best = max(best, e.wv.cosine(t.vec, t.inv, id))
			}
			got = max(0, best-vecFloor) / (1 - vecFloor)
		}
		f[6] += got * info(t) / max(sumInfo, 1e-9)
	}
	f[7] = top.x[fxMissing]
	f[8] = top.x[fxSentVec]
	// unknown words with a related word in the best passages
	for _, t := range ex.terms {
		if e.df[t.term] > 0 || t.vec == nil {
			continue
		}
		best := 0.0
		for k := 0; k < 3 && k < len(order); k++ {
			for _, id := range ex.cands[order[k]].rec.text {
				best = max(best, e.wv.cosine(t.vec, t.inv, id))
			}
		}
		f[10] += max(0, best-vecFloor) * info(t) / max(sumInfo, 1e-9)
	}
	return f, order
}

type logreg struct{ w [nQ]float64 }

func (l *logreg) p(f *[nQ]float64) float64 {
	s := 0.0
	for i, v := range f {
		s += l.w[i] * v
	}
	return 1 / (1 + math.Exp(-s))
}

func fitLogreg(xs [][nQ]float64, ys []bool, ws []float64, lambda float64, mask [nQ]bool) logreg {
	var mean, sd [nQ]float64
	for _, x := range xs {
		for i, v := range x {
			mean[i] += v
		}
	}
	for i := range mean {
		mean[i] /= float64(len(xs))
	}
	for _, x := range xs {
		for i, v := range x {
			sd[i] += (v - mean[i]) * (v - mean[i])
		}
	}
	for i := range sd {
		sd[i] = math.Sqrt(sd[i]/float64(len(xs))) + 1e-9
	}
	mean[11], sd[11] = 0, 1
	var w, m1, m2 [nQ]float64
	for it := 1; it <= 2000; it++ {
		var g [nQ]float64
		tw := 0.0
		for k, x := range xs {
			s := 0.0
			for i, v := range x {
				if !mask[i] {
					s += w[i] * (v - mean[i]) / sd[i]
				}
			}
			p := 1 / (1 + math.Exp(-s))
			y := 0.0
			if ys[k] {
				y = 1
			}
			for i, v := range x {
				g[i] += ws[k] * (p - y) * (v - mean[i]) / sd[i]
			}
			tw += ws[k]
		}
		for i := range g {
			if mask[i] {
				continue
			}
			g[i] = g[i]/tw + lambda*w[i]
			m1[i] = 0.9*m1[i] + 0.1*g[i]
			m2[i] = 0.999*m2[i] + 0.001*g[i]*g[i]
			w[i] -= 0.05 * m1[i] / (1 - math.Pow(0.9, float64(it))) / (math.Sqrt(m2[i]/(1-math.Pow(0.999, float64(it)))) + 1e-8)
		}
	}
	var out logreg
	bias := w[11]
	for i := range w {
		if i == 11 || mask[i] {
			continue
		}
		out.w[i] = w[i] / sd[i]
		bias -= w[i] * mean[i] / sd[i]
	}
	out.w[11] = bias
	return out
}

func TestTrainAbstain(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	engines := map[string]*Engine{}
	data := map[string][]qexample{}
	var names []string
	for _, set := range allEvalSets(t) {
		if engines[set.corpus] == nil {
			engines[set.corpus] = openEval(t, set.corpus, Options{})
		}
		data[set.name] = collectQ(t, engines[set.corpus], set)
		names = append(names, set.name)
	}
	trainSets := []string{"public", "dev", "casual/tune", "squad/tune"}
	var train []example
	for _, n := range trainSets {
		for i := range data[n] {
			if data[n][i].answerable {
				train = append(train, data[n][i].asExample())
			}
		}
	}
	m := fitRank(train, 1e-3, [nFeatures]bool{}, 400)
	corpusOf := map[string]string{}
	for _, set := range allEvalSets(t) {
		corpusOf[set.name] = set.corpus
	}
	feats := map[string][][nQ]float64{}
	orders := map[string][][]int{}
	for _, n := range names {
		e := engines[corpusOf[n]]
		for i := range data[n] {
			f, o := qfeatures(e, &data[n][i], &m)
			feats[n] = append(feats[n], f)
			orders[n] = append(orders[n], o)
		}
	}
	var xs [][nQ]float64
	var ys []bool
	var ws []float64
	for _, n := range trainSets {
		w := 1.0
		if n == "squad/tune" {
			w = 0.2
		}
		for i, ex := range data[n] {
			xs = append(xs, feats[n][i])
			ys = append(ys, ex.answerable)
			ws = append(ws, w)
		}
	}
	// Questions asked of the wrong corpus are off-topic there.
	cross := func(e *Engine, set evalSet, w float64, keep func(evalItem) bool) {
		set.items = slices.DeleteFunc(slices.Clone(set.items), func(q evalItem) bool { return !q.answerable() || !keep(q) })
		for _, q := range set.items {
			q.Answerable = new(bool)
		}
		exs := collectQ(t, e, set)
		for i := range exs {
			exs[i].answerable = false
			f, _ := qfeatures(e, &exs[i], &m)
			xs = append(xs, f)
			ys = append(ys, false)
			ws = append(ws, w)
		}
	}
	sets := allEvalSets(t)
	byName := map[string]evalSet{}
	for _, s := range sets {
		byName[s.name] = s
	}
	story := engines["../corpus"]
	squadDir := byName["squad/tune"].corpus
	all := func(evalItem) bool { return true }
	for _, n := range []string{"public", "dev", "casual/tune"} {
		cross(engines[squadDir], byName[n], 0.3, all)
	}
	cross(story, byName["squad/tune"], 0.05, all)
	stories, _, _ := LoadDir(os.DirFS(squadDir), ".")
	for _, a := range articlesOf(byName["squad/tune"]) {
		rest := slices.DeleteFunc(slices.Clone(stories), func(s Story) bool { return s.ID == a })
		e, err := Open(context.Background(), rest, Options{})
		if err != nil {
			t.Fatal(err)
		}
		cross(e, byName["squad/tune"], 0.1, func(q evalItem) bool { return q.Story == a })
	}
	lr := fitLogreg(xs, ys, ws, 1e-3, [nQ]bool{})
	for i, nm := range qfNames {
		fmt.Printf(" %s=%.3f", nm, lr.w[i])
	}
	fmt.Println()
	printRanked(names, data, feats, lr)
	// threshold: 2% of the story sets' answerable training questions refused
	var ps []float64
	for _, n := range trainSets[:3] {
		for i, ex := range data[n] {
			if ex.answerable {
				ps = append(ps, lr.p(&feats[n][i]))
			}
		}
	}
	sort.Float64s(ps)
	for _, rate := range []float64{0.0, 0.02, 0.03, 0.05} {
		th := ps[int(rate*float64(len(ps)))] - 1e-9
		fmt.Printf("threshold %.3f (train FA %.2f)\n", th, rate)
		for _, n := range names {
			var s evalScores
			for i, ex := range data[n] {
				answered := lr.p(&feats[n][i]) >= th
				switch {
				case ex.answerable:
					s.n++
					if !answered {
						s.falseAbstain++
						continue
					}
					for k, c := range orders[n][i] {
						if k == 3 {
							break
						}
						if ex.hit[c] {
							s.r3++
							if k == 0 {
								s.r1++
							}
							break
						}
					}
				case ex.kind == "near":
					s.near++
					if !answered {
						s.nearAbstain++
					}
				default:
					s.off++
					if !answered {
						s.offAbstain++
					}
				}
			}
			fmt.Printf("  %-13s %v\n", n, s)
		}
	}
}

func TestShowQ(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	sets := allEvalSets(t)
	e := openEval(t, "../corpus", Options{})
	for _, set := range sets {
		if set.corpus != "../corpus" || set.name == "public" {
			continue
		}
		for _, ex := range collectQ(t, e, set) {
			fmt.Printf("%-6s %-8s", set.name[:3], ex.kind)
			if ex.answerable {
				fmt.Printf("%-8s", "ANS")
			}
			for _, tm := range ex.terms {
				known := "+"
				if e.df[tm.term] == 0 {
					known = "-"
				}
				fmt.Printf(" %s%s/%c/%.1f", known, tm.word, max(tm.pos, '?'), tm.idf)
			}
			fmt.Println()
		}
	}
}

func printRanked(names []string, data map[string][]qexample, feats map[string][][nQ]float64, lr logreg) {
	type row struct {
		p    float64
		lab  string
		q    string
		f    [nQ]float64
	}
	var rows []row
	for _, n := range names {
		if n[:3] != "cas" {
			continue
		}
		for i, ex := range data[n] {
			lab := "ANS"
			if !ex.answerable {
				lab = ex.kind
			}
			rows = append(rows, row{lr.p(&feats[n][i]), lab, ex.item.Q, feats[n][i]})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].p < rows[b].p })
	for _, r := range rows {
		fmt.Printf("%.3f %-8s %.60s |", r.p, r.lab, r.q)
		for k := range nQ - 1 {
			fmt.Printf(" %.2f", r.f[k])
		}
		fmt.Println()
	}
}
