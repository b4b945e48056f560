package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
}

type config struct {
	stories   int
	seed      uint64
	out       string
	questions string
	nq        int
	workers   int
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.IntVar(&c.stories, "stories", 1000, "number of stories")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed; the same seed gives the same corpus")
	fs.StringVar(&c.out, "out", "", "folder to write the stories into (created if missing)")
	fs.StringVar(&c.questions, "questions", "", "also write questions about the stories to this file, one per line")
	fs.IntVar(&c.nq, "nq", 2000, "number of questions for -questions")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "stories generated in parallel (does not change the output)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.stories < 1:
		return errors.New("-stories must be at least 1")
	case c.out == "" && c.questions == "":
		return errors.New("nothing to do: give -out DIR and/or -questions FILE")
	case c.nq < 0:
		return errors.New("-nq must not be negative")
	}
	c.workers = max(1, c.workers)

	start := time.Now()
	v := newVocab(c.seed)
	if c.out != "" {
		st, err := writeCorpus(ctx, v, c)
		if err != nil {
			return err
		}
		el := time.Since(start)
		fmt.Fprintf(stdout, "wrote %d stories to %s in %.2fs: %d sentences (%.1f per story, %d-%d), %.1f words per sentence (%d-%d), %.1f MB, %d word types in the vocabulary\n",
			st.stories, c.out, el.Seconds(), st.sentences, float64(st.sentences)/float64(st.stories),
			st.minSent, st.maxSent, float64(st.words)/float64(st.sentences), st.minWords, st.maxWords,
			float64(st.bytes)/1e6, v.types)
	}
	if c.questions != "" {
		if err := writeQuestions(c.questions, v, c.seed, c.stories, c.nq); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d questions to %s\n", c.nq, c.questions)
	}
	return nil
}

// stats summarise what was written, so that a run shows at a glance
// whether the corpus has the intended shape.
type stats struct {
	stories, sentences, words, bytes int
	minSent, maxSent                 int // sentences per story
	minWords, maxWords               int // words per sentence
}

func newStats() stats { return stats{minSent: 1 << 30, minWords: 1 << 30} }

func (s *stats) add(g *gen) {
	s.stories++
	s.bytes += len(g.buf)
	n := len(g.sents)
	s.sentences += n
	s.minSent, s.maxSent = min(s.minSent, n), max(s.maxSent, n)
	for _, si := range g.sents {
		s.words += si.words
		s.minWords, s.maxWords = min(s.minWords, si.words), max(s.maxWords, si.words)
	}
}

func (s *stats) merge(o stats) {
	s.stories += o.stories
	s.sentences += o.sentences
	s.words += o.words
	s.bytes += o.bytes
	s.minSent, s.maxSent = min(s.minSent, o.minSent), max(s.maxSent, o.maxSent)
	s.minWords, s.maxWords = min(s.minWords, o.minWords), max(s.maxWords, o.maxWords)
}

// writeCorpus generates the stories on c.workers goroutines. Each story
// has its own random stream, so which worker writes it does not matter.
// A story is built whole in memory and written with one write call.
func writeCorpus(ctx context.Context, v *vocab, c config) (stats, error) {
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return stats{}, err
	}
	var (
		next  atomic.Int64
		mu    sync.Mutex
		total = newStats()
		first error
		wg    sync.WaitGroup
	)
	for range c.workers {
		wg.Go(func() {
			g, st := newGen(v), newStats()
			var err error
			for {
				i := int(next.Add(1) - 1)
				if i >= c.stories || ctx.Err() != nil {
					err = ctx.Err()
					break
				}
				g.story(c.seed, i)
				if err = os.WriteFile(filepath.Join(c.out, storyID(i)+".txt"), g.buf, 0o644); err != nil {
					next.Store(int64(c.stories)) // stop the others too
					break
				}
				st.add(g)
			}
			mu.Lock()
			defer mu.Unlock()
			total.merge(st)
			if first == nil {
				first = err
			}
		})
	}
	wg.Wait()
	return total, first
}
