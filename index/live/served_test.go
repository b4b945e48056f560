package live

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"storybot/index"
)

// TestSwapWaitsForQuestionsInFlight: after a swap new questions go to the
// new engine at once, while the old one finishes the question it is
// answering before it is closed.
func TestSwapWaitsForQuestionsInFlight(t *testing.T) {
	t.Parallel()
	synctest.Test(t, swapWaitsForQuestionsInFlight)
}

func swapWaitsForQuestionsInFlight(t *testing.T) {
	ctx := context.Background()
	old := &fakeEngine{name: "old", block: make(chan struct{})}
	x, err := New(ctx, loadThis(old), Options{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan index.Result, 1)
	go func() { r, _ := x.Ask(ctx, "budget?", index.AskOptions{}); done <- r }()
	synctest.Wait()
	if old.asked.Load() == 0 {
		t.Fatal("the question never reached the engine")
	}
	neu := &fakeEngine{name: "new"}
	swapped := make(chan error, 1)
	go func() { swapped <- x.swap(neu) }()
	synctest.Wait()
	if servedEngine(x) != Engine(neu) {
		t.Fatal("the new engine is not served while the old one answers")
	}
	if r, err := x.Ask(ctx, "budget?", index.AskOptions{}); err != nil || r.Question != "new" {
		t.Errorf("after the swap: %v %q", err, r.Question)
	}
	if old.closed.Load() {
		t.Fatal("old engine closed with a question in flight")
	}
	close(old.block)
	if r := receive(t, done, "the question in flight"); r.Question != "old" {
		t.Errorf("in-flight question answered by %q", r.Question)
	}
	if err := receive(t, swapped, "swap"); err != nil {
		t.Fatal(err)
	}
	if !old.closed.Load() {
		t.Error("old engine not closed")
	}
	if ok, _ := x.Ready(); !ok {
		t.Error("not ready while serving")
	}
	if err := x.Close(); err != nil || !neu.closed.Load() {
		t.Errorf("Close: %v", err)
	}
	if _, err := x.Ask(ctx, "budget?", index.AskOptions{}); err == nil {
		t.Error("asked a closed Index")
	}
	if s := x.Stories(); s != nil {
		t.Errorf("stories of a closed Index: %v", s)
	}
	if ok, why := x.Ready(); ok || why != "no index loaded" {
		t.Errorf("Ready once closed: %v %q", ok, why)
	}
}

// TestSwapUnderLoad swaps many times while questions are asked, under the
// race detector: none reaches a closed engine.
func TestSwapUnderLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	x, err := New(ctx, loadThis(&fakeEngine{name: "e0"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var failures atomic.Int32
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := x.Ask(ctx, "budget?", index.AskOptions{}); err != nil {
					failures.Add(1)
				}
				x.Stories()
			}
		})
	}
	for i := range 50 {
		x.swap(&fakeEngine{name: fmt.Sprint("e", i+1)})
	}
	close(stop)
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d questions reached a closed engine", n)
	}
}
