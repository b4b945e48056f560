package main

import (
	"math"
	"slices"
	"sort"

	"storybot/index"
	"storybot/index/internal/evalset"
)

// squadJudgeWeight scales SQuAD's own questions in the judge's training.
const squadJudgeWeight = 0.1

// judgeFalseRefusals is the share of the training sets' answerable story
// questions the judge's threshold may refuse.
const judgeFalseRefusals = 0.02

// judgeLambda is the judge's L2 penalty, on standardized inputs.
const judgeLambda = 1e-3

// fitOptions shape the ranker's fit: rankLambda is its L2 penalty on the
// features, and pairLambda on their products, on standardized inputs
// (products are many, and a strong penalty keeps only the interactions
// the data insist on); noPairs fits it without the products.
type fitOptions struct {
	rankLambda, pairLambda float64
	noPairs                bool
}

// expandFeatures is x followed by its products two by two, as the
// ranker reads them.
func (o fitOptions) expandFeatures(x *[index.NFeatures]float64) []float64 {
	out := make([]float64, 0, index.NRankWeights)
	out = append(out, x[:]...)
	for i := range index.NFeatures {
		for j := i; j < index.NFeatures; j++ {
			if o.noPairs {
				out = append(out, 0)
			} else {
				out = append(out, x[i]*x[j])
			}
		}
	}
	return out
}

// standardizer scales each input to mean 0 and deviation 1 for fitting;
// the weights found are scaled back.
type standardizer struct{ mean, sd []float64 }

func newStandardizer(rows [][]float64) standardizer {
	n := len(rows[0])
	st := standardizer{make([]float64, n), make([]float64, n)}
	for _, r := range rows {
		for k, v := range r {
			st.mean[k] += v
		}
	}
	for k := range st.mean {
		st.mean[k] /= float64(len(rows))
	}
	for _, r := range rows {
		for k, v := range r {
			st.sd[k] += (v - st.mean[k]) * (v - st.mean[k])
		}
	}
	for k := range st.sd {
		st.sd[k] = math.Sqrt(st.sd[k]/float64(len(rows))) + 1e-9
	}
	return st
}

func (st standardizer) apply(r []float64) {
	for k := range r {
		r[k] = (r[k] - st.mean[k]) / st.sd[k]
	}
}

// adam takes gradient steps on w.
type adam struct {
	m1, m2 []float64
	t      int
}

func (a *adam) step(w, g []float64, rate float64) {
	if a.m1 == nil {
		a.m1, a.m2 = make([]float64, len(w)), make([]float64, len(w))
	}
	a.t++
	for k := range w {
		a.m1[k] = 0.9*a.m1[k] + 0.1*g[k]
		a.m2[k] = 0.999*a.m2[k] + 0.001*g[k]*g[k]
		mh := a.m1[k] / (1 - math.Pow(0.9, float64(a.t)))
		vh := a.m2[k] / (1 - math.Pow(0.999, float64(a.t)))
		w[k] -= rate * mh / (math.Sqrt(vh) + 1e-8)
	}
}

// rankGroup is one answerable question's candidates, standardized, with
// which are right.
type rankGroup struct {
	xs  [][]float64
	hit []bool
	w   float64
}

// fitRanker fits the ranker as a conditional logit over each answerable
// sample's candidates, with drop's features left out.
func (o fitOptions) fitRanker(samples []sample, drop []int) [index.NRankWeights]float64 {
	var groups []rankGroup
	var rows [][]float64
	for _, s := range samples {
		if !s.answerable() || !s.anyHit() || s.c.Len() < 2 {
			continue
		}
		g := rankGroup{hit: s.hit, w: s.w}
		for i := range s.c.Len() {
			x := s.c.Features(i)
			for _, f := range drop {
				x[f] = 0
			}
			r := o.expandFeatures(&x)
			g.xs = append(g.xs, r)
			rows = append(rows, r)
		}
		groups = append(groups, g)
	}
	st := newStandardizer(rows)
	for _, r := range rows {
		st.apply(r)
	}
	w := make([]float64, index.NRankWeights)
	var opt adam
	total := 0.0
	for _, g := range groups {
		total += g.w
	}
	for range 300 {
		grad := make([]float64, index.NRankWeights)
		for _, g := range groups {
			g.gradient(w, grad)
		}
		for k := range grad {
			l := o.rankLambda
			if k >= index.NFeatures {
				l = o.pairLambda
			}
			grad[k] = grad[k]/total + l*w[k]
		}
		opt.step(w, grad, 0.05)
	}
	var out [index.NRankWeights]float64
	for k := range w {
		out[k] = w[k] / st.sd[k] // the mean shifts every candidate alike
	}
	return out
}

// gradient adds the group's gradient of the conditional logit's loss at
// w to grad.
func (g rankGroup) gradient(w, grad []float64) {
	ss := make([]float64, len(g.xs))
	top := math.Inf(-1)
	for c, x := range g.xs {
		for k, v := range x {
			ss[c] += w[k] * v
		}
		top = max(top, ss[c])
	}
	var all, right float64
	for c := range ss {
		p := math.Exp(ss[c] - top)
		all += p
		if g.hit[c] {
			right += p
		}
	}
	for c, x := range g.xs {
		d := math.Exp(ss[c]-top) / all
		if g.hit[c] {
			d -= math.Exp(ss[c]-top) / right
		}
		for k, v := range x {
			grad[k] += g.w * d * v
		}
	}
}

// fitJudge fits the judge's logistic regression.
func fitJudge(xs [][index.NJudge]float64, ys []bool, ws []float64, drop []int) [index.NJudge]float64 {
	rows := make([][]float64, len(xs))
	for i := range xs {
		rows[i] = slices.Clone(xs[i][:])
		for _, f := range drop {
			rows[i][f] = 0
		}
	}
	st := newStandardizer(rows)
	st.mean[index.JudgeBias], st.sd[index.JudgeBias] = 0, 1
	for _, r := range rows {
		st.apply(r)
	}
	w := make([]float64, index.NJudge)
	var opt adam
	total := 0.0
	for _, v := range ws {
		total += v
	}
	for range 2000 {
		grad := make([]float64, index.NJudge)
		for i, r := range rows {
			s := 0.0
			for k, v := range r {
				s += w[k] * v
			}
			d := 1 / (1 + math.Exp(-s))
			if ys[i] {
				d--
			}
			for k, v := range r {
				grad[k] += ws[i] * d * v
			}
		}
		for k := range grad {
			grad[k] = grad[k]/total + judgeLambda*w[k]
		}
		opt.step(w, grad, 0.05)
	}
	var out [index.NJudge]float64
	for k := range w {
		if k == index.JudgeBias {
			continue
		}
		out[k] = w[k] / st.sd[k]
		out[index.JudgeBias] -= w[k] * st.mean[k] / st.sd[k]
	}
	out[index.JudgeBias] += w[index.JudgeBias]
	return out
}

// fit trains both models on half's data, without drop's ranker features
// and jdrop's judge features.
func (d *trainingData) fit(half string, drop, jdrop []int) (index.Model, error) {
	var rankSamples []sample
	for _, n := range trainSets(half) {
		rankSamples = append(rankSamples, d.sets[n]...)
	}
	m := index.Model{Rank: d.fo.fitRanker(rankSamples, drop)}
	js, err := d.judgeSamples(half)
	if err != nil {
		return m, err
	}
	var xs [][index.NJudge]float64
	var ys []bool
	var ws []float64
	for i := range js {
		xs = append(xs, js[i].rescore(&m))
		ys = append(ys, js[i].answerable())
		w := js[i].w
		if d.byName[js[i].set].Squad && js[i].item.Kind == "" {
			// SQuAD's own questions, both kinds: its unanswerable ones are
			// written to look answerable from the very paragraph, which
			// words alone cannot tell; they would drown the rest.
			w *= squadJudgeWeight
		}
		ws = append(ws, w)
	}
	m.Judge = fitJudge(xs, ys, ws, jdrop)
	// The threshold refuses judgeFalseRefusals of the answerable story
	// questions trained on.
	var ps []float64
	for i := range js {
		if js[i].answerable() && !d.byName[js[i].set].Squad {
			ps = append(ps, m.Confidence(&xs[i]))
		}
	}
	sort.Float64s(ps)
	m.Threshold = ps[int(judgeFalseRefusals*float64(len(ps)))]
	return m, nil
}

// heldOut scores set's samples with m: ranks and refusals.
func heldOut(samples []sample, m *index.Model, threshold float64) evalset.Scores {
	var s evalset.Scores
	for i := range samples {
		smp := &samples[i]
		f := smp.rescore(m)
		rank := 0
		for k := 0; k < 3 && k < len(smp.hit); k++ {
			if smp.hit[k] {
				rank = k + 1
				break
			}
		}
		s.Count(smp.item, smp.c.Len() > 0 && m.Confidence(&f) >= threshold, rank)
	}
	return s
}
