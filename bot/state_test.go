package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

// downState is shared state that is unreachable.
type downState struct{}

func (downState) First(context.Context, ...string) (bool, error) {
	return false, errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

func (downState) Allow(context.Context, string, string, time.Time) (store.Verdict, error) {
	return store.Verdict{}, errors.New("dial tcp 127.0.0.1:6379: connection refused")
}

// TestSharedStateDown: with Redis unreachable the bot answers, keeps each
// redelivery to itself out, keeps its own rate limits, counts every
// failure and logs them once per 10 seconds.
func TestSharedStateDown(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{SharedDedupe: downState{}, SharedLimiter: downState{},
		RateLimit: RateLimit{PerUser: 6, UserBurst: 2}, Now: func() time.Time { return now }})
	for i := range 3 {
		rig.Event(slackfake.Callback(fmt.Sprint("Ev", i), slackfake.DM("D1", "U1", "budget?", fmt.Sprint(i, ".1"))))
	}
	rig.Event(slackfake.Callback("Ev0", slackfake.DM("D1", "U1", "budget?", "0.1"))) // redelivered
	ps := rig.Posts()
	if len(ps) != 3 || !strings.Contains(ps[2].Get("text"), "slow down") {
		t.Fatalf("%d posts, want 2 answers and a slow-down: %v", len(ps), ps)
	}
	// 3 fresh deliveries asked Redis; the redelivery did not need to.
	if got := metricValue(t, rig.Bot, "storybot_shared_state_errors_total", "op", "dedupe"); got != 3 {
		t.Errorf("dedupe failures %v, want 3", got)
	}
	if got := metricValue(t, rig.Bot, "storybot_shared_state_errors_total", "op", "rate_limit"); got != 3 {
		t.Errorf("rate limit failures %v, want 3", got)
	}
	if n := strings.Count(rig.Log.String(), "shared state unreachable"); n != 2 {
		t.Errorf("%d log lines for 6 failures in a second, want one per op", n)
	}
	now = now.Add(11 * time.Second)
	rig.Event(slackfake.Callback("Ev7", slackfake.DM("D1", "U1", "budget?", "7.1")))
	if !strings.Contains(rig.Log.String(), "failures=3") {
		t.Errorf("the next line does not count the failures held back:\n%s", rig.Log.String())
	}
}
