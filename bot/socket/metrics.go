package socket

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the Socket Mode transport's: the envelopes received, and
// the link to Slack.
type Metrics struct {
	envelopes   *prometheus.CounterVec
	connected   prometheus.Gauge
	connects    prometheus.Counter
	disconnects prometheus.Counter
}

// NewMetrics registers the Socket Mode transport's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storybot_socket_envelopes_total",
			Help: "Socket Mode envelopes received, by type.",
		}, []string{"type"}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "storybot_socket_connected",
			Help: "1 while the Socket Mode link to Slack is up.",
		}),
		connects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storybot_socket_connects_total",
			Help: "Socket Mode connections made (the first, and every reconnect).",
		}),
		disconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storybot_socket_disconnects_total",
			Help: "Times the Socket Mode link went down (Slack's routine refreshes are not counted).",
		}),
	}
	reg.MustRegister(m.envelopes, m.connected, m.connects, m.disconnects)
	return m
}

// envelopeType keeps the label set small whatever Slack sends.
func envelopeType(t string) string {
	switch t {
	case "events_api", "slash_commands", "interactive":
		return t
	}
	return "other"
}
