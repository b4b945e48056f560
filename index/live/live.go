package live

import (
	"context"
	"io/fs"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"storybot/index"
)

// Engine is an index that can be served: *index.Engine is one.
type Engine interface {
	index.Asker
	Close() error
}

// Load builds an engine from the corpus; on a reload, beside the one
// being served.
type Load func(ctx context.Context) (Engine, error)

// Options configure an Index.
type Options struct {
	// Corpus is the folder the stories are read from, for the watch.
	Corpus fs.FS
	// Watch is how often the corpus folder is looked at for changes; 0
	// (or no Corpus): reload only on a signal.
	Watch time.Duration
	// Swapped is called with a new engine just before it is served, to
	// refresh what depends on it (such as example questions).
	Swapped func(ctx context.Context, e Engine)
	Logger  *slog.Logger     // discards if nil
	Metrics *Metrics         // none if nil (NewMetrics)
	Now     func() time.Time // time.Now if nil
}

// Index is the index being served: it answers from the current engine,
// which Run replaces without stopping the answers. It is safe for
// concurrent use.
type Index struct {
	load    Load
	opt     Options
	log     *slog.Logger
	metrics *Metrics
	now     func() time.Time

	cur atomic.Pointer[served]
	// since describes the corpus folder as it was before the first load
	// (see watch).
	since string
	// trigger holds at most one reload asked for and not yet begun.
	trigger chan string
	// reloading keeps reloads from overlapping, and from serving an
	// engine once the index is closed.
	reloading sync.Mutex
	closed    bool
}

// New loads the first engine and serves it. Its error is load's: a corpus
// that does not load stops the start.
func New(ctx context.Context, load Load, opt Options) (*Index, error) {
	x := &Index{load: load, opt: opt, log: opt.Logger, metrics: opt.Metrics, now: opt.Now, trigger: make(chan string, 1)}
	if x.log == nil {
		x.log = slog.New(slog.DiscardHandler)
	}
	if x.now == nil {
		x.now = time.Now
	}
	if x.watching() {
		// Before the load, so that a change made while it loads is seen.
		x.since, _ = snapshot(opt.Corpus)
	}
	start := x.now()
	e, err := load(ctx)
	if err != nil {
		return nil, err
	}
	x.cur.Store(newServed(e))
	n := len(e.Stories())
	x.metrics.indexLoaded(n, x.now())
	x.log.Info("stories indexed", "stories", n, "took", x.now().Sub(start).Round(time.Millisecond))
	return x, nil
}

// Ask asks the current engine.
func (x *Index) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	s, err := x.acquire()
	if err != nil {
		return index.Result{}, err
	}
	defer s.release()
	return s.eng.Ask(ctx, q, opt)
}

// Stories describes the current engine's stories (none once closed).
func (x *Index) Stories() []index.StoryInfo {
	s, err := x.acquire()
	if err != nil {
		return nil
	}
	defer s.release()
	return s.eng.Stories()
}

// ReaderStatus is the current engine's (see Engine); "off" with none.
func (x *Index) ReaderStatus() string {
	s, err := x.acquire()
	if err != nil {
		return "off"
	}
	defer s.release()
	return s.eng.ReaderStatus()
}

// Paragraph gives a paragraph of the current engine's stories.
func (x *Index) Paragraph(storyID string, para int) ([]string, error) {
	s, err := x.acquire()
	if err != nil {
		return nil, err
	}
	defer s.release()
	return s.eng.Paragraph(storyID, para)
}

// Ready tells whether an engine is being served; why says what is
// missing.
func (x *Index) Ready() (ok bool, why string) {
	if x.cur.Load() == nil {
		return false, errNoIndex.Error()
	}
	return true, ""
}

// Close closes the engine being served, once the questions it is
// answering are done; Ask fails afterwards. Stop Run first. A reload
// under way (see Reload) is waited for, and none serves an engine after.
func (x *Index) Close() error {
	x.reloading.Lock()
	defer x.reloading.Unlock()
	x.closed = true
	return x.swap(nil)
}

func (x *Index) watching() bool { return x.opt.Watch > 0 && x.opt.Corpus != nil }
