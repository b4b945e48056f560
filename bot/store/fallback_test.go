package store

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRedisDown runs deduplication and rate limits against a Redis that
// refuses connections and one that accepts them and never answers: every
// call comes back, in about a second at most, decided by the replica's own
// memory, and each failure is reported.
func TestRedisDown(t *testing.T) {
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedAddr := refused.Addr().String()
	refused.Close() // nothing listens there now
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	for _, tt := range []struct{ name, addr string }{{"refused", refusedAddr}, {"silent", silent.Addr().String()}} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenRedis("redis://"+tt.addr+"/0", "x:")
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if err := r.Ping(context.Background()); err == nil {
				t.Fatal("Ping of a Redis that is down succeeded")
			}
			var reports []string
			report := func(op string, err error) {
				mu.Lock()
				reports = append(reports, op+": "+err.Error())
				mu.Unlock()
			}
			ctx := context.Background()
			d := FailOpenDedupe(r.Dedupe(time.Hour), NewMemoryDedupe(time.Hour, 100, nil), report)
			start := time.Now()
			if ok, err := d.First(ctx, "ev1"); !ok || err != nil {
				t.Errorf("a fresh delivery with Redis down: %v %v, want answered", ok, err)
			}
			if ok, _ := d.First(ctx, "ev1"); ok {
				t.Error("a redelivery to the same replica is answered again while Redis is down")
			}
			now := time.Unix(1_700_000_000, 0)
			cfg := RateLimit{PerUser: 6, UserBurst: 1}
			l := FailOpenLimiter(r.Limiter(cfg), NewMemoryLimiter(cfg), report)
			if v, err := l.Allow(ctx, "U1", "T1", now); !v.OK || err != nil {
				t.Errorf("first question: %+v %v", v, err)
			}
			if v, _ := l.Allow(ctx, "U1", "T1", now); v.OK || !v.Warn {
				t.Errorf("the replica's own limit does not hold: %+v", v)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("four calls took %v", took)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(reports) != 3 || !strings.HasPrefix(reports[0], "dedupe: redis") || !strings.HasPrefix(reports[2], "rate_limit: redis") {
				t.Errorf("reports: %q", reports)
			}
		})
	}
}
