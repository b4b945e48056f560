package bot

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"storybot/bot/render"
	"storybot/bot/slackfake"
)

func TestHookPolicy(t *testing.T) {
	t.Parallel()
	fakeAPI := "http://127.0.0.1:4321/api/"
	tests := []struct {
		name, apiURL, url string
		ok                bool
	}{
		{"Slack's hook", "", "https://hooks.slack.com/commands/T1/123/abc", true},
		{"Slack's hook, host in capitals, port 443", "", "https://HOOKS.slack.com:443/actions/T1/123/abc", true},
		{"Slack's hook with the default API URL", DefaultAPIURL, "https://hooks.slack.com/commands/T1/123/abc", true},
		{"the fake Slack of SLACK_API_URL", fakeAPI, "http://127.0.0.1:4321/response/x", true},
		{"plain http to Slack", "", "http://hooks.slack.com/commands/T1/123/abc", false},
		{"another port of Slack's host", "", "https://hooks.slack.com:8443/commands/x", false},
		{"a look-alike host", "", "https://hooks.slack.com.evil.example/commands/x", false},
		{"a user before the host", "", "https://evil.example@hooks.slack.com/commands/x", false},
		{"slack.com itself", "", "https://slack.com/api/chat.postMessage", false},
		{"an internal address", "", "http://10.0.0.7/admin", false},
		{"the fake's host without SLACK_API_URL", "", "http://127.0.0.1:4321/response/x", false},
		{"another port of the fake's host", fakeAPI, "http://127.0.0.1:4322/response/x", false},
		{"https to the fake's http", fakeAPI, "https://127.0.0.1:4321/response/x", false},
		{"file", "", "file:///etc/passwd", false},
		{"gopher", "", "gopher://hooks.slack.com:70/_x", false},
		{"no scheme", "", "hooks.slack.com/commands/x", false},
		{"not a URL", "", "https://hooks.slack.com/%zz", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := newHookPolicy(tt.apiURL).check(tt.url)
			if (err == nil) != tt.ok {
				t.Errorf("check(%q) = %v, want ok %v", tt.url, err, tt.ok)
			}
			if err != nil && strings.Contains(err.Error(), "/commands/") {
				t.Errorf("the error shows the URL's path: %v", err)
			}
		})
	}
}

// TestResponseURLOnlySlack sends slash commands answered late and share
// clicks whose response_url points elsewhere than Slack: nothing is posted
// there (not the answer, not the delete), the log says why without the
// URL's path, and nothing is retried.
func TestResponseURLOnlySlack(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer internal.Close()
	for _, target := range []string{
		internal.URL + "/secret-internal-path",
		"file:///etc/secret-internal-path",
		"gopher://" + internal.Listener.Addr().String() + "/_secret-internal-path",
		"https://hooks.slack.com.evil.example/secret-internal-path",
	} {
		t.Run(target, func(t *testing.T) {
			ans := &fakeAnswerer{Block: make(chan struct{})}
			rig, sl := newRetryRig(t, Options{Engine: ans, SlashWait: time.Millisecond})
			rig.H.ServeHTTP(httptest.NewRecorder(), slackfake.Signed(t, "/slack/events", testSecret, "application/x-www-form-urlencoded",
				[]byte(slackfake.Form(slackfake.Slash("C1", "U1", "budget?", target)).Encode()), rig.Now))
			close(ans.Block)
			rig.Bot.Wait()
			click := slackfake.ShareClick("C1", "U1", render.ActionShare, "budget?", target)
			if w := rig.Form(url.Values{"payload": {string(slackfake.JSON(t, click))}}); w.Code != 200 {
				t.Errorf("click: %d", w.Code)
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("%d posts reached the internal server", n)
			}
			if len(sl.All()) != 0 {
				t.Errorf("retried: %v", sl.All())
			}
			log := rig.Log.String()
			if !strings.Contains(log, "not posted") || !strings.Contains(log, `msg="slash reply failed"`) || !strings.Contains(log, `msg="share ignored"`) {
				t.Errorf("the refusals are not logged:\n%s", log)
			}
			if strings.Contains(log, "secret-internal-path") {
				t.Errorf("the response_url is in the log:\n%s", log)
			}
			if got := metricValue(t, rig.Bot, "storybot_slack_api_errors_total", "method", "response_url", "reason", "not_slack"); got != 2 {
				t.Errorf("not_slack counted %v, want 2", got)
			}
			if rs := slackfake.Drain(rig.Slack.Responses); len(rs) != 0 {
				t.Errorf("posted: %v", rs)
			}
		})
	}
}
