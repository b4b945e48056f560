package bot

import "github.com/prometheus/client_golang/prometheus"

// addWorkspaces registers the metrics of many workspaces and shared
// state.
func (m *Metrics) addWorkspaces(reg prometheus.Registerer) {
	m.sharedState = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_shared_state_errors_total",
		Help: "Calls to the shared state (Redis) that failed, by what they were for (dedupe, rate_limit, thread_memory): each was decided on this replica's own memory.",
	}, []string{"op"})
	m.authFailed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_authorizations_failed_total",
		Help: "Events, commands and clicks whose workspace's token was not found, by why (not_installed, error): events are dropped, commands and clicks answered through their response_url alone.",
	}, []string{"reason"})
	for _, op := range []string{"dedupe", "rate_limit", "thread_memory"} {
		m.sharedState.WithLabelValues(op)
	}
	for _, r := range []string{"not_installed", "error"} {
		m.authFailed.WithLabelValues(r)
	}
	reg.MustRegister(m.sharedState, m.authFailed)
}
