package live

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"storybot/index"
)

// timeout bounds every wait, so that a broken test fails instead of
// hanging.
const timeout = 10 * time.Second

// fakeEngine answers with its name, and fails if asked once closed.
type fakeEngine struct {
	name    string
	stories int
	// block, when set, holds every Ask until it is closed.
	block    chan struct{}
	asked    atomic.Int32
	closed   atomic.Bool
	closeErr error
}

func (e *fakeEngine) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	if e.closed.Load() {
		return index.Result{}, errors.New(e.name + " asked after Close")
	}
	e.asked.Add(1)
	if e.block != nil {
		<-e.block
	}
	if e.closed.Load() {
		return index.Result{}, errors.New(e.name + " closed while answering")
	}
	return index.Result{Question: e.name}, nil
}

func (e *fakeEngine) ReaderStatus() string { return "off" }

func (e *fakeEngine) Paragraph(storyID string, para int) ([]string, error) {
	return nil, fmt.Errorf("story %q, paragraph %d: %w", storyID, para, index.ErrNoParagraph)
}

func (e *fakeEngine) Stories() []index.StoryInfo {
	out := make([]index.StoryInfo, e.stories)
	for i := range out {
		out[i].ID = fmt.Sprint(e.name, i)
	}
	return out
}

func (e *fakeEngine) Close() error {
	e.closed.Store(true)
	return e.closeErr
}

// fakeMetrics records what an Index reports.
type fakeMetrics struct {
	mu         sync.Mutex
	ok, failed int
	stories    int
	loads      int
	loadedAt   time.Time
}

func (m *fakeMetrics) IndexLoaded(stories int, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stories, m.loadedAt = stories, at
	m.loads++
}

func (m *fakeMetrics) Reloaded(ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ok {
		m.ok++
	} else {
		m.failed++
	}
}

func (m *fakeMetrics) String() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprintf("reloads ok=%d failed=%d, %d loads, stories=%d", m.ok, m.failed, m.loads, m.stories)
}

// logBuffer is a log's output, safe to read while it is written.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the log holds s n times.
func (b *logBuffer) waitFor(t *testing.T, s string, n int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for strings.Count(b.String(), s) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q %d times:\n%s", s, n, b.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// testLog is a logger whose output the test shows if it fails.
func testLog(t *testing.T) (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// loadThis is a Load that returns e.
func loadThis(e Engine) Load {
	return func(context.Context) (Engine, error) { return e, nil }
}

// servedEngine is the engine x serves now, or nil.
func servedEngine(x *Index) Engine {
	if s := x.cur.Load(); s != nil {
		return s.eng
	}
	return nil
}

func receive[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(timeout):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}
