package live

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the served index's Prometheus metrics: its stories, when
// it was loaded, and the reloads.
type Metrics struct {
	reloads  [2]prometheus.Counter // ok, failed
	stories  prometheus.Gauge
	loadedAt prometheus.Gauge
}

// NewMetrics registers the served index's metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{}
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
	reg.MustRegister(reloads, m.stories, m.loadedAt)
	return m
}

// indexLoaded records the index now served; a nil m records nothing.
func (m *Metrics) indexLoaded(stories int, at time.Time) {
	if m == nil {
		return
	}
	m.stories.Set(float64(stories))
	m.loadedAt.Set(float64(at.Unix()))
}

// reloaded counts a reload; a nil m counts nothing.
func (m *Metrics) reloaded(ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.reloads[0].Inc()
	} else {
		m.reloads[1].Inc()
	}
}
