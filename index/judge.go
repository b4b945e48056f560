package index

import "math"

// The judge's features describe a question and its best candidates: how
// sure the ranker is, how much of what the question is about the best
// passages hold, and what the question brings that the corpus lacks. A
// word weighs by how rare it is in English (vectors.Rarity), not in the
// corpus, so that a word the corpus never uses can be weighed at all:
// "merely" or "namely" tell little, "sonnet" or "zeppelin" a lot.

// Judge features, in the model's order.
const (
	jBias      = iota // always 1
	jScore            // the best candidate's score
	jMargin           // how far it leads the second
	jProb             // its share of the candidates' probability
	jCoverage         // the previous ranker's coverage, the best of the top three
	jUnknown          // share of the question's information in words the corpus lacks
	jNames            // names and numbers the corpus lacks (and no spelling fix explains)
	jHeld             // share of the question's information the best passage holds, in any form
	jMissing          // the best passage's missing feature
	jSentVec          // the best passage's sentence cosine
	jLength           // log of the number of question words
	jRelated          // share of the information in unknown words that the best passages hold related words for
	jLoose            // the most information one unknown word brings that no related word in the best passages explains
	jCos              // the reader: the best cosine between the question and any passage
	jCosMargin        // how far it leads the second best
	jCosAnswer        // the cosine of the passage the ranker put first
	jCosStory         // the best cosine between the question and a story as a whole
	nJudge
)

// readerJudge are the judge's features only the reader gives.
var readerJudge = []int{jCos, jCosMargin, jCosAnswer, jCosStory}

var judgeNames = [nJudge]string{"bias", "score", "margin", "prob", "coverage", "unknown", "names", "held", "missing", "sentvec", "length", "related", "loose",
	"cos", "cosmargin", "cosanswer", "cosstory"}

// information is how much a question word tells, from its rarity in
// English: nothing much for the commonest words.
func information(t qterm) float64 { return max(0.5, t.rarity-8) * t.focus }

// judgeFeatures describes the question and its candidates, which are
// sorted best first.
func (e *Engine) judgeFeatures(terms []qterm, cs []cand, cos *cosines, rd *reading) (f [nJudge]float64) {
	f[jBias] = 1
	if rd != nil {
		f[jCos], f[jCosMargin], f[jCosStory] = rd.top[0], rd.top[0]-rd.top[1], rd.nearestStory()
		if len(cs) > 0 {
			f[jCosAnswer] = cs[0].x[fxCos]
		}
	}
	f[jLength] = math.Log1p(float64(len(terms)))
	var info float64
	for _, t := range terms {
		info += information(t)
	}
	info = max(info, 1e-9)
	top := min(3, len(cs))
	for k, t := range terms {
		if t.id != noWord || t.hasFix() {
			continue // the corpus has it, in some field, or a word it misspells
		}
		f[jUnknown] += information(t) / info
		if t.name {
			f[jNames]++
		}
		best := 0.0
		for _, c := range cs[:top] {
			best = max(best, cos.best(k, c.num))
		}
		f[jRelated] += related(best) * information(t) / info
		f[jLoose] = max(f[jLoose], information(t)*(1-related(best)))
	}
	if len(cs) == 0 {
		f[jScore] = -5 // nothing matched at all
		return f
	}
	best := &cs[0]
	f[jScore] = best.model
	if len(cs) > 1 {
		f[jMargin] = best.model - cs[1].model
	} else {
		f[jMargin] = 3
	}
	z := 0.0
	for _, c := range cs {
		z += math.Exp(c.model - best.model)
	}
	f[jProb] = 1 / z
	for _, c := range cs[:top] {
		f[jCoverage] = max(f[jCoverage], c.coverage)
	}
	for k, t := range terms {
		got := best.matched[k].weight
		if got == 0 {
			got = related(cos.best(k, best.num))
		}
		f[jHeld] += got * information(t) / info
	}
	f[jMissing] = best.x[fxMissing]
	f[jSentVec] = best.x[fxSentVec]
	return f
}
