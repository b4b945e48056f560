package index

import (
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
)

// Matching finds where each question word stands in a candidate passage:
// in which field and in what form (itself, a synonym, a spelling fix). It
// also computes the previous ranker's score, a hand-weighed sum of what
// matched, which the learned ranker takes as one of its features (hand),
// and the share of the question's weight the passage holds (coverage),
// which the judge reads.

// weights are the hand-set numbers of the previous ranker's score, chosen
// on the public set and our dev set before the learned models.
type weights struct {
	// Field weights. In the first stage a field's boost; in the re-ranker
	// the share of a question word's weight that a match in that field
	// earns. A word in the sentence itself counts most; in the name of who
	// says it or in another name for what it mentions nearly as much; in
	// the neighbouring sentences or the story's title a little.
	Text, Speaker, About, Context, Title float64

	// The other evidence, relative to a question word's rarity.
	// PhraseBase and Phrase scale a passage with n pairs of question words
	// next to each other by PhraseBase + Phrase·n.
	PhraseBase, Phrase float64
	Kind               float64 // the passage holds the kind of fact asked for
	// KindMiss scales a passage without the number or date that a "how
	// many" or "when" question asks for.
	KindMiss float64
	Define   float64 // the passage introduces or describes a name the question asks about
	Quote    float64 // the passage quotes the person whose words are asked for
	Person   float64 // a "who" question's passage names somebody the question does not

	// UnknownNonNoun is the weight kept by a question word the corpus never
	// uses when it is a verb, adjective or adverb; see unknownWeight.
	UnknownNonNoun float64
	// CommonVerb is the weight kept by one of English's most common verbs;
	// see knownWeight.
	CommonVerb float64
}

var defaultWeights = weights{
	Text: 1, Speaker: 0.9, About: 0.7, Context: 0.6, Title: 0.2,
	PhraseBase: 0.8, Phrase: 0.35, Kind: 2, KindMiss: 0.8, Define: 2, Quote: 1.0, Person: 1.0,
	UnknownNonNoun: 0.25, CommonVerb: 0.5,
}

func (w *weights) field(f string) float64 {
	switch f {
	case fText:
		return w.Text
	case fSpeaker:
		return w.Speaker
	case fAbout:
		return w.About
	case fContext:
		return w.Context
	case fTitle:
		return w.Title
	}
	return 0
}

// ranked is a candidate passage with what matching found out.
type ranked struct {
	hit      *search.DocumentMatch
	num      int // the passage's number: its record
	rec      *record
	matched  []match  // by question term, in question order
	coverage float64  // the share of the question's weight it matches
	hand     float64  // the previous ranker's score
	features []string // what else counted, for explanations
}

// match is where a question term was found in a passage; the zero value
// means nowhere.
type match struct {
	field  string
	form   uint32  // the word id of the form found: the term, a synonym, a fix
	weight float64 // the share of the term's weight it earns
}

// formRef says which question term an analyzed form stands for, and for
// how much of its weight.
type formRef struct {
	term   int
	weight float64
}

// questionForms indexes, by word id, every form that counts for a
// question term; forms the corpus does not hold have no id and no entry.
func (e *Engine) questionForms(terms []qterm) map[uint32][]formRef {
	forms := make(map[uint32][]formRef, len(terms)*4)
	add := func(word string, ref formRef) {
		if id, ok := e.words.ids[word]; ok {
			forms[id] = append(forms[id], ref)
		}
	}
	for i, t := range terms {
		add(t.term, formRef{i, 1})
		// In a fixed order: of two forms that earn alike in a passage,
		// the first found is the one reported.
		for _, alt := range slices.Sorted(maps.Keys(t.alts)) {
			add(alt, formRef{i, t.alts[alt]})
		}
	}
	return forms
}

// match finds the question's words in each candidate.
func (e *Engine) match(terms []qterm, in intent, hits search.DocumentMatchCollection, forms map[uint32][]formRef) []ranked {
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	rs := make([]ranked, 0, len(hits))
	for _, hit := range hits {
		n, ok := e.passageOf(hit)
		if !ok {
			continue
		}
		r := ranked{hit: hit, num: n, rec: &e.recs[n], matched: make([]match, len(terms))}
		for f, words := range e.fieldsOf(n) {
			if f != fText && e.opt.Disable["fields"] {
				continue
			}
			fw := e.w.field(f)
			for _, w := range words {
				for _, ref := range forms[w] {
					if m := &r.matched[ref.term]; fw*ref.weight > m.weight {
						*m = match{field: f, form: w, weight: fw * ref.weight}
					}
				}
			}
		}
		var got, evidence float64
		for i, t := range terms {
			got += t.weight * r.matched[i].weight
			evidence += t.idf * r.matched[i].weight
		}
		if total > 0 {
			r.coverage = got / total
		}
		r.hand = evidence + e.titleBonus(terms, r.rec.story)
		if !e.opt.Disable["phrase"] {
			if n := adjacentPairs(r.matched, r.rec.text); n > 0 {
				r.hand *= e.w.PhraseBase + e.w.Phrase*float64(n)
				r.features = append(r.features, fmt.Sprintf("%d question word pair(s) side by side", n))
			}
		}
		if in.define && !e.opt.Disable["define"] {
			if t := definedTerm(terms, r.rec.defines); t != "" {
				r.hand += e.w.Define
				r.features = append(r.features, "says what "+t+" is")
			}
		}
		if in.person && !e.opt.Disable["person"] && namesOther(terms, r.rec.persons) {
			r.hand += e.w.Person
			r.features = append(r.features, "names somebody the question does not")
		}
		if in.quote && !e.opt.Disable["quote"] && r.rec.kinds.has(kindQuote) {
			for _, m := range r.matched {
				if m.field == fSpeaker {
					r.hand += e.w.Quote
					r.features = append(r.features, "quotes the person asked about")
					break
				}
			}
		}
		if in.kind != "" && !e.opt.Disable["kind"] {
			if r.rec.kinds.has(in.kind) {
				r.hand += e.w.Kind
				r.features = append(r.features, "holds a "+in.kind)
				if in.kind == kindLead && len(terms) == 0 {
					r.coverage = 1 // a summary is what was asked for
				}
			} else if in.kind == kindNumber || in.kind == kindDate {
				// "How many" and "when" cannot be answered without a
				// number or a date.
				r.hand *= e.w.KindMiss
			}
		}
		rs = append(rs, r)
	}
	return rs
}

// titleBonus is what a story's title adds to each of its passages: the
// same for all of them, it ranks stories, not passages within one, and it
// does not count towards coverage, for a title's words are not an answer.
func (e *Engine) titleBonus(terms []qterm, story int32) float64 {
	if e.opt.Disable["fields"] {
		return 0
	}
	bonus := 0.0
	for _, w := range e.titles[story] {
		for _, t := range terms {
			if t.id == w && w != noWord {
				bonus += e.w.Title * t.idf
			}
		}
	}
	return bonus
}

// fieldsOf yields the analyzed words of each field the re-ranker reads for
// passage n: its own, and as its context its neighbours' in the paragraph.
func (e *Engine) fieldsOf(n int) iter.Seq2[string, []uint32] {
	return func(yield func(string, []uint32) bool) {
		r := &e.recs[n]
		if !yield(fText, r.text) || !yield(fSpeaker, r.speakerTerms) || !yield(fAbout, r.about) {
			return
		}
		for _, m := range [2]int{n - 1, n + 1} {
			if m >= 0 && m < len(e.recs) && e.recs[m].story == r.story && e.recs[m].para == r.para {
				if !yield(fContext, e.recs[m].text) {
					return
				}
			}
		}
	}
}

// adjacentPairs counts the pairs of consecutive question words whose
// matched forms stand next to each other (stop words aside) in the
// passage's own text.
func adjacentPairs(matched []match, text []uint32) int {
	n := 0
	for i := 0; i+1 < len(matched); i++ {
		a, b := matched[i], matched[i+1]
		if a.field != fText || b.field != fText {
			continue
		}
		for j := 0; j+1 < len(text); j++ {
			if text[j] == a.form && text[j+1] == b.form || text[j] == b.form && text[j+1] == a.form {
				n++
				break
			}
		}
	}
	return n
}

// namesOther reports whether one of the people a passage names (word
// ids, noWord between people) is not named by the question.
func namesOther(terms []qterm, persons []uint32) bool {
	named, some := false, false
	for i := 0; i <= len(persons); i++ {
		if i == len(persons) || persons[i] == noWord {
			if some && !named {
				return true
			}
			named, some = false, false
			continue
		}
		some = true
		for _, t := range terms {
			if t.id == persons[i] {
				named = true
			}
		}
	}
	return false
}

// definedTerm returns a question term among the analyzed words of the
// names a passage defines, or "".
func definedTerm(terms []qterm, defined []uint32) string {
	for _, d := range defined {
		for _, t := range terms {
			if d == t.id && d != noWord {
				return t.term
			}
		}
	}
	return ""
}
