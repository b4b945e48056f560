package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// AskOptions shape one answer.
type AskOptions struct {
	Top     int  // how many passages at most; 3 when zero
	Explain bool // fill Answer.Explain (and Result.Explain on abstention)
}

// MaxQuestion is the longest question, in bytes, the engine reads; the rest
// is ignored.
const MaxQuestion = 1000

// Answering is three steps: bleve's BM25 over the passage fields picks
// candidates (retrieve.go); each is matched against the question's words
// and described by its features, and the learned ranker orders them
// (match.go, features.go, model.go); the learned judge decides whether the
// best of them answer the question at all (judge.go).

// Ask answers one question.
func (e *Engine) Ask(ctx context.Context, question string, opt AskOptions) (Result, error) {
	res := Result{Question: question, Answers: []Answer{}}
	if opt.Top <= 0 {
		opt.Top = 3
	}
	if e.opt.Plain {
		return e.askPlain(ctx, question, opt.Top)
	}
	q := clipQuestion(question)
	in, terms := e.readQuestion(q)
	if len(terms) == 0 && in.kind != kindLead {
		return res, nil
	}
	hits, err := e.search(ctx, terms, in)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", question, err)
	}
	rd := e.read(e.readable(q, terms, hits))
	m := e.modelFor(rd)
	cs, cos := e.rank(m, terms, in, e.addDense(rd, hits), rd)
	jf := e.judgeFeatures(terms, cs, cos, rd)
	conf := m.confidence(&jf)
	if len(cs) > 0 {
		res.Confidence = round3(conf)
	}
	if len(cs) == 0 || conf < e.threshold(m) {
		if opt.Explain && len(cs) > 0 {
			res.Explain = e.explain(terms, in, &cs[0], cos, conf, e.threshold(m)) // why nothing was good enough
		}
		return res, nil
	}
	res.Answered = true
	for i := range cs {
		if len(res.Answers) == opt.Top {
			break
		}
		a, err := e.answer(&cs[i])
		if err != nil {
			return res, err
		}
		if opt.Explain {
			a.Explain = e.explain(terms, in, &cs[i], cos, conf, e.threshold(m))
		}
		res.Answers = append(res.Answers, a)
	}
	return res, nil
}

// readQuestion reads what a question asks for and its words.
func (e *Engine) readQuestion(question string) (intent, []qterm) {
	in := intentOf(question)
	var focus map[string]bool
	if !e.opt.Disable["focus"] {
		focus = focusWords(question)
	}
	return in, e.questionTerms(in.rest, focus)
}

// clipQuestion cuts a question to MaxQuestion bytes, never inside a
// character.
func clipQuestion(q string) string {
	if len(q) <= MaxQuestion {
		return q
	}
	cut := MaxQuestion
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return q[:cut]
}

// rank describes each candidate, scores it with the ranker and sorts the
// candidates best first.
func (e *Engine) rank(m *model, terms []qterm, in intent, hits search.DocumentMatchCollection, rd *reading) ([]cand, *cosines) {
	cs, cos := e.featurize(terms, in, hits, rd)
	for i := range cs {
		cs[i].model = m.score(&cs[i].x)
	}
	// Candidates are big: sort their places, then move each once.
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cs[order[a]].model > cs[order[b]].model })
	sorted := make([]cand, len(cs))
	for i, k := range order {
		sorted[i] = cs[k]
	}
	return sorted, cos
}

// modelFor is the ranker and judge for a question: the reader's when it
// reads along, else the words-alone one.
func (e *Engine) modelFor(rd *reading) *model {
	switch {
	case e.opt.model != nil:
		return e.opt.model
	case rd == nil:
		return &trainedLexical
	}
	return &trained
}

// threshold is the judge's least confidence for an answer.
func (e *Engine) threshold(m *model) float64 {
	if e.opt.Threshold != 0 {
		return e.opt.Threshold
	}
	return m.Threshold
}

func (e *Engine) answer(c *cand) (Answer, error) {
	rec := c.rec
	if int(rec.story) >= len(e.stories) {
		return Answer{}, fmt.Errorf("passage %s: no story %d", c.hit.ID, rec.story)
	}
	st := e.stories[rec.story]
	a := Answer{
		Text:  rec.show,
		Score: round3(c.model),
		Source: Source{
			Story: st.ID, Title: st.Title, URL: st.URL,
			Paragraph: int(rec.para), Sentence: int(rec.sent), Speaker: rec.speaker,
		},
	}
	a.Matches = e.highlight(rec.show, c.matched)
	return a, nil
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
