package install

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The redirect (/slack/oauth_redirect) makes storybot call Slack with the
// client secret (oauth.v2.access), and anyone may open it: it is limited
// per client and as a whole, on each replica, before anything else is
// done. A person installing opens it once or twice; the limits are far
// above that, and far below a flood.
const (
	clientEvery = 10 * time.Second // a client's attempts: one per 10 s,
	clientBurst = 5                // after 5 at once
	globalEvery = time.Second      // everyone's: one a second,
	globalBurst = 30               // after 30 at once
	maxClients  = 10000            // clients whose buckets are kept
)

// redirectLimits are the token buckets of the redirect.
type redirectLimits struct {
	mu      sync.Mutex
	global  *rate.Limiter
	clients map[string]*rate.Limiter
}

func newRedirectLimits() *redirectLimits {
	return &redirectLimits{global: rate.NewLimiter(rate.Every(globalEvery), globalBurst), clients: map[string]*rate.Limiter{}}
}

// allow takes an attempt of client at now from its bucket and from the
// global one, or from neither; wait is how long until it may try again.
func (l *redirectLimits) allow(client string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.clients[client]
	if c == nil {
		l.makeRoom(now)
		c = rate.NewLimiter(rate.Every(clientEvery), clientBurst)
		l.clients[client] = c
	}
	cr := c.ReserveN(now, 1)
	if d := cr.DelayFrom(now); d > 0 {
		cr.CancelAt(now)
		return false, d
	}
	gr := l.global.ReserveN(now, 1)
	if d := gr.DelayFrom(now); d > 0 {
		gr.CancelAt(now)
		cr.CancelAt(now)
		return false, d
	}
	return true, 0
}

// makeRoom forgets the clients whose buckets are full again (as if never
// seen) when there are too many; if that is not enough (many addresses
// at once), all of them: the global bucket still holds. l.mu is held.
func (l *redirectLimits) makeRoom(now time.Time) {
	if len(l.clients) < maxClients {
		return
	}
	for k, c := range l.clients {
		if c.TokensAt(now) >= clientBurst {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= maxClients {
		clear(l.clients)
	}
}

// clientIP is whom a request comes from: its peer's address, or, when
// the peer is a proxy on a private or loopback address (a load balancer
// in front of storybot), the address that proxy put last in
// X-Forwarded-For. A client talking to storybot directly cannot choose
// its key with that header.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !(peer.IsLoopback() || peer.IsPrivate()) {
		return host
	}
	fwd := r.Header.Values("X-Forwarded-For")
	if len(fwd) == 0 {
		return host
	}
	hops := strings.Split(fwd[len(fwd)-1], ",")
	if a, err := netip.ParseAddr(strings.TrimSpace(hops[len(hops)-1])); err == nil {
		return a.Unmap().String()
	}
	return host
}
