package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"storybot/internal/testservers"
)

// BenchmarkShared is what each question costs in the shared state: a
// deduplication of its two keys and a rate-limit decision, in process and
// in Redis on loopback (a round trip each).
func BenchmarkShared(b *testing.B) {
	cfg := RateLimit{PerUser: 1e6, UserBurst: 1e6, PerTeam: 1e6}
	type state struct {
		d Dedupe
		l Limiter
	}
	for _, bk := range []struct {
		name string
		open func(b *testing.B) state
	}{
		{"memory", func(b *testing.B) state {
			return state{NewMemoryDedupe(time.Hour, 1e6, nil), NewMemoryLimiter(cfg)}
		}},
		{"redis", func(b *testing.B) state {
			url, prefix := testservers.Redis(b)
			r, err := OpenRedis(url, prefix)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { r.Close() })
			return state{r.Dedupe(time.Hour), r.Limiter(cfg)}
		}},
	} {
		b.Run(bk.name, func(b *testing.B) {
			s := bk.open(b)
			ctx := context.Background()
			now := time.Now()
			i := 0
			for b.Loop() {
				i++
				k := strconv.Itoa(i)
				if _, err := s.d.First(ctx, "event"+k, "msg"+k); err != nil {
					b.Fatal(err)
				}
				if _, err := s.l.Allow(ctx, "user"+strconv.Itoa(i%100), "team", now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
