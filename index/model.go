package index

import "math"

// The decisions a question needs are made by two small learned models
// over general features (features.go), fitted by
//
//	go generate ./index
//
// (internal/gen/train) on the public answer sets' tune halves and our own
// dev set, and written to model_params.go. Nothing in them names a word.
//
//   - The ranker orders the candidate passages: a score that is linear in
//     the features and in their products two by two, so that a feature can
//     count more when another is high (a phrase match when the words are
//     rare, a date when the question wants one). It is fitted as a
//     conditional logit: the probability of the right passages among each
//     question's candidates.
//   - The judge says whether the best passages answer the question at all:
//     a logistic regression over features of the question and of its best
//     candidates, whose probability is compared with a threshold chosen for
//     few wrongly refused questions (see the trade-off in docs/answers.md).

// model is what training produced.
type model struct {
	// Rank has a weight per feature, then one per pair (i, j), i ≤ j, in
	// the order pairs gives.
	Rank [nRankWeights]float64
	// Judge has a weight per question feature.
	Judge [nJudge]float64
	// Threshold is the least probability of an answer the judge needs.
	Threshold float64
}

// nRankWeights is how many weights the ranker has.
const nRankWeights = nFeatures + nFeatures*(nFeatures+1)/2

// score is the ranker's score of a candidate with features x.
func (m *model) score(x *[nFeatures]float64) float64 {
	s := 0.0
	for i, v := range x {
		s += m.Rank[i] * v
	}
	k := nFeatures
	for i := range nFeatures {
		if x[i] == 0 {
			k += nFeatures - i
			continue
		}
		for j := i; j < nFeatures; j++ {
			s += m.Rank[k] * x[i] * x[j]
			k++
		}
	}
	return s
}

// confidence is the judge's probability that the best passages answer the
// question.
func (m *model) confidence(f *[nJudge]float64) float64 {
	s := 0.0
	for i, v := range f {
		s += m.Judge[i] * v
	}
	return 1 / (1 + math.Exp(-s))
}
