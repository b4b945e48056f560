package httpserver

import (
	"net/http"
	httppprof "net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// addRoutes is every HTTP endpoint of the bot, in one place.
//
//   - POST /slack/events takes Events API JSON, slash command forms and
//     interactive payloads, so that one URL serves the whole app manifest
//     (with a signing secret only);
//   - GET /slack/install and GET /slack/oauth_redirect install the app
//     in a workspace (many workspaces only);
//   - GET /healthz says the process is up, GET /readyz that it can answer;
//   - GET /metrics has the Prometheus metrics (if given);
//   - GET /debug/pprof/ has Go's profiles (if asked for).
func addRoutes(mux *http.ServeMux, b Bot, o Options) {
	if o.SigningSecret != "" {
		now := o.Now
		if now == nil {
			now = time.Now
		}
		size := o.BodyBudget
		if size <= 0 {
			size = DefaultBodyBudget
		}
		m := o.Metrics
		if m == nil {
			m = NewMetrics(prometheus.NewRegistry())
		}
		mux.Handle("POST /slack/events", handleSlack(b, m, []byte(o.SigningSecret), now, newBodyBudget(size, m.bodyBytes)))
	}
	if o.Install != nil && o.OAuthRedirect != nil {
		mux.Handle("GET /slack/install", o.Install)
		mux.Handle("GET /slack/oauth_redirect", o.OAuthRedirect)
	}
	mux.Handle("GET /healthz", handleHealthz(b))
	mux.Handle("GET /readyz", handleReadyz(b))
	if o.MetricsHandler != nil {
		mux.Handle("GET /metrics", o.MetricsHandler)
	}
	if o.Pprof {
		mux.HandleFunc("GET /debug/pprof/", httppprof.Index)
		mux.HandleFunc("GET /debug/pprof/cmdline", httppprof.Cmdline)
		mux.HandleFunc("GET /debug/pprof/profile", httppprof.Profile)
		mux.HandleFunc("GET /debug/pprof/symbol", httppprof.Symbol)
		mux.HandleFunc("GET /debug/pprof/trace", httppprof.Trace)
	}
}
