package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// What the trainer reads of the engine. The ranker and the judge
// (model.go) are fitted by index/internal/gen/train, which asks the
// answer sets' questions up to the ranker, fits the models on their
// candidates and writes model_params.go. The names below are for it
// alone: nothing that answers questions uses them, and they follow the
// models (a new feature shows here without a change).

// Model is the ranker and the judge, as the trainer fits and writes them.
type Model = model

// Confidence is the judge's probability that the best passages answer
// the question, given its features f (Candidates.Rank).
func (m *model) Confidence(f *[NJudge]float64) float64 { return m.confidence(f) }

// The models' sizes.
const (
	NFeatures    = nFeatures    // the ranker's features of a candidate
	NRankWeights = nRankWeights // the ranker's weights: NFeatures, then one per pair
	NJudge       = nJudge       // the judge's features of a question
	JudgeBias    = jBias        // the judge's feature that is always 1
)

var (
	// FeatureNames and JudgeNames name the ranker's and the judge's
	// features.
	FeatureNames = featureNames
	JudgeNames   = judgeNames
	// ReaderFeatures and ReaderJudge are the features only the reader
	// gives, left out of the model for words alone.
	ReaderFeatures = slices.Clone(readerFeatures)
	ReaderJudge    = slices.Clone(readerJudge)
)

// BuiltinReader loads the built-in sentence encoder, the reader Open
// takes when Options.Reader is nil.
func BuiltinReader() (Reader, error) { return builtinReader() }

// Candidates are one question's candidate passages, described as the
// ranker sees them. A copy ranks apart from the original.
type Candidates struct {
	e     *Engine
	terms []qterm
	cands []cand
	cos   *cosines
	rd    *reading
}

// Candidates reads a question as Ask does up to the ranker: its words,
// bleve's candidates, the reader's view and each candidate's features.
// A question with no words to search has none.
func (e *Engine) Candidates(ctx context.Context, question string) (Candidates, error) {
	q := clipQuestion(question)
	in, terms := e.readQuestion(q)
	c := Candidates{e: e, terms: terms}
	if len(terms) == 0 && in.kind != kindLead {
		return c, nil
	}
	hits, err := e.search(ctx, terms, in)
	if err != nil {
		return c, fmt.Errorf("search %q: %w", question, err)
	}
	c.rd = e.read(e.readable(q, terms, hits))
	c.cands, c.cos = e.featurize(terms, in, e.addDense(c.rd, hits), c.rd)
	return c, nil
}

// Len is how many candidates there are.
func (c Candidates) Len() int { return len(c.cands) }

// Text is the i-th candidate's passage, as an answer shows it.
func (c Candidates) Text(i int) string { return c.cands[i].rec.show }

// Features are the ranker's features of the i-th candidate.
func (c Candidates) Features(i int) [NFeatures]float64 { return c.cands[i].x }

// Rank scores the candidates with m's ranker and orders them best first,
// as Ask does: the i-th candidate now is the order[i]-th before. It
// returns the judge's features of the question with them.
func (c *Candidates) Rank(m *Model) (order []int, judge [NJudge]float64) {
	for i := range c.cands {
		c.cands[i].model = m.score(&c.cands[i].x)
	}
	order = make([]int, len(c.cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return c.cands[order[a]].model > c.cands[order[b]].model })
	cs := make([]cand, len(order))
	for i, k := range order {
		cs[i] = c.cands[k]
	}
	c.cands = cs
	return order, c.e.judgeFeatures(c.terms, c.cands, c.cos, c.rd)
}
