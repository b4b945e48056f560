package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

func TestMemoKey(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("E", 1<<20)
	tests := []struct {
		name string
		a, b []string // kind, parts...
		same bool
	}{
		{"Slack's ids stay as they are", []string{"event", "Ev0123ABCD"}, []string{"event", "Ev0123ABCD"}, true},
		{"different ids", []string{"event", "Ev1"}, []string{"event", "Ev2"}, false},
		{"different kinds", []string{"event", "X"}, []string{"msg", "X"}, false},
		{"parts do not run together", []string{"msg", "C1", "2.1"}, []string{"msg", "C12", ".1"}, false},
		{"nor through the separator", []string{"msg", "C1" + keySep + "2", "1"}, []string{"msg", "C1", "2" + keySep + "1"}, false},
		{"a huge id is hashed, the same each time", []string{"event", long}, []string{"event", long}, true},
		{"huge ids that differ in their last byte", []string{"event", long + "a"}, []string{"event", long + "b"}, false},
		{"a hashed key never equals a plain one", []string{"user", long[:100]}, []string{"user", long[:99]}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ka, kb := memoKey(tt.a[0], tt.a[1:]...), memoKey(tt.b[0], tt.b[1:]...)
			if (ka == kb) != tt.same {
				t.Errorf("memoKey(%.40q) = %.60q, memoKey(%.40q) = %.60q; same = %v, want %v", tt.a, ka, tt.b, kb, ka == kb, tt.same)
			}
			for _, k := range []string{ka, kb} {
				if len(k) > maxKeyLen+8 {
					t.Errorf("a key of %d bytes", len(k))
				}
			}
		})
	}
	if k := memoKey("event", "Ev0123ABCD"); !strings.Contains(k, "Ev0123ABCD") {
		t.Errorf("a short key is not kept as it is: %q", k)
	}
}

// TestHugeIDsHoldLittle sends events whose ids are 150 KB each (six of them in one body), as a
// forger could: they are deduplicated and rate-limited as well as short
// ones, and what the bot remembers of them stays small.
func TestHugeIDsHoldLittle(t *testing.T) {
	t.Parallel()
	keys := &keyRecorder{}
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{RateLimit: RateLimit{PerUser: 600, UserBurst: 100, PerTeam: 6000}, SharedDedupe: keys, SharedLimiter: keys})
	huge := func(c string) string { return strings.Repeat(c, 150_000) }
	for i, ev := range []map[string]any{
		slackfake.With(slackfake.Callback(huge("E")+"1", slackfake.Mention(huge("C"), huge("U"), "<@UBOT> budget?", huge("1"), "")), "team_id", huge("T")),
		slackfake.With(slackfake.Callback(huge("E")+"1", slackfake.Mention(huge("C"), huge("U"), "<@UBOT> budget?", huge("1"), "")), "team_id", huge("T")), // a redelivery
		slackfake.With(slackfake.Callback(huge("E")+"2", slackfake.Mention(huge("C"), huge("U"), "<@UBOT> budget?", huge("2"), "")), "team_id", huge("T")), // another event
	} {
		if w := rig.Event(ev); w.Code != 200 {
			t.Fatalf("event %d: %d", i, w.Code)
		}
	}
	if ps := rig.Posts(); len(ps) != 2 {
		t.Errorf("%d answers to two events (one delivered twice), want 2", len(ps))
	}
	// What the bot remembers, it remembers through these keys, in
	// process or in Redis.
	keys.mu.Lock()
	if len(keys.keys) < 6 {
		t.Errorf("%d keys kept, want 2 for each delivery and 2 for each rate-limited question", len(keys.keys))
	}
	for _, k := range keys.keys {
		if len(k) > maxKeyLen+8 {
			t.Errorf("a key of %d bytes kept", len(k))
		}
	}
	keys.mu.Unlock()
	if l := rig.Log.String(); len(l) > 20_000 {
		t.Errorf("%d bytes of log for three events: the ids are not clipped", len(l))
	}
}

// keyRecorder is shared state that records the keys it is asked about and
// never remembers or limits anything.
type keyRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (r *keyRecorder) First(ctx context.Context, keys ...string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, keys...)
	return true, nil
}

func (r *keyRecorder) Allow(ctx context.Context, user, team string, now time.Time) (store.Verdict, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, user, team)
	return store.Verdict{OK: true}, nil
}
