package bot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"storybot/index"
)

// Engine is an Answerer that holds resources: *index.Engine is one.
type Engine interface {
	Answerer
	Close() error
}

// Engines is the Answerer the bot asks: it delegates to the current
// engine, and Swap replaces that engine without stopping the bot. The old
// engine is closed once the questions it is answering are done; new ones
// go to the new engine at once.
type Engines struct {
	cur atomic.Pointer[engineRef]
}

// engineRef counts the questions an engine is answering. Its count has a
// high bit set once the engine is retired: from then on no question may
// start on it, and the last one to finish lets it close.
type engineRef struct {
	eng     Engine
	n       atomic.Int64
	drained chan struct{}
	once    sync.Once
}

const retiredBit = int64(1) << 62

// NewEngines serves e.
func NewEngines(e Engine) *Engines {
	h := &Engines{}
	h.cur.Store(&engineRef{eng: e, drained: make(chan struct{})})
	return h
}

// acquire returns the current engine, counted as in use until release.
func (h *Engines) acquire() (*engineRef, error) {
	for {
		r := h.cur.Load()
		if r == nil {
			return nil, errors.New("no index loaded")
		}
		if v := r.n.Add(1); v&retiredBit == 0 {
			return r, nil
		}
		// Retired between the load and the count: undo, and take the
		// new one.
		r.release()
	}
}

func (r *engineRef) release() {
	if r.n.Add(-1) == retiredBit {
		r.once.Do(func() { close(r.drained) })
	}
}

// retire stops new questions on r, waits for those it is answering, and
// closes it.
func (r *engineRef) retire() error {
	if r.n.Add(retiredBit) == retiredBit {
		r.once.Do(func() { close(r.drained) })
	}
	<-r.drained
	return r.eng.Close()
}

// Ask asks the current engine.
func (h *Engines) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	r, err := h.acquire()
	if err != nil {
		return index.Result{}, err
	}
	defer r.release()
	return r.eng.Ask(ctx, q, opt)
}

// Stories describes the current engine's stories.
func (h *Engines) Stories() []index.StoryInfo {
	r, err := h.acquire()
	if err != nil {
		return nil
	}
	defer r.release()
	return r.eng.Stories()
}

// Paragraph gives a paragraph of the current engine's stories, if it
// can (see Paragrapher).
func (h *Engines) Paragraph(storyID string, para int) ([]string, error) {
	r, err := h.acquire()
	if err != nil {
		return nil, err
	}
	defer r.release()
	p, ok := r.eng.(Paragrapher)
	if !ok {
		return nil, fmt.Errorf("story %q, paragraph %d: %w", storyID, para, index.ErrNoParagraph)
	}
	return p.Paragraph(storyID, para)
}

// Current is the engine being served (for its statistics; do not close it).
func (h *Engines) Current() Engine {
	if r := h.cur.Load(); r != nil {
		return r.eng
	}
	return nil
}

// Swap serves e from now on, then closes the old engine once the
// questions it is answering are done (Swap waits for that).
func (h *Engines) Swap(e Engine) error {
	old := h.cur.Swap(&engineRef{eng: e, drained: make(chan struct{})})
	if old == nil {
		return nil
	}
	return old.retire()
}

// Close closes the engine being served, after the questions it is
// answering; Ask fails afterwards.
func (h *Engines) Close() error {
	old := h.cur.Swap(nil)
	if old == nil {
		return nil
	}
	return old.retire()
}

// Reloader rebuilds the index from the corpus and swaps it in, only when
// the new one loads cleanly: a story that does not parse leaves the
// running index untouched, and the log says why.
type Reloader struct {
	Engines *Engines
	// Load builds a new engine beside the running one.
	Load func(ctx context.Context) (Engine, error)
	// Swapped is called with the new engine just before it is served (to
	// refresh what depends on it, such as example questions).
	Swapped func(ctx context.Context, e Engine)
	Logger  *slog.Logger
	Metrics *Metrics
	Now     func() time.Time

	mu sync.Mutex
}

// Reload loads a new index and serves it; on an error the old index stays.
// Reloads do not overlap: one asked for during another runs after it.
func (r *Reloader) Reload(ctx context.Context, why string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	log := r.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	start := now()
	log.Info("reloading the corpus", "why", why)
	e, err := r.Load(ctx)
	if err != nil {
		if r.Metrics != nil {
			r.Metrics.Reloaded(false)
		}
		log.Error("reload failed; still serving the previous index", "why", why, "err", err)
		return err
	}
	if r.Swapped != nil {
		r.Swapped(ctx, e)
	}
	if err := r.Engines.Swap(e); err != nil {
		log.Warn("closing the previous index failed", "err", err)
	}
	if r.Metrics != nil {
		r.Metrics.Reloaded(true)
		r.Metrics.IndexLoaded(len(e.Stories()), now())
	}
	log.Info("corpus reloaded", "stories", len(e.Stories()), "took", now().Sub(start).Round(time.Millisecond))
	return nil
}

// WatchDir polls the *.txt files of dir in fsys every interval and calls
// changed when their names, sizes or modification times differ from the
// last look, until ctx is done. The first look is since, a Snapshot taken
// before the running index was loaded (so that a change made while it
// loaded is seen). A folder that cannot be read is logged and looked at
// again next time.
func WatchDir(ctx context.Context, fsys fs.FS, every time.Duration, since string, log *slog.Logger, changed func()) {
	last := since
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur, err := Snapshot(fsys)
		if err != nil {
			log.Warn("cannot read the corpus folder to watch it", "err", err)
			continue
		}
		if cur != last {
			last = cur
			changed()
		}
	}
}

// Snapshot describes the stories in fsys's top folder (names, sizes,
// modification times), as a string to compare.
func Snapshot(fsys fs.FS) (string, error) {
	des, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", err
	}
	var lines []string
	for _, de := range des {
		if de.IsDir() || len(de.Name()) < 4 || de.Name()[len(de.Name())-4:] != ".txt" {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			// Removed between the listing and now: it changed.
			lines = append(lines, de.Name()+" gone")
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %d %d", de.Name(), fi.Size(), fi.ModTime().UnixNano()))
	}
	sort.Strings(lines)
	return fmt.Sprint(lines), nil
}
