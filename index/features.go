package index

import (
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
)

// The re-ranker describes each candidate passage by a few numbers, its
// features, and a learned linear model weighs them (see model.go). Every
// feature is general: how much of the question's rarity the passage holds
// and in what form, whether it has what the question asks for. None names a
// word.

// Features, in the model's order.
const (
	fxExact     = iota // share of the question's rarity the sentence holds as the question words themselves
	fxSyn              // … as WordNet synonyms, broader words or spelling fixes
	fxVec              // … as words of related meaning (word vectors), for the words not held otherwise
	fxName             // … in who says it or other names of what it mentions, not in the sentence
	fxContext          // … only in the neighbouring sentences
	fxTitle            // … in the story's title
	fxBM25             // the first stage's score, over the best candidate's
	fxPhrase           // pairs of question words side by side, over the pairs the question has
	fxSentVec          // cosine between the question's and the sentence's mean word vectors
	fxMissing          // the rarest question word the passage lacks, over the rarest possible
	fxWantHas          // the question asks for a kind of fact the passage holds
	fxWantLacks        // the question asks for a number or date the passage lacks
	fxDefine           // a "who/what is" question and the passage introduces the name
	fxQuote            // a "what did X say" question and the passage quotes X
	fxPerson           // a "who" question and the passage names somebody the question does not
	fxLength           // log of the sentence's length in words
	fxNovel            // share of the sentence's words the question does not have
	fxHand             // the previous ranker's hand-weighed score (match.go), over the best
	fxEvidence         // the rarity the sentence holds, in all, not as a share
	fxParagraph        // share of the question's rarity its paragraph holds
	fxSpan             // how close together the matched words stand
	fxCos              // the reader: cosine between the question and the sentence
	fxCosNear          // … and the sentence with its neighbours
	fxCosPara          // … and its paragraph
	fxCosBest          // fxCos less the best candidate's
	nFeatures
)

// readerFeatures are the features only the reader gives: the words-alone
// model is fitted without them.
var readerFeatures = []int{fxCos, fxCosNear, fxCosPara, fxCosBest}

var featureNames = [nFeatures]string{
	"exact", "syn", "vec", "name", "context", "title", "bm25", "phrase", "sentvec", "missing",
	"wanthas", "wantlacks", "define", "quote", "person", "length", "novel", "hand", "evidence", "paragraph", "span",
	"cos", "cosnear", "cospara", "cosbest",
}

// vecFloor is the cosine below which two words are not related at all;
// above it a word earns (cos-vecFloor)/(1-vecFloor) of a match.
const vecFloor = 0.35

// related is how much of a match a cosine between two words earns.
func related(cos float64) float64 { return max(0, cos-vecFloor) / (1 - vecFloor) }

// cand is a candidate passage with its features and the ranker's score.
type cand struct {
	ranked
	x     [nFeatures]float64
	model float64
}

// featurize matches the question against each candidate and describes it.
// cos holds the question's word cosines, for the steps after.
func (e *Engine) featurize(terms []qterm, in intent, hits search.DocumentMatchCollection, rd *reading) (cs []cand, cos *cosines) {
	forms := e.questionForms(terms)
	rs := e.match(terms, in, hits, forms)
	cos = e.newCosines(terms, rs)
	cs = make([]cand, len(rs))
	q := questionScale{rarest: math.Log(1 + (float64(e.docs)+0.5)/0.5)}
	for _, t := range terms {
		q.sumIDF += t.idf
	}
	q.sumIDF = max(q.sumIDF, 1e-9)
	for _, r := range rs {
		q.bestBM25 = max(q.bestBM25, r.hit.Score)
		q.bestHand = max(q.bestHand, r.hand)
	}
	bestCos := -1.0
	for i, r := range rs {
		cs[i].ranked = r
		x := &cs[i].x
		e.wordFeatures(x, terms, &r, cos, q)
		e.passageFeatures(x, terms, in, &r, forms, q)
		if rd != nil {
			x[fxCos], x[fxCosNear], x[fxCosPara] = rd.sentence(r.num), rd.near(r.num), rd.para(r.num)
			bestCos = max(bestCos, x[fxCos])
		}
	}
	if rd != nil {
		for i := range cs {
			cs[i].x[fxCosBest] = cs[i].x[fxCos] - bestCos
		}
	}
	return cs, cos
}

// questionScale holds what features are measured against.
type questionScale struct {
	sumIDF             float64 // the question's rarity, in all
	rarest             float64 // the rarity of a word no passage holds
	bestBM25, bestHand float64 // the best candidate's
}

// wordFeatures are the shares of the question's rarity a passage holds,
// by where and in what form.
func (e *Engine) wordFeatures(x *[nFeatures]float64, terms []qterm, r *ranked, cos *cosines, q questionScale) {
	missing := 0.0
	for k, t := range terms {
		m := r.matched[k]
		w := t.idf / q.sumIDF
		switch {
		case m.field == fText && m.form == t.id && t.id != noWord:
			x[fxExact] += w
			x[fxEvidence] += t.idf
		case m.field == fText:
			x[fxSyn] += w * m.weight
			x[fxEvidence] += t.idf * m.weight
		default:
			if best := cos.best(k, r.num); best > vecFloor {
				x[fxVec] += w * related(best)
			} else {
				missing = max(missing, t.idf)
			}
			switch m.field {
			case fSpeaker, fAbout:
				x[fxName] += w
			case fContext:
				x[fxContext] += w
			}
		}
	}
	x[fxMissing] = missing / q.rarest
	for _, tw := range e.titles[r.rec.story] {
		for _, t := range terms {
			if t.id == tw && tw != noWord {
				x[fxTitle] += t.idf / q.sumIDF
			}
		}
	}
	x[fxSentVec] = cos.sentence(r.num)
}

// passageFeatures describe the passage as a whole: its scores, what kind
// of fact it holds against what the question wants, its shape.
func (e *Engine) passageFeatures(x *[nFeatures]float64, terms []qterm, in intent, r *ranked, forms map[uint32][]formRef, q questionScale) {
	rec := r.rec
	if q.bestBM25 > 0 {
		x[fxBM25] = r.hit.Score / q.bestBM25
	}
	if q.bestHand > 0 {
		x[fxHand] = r.hand / q.bestHand
	}
	if len(terms) > 1 {
		x[fxPhrase] = float64(adjacentPairs(r.matched, rec.text)) / float64(len(terms)-1)
	}
	if in.kind != "" {
		if rec.kinds.has(in.kind) {
			x[fxWantHas] = 1
		} else if in.kind == kindNumber || in.kind == kindDate {
			x[fxWantLacks] = 1
		}
	}
	if in.define && definedTerm(terms, rec.defines) != "" {
		x[fxDefine] = 1
	}
	if in.quote && rec.kinds.has(kindQuote) && slices.ContainsFunc(r.matched, func(m match) bool { return m.field == fSpeaker }) {
		x[fxQuote] = 1
	}
	if in.person && namesOther(terms, rec.persons) {
		x[fxPerson] = 1
	}
	x[fxLength] = math.Log1p(float64(len(rec.text)))
	x[fxParagraph] = e.paragraphShare(terms, forms, r.num, q.sumIDF)
	x[fxSpan] = matchSpan(r.matched, rec.text)
	if len(rec.text) > 0 {
		novel := 0
		for _, id := range rec.text {
			if !slices.ContainsFunc(r.matched, func(m match) bool { return m.field == fText && m.form == id }) {
				novel++
			}
		}
		x[fxNovel] = float64(novel) / float64(len(rec.text))
	}
}

// paragraphShare is the share of the question's rarity that passage n's
// paragraph holds, as the words themselves or their alternatives.
func (e *Engine) paragraphShare(terms []qterm, forms map[uint32][]formRef, n int, sumIDF float64) float64 {
	r := &e.recs[n]
	lo, hi := n, n
	for lo > 0 && e.recs[lo-1].story == r.story && e.recs[lo-1].para == r.para {
		lo--
	}
	for hi+1 < len(e.recs) && e.recs[hi+1].story == r.story && e.recs[hi+1].para == r.para {
		hi++
	}
	held := make([]float64, len(terms)) // by term: the best share a word of the paragraph earns
	for k := lo; k <= hi; k++ {
		for _, id := range e.recs[k].text {
			for _, ref := range forms[id] {
				held[ref.term] = max(held[ref.term], ref.weight)
			}
		}
	}
	got := 0.0
	for i, t := range terms {
		got += t.idf * held[i]
	}
	return got / max(sumIDF, 1e-9)
}

// matchSpan is how tightly the question's words matched in a sentence
// stand together: the number of them over the width of the stretch that
// holds them (1 when side by side, near 0 when spread out).
func matchSpan(matched []match, text []uint32) float64 {
	first, last, n := -1, -1, 0
	for i, id := range text {
		for _, m := range matched {
			if m.field == fText && m.form == id {
				if first < 0 {
					first = i
				}
				last = i
				n++
				break
			}
		}
	}
	if n < 2 {
		return 0
	}
	return float64(n) / float64(last-first+1)
}
