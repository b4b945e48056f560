package bot

import (
	"github.com/prometheus/client_golang/prometheus"
)

// transportMetrics are the counts of the transports: the HTTP endpoint
// (addRequests), the Socket Mode link (addSocket) and the Web API client
// (addSlackAPI). Each group goes with its transport when that has a
// package of its own.
type transportMetrics struct {
	// HTTP.
	requests  [numReqKinds][numReqOutcomes]prometheus.Counter
	bodyBytes prometheus.Gauge
	// Socket Mode.
	envelopes   *prometheus.CounterVec
	connected   prometheus.Gauge
	connects    prometheus.Counter
	disconnects prometheus.Counter
	// The Web API and response_url calls.
	apiErrors  *prometheus.CounterVec
	apiRetries *prometheus.CounterVec
}

// addTransports registers the transports' counts.
func (m *transportMetrics) addTransports(reg prometheus.Registerer) {
	m.addRequests(reg)
	m.addSocket(reg)
	m.addSlackAPI(reg)
}

// addRequests registers the HTTP transport's counts: its requests,
// every label pair resolved, and the request bodies being read.
func (m *transportMetrics) addRequests(reg prometheus.Registerer) {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_http_requests_total",
		Help: "HTTP requests to /slack/events, by what they were and how they were answered.",
	}, []string{"kind", "outcome"})
	reg.MustRegister(requests)
	for k := range numReqKinds {
		for o := range numReqOutcomes {
			m.requests[k][o] = requests.WithLabelValues(reqKind(k).String(), reqOutcome(o).String())
		}
	}
	m.bodyBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_http_body_bytes_reserved",
		Help: "Bytes of request bodies being read and checked (bounded: past the bound a request gets 503).",
	})
	reg.MustRegister(m.bodyBytes)
}

// addSocket registers the Socket Mode link's counts.
func (m *transportMetrics) addSocket(reg prometheus.Registerer) {
	m.envelopes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_socket_envelopes_total",
		Help: "Socket Mode envelopes received, by type.",
	}, []string{"type"})
	m.connected = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_socket_connected",
		Help: "1 while the Socket Mode link to Slack is up.",
	})
	m.connects = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_socket_connects_total",
		Help: "Socket Mode connections made (the first, and every reconnect).",
	})
	m.disconnects = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_socket_disconnects_total",
		Help: "Times the Socket Mode link went down (Slack's routine refreshes are not counted).",
	})
	reg.MustRegister(m.envelopes, m.connected, m.connects, m.disconnects)
}

// addSlackAPI registers the Slack calls retried and failed.
func (m *transportMetrics) addSlackAPI(reg prometheus.Registerer) {
	m.apiErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_slack_api_errors_total",
		Help: "Slack Web API and response_url calls that failed for good, by method and reason.",
	}, []string{"method", "reason"})
	m.apiRetries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_slack_api_retries_total",
		Help: "Slack Web API and response_url calls retried, by method and reason.",
	}, []string{"method", "reason"})
	// Series that alerts are likely written on exist from the start, at 0.
	for _, method := range []string{"chat.postMessage", "response_url"} {
		for _, reason := range []string{"429", "500", "502", "503", "network"} {
			m.apiRetries.WithLabelValues(method, reason)
		}
		for _, reason := range []string{"ratelimited", "http_500", "http_503", "network", "timeout"} {
			m.apiErrors.WithLabelValues(method, reason)
		}
	}
	reg.MustRegister(m.apiErrors, m.apiRetries)
}

func (m *transportMetrics) request(k reqKind, o reqOutcome) { m.requests[k][o].Inc() }

// envelopeType keeps the label set small whatever Slack sends.
func envelopeType(t string) string {
	switch t {
	case "events_api", "slash_commands", "interactive":
		return t
	}
	return "other"
}

// Retried counts a Slack call retried (see slackapi.RetryTransport).
func (m *transportMetrics) Retried(method, reason string) {
	m.apiRetries.WithLabelValues(method, reason).Inc()
}
