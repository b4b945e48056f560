package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"storybot/bot/render"
	"storybot/bot/slackfake"
)

func TestRateLimitPerUser(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	ans := &fakeAnswerer{}
	rig := newHTTPRig(t, ans, Options{RateLimit: RateLimit{PerUser: 6, UserBurst: 2}, Now: func() time.Time { return now }})
	mention := func(user string, n int) {
		rig.Event(slackfake.Callback(fmt.Sprintf("Ev-%s-%d", user, n), slackfake.Mention("C1", user, "<@UBOT> budget?", fmt.Sprintf("%d.1", n), "")))
	}
	// A burst of 2, then one "slow down", then silence.
	for i := range 5 {
		mention("U1", i)
	}
	ps := rig.Posts()
	if len(ps) != 3 {
		t.Fatalf("%d posts, want 2 answers and 1 slow-down", len(ps))
	}
	if !strings.Contains(ps[0].Get("text"), "budget") || !strings.Contains(ps[1].Get("text"), "budget") {
		t.Errorf("the first two are not answers: %v", ps[:2])
	}
	if txt := ps[2].Get("text"); !strings.Contains(txt, "slow down") || !strings.Contains(txt, "10 seconds") || ps[2].Get("thread_ts") != "2.1" {
		t.Errorf("slow-down reply: %q in thread %q", txt, ps[2].Get("thread_ts"))
	}
	if n := len(ans.Questions()); n != 2 {
		t.Errorf("engine asked %d times, want 2", n)
	}
	// Another user is not held back.
	mention("U2", 100)
	if ps := rig.Posts(); len(ps) != 1 || !strings.Contains(ps[0].Get("text"), "budget") {
		t.Errorf("another user: %v", ps)
	}
	// Ten seconds later, U1 has a token again, and after the next refusal
	// is told again.
	now = now.Add(10 * time.Second)
	mention("U1", 10)
	mention("U1", 11)
	mention("U1", 12)
	if ps := rig.Posts(); len(ps) != 2 || !strings.Contains(ps[0].Get("text"), "budget") || !strings.Contains(ps[1].Get("text"), "slow down") {
		t.Errorf("after a wait: %v", ps)
	}
	if got := metricValue(t, rig.Bot, "storybot_rate_limited_total", "scope", "user"); got != 5 {
		t.Errorf("rate_limited{user} = %v, want 5", got)
	}
	if got := metricValue(t, rig.Bot, "storybot_questions_total", "outcome", "rate_limited"); got != 5 {
		t.Errorf("questions{rate_limited} = %v, want 5", got)
	}
}

func TestRateLimitSlashAlwaysSays(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{RateLimit: RateLimit{PerUser: 1, UserBurst: 1}, Now: func() time.Time { return now }})
	var bodies []string
	for range 3 {
		w := rig.Form(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("x"))))
		bodies = append(bodies, slackMessage(t, w.Body.Bytes()))
	}
	if !strings.Contains(bodies[0], "*budget*") {
		t.Errorf("first: %s", bodies[0])
	}
	for _, b := range bodies[1:] {
		if !strings.Contains(b, "slow down") || !strings.Contains(b, "1 minute") && !strings.Contains(b, "60 seconds") {
			t.Errorf("limited slash command: %s", b)
		}
	}
}

func TestRateLimitPerTeam(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	rig := newHTTPRig(t, &fakeAnswerer{}, Options{RateLimit: RateLimit{PerUser: 60, UserBurst: 5, PerTeam: 60, TeamBurst: 3}, Now: func() time.Time { return now }})
	for i := range 5 {
		rig.Event(slackfake.Callback(fmt.Sprintf("Ev%d", i), slackfake.DM("D1", fmt.Sprintf("U%d", i), "budget?", fmt.Sprintf("%d.1", i))))
	}
	ps := rig.Posts()
	if len(ps) != 5 {
		t.Fatalf("%d posts, want 3 answers and 2 busy replies", len(ps))
	}
	for _, p := range ps[3:] {
		if !strings.Contains(p.Get("text"), "a lot of questions in this workspace") {
			t.Errorf("team-limited reply: %q", p.Get("text"))
		}
	}
	if got := metricValue(t, rig.Bot, "storybot_rate_limited_total", "scope", "team"); got != 2 {
		t.Errorf("rate_limited{team} = %v", got)
	}
	// A user refused for the team's sake keeps the token: after the team
	// bucket refills, U3 gets one answer.
	now = now.Add(time.Second)
	rig.Event(slackfake.Callback("EvLate", slackfake.DM("D1", "U3", "budget?", "9.1")))
	if ps := rig.Posts(); len(ps) != 1 || !strings.Contains(ps[0].Get("text"), "budget") {
		t.Errorf("after the team bucket refilled: %v", ps)
	}
}

func TestRateLimitOff(t *testing.T) {
	t.Parallel()
	b := newTestBot(t, &fakeAnswerer{}, Options{})
	if b.limits.limit != nil {
		t.Fatal("a zero RateLimit limits")
	}
	// STORYBOT_RATE_LIMIT=0 turns the team's limit off too.
	if New(Options{RateLimit: RateLimit{UserBurst: 5, PerTeam: 600, TeamBurst: 60}}).limits.limit != nil {
		t.Error("no limit per user, and yet a limit")
	}
	for i := range 500 {
		r, ok := b.HandleQuestion(context.Background(), Incoming{Kind: KindDM, Channel: "D1", User: "U1", Text: "budget?", TS: fmt.Sprint(i)})
		if !ok || r.Kind != render.ReplyAnswer {
			t.Fatalf("question %d: %v %v", i, ok, r.Kind)
		}
	}
}
