package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"storybot/index"
	"storybot/internal/testlog"
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

// testMetrics are an Index's metrics on a registry of their own.
type testMetrics struct {
	*Metrics
	reg *prometheus.Registry
}

func newTestMetrics() testMetrics {
	reg := prometheus.NewRegistry()
	return testMetrics{NewMetrics(reg), reg}
}

// metricsRead is what the metrics say: reloads, stories, and when the
// index was loaded (0: never).
type metricsRead struct {
	ok, failed, stories int
	loadedAt            int64
}

func (r metricsRead) String() string {
	return fmt.Sprintf("reloads ok=%d failed=%d, stories=%d, loaded at %d", r.ok, r.failed, r.stories, r.loadedAt)
}

// read gathers the metrics as /metrics would show them.
func (m testMetrics) read(t testing.TB) metricsRead {
	t.Helper()
	families, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var r metricsRead
	for _, f := range families {
		for _, s := range f.GetMetric() {
			switch f.GetName() {
			case "storybot_reloads_total":
				if s.GetLabel()[0].GetValue() == "ok" {
					r.ok = int(s.GetCounter().GetValue())
				} else {
					r.failed = int(s.GetCounter().GetValue())
				}
			case "storybot_index_stories":
				r.stories = int(s.GetGauge().GetValue())
			case "storybot_index_loaded_timestamp_seconds":
				r.loadedAt = int64(s.GetGauge().GetValue())
			}
		}
	}
	return r
}

// waitFor waits, in the test's bubble (synctest), until the log b holds s
// n times: until every goroutine of the bubble is blocked, then as the
// bubble's clock moves on (a watch looks again on its ticks), for up to
// timeout of that clock.
func waitFor(t *testing.T, b *testlog.Buffer, s string, n int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for synctest.Wait(); strings.Count(b.String(), s) < n; synctest.Wait() {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q %d times:\n%s", s, n, b.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// testLog is a logger whose output the test shows if it fails.
func testLog(t *testing.T) (*slog.Logger, *testlog.Buffer) { return testlog.New(t) }

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
