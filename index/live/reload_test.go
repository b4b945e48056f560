package live

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

var errTitel = errors.New(`corpus/bad.txt:2: unknown header key "titel"`)

// TestNew: the first load is served and reported; a corpus that does not
// load is New's error, as it is.
func TestNew(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		load    Load
		wantErr error
		wantLog string
	}{
		{"loads", loadThis(&fakeEngine{name: "first", stories: 3}), nil, "msg=\"stories indexed\" stories=3"},
		{"does not load", func(context.Context) (Engine, error) { return nil, errTitel }, errTitel, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := testLog(t)
			m := newTestMetrics()
			x, err := New(context.Background(), tt.load, Options{Logger: log, Metrics: m.Metrics, Now: func() time.Time { return at }})
			if err != tt.wantErr {
				t.Fatalf("New: %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if got := m.read(t); x != nil || got.loadedAt != 0 {
					t.Errorf("a failed New gave %v and %s", x, got)
				}
				return
			}
			if ok, why := x.Ready(); !ok {
				t.Errorf("not ready: %s", why)
			}
			if got := m.read(t); len(x.Stories()) != 3 || got.stories != 3 || got.loadedAt != at.Unix() || got.ok+got.failed != 0 {
				t.Errorf("served %d stories; metrics %s, want loaded at %d", len(x.Stories()), got, at.Unix())
			}
			if !strings.Contains(buf.String(), tt.wantLog) {
				t.Errorf("log lacks %q", tt.wantLog)
			}
		})
	}
}

// TestReload: a reload serves the new engine only if it loaded cleanly,
// closes the old one, and says so in the log and the metrics.
func TestReload(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		old, neu *fakeEngine
		loadErr  error
		wantLog  []string
	}{
		{
			name: "loads cleanly",
			old:  &fakeEngine{name: "old", stories: 1}, neu: &fakeEngine{name: "new", stories: 2},
			wantLog: []string{`msg="reloading the corpus" why=test`, `msg="corpus reloaded" stories=2`},
		},
		{
			name: "a story does not parse",
			old:  &fakeEngine{name: "old", stories: 1}, loadErr: errTitel,
			wantLog: []string{`msg="reload failed; still serving the previous index" why=test`, "titel"},
		},
		{
			name: "the old engine does not close",
			old:  &fakeEngine{name: "old", stories: 1, closeErr: errors.New("disk gone")}, neu: &fakeEngine{name: "new", stories: 2},
			wantLog: []string{`msg="closing the previous index failed" err="disk gone"`, `msg="corpus reloaded" stories=2`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := testLog(t)
			m := newTestMetrics()
			first := true
			var swappedWhileOld bool
			x, err := New(context.Background(), func(context.Context) (Engine, error) {
				if first {
					first = false
					return tt.old, nil
				}
				if tt.loadErr != nil {
					return nil, tt.loadErr
				}
				return tt.neu, nil
			}, Options{Logger: log, Metrics: m.Metrics})
			if err != nil {
				t.Fatal(err)
			}
			// (Swapped is called before the new engine is served.)
			x.opt.Swapped = func(_ context.Context, e Engine) {
				swappedWhileOld = e == Engine(tt.neu) && servedEngine(x) == Engine(tt.old)
			}
			err = x.reload(context.Background(), "test")
			if err != tt.loadErr {
				t.Errorf("reload: %v, want %v", err, tt.loadErr)
			}
			want, stories, ok, failed := Engine(tt.neu), 2, 1, 0
			if tt.loadErr != nil {
				want, stories, ok, failed = tt.old, 1, 0, 1
			}
			if got := servedEngine(x); got != want {
				t.Errorf("serving %v, want %v", got, want)
			}
			if tt.old.closed.Load() != (tt.loadErr == nil) {
				t.Errorf("old engine closed: %v", tt.old.closed.Load())
			}
			if swappedWhileOld != (tt.loadErr == nil) {
				t.Errorf("Swapped called before serving the new engine: %v", swappedWhileOld)
			}
			if got := m.read(t); got.ok != ok || got.failed != failed || got.stories != stories {
				t.Errorf("metrics %s, want reloads ok=%d failed=%d, stories=%d", got, ok, failed, stories)
			}
			for _, s := range tt.wantLog {
				if !strings.Contains(buf.String(), s) {
					t.Errorf("log lacks %q", s)
				}
			}
		})
	}
}

// TestReloadNow: Reload serves the new engine before it returns (with no
// Run), returns the load's error with the old engine still served, and
// serves nothing once the index is closed.
func TestReloadNow(t *testing.T) {
	t.Parallel()
	first, second := &fakeEngine{name: "first", stories: 1}, &fakeEngine{name: "second", stories: 2}
	next := []Engine{first, nil, second, &fakeEngine{name: "after close"}}
	load := func(context.Context) (Engine, error) {
		e := next[0]
		next = next[1:]
		if e == nil {
			return nil, errTitel
		}
		return e, nil
	}
	log, _ := testLog(t)
	x, err := New(context.Background(), load, Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Reload(context.Background(), "test"); err != errTitel || servedEngine(x) != first {
		t.Fatalf("a failed Reload: %v, serving %v", err, servedEngine(x))
	}
	if err := x.Reload(context.Background(), "test"); err != nil || servedEngine(x) != second || !first.closed.Load() {
		t.Fatalf("Reload: %v, serving %v (first closed: %v)", err, servedEngine(x), first.closed.Load())
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.Reload(context.Background(), "test"); err != errClosed || servedEngine(x) != nil || len(next) != 1 {
		t.Errorf("Reload after Close: %v, serving %v", err, servedEngine(x))
	}
}
