package main

import (
	"net/http"
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestThreadChatterNotAnswered: in a thread storybot answered, a reply
// also sent to the channel as slack-go's thread_broadcast payload has it
// ("broadcasting this reply") and thanks get nothing; a question there
// still gets its follow-up answer.
func TestThreadChatterNotAnswered(t *testing.T) {
	r, fake, base := httpBot(t, realCorpus)
	send := func(ev map[string]any) { t.Helper(); postSigned(t, base, ev) }
	send(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Alex Padilla?", "100.1", "")))
	slackfake.Receive(t, fake.Posts, "answer to the mention")
	send(slackfake.Callback("Ev2", slackfake.Broadcast("C1", "U2", "broadcasting this reply", "100.2", "100.1")))
	send(slackfake.Callback("Ev3", slackfake.ChannelMessage("C1", "U1", "thanks, that's what I needed", "100.3", "100.1")))
	send(slackfake.Callback("Ev4", slackfake.Broadcast("C1", "U2", "and what did he say?", "100.4", "100.1")))
	if p := slackfake.Receive(t, fake.Posts, "answer to the follow-up"); !strings.Contains(p.Get("text"), "my answer is no") {
		t.Errorf("follow-up answered with %v", p.Get("text"))
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("chatter answered: %v", ps)
	}
}

// TestRepliesRateLimited: a 429 from conversations.replies, as Slack
// sends it (Retry-After), is not waited out nor retried by the Web API
// client, and no thread in that channel is read again until it passes.
func TestRepliesRateLimited(t *testing.T) {
	r, fake, base := httpBot(t, realCorpus)
	fake.AddMessage("C1", "U1", "<@UBOT> Who is Alex Padilla?", "100.1", "")
	fake.AddMessage("C1", slackfake.BotUser, "…", "100.2", "100.1")
	fake.Inject("conversations.replies", slackfake.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"60"}}})
	postSigned(t, base, slackfake.Callback("Ev1", slackfake.ChannelMessage("C1", "U2", "and what did he say?", "100.3", "100.1")))
	r.waitLog("Slack rate-limits reading threads here")
	postSigned(t, base, slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did he say?", "100.4", "100.1")))
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if n := fake.Calls("conversations.replies"); n != 1 {
		t.Errorf("conversations.replies called %d times, want 1", n)
	}
	if log := r.stderr.String(); strings.Contains(log, "Slack call failed") {
		t.Errorf("the client tried to wait out the 429:\n%s", log)
	}
}
