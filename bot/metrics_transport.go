package bot

import "github.com/prometheus/client_golang/prometheus"

// transportMetrics are the counts of the Web API and response_url calls
// (addSlackAPI), which package bot/slackapi's RetryTransport and the bot
// count. The HTTP and Socket Mode transports register their own
// (packages bot/httpserver and bot/socket).
type transportMetrics struct {
	apiErrors  *prometheus.CounterVec
	apiRetries *prometheus.CounterVec
}

// addTransports registers the Slack calls' counts.
func (m *transportMetrics) addTransports(reg prometheus.Registerer) { m.addSlackAPI(reg) }

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

// Retried counts a Slack call retried (see slackapi.RetryTransport).
func (m *transportMetrics) Retried(method, reason string) {
	m.apiRetries.WithLabelValues(method, reason).Inc()
}
