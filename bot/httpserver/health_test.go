package httpserver_test

import (
	"net/http"
	"net/http/httptest"
	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/slackfake"
	"strings"
	"testing"
)

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})
	get := func(h http.Handler, path string) (int, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code, w.Body.String()
	}
	if c, body := get(rig.H, "/healthz"); c != 200 || body != "ok\nreader: ready\n" {
		t.Errorf("healthz: %d %q", c, body)
	}
	if c, body := get(rig.H, "/readyz"); c != 200 {
		t.Errorf("readyz: %d %q", c, body)
	}
	rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	rig.Event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "pizza?", "2.1")))
	rig.Event(slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "pizza?", "2.1")))
	rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("x"))))
	c, body := get(rig.H, "/metrics")
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
	h := httpserver.NewServer(rig.Bot, httpserver.Options{SigningSecret: rigs.Secret, Metrics: rig.Reg.HTTP()})
	if c, _ := get(h, "/metrics"); c != 404 {
		t.Errorf("hidden metrics: %d", c)
	}
	admin := rigs.NewServer(rig.Bot, rig.Reg, httpserver.Options{})
	if c, _ := get(admin, "/metrics"); c != 200 {
		t.Errorf("admin metrics: %d", c)
	}
	// Shutting down: not ready.
	rig.Bot.Drain()
	if c, body := get(admin, "/readyz"); c != 503 || !strings.Contains(body, "shutting down") {
		t.Errorf("readyz while draining: %d %q", c, body)
	}
	if c, _ := get(admin, "/healthz"); c != 200 {
		t.Errorf("healthz while draining: %d", c)
	}
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
		wire := rigs.Wire(t)
		b := testbot.New(t, wire, &bottest.Engine{Unready: tt.unready}, bot.Options{})
		w := httptest.NewRecorder()
		rigs.NewServer(b, wire.Reg, httpserver.Options{}).ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		if w.Code != tt.wantCode || w.Body.String() != tt.wantBody {
			t.Errorf("unready %q: %d %q, want %d %q", tt.unready, w.Code, w.Body.String(), tt.wantCode, tt.wantBody)
		}
		want := 1.0
		if tt.unready != "" {
			want = 0
		}
		if got := rigs.MetricValue(t, b, "storybot_ready"); got != want {
			t.Errorf("unready %q: storybot_ready %v", tt.unready, got)
		}
	}
}
