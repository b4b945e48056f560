package index

import (
	"context"
	"flag"
	"fmt"
	"go/format"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Training the ranker and the judge (model.go):
//
//	go test ./index -run TestTrain -train      # fit, write model_params.go, print the trade-off
//	go test ./index -run TestTrain -ablation   # refit without each feature, both halves held out in turn
//
// Both read the public answer sets (../shared/eval) and our dev set. The
// models are fitted on public.jsonl, testdata/dev.jsonl and the tune
// halves of casual.jsonl and SQuAD (eval_test.go); the check halves are
// never fitted on, only reported.
var (
	trainFlag    = flag.Bool("train", false, "fit the models and write model_params.go")
	ablationFlag = flag.Bool("ablation", false, "print the held-out ablation of each feature")
	dropFeatures = flag.String("drop", "", "with -ablation: only the row without these ranker features (comma-separated names)")
	ablateOnly   = flag.String("techniques", "vectors,synonyms,fuzzy,lemma,fields", "first-stage techniques to ablate (the ranker's features are ablated only when this is empty)")
)

// storyWeight is how much a question about a story counts in training
// against a SQuAD one: there are about six SQuAD questions for each story
// question, and the bot is for stories.
const storyWeight = 5

// squadJudgeWeight scales SQuAD's own questions in the judge's training.
const squadJudgeWeight = 0.1

// judgeFalseRefusals is the share of the training sets' answerable story
// questions the judge's threshold may refuse.
const judgeFalseRefusals = 0.02

// sample is one question with its candidates, as the engine sees them.
type sample struct {
	set   string
	item  evalItem
	e     *Engine
	terms []qterm
	cands []cand
	cos   *cosines
	rd    *reading
	hit   []bool // which candidates are right
	w     float64
}

func (s *sample) answerable() bool { return s.item.answerable() }

func (s *sample) anyHit() bool { return slices.Contains(s.hit, true) }

// collectSamples runs each question of set through the engine's first
// steps and labels its candidates.
func collectSamples(tb testing.TB, e *Engine, set evalSet) []sample {
	var out []sample
	for _, q := range set.items {
		in, terms := e.readQuestion(clipQuestion(q.Q))
		s := sample{set: set.name, item: q, e: e, terms: terms, w: 1}
		if !set.squad {
			s.w = storyWeight
		}
		if len(terms) > 0 || in.kind == kindLead {
			sr, err := e.idx.SearchInContext(context.Background(), e.request(terms, in))
			if err != nil {
				tb.Fatal(err)
			}
			s.rd = e.read(e.readable(clipQuestion(q.Q), terms, sr.Hits))
			s.cands, s.cos = e.featurize(terms, in, e.addDense(s.rd, sr.Hits), s.rd)
			for _, c := range s.cands {
				s.hit = append(s.hit, q.answerable() && set.rank(q, Result{Answers: []Answer{{Text: c.rec.show}}}) == 1)
			}
		}
		out = append(out, s)
	}
	return out
}

// rescore scores and sorts a sample's candidates with m, and returns its
// judge features.
func (s *sample) rescore(m *model) [nJudge]float64 {
	for i := range s.cands {
		s.cands[i].model = m.score(&s.cands[i].x)
	}
	order := make([]int, len(s.cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return s.cands[order[a]].model > s.cands[order[b]].model })
	cs := make([]cand, len(order))
	hit := make([]bool, len(order))
	for i, k := range order {
		cs[i], hit[i] = s.cands[k], s.hit[k]
	}
	s.cands, s.hit = cs, hit
	return s.e.judgeFeatures(s.terms, s.cands, s.cos, s.rd)
}

// expandFeatures is x followed by its products two by two, as model.score
// reads them.
func expandFeatures(x *[nFeatures]float64) []float64 {
	out := make([]float64, 0, nRankWeights)
	out = append(out, x[:]...)
	for i := range nFeatures {
		for j := i; j < nFeatures; j++ {
			if *noPairs {
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

// rankLambda is the ranker's L2 penalty on the features, and pairLambda on
// their products, on standardized inputs: products are many, and a
// strong penalty keeps only the interactions the data insist on.
var (
	rankLambda = flag.Float64("rank-lambda", 0.03, "the ranker's L2 penalty on features")
	pairLambda = flag.Float64("pair-lambda", 0.3, "the ranker's L2 penalty on products of features")
	noPairs    = flag.Bool("no-pairs", false, "fit the ranker without products of features")
	ablateSome = flag.String("features", "", "with -ablation: a row only for each of these ranker features (comma-separated names)")
)

// fitRanker fits the ranker as a conditional logit over each answerable
// sample's candidates, with drop's features left out.
func fitRanker(samples []sample, drop []int) [nRankWeights]float64 {
	type group struct {
		xs  [][]float64
		hit []bool
		w   float64
	}
	var groups []group
	var rows [][]float64
	for _, s := range samples {
		if !s.answerable() || !s.anyHit() || len(s.cands) < 2 {
			continue
		}
		g := group{hit: s.hit, w: s.w}
		for _, c := range s.cands {
			x := c.x
			for _, f := range drop {
				x[f] = 0
			}
			r := expandFeatures(&x)
			g.xs = append(g.xs, r)
			rows = append(rows, r)
		}
		groups = append(groups, g)
	}
	st := newStandardizer(rows)
	for _, r := range rows {
		st.apply(r)
	}
	w := make([]float64, nRankWeights)
	var opt adam
	total := 0.0
	for _, g := range groups {
		total += g.w
	}
	for range 300 {
		grad := make([]float64, nRankWeights)
		for _, g := range groups {
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
		for k := range grad {
			l := *rankLambda
			if k >= nFeatures {
				l = *pairLambda
			}
			grad[k] = grad[k]/total + l*w[k]
		}
		opt.step(w, grad, 0.05)
	}
	var out [nRankWeights]float64
	for k := range w {
		out[k] = w[k] / st.sd[k] // the mean shifts every candidate alike
	}
	return out
}

// judgeLambda is the judge's L2 penalty, on standardized inputs.
const judgeLambda = 1e-3

// fitJudge fits the judge's logistic regression.
func fitJudge(xs [][nJudge]float64, ys []bool, ws []float64, drop []int) [nJudge]float64 {
	rows := make([][]float64, len(xs))
	for i := range xs {
		rows[i] = slices.Clone(xs[i][:])
		for _, f := range drop {
			rows[i][f] = 0
		}
	}
	st := newStandardizer(rows)
	st.mean[jBias], st.sd[jBias] = 0, 1
	for _, r := range rows {
		st.apply(r)
	}
	w := make([]float64, nJudge)
	var opt adam
	total := 0.0
	for _, v := range ws {
		total += v
	}
	for range 2000 {
		grad := make([]float64, nJudge)
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
	var out [nJudge]float64
	for k := range w {
		if k == jBias {
			continue
		}
		out[k] = w[k] / st.sd[k]
		out[jBias] -= w[k] * st.mean[k] / st.sd[k]
	}
	out[jBias] += w[jBias]
	return out
}

// trainingData reads every set, each with an engine over its corpus.
type trainingData struct {
	opt     Options
	judge   map[string][]sample // by half: see judgeSamples
	sets    map[string][]sample
	engines map[string]*Engine // by corpus folder
	byName  map[string]evalSet
}

func loadTrainingData(tb testing.TB) *trainingData { return loadTrainingDataWith(tb, Options{}) }

func loadTrainingDataWith(tb testing.TB, opt Options) *trainingData {
	if opt.Reader == nil && !opt.NoReader {
		opt.Reader = trainingReader(tb)
		defer memo.save()
	}
	d := &trainingData{opt: opt, judge: map[string][]sample{}, sets: map[string][]sample{}, engines: map[string]*Engine{}, byName: map[string]evalSet{}}
	for _, set := range allEvalSets(tb) {
		if d.engines[set.corpus] == nil {
			d.engines[set.corpus] = openEval(tb, set.corpus, opt)
		}
		d.sets[set.name] = collectSamples(tb, d.engines[set.corpus], set)
		d.byName[set.name] = set
	}
	return d
}

// offTopic asks each answerable question of set against corpus e, which
// does not hold it: the judge must refuse those.
func offTopic(tb testing.TB, e *Engine, set evalSet, w float64, keep func(evalItem) bool) []sample {
	no := false
	var items []evalItem
	for _, q := range set.items {
		if q.answerable() && keep(q) {
			q.Answerable, q.Kind = &no, "offtopic"
			items = append(items, q)
		}
	}
	set.items = items
	out := collectSamples(tb, e, set)
	for i := range out {
		out[i].w = w
	}
	return out
}

// judgeSamples are the judge's training questions for half: the sets'
// own, and questions asked of a corpus that does not hold them — story
// questions of the SQuAD articles, SQuAD questions of the story, and each
// SQuAD article's questions of the other articles.
func (d *trainingData) judgeSamples(tb testing.TB, half string) []sample {
	if js, ok := d.judge[half]; ok {
		return js
	}
	out := d.collectJudgeSamples(tb, half)
	d.judge[half] = out
	return out
}

func (d *trainingData) collectJudgeSamples(tb testing.TB, half string) []sample {
	var out []sample
	for _, n := range trainSets(half) {
		out = append(out, d.sets[n]...)
	}
	squad := d.byName["squad/"+half]
	storyE, squadE := d.engines["../corpus"], d.engines[squad.corpus]
	all := func(evalItem) bool { return true }
	for _, n := range []string{"public", "dev", "casual/" + half, "others/" + half} {
		out = append(out, offTopic(tb, squadE, d.byName[n], storyWeight/10.0, all)...)
	}
	// The other news stories' questions, of the seed story alone.
	out = append(out, offTopic(tb, storyE, d.byName["news/"+half], storyWeight/5.0, func(q evalItem) bool { return q.Story != "" })...)
	out = append(out, offTopic(tb, storyE, squad, 0.05, all)...)
	stories, _, err := LoadDir(os.DirFS(squad.corpus), ".")
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range articlesOf(squad) {
		rest := slices.DeleteFunc(slices.Clone(stories), func(s Story) bool { return s.ID == a })
		e, err := Open(context.Background(), rest, d.opt)
		if err != nil {
			tb.Fatal(err)
		}
		if ready := e.ReaderReady(); ready != nil {
			<-ready
		}
		out = append(out, offTopic(tb, e, squad, 0.1, func(q evalItem) bool { return q.Story == a })...)
	}
	return out
}

func articlesOf(set evalSet) []string {
	var out []string
	for _, q := range set.items {
		if !slices.Contains(out, q.Story) {
			out = append(out, q.Story)
		}
	}
	return out
}

// trainSets are the sets fitted on with half.
func trainSets(half string) []string {
	return []string{"public", "dev", "casual/" + half, "squad/" + half, "others/" + half, "news/" + half}
}

// fit trains both models on half's data, without drop's ranker features
// and jdrop's judge features.
func (d *trainingData) fit(tb testing.TB, half string, drop, jdrop []int) model {
	var rankSamples []sample
	for _, n := range trainSets(half) {
		rankSamples = append(rankSamples, d.sets[n]...)
	}
	m := model{Rank: fitRanker(rankSamples, drop)}
	js := d.judgeSamples(tb, half)
	var xs [][nJudge]float64
	var ys []bool
	var ws []float64
	for i := range js {
		xs = append(xs, js[i].rescore(&m))
		ys = append(ys, js[i].answerable())
		w := js[i].w
		if d.byName[js[i].set].squad && js[i].item.Kind == "" {
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
		if js[i].answerable() && !d.byName[js[i].set].squad {
			ps = append(ps, m.confidence(&xs[i]))
		}
	}
	sort.Float64s(ps)
	m.Threshold = ps[int(judgeFalseRefusals*float64(len(ps)))]
	return m
}

// heldOut scores set's samples with m: ranks and refusals.
func heldOut(samples []sample, m *model, threshold float64) evalScores {
	var s evalScores
	for i := range samples {
		smp := &samples[i]
		f := smp.rescore(m)
		answered := len(smp.cands) > 0 && m.confidence(&f) >= threshold
		switch {
		case smp.answerable():
			s.n++
			if !answered {
				s.falseAbstain++
				continue
			}
			for k := 0; k < 3 && k < len(smp.hit); k++ {
				if smp.hit[k] {
					s.r3++
					s.mrr += 1 / float64(k+1)
					if k == 0 {
						s.r1++
					}
					break
				}
			}
		case smp.item.Kind == "near":
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
	return s
}

func TestTrain(t *testing.T) {
	if !*trainFlag && !*ablationFlag {
		t.Skip("run with -train or -ablation")
	}
	d := loadTrainingData(t)
	if *ablationFlag {
		ablate(t, d)
		return
	}
	m := d.fit(t, "tune", nil, nil)
	dl := loadTrainingDataWith(t, Options{NoReader: true})
	ml := dl.fit(t, "tune", readerFeatures, readerJudge)
	if err := writeModel("model_params.go", &m, &ml); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		name string
		d    *trainingData
		m    *model
	}{{"reader", d, &m}, {"words alone", dl, &ml}} {
		fmt.Printf("%s: threshold %.3f; judge weights:", x.name, x.m.Threshold)
		for k, n := range judgeNames {
			fmt.Printf(" %s=%.3f", n, x.m.Judge[k])
		}
		fmt.Println()
		fmt.Println("| check half | R@1 | R@3 | answerable refused | off-topic refused | near refused |")
		fmt.Println("|---|---|---|---|---|---|")
		for _, set := range checkSets {
			fmt.Printf("| %s | %s |\n", set, heldOut(x.d.sets[set], x.m, x.m.Threshold).row())
		}
	}
}

// checkSets are the halves never fitted on.
var checkSets = []string{"casual/check", "others/check", "news/check", "squad/check"}

// row is a Markdown table row's cells: R@1, R@3 and the refusals.
func (s evalScores) row() string {
	f := func(x, n float64) string {
		if n == 0 {
			return "—"
		}
		return fmt.Sprintf("%.3f", x/n)
	}
	return strings.Join([]string{f(s.r1, s.n), f(s.r3, s.n), f(s.falseAbstain, s.n), f(s.offAbstain, s.off), f(s.nearAbstain, s.near)}, " | ")
}

// ablate refits without each technique in turn, training on one half and
// scoring the other, both ways round: first-stage techniques (a new engine
// without them), then each ranker feature.
func ablate(t *testing.T, d *trainingData) {
	fmt.Println("| without | " + strings.Join(checkSets, " R@1 | ") + " R@1 | story sets refused | off-topic refused |")
	fmt.Println("|---|---|---|---|---|---|---|")
	row := func(name string, d *trainingData, drop, jdrop []int) {
		var sc [4]evalScores
		var all evalScores
		for _, half := range []string{"tune", "check"} {
			other := map[string]string{"tune": "check", "check": "tune"}[half]
			m := d.fit(t, half, drop, jdrop)
			for i, set := range checkSets {
				set = strings.Replace(set, "/check", "/"+other, 1)
				got := heldOut(d.sets[set], &m, m.Threshold)
				sc[i].add(got)
				if !d.byName[set].squad {
					all.add(got)
				}
			}
		}
		fmt.Printf("| %s |", name)
		for _, s := range sc {
			fmt.Printf(" %.3f |", s.r1/s.n)
		}
		fmt.Printf(" %.3f | %.3f |\n", all.falseAbstain/all.n, all.offAbstain/all.off)
	}
	row("(nothing: all techniques)", d, nil, nil)
	row("the reader", d, readerFeatures, readerJudge)
	if *dropFeatures != "" {
		row("features "+*dropFeatures, d, featureIndexes(t, *dropFeatures), nil)
		return
	}
	for _, tech := range strings.Split(*ablateOnly, ",") {
		if tech == "" {
			continue
		}
		row(tech, loadTrainingDataWith(t, Options{Disable: map[string]bool{tech: true}}), nil, nil)
	}
	if *ablateOnly != "" {
		return
	}
	for f := range nFeatures {
		if *ablateSome == "" || slices.Contains(strings.Split(*ablateSome, ","), featureNames[f]) {
			row("feature "+featureNames[f], d, []int{f}, nil)
		}
	}
}

// writeModel writes the models with and without the reader as Go source.
func writeModel(path string, m, lexical *model) error {
	var b strings.Builder
	b.WriteString("// Code generated by \"go test ./index -run TestTrain -train\"; DO NOT EDIT.\n\npackage index\n")
	for _, x := range []struct {
		name, doc string
		m         *model
	}{
		{"trained", "the ranker and the judge fitted on the tune halves (see train_test.go)", m},
		{"trainedLexical", "the same fitted without the reader's features, for words alone", lexical},
	} {
		fmt.Fprintf(&b, "\n// %s is %s.\nvar %s = model{\n\tRank: [nRankWeights]float64{", x.name, x.doc, x.name)
		for k, w := range x.m.Rank {
			if k%6 == 0 {
				b.WriteString("\n\t\t")
			} else {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%.6g,", w)
		}
		b.WriteString("\n\t},\n\tJudge: [nJudge]float64{")
		for k, w := range x.m.Judge {
			fmt.Fprintf(&b, "\n\t\t%.6g, // %s", w, judgeNames[k])
		}
		fmt.Fprintf(&b, "\n\t},\n\tThreshold: %.6g,\n}\n", x.m.Threshold)
	}
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return err
	}
	return os.WriteFile(path, src, 0o644)
}

// featureIndexes reads a comma-separated list of feature names.
func featureIndexes(tb testing.TB, names string) []int {
	var out []int
	for _, n := range strings.Split(names, ",") {
		i := slices.Index(featureNames[:], n)
		if i < 0 {
			tb.Fatalf("no feature %q", n)
		}
		out = append(out, i)
	}
	return out
}
