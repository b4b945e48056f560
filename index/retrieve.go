package index

import (
	"maps"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// candidates is how many passages the first stage hands the re-ranker.
const candidates = 40

// postingBudget is how many postings the first stage reads at most, past
// the rarest word's: about a millisecond's work.
const postingBudget = 20000

// request makes the first-stage search: per question word, a disjunction
// over the fields and the word's alternatives; over the words, a
// disjunction whose coordination factor favours passages that match more.
//
// In a large corpus a question's first stage costs what its postings cost:
// every passage that holds any of its words in any field is scored. So the
// first stage looks words up rarest first (they tell the most) until a
// budget of postings is spent, the rarest always; the re-ranker still
// counts every word in every candidate. In a small corpus everything fits.
func (e *Engine) request(terms []qterm, in intent) *bleve.SearchRequest {
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return terms[order[a]].idf > terms[order[b]].idf })
	budget := postingBudget
	per := make([]query.Query, 0, len(terms)+1)
	for _, i := range order {
		t := terms[i]
		var fields []query.Query
		add := func(f, term string, boost float64) {
			n := e.postings(f, term)
			if n > 0 && (n <= budget || len(per) == 0 && len(fields) == 0 && f == fText) {
				budget -= n
				fields = append(fields, termQuery(f, term, boost))
			}
		}
		for _, f := range []string{fText, fSpeaker, fAbout, fContext} {
			if f == fText || !e.opt.Disable["fields"] {
				add(f, t.term, e.w.field(f))
			}
		}
		for _, alt := range slices.Sorted(maps.Keys(t.alts)) {
			// Broader words only count in the re-ranker: each is one more
			// term to look up, for little. (In a fixed order: bleve adds
			// the scores in it, and float sums depend on their order.)
			if w := t.alts[alt]; w >= altSynonym {
				add(fText, alt, w)
			}
		}
		if len(fields) > 0 {
			per = append(per, bleve.NewDisjunctionQuery(fields...))
		}
	}
	if in.kind == kindLead {
		per = append(per, termQuery(fKind, kindLead, 1))
	}
	return bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(per...), candidates, 0, false)
}

// postings is how many passages hold term in field.
func (e *Engine) postings(field, term string) int {
	switch field {
	case fText:
		return e.df[term]
	case fContext:
		return 2 * e.df[term] // a sentence is the context of up to two others
	}
	return e.fieldDF[field][term]
}

func termQuery(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}
