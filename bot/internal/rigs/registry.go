package rigs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/slack-go/slack/socketmode"

	"storybot/bot/httpserver"
	"storybot/bot/socket"
)

// Registry is a test bot's registry, made by the test and handed to the
// bot and to the transports in front of it: the bot counts into it and
// serves it, and each transport registers its metrics on it once, beside
// the bot's, as cmd/storybot does.
type Registry struct {
	*prometheus.Registry
	http   func() *httpserver.Metrics
	socket func() *socket.Metrics
}

// NewRegistry is a registry with Go's runtime and the process's metrics
// on it, as cmd/storybot's has.
func NewRegistry() *Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &Registry{
		Registry: reg,
		http:     sync.OnceValue(func() *httpserver.Metrics { return httpserver.NewMetrics(reg) }),
		socket:   sync.OnceValue(func() *socket.Metrics { return socket.NewMetrics(reg) }),
	}
}

// HTTP is the HTTP transport's metrics, registered on reg the first time.
func (reg *Registry) HTTP() *httpserver.Metrics { return reg.http() }

// Socket is the Socket Mode transport's metrics, registered on reg the
// first time.
func (reg *Registry) Socket() *socket.Metrics { return reg.socket() }

// Bot is what the rigs ask of a test bot: package bot's *Bot, served by
// both transports, waited for, serving its metrics.
type Bot interface {
	httpserver.Bot
	socket.Bot
	// Wait waits for the work the bot started.
	Wait()
	// MetricsHandler serves the bot's registry.
	MetricsHandler() http.Handler
}

// NewServer is the HTTP transport in front of b, as cmd/storybot makes
// it: counting into reg (b's), and serving b's /metrics.
func NewServer(b Bot, reg *Registry, o httpserver.Options) http.Handler {
	o.Metrics = reg.HTTP()
	o.MetricsHandler = b.MetricsHandler()
	return httpserver.NewServer(b, o)
}

// RunSocket runs b over Socket Mode, as cmd/storybot does, counting into
// reg (b's).
func RunSocket(ctx context.Context, b socket.Bot, reg *Registry, client *socketmode.Client) error {
	return socket.Run(ctx, b, client, reg.Socket())
}

// MetricValue is the value of the metric name with the given label pairs,
// summed over the series that match, as b's /metrics shows it (for a
// histogram, ask for name_count).
func MetricValue(t testing.TB, b interface{ MetricsHandler() http.Handler }, name string, labels ...string) float64 {
	t.Helper()
	w := httptest.NewRecorder()
	b.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	sum := 0.0
	for _, line := range strings.Split(w.Body.String(), "\n") {
		series, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		metric, set, _ := strings.Cut(series, "{")
		if metric != name {
			continue
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			if !strings.Contains(","+strings.TrimSuffix(set, "}")+",", ","+labels[i]+`="`+labels[i+1]+`",`) {
				match = false
			}
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil && match {
			sum += v
		}
	}
	return sum
}
