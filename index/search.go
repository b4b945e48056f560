package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// AskOptions shape one answer.
type AskOptions struct {
	Top     int  // how many passages at most; 3 when zero
	Explain bool // fill Answer.Explain
}

// MaxQuestion is the longest question, in bytes, the engine reads; the rest
// is ignored.
const MaxQuestion = 1000

// Field weights: a word in the sentence itself counts most; one in its
// speaker's name or in another name for what it mentions nearly as much; a
// word only in the neighbouring sentences or the title a little.
var fieldBoost = map[string]float64{
	fText: 3, fSpeaker: 2.5, fAbout: 1.5, fContext: 0.6, fTitle: 0.4,
}

// threshold is the least share of the question's weight (by rarity) that
// the best passage must match for the engine to answer.
const threshold = 0.5

// candidates is how many passages the index returns for re-ranking.
const candidates = 10

// qterm is one word of the question, after analysis.
type qterm struct {
	term string  // the analyzed form ("refus")
	idf  float64 // how rare it is in the corpus
	// alts are other forms that count for it: synonyms and spelling fixes,
	// each with its own weight.
	alts map[string]float64
}

// Ask answers one question.
func (e *Engine) Ask(ctx context.Context, question string, opt AskOptions) (Result, error) {
	res := Result{Question: question, Answers: []Answer{}}
	if opt.Top <= 0 {
		opt.Top = 3
	}
	if len(question) > MaxQuestion {
		question = question[:MaxQuestion]
	}
	terms := e.questionTerms(question)
	if len(terms) == 0 {
		return res, nil
	}
	want := kindWanted(question)
	q := e.buildQuery(terms, want)
	req := bleve.NewSearchRequestOptions(q, candidates, 0, false)
	req.Fields = []string{fShow, fStory, fPara, fSent, fSpeaker}
	sr, err := e.idx.SearchInContext(ctx, req)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", question, err)
	}
	var total float64
	for _, t := range terms {
		total += t.idf
	}
	type ranked struct {
		hit      *search.DocumentMatch
		coverage float64
		matched  map[string]string // question term → the form that matched
	}
	var rs []ranked
	for _, hit := range sr.Hits {
		show, _ := hit.Fields[fShow].(string)
		speaker, _ := hit.Fields[fSpeaker].(string)
		matched := e.matchedTerms(terms, show+" "+speaker)
		var got float64
		for _, t := range terms {
			if form, ok := matched[t.term]; ok {
				w := 1.0
				if form != t.term {
					w = t.alts[form]
				}
				got += t.idf * w
			}
		}
		rs = append(rs, ranked{hit: hit, coverage: got / total, matched: matched})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].hit.Score > rs[j].hit.Score })
	if len(rs) == 0 || rs[0].coverage < threshold {
		return res, nil
	}
	res.Answered = true
	for _, r := range rs {
		if len(res.Answers) == opt.Top {
			break
		}
		a, err := e.answer(r.hit, r.matched)
		if err != nil {
			return res, err
		}
		if opt.Explain {
			a.Explain = e.explain(terms, r.matched, r.coverage, want)
		}
		res.Answers = append(res.Answers, a)
	}
	return res, nil
}

// questionTerms analyzes a question into its words, weighted by rarity,
// with the other forms that may stand for each.
func (e *Engine) questionTerms(question string) []qterm {
	var terms []qterm
	seen := map[string]bool{}
	n := float64(e.docs)
	for _, tok := range e.analyzer.Analyze([]byte(question)) {
		t := string(tok.Term)
		if seen[t] || questionFiller[t] {
			continue
		}
		seen[t] = true
		df := float64(e.df[t])
		qt := qterm{term: t, idf: math.Log(1 + (n-df+0.5)/(df+0.5))}
		terms = append(terms, qt)
	}
	return terms
}

// questionFiller are words of asking, not of the thing asked about.
var questionFiller = map[string]bool{
	"tell": true, "pleas": true, "know": true, "explain": true, "describ": true, "me": true,
}

// kindWanted tells what kind of fact a question asks for, if any.
func kindWanted(q string) string {
	l := strings.ToLower(q)
	switch {
	case strings.HasPrefix(l, "how many") || strings.HasPrefix(l, "how much") || strings.Contains(l, " how many ") || strings.Contains(l, "number of"):
		return "number"
	case strings.HasPrefix(l, "when") || strings.Contains(l, "what day") || strings.Contains(l, "what year") || strings.Contains(l, "what date") || strings.Contains(l, "what time"):
		return "date"
	}
	return ""
}

// buildQuery makes one disjunction per question word over the fields (so a
// word counts once however many fields hold it) and a disjunction of those,
// whose coordination factor rewards passages that match more of the words.
func (e *Engine) buildQuery(terms []qterm, want string) query.Query {
	per := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		var fields []query.Query
		for _, f := range []string{fText, fSpeaker, fAbout, fContext, fTitle} {
			fields = append(fields, termQuery(f, t.term, fieldBoost[f]))
		}
		for alt, w := range t.alts {
			fields = append(fields, termQuery(fText, alt, fieldBoost[fText]*w))
		}
		per = append(per, bleve.NewDisjunctionQuery(fields...))
	}
	words := bleve.NewDisjunctionQuery(per...)
	if want == "" || e.opt.Disable["kind"] {
		return words
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(words)
	b.AddShould(termQuery(fKind, want, 1))
	return b
}

func termQuery(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// matchedTerms returns which question terms (or their alternatives) the
// text holds.
func (e *Engine) matchedTerms(terms []qterm, text string) map[string]string {
	have := map[string]bool{}
	for _, tok := range e.analyzer.Analyze([]byte(text)) {
		have[string(tok.Term)] = true
	}
	matched := map[string]string{}
	for _, t := range terms {
		if have[t.term] {
			matched[t.term] = t.term
			continue
		}
		for alt := range t.alts {
			if have[alt] {
				matched[t.term] = alt
				break
			}
		}
	}
	return matched
}

func (e *Engine) answer(hit *search.DocumentMatch, matched map[string]string) (Answer, error) {
	show, _ := hit.Fields[fShow].(string)
	speaker, _ := hit.Fields[fSpeaker].(string)
	si, err := strconv.Atoi(str(hit.Fields[fStory]))
	if err != nil || si < 0 || si >= len(e.stories) {
		return Answer{}, fmt.Errorf("passage %s: bad story %v", hit.ID, hit.Fields[fStory])
	}
	para, _ := strconv.Atoi(str(hit.Fields[fPara]))
	sent, _ := strconv.Atoi(str(hit.Fields[fSent]))
	st := e.stories[si]
	a := Answer{
		Text:  show,
		Score: math.Round(hit.Score*1000) / 1000,
		Source: Source{
			Story: st.ID, Title: st.Title, URL: st.URL,
			Paragraph: para, Sentence: sent, Speaker: speaker,
		},
	}
	forms := map[string]bool{}
	for _, f := range matched {
		forms[f] = true
	}
	for _, tok := range e.analyzer.Analyze([]byte(show)) {
		if forms[string(tok.Term)] {
			a.Matches = append(a.Matches, Span{Start: tok.Start, End: tok.End})
		}
	}
	return a, nil
}

func str(v any) string { s, _ := v.(string); return s }

func (e *Engine) explain(terms []qterm, matched map[string]string, coverage float64, want string) *Explanation {
	x := &Explanation{Threshold: threshold, Margin: math.Round((coverage-threshold)*1000) / 1000}
	for _, t := range terms {
		if form, ok := matched[t.term]; ok {
			x.Terms = append(x.Terms, TermMatch{Term: t.term, Field: fText + ":" + form, Boost: fieldBoost[fText]})
		}
	}
	if want != "" {
		x.Features = append(x.Features, "wants a "+want)
	}
	return x
}
