package bot

import (
	"net/http"
	"storybot/bot/render"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the bot's Prometheus metrics, registered by NewMetrics on
// the registry the command serves at /metrics (with those of the other
// packages: live's, install's, Go's). Every label value on the hot path
// is resolved once, here, so that counting a request costs an atomic add
// and no allocation.
type Metrics struct {
	// The Slack calls' counts (slackCallMetrics, below).
	slackCallMetrics

	questions   [numKinds][numOutcomes]prometheus.Counter
	latency     [numKinds]prometheus.Observer
	abstentions prometheus.Counter
	dedupHits   prometheus.Counter
	rateLimited [2]prometheus.Counter // by scope: user, team
	panics      prometheus.Counter
	inflight    prometheus.Gauge
	ready       prometheus.Gauge
	conv        convMetrics
	// corpusChanges count the stories added and removed from Slack.
	corpusChanges *prometheus.CounterVec
	// Many workspaces and shared state (workspaces.go).
	sharedState *prometheus.CounterVec
	authFailed  *prometheus.CounterVec
	// The question log (questionlog.go) and the editors' views.
	questionLog [3]prometheus.Counter
	editors     *prometheus.CounterVec
}

// NewMetrics registers the bot's metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{}
	m.addSlackCalls(reg)
	m.addQuestions(reg)
	m.addReady(reg)
	m.addConversations(reg)
	m.addCorpusChanges(reg)
	m.addWorkspaces(reg)
	m.addQuestionLog(reg)
	m.addEditors(reg)
	return m
}

// newRegistry is a registry for the metrics of a bot made without any:
// Go's runtime and the process's metrics are on it already.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// addQuestions registers what became of the questions and how long they
// took.
func (m *Metrics) addQuestions(reg prometheus.Registerer) {
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
			m.questions[k][o] = questions.WithLabelValues(name, outcome(o).String())
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

// addReady registers the bot's readiness.
func (m *Metrics) addReady(reg prometheus.Registerer) {
	m.ready = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "storybot_ready",
		Help: "1 when /readyz says ready.",
	})
	m.panics = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "storybot_panics_total",
		Help: "Panics recovered while serving a request or answering an event.",
	})
	reg.MustRegister(m.ready, m.panics)
}

// MetricsHandler serves the bot's Gatherer in Prometheus' text format.
func (b *Bot) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(b.gatherer, promhttp.HandlerOpts{})
}

func (m *Metrics) question(k Kind, o outcome) {
	if k >= 0 && int(k) < numKinds {
		m.questions[k][o].Inc()
	}
}

func (m *Metrics) answered(k Kind, took time.Duration) {
	if k >= 0 && int(k) < numKinds {
		m.latency[k].Observe(took.Seconds())
	}
}

// The label values of the metrics: their String is the label.

// outcome is what became of a question.
type outcome int

// The outcomes of a question.
const (
	// Passages quoted.
	outcomeAnswered outcome = iota // answered
	// "The story doesn't say."
	outcomeAbstained // abstained
	// The usage reply (also for an empty question).
	outcomeHelp // help
	// The list of stories.
	outcomeSources // sources
	// Refused: over MaxQuestionChars.
	outcomeTooLong // too_long
	// Refused: too many questions.
	outcomeRateLimited // rate_limited
	// The apology: the engine failed or panicked.
	outcomeError // error
	// Not for us: a bot, an edit, our own message.
	outcomeIgnored // ignored
	// A redelivery already answered.
	outcomeDuplicate // duplicate
)

// numOutcomes is how many Outcomes there are.
const numOutcomes = int(outcomeDuplicate) + 1

// outcomeNames are the Outcomes' labels, in their order.
var outcomeNames = [numOutcomes]string{"answered", "abstained", "help", "sources", "too_long", "rate_limited", "error", "ignored", "duplicate"}

func (o outcome) String() string {
	if o < 0 || int(o) >= numOutcomes {
		return "Outcome(" + strconv.Itoa(int(o)) + ")"
	}
	return outcomeNames[o]
}

// outcomeOf is what a reply means, for the metrics.
func outcomeOf(r render.Reply) outcome {
	switch r.Kind {
	case render.ReplyAnswer:
		if r.Result.Answered && len(r.Result.Answers) > 0 {
			return outcomeAnswered
		}
		return outcomeAbstained
	case render.ReplyUsage:
		return outcomeHelp
	case render.ReplySources:
		return outcomeSources
	case render.ReplyTooLong:
		return outcomeTooLong
	case render.ReplySlowDown:
		return outcomeRateLimited
	}
	return outcomeError
}

// slackCallMetrics are the counts of the Web API and response_url calls,
// which package bot/slackapi's RetryTransport and the bot
// count. The HTTP and Socket Mode transports register their own
// (packages bot/httpserver and bot/socket).
type slackCallMetrics struct {
	apiErrors  *prometheus.CounterVec
	apiRetries *prometheus.CounterVec
}

// addSlackCalls registers the Slack calls retried and failed.
func (m *slackCallMetrics) addSlackCalls(reg prometheus.Registerer) {
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

// Retried counts a Slack call retried (see slackapi.RetryTransport).
func (m *slackCallMetrics) Retried(method, reason string) {
	m.apiRetries.WithLabelValues(method, reason).Inc()
}
