package bot

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/slackapi"
	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
)

// retryRig is the HTTP rig with the bot's Slack calls going through a
// slackapi.RetryTransport whose sleeps are recorded, not slept.
func newRetryRig(t *testing.T, o Options) (*httpRig, *bottest.Sleeps) {
	t.Helper()
	sl := &bottest.Sleeps{}
	w := rigs.Wire(t)
	o.Metrics, o.Gatherer = NewMetrics(w.Reg), w.Reg // the client counts its retries
	client := &http.Client{Transport: &slackapi.RetryTransport{Sleep: sl.Sleep, APIURL: w.Slack.APIURL(), Metrics: o.Metrics, Logger: w.Logger}}
	w.API = slack.New(slackfake.BotToken, slack.OptionAPIURL(w.Slack.APIURL()), slack.OptionHTTPClient(client))
	o.HTTPClient = client
	ans := o.Engine
	if ans == nil {
		ans = &fakeAnswerer{}
	}
	return rigs.NewHTTP(t, w, wired(t, w, ans, o)), sl
}

func retryAfter(s string) http.Header { return http.Header{"Retry-After": {s}} }

func TestRetry429HonoursRetryAfter(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{})
	rig.Slack.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: retryAfter("1")})
	rig.Event(slackfake.Callback("Ev429", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.Posts(); len(ps) != 1 {
		t.Errorf("%d posts, want exactly 1", len(ps))
	}
	if n := rig.Slack.Calls("chat.postMessage"); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	if d := sl.All(); len(d) != 1 || d[0] < time.Second || d[0] > 1200*time.Millisecond {
		t.Errorf("waited %v, want about 1 s once", d)
	}
	if got := metricValue(t, rig.Bot, "storybot_slack_api_retries_total", "method", "chat.postMessage", "reason", "429"); got != 1 {
		t.Errorf("retries counted %v", got)
	}
}

func TestRetry5xxThenSuccess(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{})
	rig.Slack.Inject("chat.postMessage", slackfake.Fault{Status: 500}, slackfake.Fault{Status: 503})
	rig.Event(slackfake.Callback("Ev500", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.Posts(); len(ps) != 1 {
		t.Errorf("%d posts, want exactly 1", len(ps))
	}
	if n := rig.Slack.Calls("chat.postMessage"); n != 3 {
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
		rig.Slack.Inject("chat.postMessage", slackfake.Fault{Status: 500})
	}
	rig.Event(slackfake.Callback("EvDown", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("%d posts, want none", len(ps))
	}
	if n := rig.Slack.Calls("chat.postMessage"); n != 1+slackapi.DefaultMaxRetries {
		t.Errorf("%d calls, want %d", n, 1+slackapi.DefaultMaxRetries)
	}
	if len(sl.All()) != slackapi.DefaultMaxRetries {
		t.Errorf("%d waits", len(sl.All()))
	}
	log := rig.Log.String()
	if !strings.Contains(log, `msg="reply failed" event_id=EvDown`) || !strings.Contains(log, "slack server error: 500") {
		t.Errorf("final failure not logged with the event id:\n%s", log)
	}
	if got := metricValue(t, rig.Bot, "storybot_slack_api_errors_total", "method", "chat.postMessage", "reason", "http_500"); got != 1 {
		t.Errorf("errors counted %v", got)
	}
	// A redelivery of the event is still not answered twice (or at all:
	// the first delivery was handled).
	rig.Event(slackfake.Callback("EvDown", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")), slacksig.HeaderRetryNum, "1")
	if n := rig.Slack.Calls("chat.postMessage"); n != 1+slackapi.DefaultMaxRetries {
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
			rig.Slack.Inject("chat.postMessage", f.fault)
			rig.Event(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
			if n := rig.Slack.Calls("chat.postMessage"); n != 1 {
				t.Errorf("%d calls, want 1 (no retry)", n)
			}
			if len(sl.All()) != 0 || len(rig.Posts()) != 0 {
				t.Errorf("retried: %v", sl.All())
			}
			if !strings.Contains(rig.Log.String(), `msg="reply failed" event_id=Ev1`) {
				t.Errorf("failure not logged:\n%s", rig.Log.String())
			}
		})
	}
}

func TestRetryWithinTheDeadline(t *testing.T) {
	t.Parallel()
	rig, sl := newRetryRig(t, Options{TaskTimeout: 5 * time.Second})
	rig.Slack.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: retryAfter("20")})
	rig.Event(slackfake.Callback("EvLate", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", "")))
	if n := rig.Slack.Calls("chat.postMessage"); n != 1 || len(sl.All()) != 0 {
		t.Errorf("%d calls, waits %v: a wait past the deadline must not be tried", n, sl.All())
	}
	if !strings.Contains(rig.Log.String(), "the wait would pass the deadline") {
		t.Errorf("not logged:\n%s", rig.Log.String())
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
		rig.H.ServeHTTP(w, slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
			[]byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", respURL)).Encode()), rig.Now))
		if w.Code != 200 || w.Body.Len() != 0 {
			t.Fatalf("slow slash: %d %q", w.Code, w.Body)
		}
	}
	rig.Slack.Inject("response", slackfake.Fault{Status: 503})
	respURL := rig.Slack.ResponseURL("secret-hook-path")
	slow(respURL)
	close(ans.Block)
	rig.Bot.Wait()
	rs := slackfake.Drain(rig.Slack.Responses)
	if len(rs) != 1 || rig.Slack.Calls("response") != 2 {
		t.Errorf("%d responses from %d calls, want 1 from 2", len(rs), rig.Slack.Calls("response"))
	}

	// A failure for good is logged without the response_url, a secret.
	rig.Slack.Inject("response", slackfake.Fault{Hangup: true})
	ans.SetBlock(make(chan struct{}))
	slow(respURL)
	close(ans.Block)
	rig.Bot.Wait()
	log := rig.Log.String()
	if !strings.Contains(log, "slash reply failed") || strings.Contains(log, "secret-hook-path") {
		t.Errorf("log:\n%s", log)
	}
}
