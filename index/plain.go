package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// askPlain is plain BM25, for comparison (Options.Plain): bleve's match
// query on the sentences alone, its order as it is, never abstaining.
func (e *Engine) askPlain(ctx context.Context, question string, top int) (Result, error) {
	res := Result{Question: question, Answers: []Answer{}}
	mq := bleve.NewMatchQuery(clipQuestion(question))
	mq.SetField(fText)
	sr, err := e.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, top, 0, false))
	if err != nil {
		return res, fmt.Errorf("search %q: %w", question, err)
	}
	for _, h := range sr.Hits {
		n, ok := e.passageOf(h)
		if !ok {
			continue
		}
		rec := &e.recs[n]
		st := e.stories[rec.story]
		res.Answers = append(res.Answers, Answer{
			Text: rec.show, Score: round3(h.Score),
			Source: Source{Story: st.ID, Title: st.Title, URL: st.URL, Paragraph: int(rec.para), Sentence: int(rec.sent), Speaker: rec.speaker},
		})
	}
	res.Answered = len(res.Answers) > 0
	return res, nil
}
