package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"storybot/bot/slackapi"
	"sync"
	"sync/atomic"
	"time"
)

// lifecycle is the bot's life: its work in the background (Go, Wait,
// Recover), whether it can answer (Ready, for /readyz; NeedLink and
// LinkChanged for a transport's link to Slack), and its end (Drain,
// Shutdown). The Bot embeds it: its exported methods are the Bot's, as
// the transports and the command call them.
type lifecycle struct {
	engine      Engine // nil: no index loaded
	metrics     *Metrics
	log         *slog.Logger
	taskTimeout time.Duration
	wg          sync.WaitGroup
	// abort cancels the work in flight when a shutdown runs out of time.
	abort     context.Context
	abortWork context.CancelFunc
	draining  atomic.Bool
	// linkUp tells whether the transport's link to Slack is up, when
	// the bot needs one to answer (Socket Mode; see NeedLink).
	linkUp atomic.Pointer[func() bool]
}

// setUp readies l for work: engine is what Ready asks, taskTimeout
// bounds each piece of work (30 s if zero).
func (l *lifecycle) setUp(engine Engine, m *Metrics, log *slog.Logger, taskTimeout time.Duration) {
	l.engine, l.metrics, l.log, l.taskTimeout = engine, m, log, taskTimeout
	if l.taskTimeout <= 0 {
		l.taskTimeout = 30 * time.Second
	}
	l.abort, l.abortWork = context.WithCancel(context.Background())
}

// Ready tells whether the bot can answer: not shutting down, with an index
// loaded and, in Socket Mode, connected to Slack. why says what is
// missing.
func (l *lifecycle) Ready() (ok bool, why string) {
	switch {
	case l.draining.Load():
		return false, "shutting down"
	case l.engine == nil:
		return false, "no index loaded"
	case !l.linked():
		return false, "not connected to Slack"
	}
	return l.engine.Ready()
}

// linked tells whether the link the bot needs (see NeedLink) is up.
func (l *lifecycle) linked() bool {
	up := l.linkUp.Load()
	return up == nil || (*up)()
}

func (l *lifecycle) updateReady() {
	if ok, _ := l.Ready(); ok {
		l.metrics.ready.Set(1)
	} else {
		l.metrics.ready.Set(0)
	}
}

// ReaderStatus says whether the engine's sentence encoder reads along
// ("off", "encoding", "ready"), for /healthz; "" without an engine.
func (l *lifecycle) ReaderStatus() string {
	if l.engine == nil {
		return ""
	}
	return l.engine.ReaderStatus()
}

// NeedLink makes the bot ready only while up says so: a transport's link
// to Slack (Socket Mode). The transport calls LinkChanged when up may
// have changed.
func (l *lifecycle) NeedLink(up func() bool) {
	l.linkUp.Store(&up)
	l.updateReady()
}

// LinkChanged tells the bot that the link NeedLink watches may have come
// up or gone down.
func (l *lifecycle) LinkChanged() { l.updateReady() }

// Drain marks the bot as shutting down: /readyz fails from now on, so
// that load balancers stop sending work.
func (l *lifecycle) Drain() {
	l.draining.Store(true)
	l.updateReady()
}

// Shutdown drains the bot and waits for the work in flight, until ctx is
// done; then it cancels that work, waits a moment for it to stop, and
// returns an error saying so.
func (l *lifecycle) Shutdown(ctx context.Context) error {
	l.Drain()
	done := make(chan struct{})
	go func() {
		l.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	l.abortWork()
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
	return errors.New("shutdown: gave up waiting for the answers in flight")
}

// Go runs f in the background with a context that outlives ctx's
// cancellation (so that work already acknowledged is finished at shutdown)
// but not the bot's task timeout, nor a shutdown that ran out of time. A
// panic in f is logged, not fatal. Wait waits for all of them.
func (l *lifecycle) Go(ctx context.Context, what string, f func(ctx context.Context)) {
	l.metrics.inflight.Inc()
	l.wg.Go(func() {
		defer l.metrics.inflight.Dec()
		// Not ctx's child: the work outlives the request that started it.
		// (The request's context holds nothing the work needs.)
		ctx, cancel := context.WithTimeout(l.abort, l.taskTimeout)
		defer cancel()
		defer l.Recover(ctx, what)
		f(ctx)
	})
}

// Wait waits for the background work started with Go.
func (l *lifecycle) Wait() { l.wg.Wait() }

// Recover, deferred, recovers a panic in what: it is logged and counted,
// not fatal.
func (l *lifecycle) Recover(ctx context.Context, what string) {
	if v := recover(); v != nil {
		l.panicked(slackapi.LoggerFrom(ctx, l.log), v, "panic", "in", what)
	}
}

// Panicked counts and logs (as msg, with attrs) a panic v that a
// transport recovered.
func (l *lifecycle) Panicked(v any, msg string, attrs ...any) { l.panicked(l.log, v, msg, attrs...) }

func (l *lifecycle) panicked(log *slog.Logger, v any, msg string, attrs ...any) {
	l.metrics.panics.Inc()
	log.Error(msg, append(attrs, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))...)
}
