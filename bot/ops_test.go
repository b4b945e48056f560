package bot

import (
	"context"
	"fmt"
	"net/http/httptest"
	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestPanicIsApologisedForAndContained(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	var wg sync.WaitGroup
	for i, q := range []string{"panic now", "budget?", "budget again?"} {
		wg.Go(func() {
			w := httptest.NewRecorder()
			rig.H.ServeHTTP(w, slackfake.Signed(t, "/slack/events", testSecret, "application/json",
				slackfake.JSON(t, slackfake.Callback(fmt.Sprint("EvP", i), slackfake.Mention("C1", "U1", "<@UBOT> "+q, fmt.Sprint(i, ".1"), ""))), rig.Now))
		})
	}
	wg.Wait()
	rig.Bot.Wait()
	ps := rig.Posts()
	if len(ps) != 3 {
		t.Fatalf("%d posts, want 3", len(ps))
	}
	apologies := 0
	for _, p := range ps {
		switch {
		case strings.Contains(p.Get("text"), "Sorry"):
			apologies++
			if p.Get("thread_ts") != "0.1" {
				t.Errorf("apology in thread %q", p.Get("thread_ts"))
			}
		case !strings.Contains(p.Get("text"), "budget"):
			t.Errorf("not an answer: %q", p.Get("text"))
		}
	}
	if apologies != 1 {
		t.Errorf("%d apologies, want 1", apologies)
	}
	log := rig.Log.String()
	if !strings.Contains(log, `msg="panic answering" event_id=EvP0`) || !strings.Contains(log, "goroutine") || !strings.Contains(log, "engine bug") {
		t.Errorf("panic not logged with its event and stack:\n%s", log)
	}
	if got := metricValue(t, rig.Bot, "storybot_panics_total"); got != 1 {
		t.Errorf("panics counted %v", got)
	}
}

// TestRetryStorm sends every event several times, concurrently, as Slack
// does when the app is slow: each is answered exactly once.
func TestRetryStorm(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{})
	const events, copies = 40, 5
	var wg sync.WaitGroup
	for c := range copies {
		for e := range events {
			wg.Go(func() {
				ev := slackfake.Callback(fmt.Sprint("EvS", e), slackfake.Mention("C1", "U1", "<@UBOT> budget?", fmt.Sprint(e, ".1"), ""))
				r := slackfake.Signed(t, "/slack/events", testSecret, "application/json", slackfake.JSON(t, ev), rig.Now)
				if c > 0 {
					r.Header.Set(slacksig.HeaderRetryNum, fmt.Sprint(c))
				}
				w := httptest.NewRecorder()
				rig.H.ServeHTTP(w, r)
				if w.Code != 200 {
					t.Errorf("status %d", w.Code)
				}
			})
		}
	}
	wg.Wait()
	rig.Bot.Wait()
	ps := rig.Posts()
	seen := map[string]int{}
	for _, p := range ps {
		seen[p.Get("thread_ts")]++
	}
	if len(ps) != events || len(seen) != events {
		t.Errorf("%d posts in %d threads for %d events", len(ps), len(seen), events)
	}
	if n := len(ans.Questions()); n != events {
		t.Errorf("engine asked %d times", n)
	}
	if got := metricValue(t, rig.Bot, "storybot_dedup_hits_total"); got != events*(copies-1) {
		t.Errorf("dedup hits %v, want %d", got, events*(copies-1))
	}
}

// TestShutdown, in a bubble: Shutdown waits for the work in flight, and
// cancels what will not finish in time (on the bubble's clock).
func TestShutdown(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newTestBot(t, &fakeAnswerer{}, Options{})
		release := make(chan struct{})
		finished := make(chan struct{})
		b.Go(context.Background(), "slow work", func(ctx context.Context) {
			<-release
			close(finished)
		})
		shutDone := make(chan error, 1)
		go func() { shutDone <- b.Shutdown(context.Background()) }()
		synctest.Wait() // Shutdown is waiting for the work
		if ok, _ := b.Ready(); ok {
			t.Error("ready while shutting down")
		}
		select {
		case <-shutDone:
			t.Fatal("Shutdown returned with work in flight")
		default:
		}
		close(release)
		if err := <-shutDone; err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		<-finished

		// Bounded: work that will not finish is cancelled.
		b = newTestBot(t, &fakeAnswerer{}, Options{})
		cancelled := make(chan struct{})
		b.Go(context.Background(), "stuck work", func(ctx context.Context) {
			<-ctx.Done()
			close(cancelled)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := b.Shutdown(ctx); err == nil {
			t.Error("Shutdown gave up silently")
		}
		<-cancelled
	})
}
