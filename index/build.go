package index

import (
	"context"
	"fmt"
	"runtime"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// aheadStories bounds how many prepared stories may wait for the goroutine
// that adds them to bleve, and so the memory they hold: enough that the
// workers keep preparing while a batch is being indexed.
const aheadStories = 256

// batchDocs is how many passages go into one batch at least. Each batch
// is a segment, and in memory scorch never merges segments: a question
// visits every segment, so a corpus of many small stories must not make
// as many segments. A story is never split across batches.
const batchDocs = 5000

// indexStories annotates the stories and indexes their passages.
//
// Annotating and analyzing a story is most of the work, and stories are
// independent: workers prepare them in parallel (prepareAll) while this
// goroutine adds them, in order, to bleve batches. Each sentence is
// analyzed once: its tokens are handed to bleve as they are (see tokens)
// for its own text field and its neighbours' context fields, and joined
// into the record.
func (e *Engine) indexStories(ctx context.Context, stories []Story) error {
	an := e.idx.Mapping().AnalyzerNamed(e.opt.analyzer())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results, ahead := prepareAll(ctx, an, stories)
	words := map[string]bool{}
	e.words = newVocabulary(nil)
	e.fieldDF = map[string]map[string]int{}
	for _, f := range docFields {
		e.fieldDF[f] = map[string]int{}
	}
	b := &batcher{idx: e.idx, b: e.idx.NewBatch()}
	defer b.wait() // never leave a batch running on an early return
	for i, st := range stories {
		var p prepared
		select {
		case p = <-results[i]:
			<-ahead
		case <-ctx.Done():
			return ctx.Err()
		}
		if p.cuts > 0 {
			e.opt.logger().Warn("story has runs of text too long for one passage; cut them", "file", st.File, "cuts", p.cuts, "max_bytes", maxSentence)
		}
		for w := range p.surface {
			words[w] = true
		}
		if err := e.add(&p, st, b.b); err != nil {
			return err
		}
		if b.b.Size() >= batchDocs {
			if err := b.flush(st.File); err != nil {
				return err
			}
		}
	}
	if err := b.flush(stories[len(stories)-1].File); err != nil {
		return err
	}
	if err := b.wait(); err != nil {
		return err
	}
	e.lex = buildLexicon(an, words)
	e.wv = buildWordVecs(an, words, e.words)
	return nil
}

// prepareAll starts workers that prepare the stories, each into its own
// channel of results. A worker takes a place in ahead for each story it
// prepares; the caller gives it back when it takes the story.
func prepareAll(ctx context.Context, an analysis.Analyzer, stories []Story) ([]chan prepared, chan struct{}) {
	results := make([]chan prepared, len(stories))
	for i := range results {
		results[i] = make(chan prepared, 1)
	}
	ahead := make(chan struct{}, aheadStories)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := range stories {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range max(1, runtime.GOMAXPROCS(0)) {
		go func() {
			for i := range jobs {
				results[i] <- prepare(an, i, stories[i])
			}
		}()
	}
	return results, ahead
}

// add gives a prepared story the engine's word ids and puts its passages
// into batch b.
func (e *Engine) add(p *prepared, st Story, b *bleve.Batch) error {
	global := make([]uint32, len(p.words.words))
	for i, w := range p.words.words[1:] {
		global[i+1] = e.words.id(w)
	}
	for j := range p.recs {
		for _, l := range p.recs[j].lists() {
			for k, id := range *l {
				(*l)[k] = global[id]
			}
		}
	}
	for k, id := range p.title {
		p.title[k] = global[id]
	}
	for f, df := range p.df {
		for term, n := range df {
			e.fieldDF[docFields[f]][term] += n
		}
	}
	for j := range p.recs {
		doc := document.NewDocument(strconv.Itoa(len(e.recs)))
		for f, toks := range p.fields[j] {
			if len(toks) > 0 {
				doc.AddField(document.NewTextFieldCustom(docFields[f], nil, nil, bindex.IndexField, toks))
			}
		}
		if err := b.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index %s: %w", st.File, err)
		}
		e.recs = append(e.recs, p.recs[j])
	}
	e.stories = append(e.stories, st.Info(len(p.recs)))
	e.titles = append(e.titles, p.title)
	e.docs += len(p.recs)
	return nil
}

// batcher sends a batch to bleve in the background while the next one is
// assembled: one in flight at a time, so memory stays bounded.
type batcher struct {
	idx      bleve.Index
	b        *bleve.Batch // being assembled
	inFlight chan error
}

// flush sends the batch being assembled, once the one before is done.
func (bt *batcher) flush(file string) error {
	if bt.b.Size() == 0 {
		return nil
	}
	if err := bt.wait(); err != nil {
		return err
	}
	batch, done := bt.b, make(chan error, 1)
	go func() {
		if err := bt.idx.Batch(batch); err != nil {
			done <- fmt.Errorf("index %s: %w", file, err)
			return
		}
		done <- nil
	}()
	bt.inFlight, bt.b = done, bt.idx.NewBatch()
	return nil
}

// wait waits for the batch in flight, if any.
func (bt *batcher) wait() error {
	if bt.inFlight == nil {
		return nil
	}
	err := <-bt.inFlight
	bt.inFlight = nil
	return err
}
