package index

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
)

// candidates is how many passages the first stage hands the re-ranker.
const candidates = 40

// tieSlack is how many hits past the candidates the first stage asks
// bleve for, so that passages tied at the last place are all seen (see
// search); it asks again for twice as many, up to maxTieHits, while ties
// run past them.
const (
	tieSlack   = 10
	maxTieHits = (candidates + tieSlack) << 4
)

func init() {
	// A disjunction of more than DisjunctionHeapTakeover clauses adds its
	// clauses' scores in the order a heap yields them, which depends on
	// the order bleve numbered the passages in, and scorch numbers a
	// batch's passages in the order its goroutines analyze them: a
	// score's last bits then change from one run to the next. A slice
	// adds them in the query's order, always the same.
	searcher.DisjunctionHeapTakeover = math.MaxInt
}

// search runs the first stage: the best candidates hits, best first,
// equal scores by passage, so that the same question finds the same
// passages in the same order in every run. (Bleve orders equal scores
// by its own numbering of the passages, which changes from run to run.)
// Only more than maxTieHits passages tied at the last place, which no
// answer set has, are still cut in bleve's order: asking for all of
// them would cost too much.
func (e *Engine) search(ctx context.Context, terms []qterm, in intent) (search.DocumentMatchCollection, error) {
	req := e.request(terms, in)
	for size := candidates + tieSlack; ; size *= 2 {
		req.Size = size
		sr, err := e.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		hits := sr.Hits
		slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
			na, _ := e.passageOf(a)
			nb, _ := e.passageOf(b)
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(na, nb))
		})
		// Every passage that scores as the last candidate kept is among
		// the hits unless one as good was left out.
		if len(hits) <= candidates || uint64(len(hits)) == sr.Total || hits[len(hits)-1].Score < hits[candidates-1].Score || size >= maxTieHits {
			return hits[:min(len(hits), candidates)], nil
		}
	}
}

// passageOf is the passage a hit is (its index in e.recs), or -1 and
// false for none: cannot happen with an index this package built.
func (e *Engine) passageOf(h *search.DocumentMatch) (int, bool) {
	n, err := strconv.Atoi(h.ID)
	if err != nil || n < 0 || n >= len(e.recs) {
		return -1, false
	}
	return n, true
}

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
