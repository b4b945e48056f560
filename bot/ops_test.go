package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/httpserver"
	"storybot/bot/slackfake"
	"storybot/bot/socket"
	"storybot/internal/slacksig"
)

func TestPanicIsApologisedForAndContained(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	var wg sync.WaitGroup
	for i, q := range []string{"panic now", "budget?", "budget again?"} {
		wg.Go(func() {
			w := httptest.NewRecorder()
			rig.h.ServeHTTP(w, slackfake.Signed(t, "/slack/events", testSecret, "application/json",
				slackfake.JSON(t, slackfake.Callback(fmt.Sprint("EvP", i), slackfake.Mention("C1", "U1", "<@UBOT> "+q, fmt.Sprint(i, ".1"), ""))), rig.now))
		})
	}
	wg.Wait()
	rig.bot.Wait()
	ps := rig.posts()
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
	log := rig.log.String()
	if !strings.Contains(log, `msg="panic answering" event_id=EvP0`) || !strings.Contains(log, "goroutine") || !strings.Contains(log, "engine bug") {
		t.Errorf("panic not logged with its event and stack:\n%s", log)
	}
	if got := metricValue(t, rig.bot, "storybot_panics_total"); got != 1 {
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
				r := slackfake.Signed(t, "/slack/events", testSecret, "application/json", slackfake.JSON(t, ev), rig.now)
				if c > 0 {
					r.Header.Set(slacksig.HeaderRetryNum, fmt.Sprint(c))
				}
				w := httptest.NewRecorder()
				rig.h.ServeHTTP(w, r)
				if w.Code != 200 {
					t.Errorf("status %d", w.Code)
				}
			})
		}
	}
	wg.Wait()
	rig.bot.Wait()
	ps := rig.posts()
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
	if got := metricValue(t, rig.bot, "storybot_dedup_hits_total"); got != events*(copies-1) {
		t.Errorf("dedup hits %v, want %d", got, events*(copies-1))
	}
}

// TestSocketModeNoLostEnvelope: an envelope whose link drops before its ack
// got through is redelivered on the next link and answered once.
func TestSocketModeNoLostEnvelope(t *testing.T) {
	t.Parallel()
	rig := newSocketRig(t, &fakeAnswerer{}, slackfake.AppToken)
	ev := slackfake.Callback("EvLost", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "5.1", ""))
	rig.link.Send(t, "events_api", ev)
	rig.link.Drop()
	second := slackfake.Receive(t, rig.slack.Links, "connection after the drop")
	// Slack did not see the ack: it redelivers on the new link.
	redelivered := map[string]any{
		"envelope_id": "env-again", "type": "events_api", "payload": ev,
		"accepts_response_payload": false, "retry_attempt": 1, "retry_reason": "timeout",
	}
	second.SendJSON(t, redelivered)
	second.WaitAck(t, "env-again")
	// And a new event on the new link.
	second.WaitAck(t, second.Send(t, "events_api", slackfake.Callback("EvNew", slackfake.DM("D1", "U1", "budget?", "6.1"))))
	if err := rig.stop(); err != nil {
		t.Fatal(err)
	}
	ps := slackfake.Drain(rig.slack.Posts)
	threads := map[string]int{}
	for _, p := range ps {
		threads[p.Get("channel")+"/"+p.Get("thread_ts")]++
	}
	if len(ps) != 2 || threads["C1/5.1"] != 1 || threads["D1/"] != 1 {
		t.Errorf("posts %v, want one answer to each event", threads)
	}
	if got := metricValue(t, rig.bot, "storybot_socket_connects_total"); got < 2 {
		t.Errorf("connects %v", got)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{})
	get := func(h http.Handler, path string) (int, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code, w.Body.String()
	}
	if c, body := get(rig.h, "/healthz"); c != 200 || body != "ok\nreader: ready\n" {
		t.Errorf("healthz: %d %q", c, body)
	}
	if c, body := get(rig.h, "/readyz"); c != 200 {
		t.Errorf("readyz: %d %q", c, body)
	}
	rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	rig.event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "pizza?", "2.1")))
	rig.event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "pizza?", "2.1")))
	rig.form(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.slack.ResponseURL("x"))))
	c, body := get(rig.h, "/metrics")
	if c != 200 {
		t.Fatalf("metrics: %d", c)
	}
	for _, want := range []string{
		`storybot_http_requests_total{kind="event",outcome="ok"} 3`,
		`storybot_http_requests_total{kind="slash",outcome="ok"} 1`,
		`storybot_questions_total{kind="mention",outcome="answered"} 1`,
		`storybot_questions_total{kind="dm",outcome="abstained"} 1`,
		`storybot_questions_total{kind="dm",outcome="duplicate"} 1`,
		`storybot_questions_total{kind="slash",outcome="answered"} 1`,
		`storybot_answer_duration_seconds_count{kind="mention"} 1`,
		`storybot_abstentions_total 1`,
		`storybot_dedup_hits_total 1`,
		"storybot_rate_limited_total",
		"storybot_slack_api_errors_total",
		"storybot_slack_api_retries_total",
		"storybot_panics_total 0",
		"storybot_ready 1",
		"go_goroutines",
		"process_resident_memory_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// Hidden from the Slack port when an admin address serves them.
	h := httpserver.NewServer(rig.bot, httpserver.Options{SigningSecret: testSecret, Metrics: rig.reg.http()})
	if c, _ := get(h, "/metrics"); c != 404 {
		t.Errorf("hidden metrics: %d", c)
	}
	admin := newServer(rig.bot, rig.reg, httpserver.Options{})
	if c, _ := get(admin, "/metrics"); c != 200 {
		t.Errorf("admin metrics: %d", c)
	}
	// Shutting down: not ready.
	rig.bot.Drain()
	if c, body := get(admin, "/readyz"); c != 503 || !strings.Contains(body, "shutting down") {
		t.Errorf("readyz while draining: %d %q", c, body)
	}
	if c, _ := get(admin, "/healthz"); c != 200 {
		t.Errorf("healthz while draining: %d", c)
	}
}

func TestReadyzSocketMode(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(t)
	log, _ := testLog(t)
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(slackfake.AppToken))
	o := Options{Engine: &fakeAnswerer{}, Logger: log, Slack: api}
	reg := withRegistry(&o)
	b := New(o)
	admin := newServer(b, reg, httpserver.Options{})
	ready := func() int {
		w := httptest.NewRecorder()
		admin.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		return w.Code
	}
	watch := linkWatch{Bot: b, changed: make(chan struct{}, 1)}
	waitReady := func(want int, when string) {
		t.Helper()
		for ready() != want {
			slackfake.Receive(t, watch.changed, "change of the link "+when)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	client := socket.NewClient(api, log)
	go func() { done <- runSocket(ctx, watch, reg, client) }()
	link := slackfake.Receive(t, fake.Links, "connection")
	// Connected once the first envelope can be acknowledged.
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "budget?", "1.1"))))
	if c := ready(); c != 200 {
		t.Errorf("readyz when connected: %d", c)
	}
	// The link drops: not ready until the client is back.
	fake.Inject("apps.connections.open", slackfake.Fault{Status: 500}, slackfake.Fault{Status: 500})
	link.Drop()
	waitReady(503, "after it dropped")
	slackfake.Receive(t, fake.Links, "reconnection")
	waitReady(200, "after reconnecting")
	cancel()
	slackfake.Receive(t, done, "socket mode to stop")
	b.Wait()
}

// linkWatch is b, telling the test each time the Socket Mode transport
// says its link may have changed.
type linkWatch struct {
	*Bot
	changed chan struct{} // a token after each change, unless one waits already
}

func (w linkWatch) LinkChanged() {
	w.Bot.LinkChanged()
	select {
	case w.changed <- struct{}{}:
	default:
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

// TestReadyFollowsTheAnswerer: /readyz fails, saying why, while the
// index the bot asks is not ready (closed, in the index's own words).
func TestReadyFollowsTheAnswerer(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		unready  string
		wantCode int
		wantBody string
	}{
		{"", 200, "ready\n"},
		{"no index loaded", 503, "not ready: no index loaded\n"},
	} {
		var o Options
		reg := withRegistry(&o)
		b := newTestBot(t, &fakeAnswerer{Unready: tt.unready}, o)
		w := httptest.NewRecorder()
		newServer(b, reg, httpserver.Options{}).ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		if w.Code != tt.wantCode || w.Body.String() != tt.wantBody {
			t.Errorf("unready %q: %d %q, want %d %q", tt.unready, w.Code, w.Body.String(), tt.wantCode, tt.wantBody)
		}
		want := 1.0
		if tt.unready != "" {
			want = 0
		}
		if got := metricValue(t, b, "storybot_ready"); got != want {
			t.Errorf("unready %q: storybot_ready %v", tt.unready, got)
		}
	}
}
