package bot

import (
	"context"
	"net/http"
	"reflect"
	"storybot/bot/httpserver"
	"storybot/bot/socket"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack/socketmode"
)

// The transports in front of the test bots, as cmd/storybot wires them.

// testTransportMetrics are the transports' metrics of each test bot, each
// set registered once with the bot's registry.
var testTransportMetrics = struct {
	sync.Mutex
	m map[any]any
}{m: map[any]any{}}

// registered is the set of metrics mk makes for b, made once.
func registered[M any](b *Bot, mk func(prometheus.Registerer) M) M {
	testTransportMetrics.Lock()
	defer testTransportMetrics.Unlock()
	key := struct {
		b *Bot
		t reflect.Type
	}{b, reflect.TypeFor[M]()}
	if m, ok := testTransportMetrics.m[key]; ok {
		return m.(M)
	}
	// The registry the bot serves, where the command registers the
	// transports' metrics beside the bot's.
	reg, ok := b.gatherer.(*prometheus.Registry)
	if !ok {
		reg = prometheus.NewRegistry()
	}
	m := mk(reg)
	testTransportMetrics.m[key] = m
	return m
}

func httpMetrics(b *Bot) *httpserver.Metrics { return registered(b, httpserver.NewMetrics) }

// runSocket runs b over Socket Mode, as cmd/storybot does.
func runSocket(ctx context.Context, b *Bot, client *socketmode.Client) error {
	return socket.Run(ctx, b, client, registered(b, socket.NewMetrics))
}

// newServer is the HTTP transport in front of b, as cmd/storybot makes
// it: counting into b's registry, and serving b's /metrics.
func newServer(b *Bot, o httpserver.Options) http.Handler {
	o.Metrics = httpMetrics(b)
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
