package bot

import (
	"context"
	"net/http"
	"storybot/bot/httpserver"
	"storybot/bot/socket"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/slack-go/slack/socketmode"
)

// The transports in front of the test bots, as cmd/storybot wires them.

// testRegistry is a test bot's registry, made by the test and handed to
// the bot (withRegistry) and to the transports in front of it: the bot
// counts into it and serves it, and each transport registers its metrics
// on it once, beside the bot's, as cmd/storybot does.
type testRegistry struct {
	*prometheus.Registry
	http   func() *httpserver.Metrics
	socket func() *socket.Metrics
}

// withRegistry gives the bot made with o a registry of the test's own,
// with Go's runtime and the process's metrics on it as cmd/storybot's has
// (o.Metrics, o.Gatherer).
func withRegistry(o *Options) *testRegistry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	o.Metrics, o.Gatherer = NewMetrics(reg), reg
	return &testRegistry{
		Registry: reg,
		http:     sync.OnceValue(func() *httpserver.Metrics { return httpserver.NewMetrics(reg) }),
		socket:   sync.OnceValue(func() *socket.Metrics { return socket.NewMetrics(reg) }),
	}
}

// runSocket runs b over Socket Mode, as cmd/storybot does, counting into
// reg (b's).
func runSocket(ctx context.Context, b socket.Bot, reg *testRegistry, client *socketmode.Client) error {
	return socket.Run(ctx, b, client, reg.socket())
}

// newServer is the HTTP transport in front of b, as cmd/storybot makes
// it: counting into reg (b's), and serving b's /metrics.
func newServer(b *Bot, reg *testRegistry, o httpserver.Options) http.Handler {
	o.Metrics = reg.http()
	o.MetricsHandler = b.MetricsHandler()
	return httpserver.NewServer(b, o)
}

// The transports' bounds the tests hold them to (see packages httpserver
// and socket).
const (
	maxSSLCheck   = 1024      // what is read of an unsigned ssl_check
	maxSlashBody  = 40000     // an immediate slash response
	maxAckPayload = 19 * 1024 // a slash answer in a Socket Mode ack
)
