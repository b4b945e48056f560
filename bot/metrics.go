package bot

import (
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the bot's Prometheus metrics, on a registry of their own
// (so that tests and several bots in one process do not share counts).
// Every label value on the hot path is resolved once, here, so that
// counting a request costs an atomic add and no allocation.
type Metrics struct {
	Registry *prometheus.Registry

	requests    [numReqKinds][numReqOutcomes]prometheus.Counter
	questions   [numKinds][numOutcomes]prometheus.Counter
	latency     [numKinds]prometheus.Observer
	abstentions prometheus.Counter
	dedupHits   prometheus.Counter
	rateLimited [2]prometheus.Counter // by scope: user, team
	panics      prometheus.Counter
	envelopes   *prometheus.CounterVec
	apiErrors   *prometheus.CounterVec
	apiRetries  *prometheus.CounterVec
	reloads     [2]prometheus.Counter // ok, failed
	stories     prometheus.Gauge
	loadedAt    prometheus.Gauge
	connected   prometheus.Gauge
	connects    prometheus.Counter
	disconnects prometheus.Counter
	inflight    prometheus.Gauge
	ready       prometheus.Gauge
	bodyBytes   prometheus.Gauge
	conv        convMetrics
	// corpusChanges count the stories added and removed from Slack.
	corpusChanges *prometheus.CounterVec
	// Many workspaces and shared state (workspaces_metrics.go).
	sharedState *prometheus.CounterVec
	authFailed  *prometheus.CounterVec
	installs    *prometheus.CounterVec
	// The question log (questionlog.go) and the editors' views.
	questionLog [3]prometheus.Counter
	editors     *prometheus.CounterVec
}

// NewMetrics makes the bot's metrics, with Go runtime and process metrics
// beside them.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{Registry: reg}
	m.addRequests(reg)
	m.addQuestions(reg)
	m.addSlackCalls(reg)
	m.addState(reg)
	m.addConversations(reg)
	m.addCorpusChanges(reg)
	m.addWorkspaces(reg)
	m.addQuestionLog(reg)
	m.addEditors(reg)
	return m
}

// addRequests registers the count of HTTP requests, every label pair
// resolved.
func (m *Metrics) addRequests(reg *prometheus.Registry) {
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
	m.panics = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_panics_total",
		Help: "Panics recovered while serving a request or answering an event.",
	})
	reg.MustRegister(m.bodyBytes, m.panics)
}

// addQuestions registers what became of the questions and how long they
// took.
func (m *Metrics) addQuestions(reg *prometheus.Registry) {
	questions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_questions_total",
		Help: "Questions (mentions, DMs, slash commands) by how they were asked and what became of them.",
	}, []string{"kind", "outcome"})
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "storybot_answer_duration_seconds",
		Help:    "Time to answer a question (engine and rendering), by how it was asked.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 12), // 0.5 ms … 7.5 s
	}, []string{"kind"})
	for k := range numKinds {
		name := Kind(k).String()
		for o := range numOutcomes {
			m.questions[k][o] = questions.WithLabelValues(name, Outcome(o).String())
		}
		m.latency[k] = latency.WithLabelValues(name)
	}
	m.abstentions = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_abstentions_total",
		Help: "Questions the stories do not answer (the bot said so).",
	})
	m.dedupHits = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_dedup_hits_total",
		Help: "Deliveries ignored because the same event (or message) was already answered.",
	})
	rl := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_rate_limited_total",
		Help: "Questions refused by the rate limits, by which limit (user or team).",
	}, []string{"scope"})
	m.rateLimited[scopeUser] = rl.WithLabelValues("user")
	m.rateLimited[scopeTeam] = rl.WithLabelValues("team")
	m.inflight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_tasks_in_flight",
		Help: "Answers and replies being worked on in the background.",
	})
	reg.MustRegister(questions, latency, m.abstentions, m.dedupHits, rl, m.inflight)
}

// addSlackCalls registers the Slack calls retried and failed, and the
// Socket Mode link.
func (m *Metrics) addSlackCalls(reg *prometheus.Registry) {
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
	reg.MustRegister(m.apiErrors, m.apiRetries, m.envelopes, m.connected, m.connects, m.disconnects)
}

// addState registers the index being served, its reloads and readiness.
func (m *Metrics) addState(reg *prometheus.Registry) {
	reloads := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_reloads_total",
		Help: "Corpus reloads, by outcome (ok, failed: the old index was kept).",
	}, []string{"outcome"})
	m.reloads[0] = reloads.WithLabelValues("ok")
	m.reloads[1] = reloads.WithLabelValues("failed")
	m.stories = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_index_stories",
		Help: "Stories in the index being served.",
	})
	m.loadedAt = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_index_loaded_timestamp_seconds",
		Help: "When the index being served was loaded (Unix time).",
	})
	m.ready = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_ready",
		Help: "1 when /readyz says ready.",
	})
	reg.MustRegister(reloads, m.stories, m.loadedAt, m.ready)
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

func (m *Metrics) request(k reqKind, o reqOutcome) { m.requests[k][o].Inc() }

func (m *Metrics) question(k Kind, o Outcome) {
	if k >= 0 && int(k) < numKinds {
		m.questions[k][o].Inc()
	}
}

func (m *Metrics) answered(k Kind, took time.Duration) {
	if k >= 0 && int(k) < numKinds {
		m.latency[k].Observe(took.Seconds())
	}
}

// IndexLoaded records the index now served.
func (m *Metrics) IndexLoaded(stories int, at time.Time) {
	m.stories.Set(float64(stories))
	m.loadedAt.Set(float64(at.Unix()))
}

// Reloaded counts a reload.
func (m *Metrics) Reloaded(ok bool) {
	if ok {
		m.reloads[0].Inc()
	} else {
		m.reloads[1].Inc()
	}
}

// envelopeType keeps the label set small whatever Slack sends.
func envelopeType(t string) string {
	switch t {
	case "events_api", "slash_commands", "interactive":
		return t
	}
	return "other"
}

// apiMethod names a Slack call for labels and logs: the Web API method,
// or "response_url" (whose address is a secret and is never shown).
func apiMethod(apiURL string, r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/files-pri/") {
		return "file download" // a file's url_private (fetch.go)
	}
	u := r.URL.String()
	if apiURL != "" && strings.HasPrefix(u, apiURL) {
		m := strings.TrimPrefix(u, apiURL)
		if i := strings.IndexAny(m, "?/#"); i >= 0 {
			m = m[:i]
		}
		if m != "" && len(m) < 64 {
			return m
		}
	}
	return "response_url"
}
