package bot

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log/slog"
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
)

// TestLogLinesCarryIDs checks that every log line about an event has its
// event, team, channel and user ids, including those of the Slack calls
// made for it.
func TestLogLinesCarryIDs(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fake := slackfake.New(t)
	sl := &bottest.Sleeps{}
	client := &http.Client{Transport: &slackapi.RetryTransport{Sleep: sl.Sleep, APIURL: fake.APIURL(), Logger: log}}
	o := Options{Engine: &fakeAnswerer{}, Logger: log, HTTPClient: client,
		Slack: slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionHTTPClient(client)),
		Self:  Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID}}
	reg := withRegistry(&o)
	b := New(o)
	h := newServer(b, reg, httpserver.Options{SigningSecret: testSecret})
	fake.Inject("chat.postMessage", slackfake.Fault{Status: 503}, slackfake.Fault{Status: 503}, slackfake.Fault{Status: 503}, slackfake.Fault{Status: 503})
	for i, ev := range []map[string]any{
		slackfake.Mention("C7", "U7", "<@UBOT> budget?", "7.1", ""),
		slackfake.Mention("C7", "U7", "<@UBOT> budget?", "7.1", ""), // a duplicate
		slackfake.Mention("C7", "U7", "<@UBOT> panic", "7.2", ""),
	} {
		r := slackfake.Signed(t, "/slack/events", testSecret, "application/json", slackfake.JSON(t, slackfake.Callback(fmt.Sprint("EvL", i), ev)), time.Now())
		h.ServeHTTP(httptest.NewRecorder(), r)
		b.Wait()
	}
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(buf.String()))
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("not JSON: %s", sc.Text())
		}
		lines++
		if rec["event_id"] == nil || rec["team"] != slackfake.Team || rec["channel"] != "C7" || rec["user"] != "U7" {
			t.Errorf("line without the event's ids: %s", sc.Text())
		}
	}
	if lines < 6 {
		t.Errorf("only %d lines:\n%s", lines, buf.String())
	}
}
