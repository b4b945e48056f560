package index

import (
	"context"
	"fmt"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The benchmarks run on the real corpus folder, the one storybot serves.
const corpusDir = "../corpus"

func loadCorpus(b testing.TB) []Story {
	stories, _, err := LoadDir(os.DirFS(corpusDir), ".")
	if err != nil {
		b.Fatal(err)
	}
	return stories
}

func benchQuestions(b testing.TB) []string {
	var qs []string
	for _, q := range readItems(b, "testdata/dev.jsonl") {
		qs = append(qs, q.Q)
	}
	return qs
}

// BenchmarkAsk is one question answered in-process, the questions cycling
// through the dev set (answerable and off-topic alike), with the reader
// and by words alone (the previous engine's way) in the same run. Besides
// the mean (ns/op) it reports the median and the 99th percentile.
func BenchmarkAsk(b *testing.B) {
	for _, x := range []struct {
		name string
		opt  Options
	}{{"reader", Options{}}, {"words", Options{NoReader: true}}} {
		b.Run(x.name, func(b *testing.B) {
			e, err := Open(context.Background(), loadCorpus(b), x.opt)
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			if ready := e.ReaderReady(); ready != nil {
				<-ready
			}
			benchAsk(b, e)
		})
	}
}

func benchAsk(b *testing.B, e *Engine) {
	qs := benchQuestions(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := e.Ask(ctx, qs[i%len(qs)], AskOptions{}); err != nil {
			b.Fatal(err)
		}
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(t0))
		}
		n++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	// The process's CPU time per question: unlike the wall-clock times,
	// it does not grow when other work shares the machine.
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(n), "cpu-ns/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOpen is start-up's indexing: annotate and index the corpus in
// memory, ready to answer.
func BenchmarkOpen(b *testing.B) {
	stories := loadCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		e, err := Open(context.Background(), stories, Options{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkEncodeCorpus is the reader's share of indexing: every sentence
// of the SQuAD articles (about 2,300) encoded afresh, on all cores.
func BenchmarkEncodeCorpus(b *testing.B) {
	stories, _, err := LoadDir(os.DirFS(sharedEval+"/squad-dev/corpus"), ".")
	if err != nil {
		b.Skip(err)
	}
	e, err := Open(context.Background(), stories, Options{NoReader: true})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	r, err := builtinReader()
	if err != nil {
		b.Fatal(err)
	}
	texts := e.passageTexts()
	n := 0
	t0 := time.Now()
	for b.Loop() {
		r.EncodeBatch(texts)
		n += len(texts)
	}
	b.ReportMetric(float64(n)/time.Since(t0).Seconds(), "sentences/s")
}

// BenchmarkLoadDir reads and parses the corpus folder.
func BenchmarkLoadDir(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		loadCorpus(b)
	}
}

// BenchmarkSplit splits the story into sentences.
func BenchmarkSplit(b *testing.B) {
	text := loadCorpus(b)[0].Text
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Split(text)
	}
}

// baseline is plain BM25 over stemmed sentences: one bleve document per
// sentence, the English analyzer, a match query, no re-ranking and no
// abstention. It is what storybot's ranking is measured against.
type baseline struct {
	idx   bleve.Index
	sents map[string]string
}

func newBaseline(tb testing.TB, stories []Story) *baseline {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	m.DefaultAnalyzer = en.AnalyzerName
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		tb.Fatal(err)
	}
	bl := &baseline{idx: idx, sents: map[string]string{}}
	for si, st := range stories {
		batch := idx.NewBatch()
		for _, p := range annotate(si, st) {
			id := fmt.Sprintf("%d/%d/%d", si, p.Paragraph, p.Number)
			bl.sents[id] = p.Text
			if err := batch.Index(id, map[string]any{"text": p.Text}); err != nil {
				tb.Fatal(err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			tb.Fatal(err)
		}
	}
	return bl
}

func (bl *baseline) ask(tb testing.TB, q string) Result {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	sr, err := bl.idx.Search(bleve.NewSearchRequestOptions(mq, 3, 0, false))
	if err != nil {
		tb.Fatal(err)
	}
	res := Result{Question: q, Answered: len(sr.Hits) > 0}
	for _, h := range sr.Hits {
		res.Answers = append(res.Answers, Answer{Text: bl.sents[h.ID], Score: h.Score})
	}
	return res
}

// BenchmarkBaselineBM25 is the plain BM25 baseline's query, for scale.
func BenchmarkBaselineBM25(b *testing.B) {
	bl := newBaseline(b, loadCorpus(b))
	defer bl.idx.Close()
	qs := benchQuestions(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		bl.ask(b, qs[i%len(qs)])
	}
}

// The stages of a question, benchmarked apart so that a regression points
// at its stage: reading the question, the first stage (bleve), the
// re-ranker, and making the answers.
func BenchmarkStages(b *testing.B) {
	e, err := Open(context.Background(), loadCorpus(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	qs := benchQuestions(b)
	type prepared struct {
		in    intent
		terms []qterm
		hits  search.DocumentMatchCollection
		cs    []cand
		cos   *cosines
		rd    *reading
	}
	ps := make([]prepared, len(qs))
	for i, q := range qs {
		p := &ps[i]
		p.in = intentOf(q)
		p.terms = e.questionTerms(p.in.rest, nil)
		sr, err := e.idx.Search(e.request(p.terms, p.in))
		if err != nil {
			b.Fatal(err)
		}
		p.rd = e.read(e.readable(q, p.terms, sr.Hits))
		p.hits = e.addDense(p.rd, sr.Hits)
		p.cs, p.cos = e.rank(e.modelFor(p.rd), p.terms, p.in, p.hits, p.rd)
	}
	b.Run("question", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			in := intentOf(qs[i%len(qs)])
			e.questionTerms(in.rest, nil)
		}
	})
	b.Run("search", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p := ps[i%len(ps)]
			if _, err := e.idx.Search(e.request(p.terms, p.in)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rank", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p := ps[i%len(ps)]
			e.rank(e.modelFor(p.rd), p.terms, p.in, p.hits, p.rd)
		}
	})
	b.Run("judge", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p := ps[i%len(ps)]
			f := e.judgeFeatures(p.terms, p.cs, p.cos, p.rd)
			e.modelFor(p.rd).confidence(&f)
		}
	})
	b.Run("answers", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p := ps[i%len(ps)]
			for j := 0; j < len(p.cs) && j < 3; j++ {
				if _, err := e.answer(&p.cs[j]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
