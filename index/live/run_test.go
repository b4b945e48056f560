package live

import (
	"context"
	"os"
	"path/filepath"
	"storybot/internal/testlog"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// gatedLoad is a Load that announces each load on started and finishes it
// only when release lets it; load n returns an engine of n stories.
type gatedLoad struct {
	started chan int
	release chan struct{}
	n       int
}

func newGatedLoad() *gatedLoad {
	return &gatedLoad{started: make(chan int, 10), release: make(chan struct{}, 10)}
}

func (g *gatedLoad) load(context.Context) (Engine, error) {
	g.n++
	if g.n > 1 { // the first load, in New, is not held
		g.started <- g.n
		<-g.release
	}
	return &fakeEngine{name: "e", stories: g.n}, nil
}

// runIndex serves a gated load with opt and runs it with hup until the
// test ends.
func runIndex(t *testing.T, opt Options, hup <-chan os.Signal) (*Index, *gatedLoad, *testlog.Buffer, context.CancelFunc, <-chan struct{}) {
	t.Helper()
	log, buf := testLog(t)
	opt.Logger = log
	g := newGatedLoad()
	x, err := New(context.Background(), g.load, opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { x.Run(ctx, hup); close(done) }()
	t.Cleanup(func() {
		cancel()
		close(g.release) // lets a load still held finish
		receive(t, done, "Run to return")
	})
	return x, g, buf, cancel, done
}

// TestRunReloadsOn: a signal on hup, and with a watch a change in the
// corpus folder, each reload the index once.
func TestRunReloadsOn(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		watch   time.Duration
		trigger func(t *testing.T, hup chan<- os.Signal, dir string)
		why     string
	}{
		{"SIGHUP", 0, func(t *testing.T, hup chan<- os.Signal, _ string) { hup <- syscall.SIGHUP }, "why=SIGHUP"},
		{"a new story", 2 * time.Millisecond, func(t *testing.T, _ chan<- os.Signal, dir string) {
			writeFile(t, dir, "storm.md", "# Storm closes schools")
		}, `why="the corpus folder changed"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				dir := t.TempDir()
				writeFile(t, dir, "budget.txt", "one")
				hup := make(chan os.Signal, 1)
				x, g, buf, _, _ := runIndex(t, Options{Corpus: os.DirFS(dir), Watch: tt.watch}, hup)
				tt.trigger(t, hup, dir)
				if n := receive(t, g.started, "a reload"); n != 2 {
					t.Errorf("load %d", n)
				}
				g.release <- struct{}{}
				waitFor(t, buf, "msg=\"corpus reloaded\" stories=2", 1)
				if !strings.Contains(buf.String(), `msg="reloading the corpus" `+tt.why) {
					t.Errorf("reload logged without %s", tt.why)
				}
				if len(x.Stories()) != 2 {
					t.Errorf("serving %d stories", len(x.Stories()))
				}
			})
		})
	}
}

// TestRunCoalesces: however many reloads are asked for during a reload,
// one more runs after it. (SIGHUP and the watch both ask through pull,
// which never waits; it is called here directly so that every ask is
// surely made before the reload ends.)
func TestRunCoalesces(t *testing.T) {
	t.Parallel()
	synctest.Test(t, runCoalesces)
}

func runCoalesces(t *testing.T) {
	hup := make(chan os.Signal)
	x, g, buf, _, _ := runIndex(t, Options{}, hup)
	hup <- syscall.SIGHUP
	receive(t, g.started, "the first reload")
	for range 3 {
		x.pull("SIGHUP")
	}
	x.pull("the corpus folder changed")
	g.release <- struct{}{}
	receive(t, g.started, "the reload asked for meanwhile")
	// While it loads, nothing more is waiting to begin.
	if n := len(x.trigger); n != 0 {
		t.Errorf("%d more reloads waiting", n)
	}
	g.release <- struct{}{}
	waitFor(t, buf, "msg=\"corpus reloaded\" stories=3", 1)
}

// TestRunWaitsForTheReloadUnderWay: Run returns only once the reload it
// began has finished, so that nothing is left half-swapped.
func TestRunWaitsForTheReloadUnderWay(t *testing.T) {
	t.Parallel()
	synctest.Test(t, runWaitsForTheReloadUnderWay)
}

func runWaitsForTheReloadUnderWay(t *testing.T) {
	hup := make(chan os.Signal, 1)
	x, g, buf, cancel, done := runIndex(t, Options{}, hup)
	hup <- syscall.SIGHUP
	receive(t, g.started, "a reload")
	cancel()
	synctest.Wait()
	select {
	case <-done:
		t.Fatal("Run returned with a reload under way")
	default:
	}
	g.release <- struct{}{}
	receive(t, done, "Run to return")
	if !strings.Contains(buf.String(), "msg=\"corpus reloaded\" stories=2") || len(x.Stories()) != 2 {
		t.Errorf("the reload under way did not finish: %d stories", len(x.Stories()))
	}
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
