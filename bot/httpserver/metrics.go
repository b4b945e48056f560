package httpserver

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the HTTP transport's: the requests to /slack/events by what
// they were and how they were answered, every label pair resolved once
// (counting a request costs an atomic add), and the bytes of bodies
// being read.
type Metrics struct {
	requests  [numReqKinds][numReqOutcomes]prometheus.Counter
	bodyBytes prometheus.Gauge
}

// NewMetrics registers the HTTP transport's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{}
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_http_requests_total",
		Help: "HTTP requests to /slack/events, by what they were and how they were answered.",
	}, []string{"kind", "outcome"})
	for k := range numReqKinds {
		for o := range numReqOutcomes {
			m.requests[k][o] = requests.WithLabelValues(reqKindNames[k], reqOutcomeNames[o])
		}
	}
	m.bodyBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_http_body_bytes_reserved",
		Help: "Bytes of request bodies being read and checked (bounded: past the bound a request gets 503).",
	})
	reg.MustRegister(requests, m.bodyBytes)
	return m
}

func (m *Metrics) request(k reqKind, o reqOutcome) { m.requests[k][o].Inc() }

// reqKind is what an HTTP request to /slack/events turned out to be.
type reqKind int

const (
	reqEvent reqKind = iota
	reqSlash
	reqInteraction
	reqURLVerification
	reqSSLCheck
	reqUnknown
	numReqKinds = int(reqUnknown) + 1
)

// reqKindNames are the kind label's values.
var reqKindNames = [numReqKinds]string{"event", "slash", "interaction", "url_verification", "ssl_check", "unknown"}

// reqOutcome is how the bot answered an HTTP request.
type reqOutcome int

const (
	reqOK reqOutcome = iota
	reqUnauthorized
	reqTooLarge
	reqBadRequest
	reqUnsupported
	reqError
	// Refused with 503: too many bodies being read at once.
	reqBusy
	numReqOutcomes = int(reqBusy) + 1
)

// reqOutcomeNames are the outcome label's values.
var reqOutcomeNames = [numReqOutcomes]string{"ok", "unauthorized", "too_large", "bad_request", "unsupported_media_type", "error", "busy"}
