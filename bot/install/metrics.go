package install

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the install flow's Prometheus metrics.
type Metrics struct {
	installs *prometheus.CounterVec
}

// NewMetrics registers the install flow's metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{installs: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_installs_total",
		Help: "OAuth installs and uninstalls, by outcome (installed, refused, failed, uninstalled).",
	}, []string{"outcome"})}
	reg.MustRegister(m.installs)
	return m
}

// installed counts an OAuth install or uninstall by its outcome
// (installed, refused, failed, uninstalled).
func (m *Metrics) installed(outcome string) { m.installs.WithLabelValues(outcome).Inc() }
