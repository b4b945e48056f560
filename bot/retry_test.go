package bot

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/slackapi"
	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
)

// retryRig is the HTTP rig with the bot's Slack calls going through a
// slackapi.RetryTransport whose sleeps are recorded, not slept.
func newRetryRig(t *testing.T, o Options) (*httpRig, *bottest.Sleeps) {
	t.Helper()
	sl := &bottest.Sleeps{}
	fake := slackfake.New(t)
	log, buf := testLog(t)
	reg := withRegistry(&o)
	client := &http.Client{Transport: &slackapi.RetryTransport{Sleep: sl.Sleep, APIURL: fake.APIURL(), Metrics: o.Metrics, Logger: log}}
	if o.Engine == nil {
		o.Engine = &fakeAnswerer{}
	}
	o.Logger, o.HTTPClient = log, client
	o.Slack = slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionHTTPClient(client))
	o.Self = Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID, TeamID: slackfake.Team}
	if o.APIURL == "" {
		o.APIURL = fake.APIURL() // its response_urls are on its host
	}
	rig := &httpRig{t: t, slack: fake, bot: New(o), reg: reg, now: time.Unix(1_700_000_000, 0), log: buf}
	rig.h = newServer(rig.bot, rig.reg, httpserver.Options{SigningSecret: testSecret, Now: func() time.Time { return rig.now }})
	return rig, sl
}

func retryAfter(s string) http.Header { return http.Header{"Retry-After": {s}} }

func TestRetry429HonoursRetryAfter(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{})
	rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: retryAfter("1")})
	rig.event(slackfake.Callback("Ev429", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.posts(); len(ps) != 1 {
		t.Errorf("%d posts, want exactly 1", len(ps))
	}
	if n := rig.slack.Calls("chat.postMessage"); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	if d := sl.All(); len(d) != 1 || d[0] < time.Second || d[0] > 1200*time.Millisecond {
		t.Errorf("waited %v, want about 1 s once", d)
	}
	if got := metricValue(t, rig.bot, "storybot_slack_api_retries_total", "method", "chat.postMessage", "reason", "429"); got != 1 {
		t.Errorf("retries counted %v", got)
	}
}

func TestRetry5xxThenSuccess(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{})
	rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 500}, slackfake.Fault{Status: 503})
	rig.event(slackfake.Callback("Ev500", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.posts(); len(ps) != 1 {
		t.Errorf("%d posts, want exactly 1", len(ps))
	}
	if n := rig.slack.Calls("chat.postMessage"); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	d := sl.All()
	if len(d) != 2 || d[0] < slackapi.DefaultBaseDelay/2 || d[0] > slackapi.DefaultBaseDelay*3/2 || d[1] < slackapi.DefaultBaseDelay || d[1] > slackapi.DefaultBaseDelay*3 {
		t.Errorf("backoff %v, want about %v then twice that", d, slackapi.DefaultBaseDelay)
	}
}

func TestRetryGivesUp(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{})
	for range 10 {
		rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 500})
	}
	rig.event(slackfake.Callback("EvDown", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.posts(); len(ps) != 0 {
		t.Errorf("%d posts, want none", len(ps))
	}
	if n := rig.slack.Calls("chat.postMessage"); n != 1+slackapi.DefaultMaxRetries {
		t.Errorf("%d calls, want %d", n, 1+slackapi.DefaultMaxRetries)
	}
	if len(sl.All()) != slackapi.DefaultMaxRetries {
		t.Errorf("%d waits", len(sl.All()))
	}
	log := rig.log.String()
	if !strings.Contains(log, `msg="reply failed" event_id=EvDown`) || !strings.Contains(log, "slack server error: 500") {
		t.Errorf("final failure not logged with the event id:\n%s", log)
	}
	if got := metricValue(t, rig.bot, "storybot_slack_api_errors_total", "method", "chat.postMessage", "reason", "http_500"); got != 1 {
		t.Errorf("errors counted %v", got)
	}
	// A redelivery of the event is still not answered twice (or at all:
	// the first delivery was handled).
	rig.event(slackfake.Callback("EvDown", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")), slacksig.HeaderRetryNum, "1")
	if n := rig.slack.Calls("chat.postMessage"); n != 1+slackapi.DefaultMaxRetries {
		t.Errorf("the redelivery posted again: %d calls", n)
	}
}

func TestRetryNotWhenMaybeDelivered(t *testing.T) {
	t.Parallel()
	for _, f := range []struct {
		name  string
		fault slackfake.Fault
	}{
		{"504 from a gateway", slackfake.Fault{Status: 504}},
		{"connection lost after the request was sent", slackfake.Fault{Hangup: true}},
		{"400", slackfake.Fault{Status: 400}},
	} {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			rig, sl := newRetryRig(t, Options{})
			rig.slack.Inject("chat.postMessage", f.fault)
			rig.event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
			if n := rig.slack.Calls("chat.postMessage"); n != 1 {
				t.Errorf("%d calls, want 1 (no retry)", n)
			}
			if len(sl.All()) != 0 || len(rig.posts()) != 0 {
				t.Errorf("retried: %v", sl.All())
			}
			if !strings.Contains(rig.log.String(), `msg="reply failed" event_id=Ev1`) {
				t.Errorf("failure not logged:\n%s", rig.log.String())
			}
		})
	}
}

func TestRetryWithinTheDeadline(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{TaskTimeout: 5 * time.Second})
	rig.slack.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: retryAfter("20")})
	rig.event(slackfake.Callback("EvLate", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if n := rig.slack.Calls("chat.postMessage"); n != 1 || len(sl.All()) != 0 {
		t.Errorf("%d calls, waits %v: a wait past the deadline must not be tried", n, sl.All())
	}
	if !strings.Contains(rig.log.String(), "the wait would pass the deadline") {
		t.Errorf("not logged:\n%s", rig.log.String())
	}

}

func TestRetryResponseURL(t *testing.T) {
	t.Parallel()
	// An engine slower than SlashWait: the answers go to the response_url.
	ans := &fakeAnswerer{Block: make(chan struct{})}
	rig, _ := newRetryRig(t, Options{Engine: ans, SlashWait: time.Millisecond})
	slow := func(respURL string) {
		t.Helper()
		w := httptest.NewRecorder()
		rig.h.ServeHTTP(w, slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
			[]byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", respURL)).Encode()), rig.now))
		if w.Code != 200 || w.Body.Len() != 0 {
			t.Fatalf("slow slash: %d %q", w.Code, w.Body)
		}
	}
	rig.slack.Inject("response", slackfake.Fault{Status: 503})
	respURL := rig.slack.ResponseURL("secret-hook-path")
	slow(respURL)
	close(ans.Block)
	rig.bot.Wait()
	rs := slackfake.Drain(rig.slack.Responses)
	if len(rs) != 1 || rig.slack.Calls("response") != 2 {
		t.Errorf("%d responses from %d calls, want 1 from 2", len(rs), rig.slack.Calls("response"))
	}

	// A failure for good is logged without the response_url, a secret.
	rig.slack.Inject("response", slackfake.Fault{Hangup: true})
	ans.SetBlock(make(chan struct{}))
	slow(respURL)
	close(ans.Block)
	rig.bot.Wait()
	log := rig.log.String()
	if !strings.Contains(log, "slash reply failed") || strings.Contains(log, "secret-hook-path") {
		t.Errorf("log:\n%s", log)
	}
}
