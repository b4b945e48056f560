package httpserver_test

import (
	"net/http"
	"net/http/httptest"
	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"strings"
	"testing"
)

// TestRoutes checks which endpoints each kind of server has: the Slack
// endpoint only with a signing secret to verify its requests, /metrics
// unless the admin address has it, profiles only when asked for.
func TestRoutes(t *testing.T) {
	t.Parallel()
	wire := rigs.Wire(t)
	b := testbot.New(t, wire, &bottest.Engine{}, bot.Options{})
	m := wire.Reg.HTTP()
	slackPort := httpserver.Options{SigningSecret: rigs.Secret, Metrics: m, MetricsHandler: b.MetricsHandler()}
	slackPortWithAdmin := httpserver.Options{SigningSecret: rigs.Secret, Metrics: m}
	admin := httpserver.Options{MetricsHandler: b.MetricsHandler()}
	adminPprof := httpserver.Options{Pprof: true}
	tests := []struct {
		name         string
		o            httpserver.Options
		method, path string
		want         int
	}{
		{"slack endpoint, unsigned", slackPort, "POST", "/slack/events", http.StatusUnauthorized},
		{"no slack endpoint on the admin address", admin, "POST", "/slack/events", http.StatusNotFound},
		{"slack endpoint takes only POST", slackPort, "GET", "/slack/events", http.StatusMethodNotAllowed},
		{"healthz", slackPort, "GET", "/healthz", http.StatusOK},
		{"healthz on the admin address", admin, "GET", "/healthz", http.StatusOK},
		{"readyz", slackPort, "GET", "/readyz", http.StatusOK},
		{"readyz on the admin address", admin, "GET", "/readyz", http.StatusOK},
		{"metrics", slackPort, "GET", "/metrics", http.StatusOK},
		{"metrics moved to the admin address", slackPortWithAdmin, "GET", "/metrics", http.StatusNotFound},
		{"metrics on the admin address", admin, "GET", "/metrics", http.StatusOK},
		{"no profiles by default", admin, "GET", "/debug/pprof/", http.StatusNotFound},
		{"profiles when asked", adminPprof, "GET", "/debug/pprof/", http.StatusOK},
		{"nothing else", slackPort, "GET", "/", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			httpserver.NewServer(b, tt.o).ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, strings.NewReader("{}")))
			if w.Code != tt.want {
				t.Errorf("%s %s = %d, want %d", tt.method, tt.path, w.Code, tt.want)
			}
		})
	}
}
