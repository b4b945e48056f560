package socket_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/bot/socket"
)

func TestSocketModeMentionAndDM(t *testing.T) {
	t.Parallel()
	rig := testbot.Socket(t, &bottest.Engine{}, bot.Options{})
	open := slackfake.Receive(t, rig.Slack.Opens, "apps.connections.open")
	if got := open.Get("Authorization"); got != "Bearer "+slackfake.AppToken {
		t.Errorf("apps.connections.open authorized with %q", got)
	}

	id := rig.Link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "100.1", "")))
	if a := rig.Link.WaitAck(t, id); len(a.Payload) != 0 {
		t.Errorf("event ack carries a payload: %s", a.Payload)
	}
	p := slackfake.Receive(t, rig.Slack.Posts, "reply to the mention")
	if p.Get("channel") != "C1" || p.Get("thread_ts") != "100.1" || !strings.Contains(p.Get("blocks"), "*budget*") {
		t.Errorf("mention reply: %v", p)
	}

	id = rig.Link.Send(t, "events_api", slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "budget?", "200.1")))
	rig.Link.WaitAck(t, id)
	p = slackfake.Receive(t, rig.Slack.Posts, "reply to the DM")
	if p.Get("channel") != "D1" || p.Has("thread_ts") {
		t.Errorf("DM reply: %v", p)
	}
}

func TestSocketModeIgnoresAndDeduplicates(t *testing.T) {
	t.Parallel()
	ans := &bottest.Engine{}
	rig := testbot.Socket(t, ans, bot.Options{})
	events := []map[string]any{
		slackfake.Callback("Ev1", slackfake.With(slackfake.DM("D1", slackfake.BotUser, "budget?", "1.1"), "bot_id", slackfake.BotID)),
		slackfake.Callback("Ev2", slackfake.With(slackfake.DM("D1", "U2", "budget?", "1.2"), "bot_id", "BOTHER")),
		slackfake.Callback("Ev3", slackfake.With(slackfake.DM("D1", "U1", "budget?", "1.3"), "subtype", "message_changed")),
		slackfake.Callback("Ev4", slackfake.DM("D1", "U1", "<@UBOT> budget?", "1.4")),
		slackfake.Callback("Ev5", slackfake.Mention("D1", "U1", "<@UBOT> budget?", "1.4", "")), // the same DM, as a mention
		slackfake.Callback("Ev4", slackfake.DM("D1", "U1", "<@UBOT> budget?", "1.4")),          // redelivered
		{"type": "event_callback", "event_id": "Ev6", "event": map[string]any{"type": "no_such_event"}},
	}
	for _, ev := range events {
		rig.Link.WaitAck(t, rig.Link.Send(t, "events_api", ev))
	}
	// An envelope slack-go cannot read is acknowledged all the same.
	rig.Link.SendJSON(t, map[string]any{"envelope_id": "env-odd", "type": "something_new", "payload": map[string]any{}})
	rig.Link.WaitAck(t, "env-odd")

	if err := rig.Stop(); err != nil {
		t.Fatal(err)
	}
	if ps := slackfake.Drain(rig.Slack.Posts); len(ps) != 1 || ps[0].Get("channel") != "D1" {
		t.Errorf("replies: %v, want one, in the DM", ps)
	}
	if q := ans.Questions(); len(q) != 1 {
		t.Errorf("engine asked %q", q)
	}
}

func TestSocketModeSlashAndShare(t *testing.T) {
	t.Parallel()
	rig := testbot.Socket(t, &bottest.Engine{}, bot.Options{})
	respURL := rig.Slack.ResponseURL("s1")

	// The answer travels in the ack.
	id := rig.Link.Send(t, "slash_commands", slackfake.Slash("C1", "U1", "budget <!channel>?", respURL))
	a := rig.Link.WaitAck(t, id)
	var msg slack.WebhookMessage
	if err := json.Unmarshal(a.Payload, &msg); err != nil || msg.Blocks == nil {
		t.Fatalf("slash ack payload: %v %s", err, a.Payload)
	}
	all := ""
	for _, txt := range slackfake.Texts(msg.Blocks.BlockSet) {
		all += txt.Text + "\n"
	}
	if msg.ResponseType != "ephemeral" || !strings.Contains(all, "*Q:* budget @channel?") || !strings.Contains(all, "*budget*") || !strings.Contains(all, "Share in channel") {
		t.Errorf("slash ack %q:\n%s", msg.ResponseType, all)
	}

	// The share click is acknowledged, then answered on the response_url.
	id = rig.Link.Send(t, "interactive", slackfake.ShareClick("C1", "U1", render.ActionShare, "budget @channel?", respURL))
	if a := rig.Link.WaitAck(t, id); len(a.Payload) != 0 {
		t.Errorf("interaction ack carries %s", a.Payload)
	}
	r := slackfake.Receive(t, rig.Slack.Responses, "shared answer")
	if !strings.Contains(string(r.Body), `"response_type":"in_channel"`) {
		t.Errorf("shared: %s", r.Body)
	}
	r = slackfake.Receive(t, rig.Slack.Responses, "delete of the ephemeral answer")
	if !strings.Contains(string(r.Body), `"delete_original":true`) {
		t.Errorf("delete: %s", r.Body)
	}
	if ps := slackfake.Drain(rig.Slack.Posts); len(ps) != 0 {
		t.Errorf("chat.postMessage used: %v", ps)
	}
}

func TestSocketModeSlashTooBigForAck(t *testing.T) {
	t.Parallel()
	ans := &bottest.Big{}
	rig := testbot.Socket(t, ans, bot.Options{Top: 10})
	id := rig.Link.Send(t, "slash_commands", slackfake.Slash("C1", "U1", "budget?", rig.Slack.ResponseURL("big")))
	if a := rig.Link.WaitAck(t, id); len(a.Payload) != 0 {
		t.Errorf("a %d-byte ack", len(a.Payload))
	}
	r := slackfake.Receive(t, rig.Slack.Responses, "big answer on the response_url")
	if r.Path != "/response/big" || len(r.Body) < socket.MaxAckPayload {
		t.Errorf("big answer: %s, %d bytes", r.Path, len(r.Body))
	}
}

func TestSocketModeReconnects(t *testing.T) {
	t.Parallel()
	rig := testbot.Socket(t, &bottest.Engine{}, bot.Options{})
	slackfake.Receive(t, rig.Slack.Opens, "first apps.connections.open")

	// Slack pings; the client pongs.
	if err := rig.Link.Ping("are you there"); err != nil {
		t.Fatal(err)
	}
	for p := slackfake.Receive(t, rig.Link.Pongs, "pong"); p != "are you there"; p = slackfake.Receive(t, rig.Link.Pongs, "pong") {
	}

	// A refresh: the client opens a new connection and answers there.
	rig.Link.Disconnect(t, "refresh_requested")
	slackfake.Receive(t, rig.Slack.Opens, "apps.connections.open after the disconnect")
	second := slackfake.Receive(t, rig.Slack.Links, "second connection")
	if second.Ticket == rig.Link.Ticket {
		t.Errorf("ticket %s reused", second.Ticket)
	}
	second.WaitAck(t, second.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""))))
	slackfake.Receive(t, rig.Slack.Posts, "reply on the second connection")

	// A dropped connection: the same.
	second.Drop()
	slackfake.Receive(t, rig.Slack.Opens, "apps.connections.open after the drop")
	third := slackfake.Receive(t, rig.Slack.Links, "third connection")
	third.WaitAck(t, third.Send(t, "events_api", slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "budget?", "2.1"))))
	slackfake.Receive(t, rig.Slack.Posts, "reply on the third connection")

	if err := rig.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestSocketModeBadAppToken(t *testing.T) {
	t.Parallel()
	w := rigs.Wire(t, slack.OptionAppLevelToken("xapp-revoked"))
	b := testbot.New(t, w, &bottest.Engine{}, bot.Options{})
	done := make(chan error, 1)
	go func() { done <- rigs.RunSocket(context.Background(), b, w.Reg, socket.NewClient(w.API, w.Logger)) }()
	err := slackfake.Receive(t, done, "socket mode to give up on a refused token")
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") {
		t.Errorf("err = %v, want invalid_auth naming SLACK_APP_TOKEN", err)
	}
}

// TestSocketModeNoLostEnvelope: an envelope whose link drops before its ack
// got through is redelivered on the next link and answered once.
func TestSocketModeNoLostEnvelope(t *testing.T) {
	t.Parallel()
	rig := testbot.Socket(t, &bottest.Engine{}, bot.Options{})
	ev := slackfake.Callback("EvLost", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "5.1", ""))
	rig.Link.Send(t, "events_api", ev)
	rig.Link.Drop()
	second := slackfake.Receive(t, rig.Slack.Links, "connection after the drop")
	// Slack did not see the ack: it redelivers on the new link.
	redelivered := map[string]any{
		"envelope_id": "env-again", "type": "events_api", "payload": ev,
		"accepts_response_payload": false, "retry_attempt": 1, "retry_reason": "timeout",
	}
	second.SendJSON(t, redelivered)
	second.WaitAck(t, "env-again")
	// And a new event on the new link.
	second.WaitAck(t, second.Send(t, "events_api", slackfake.Callback("EvNew", slackfake.DM("D1", "U1", "budget?", "6.1"))))
	if err := rig.Stop(); err != nil {
		t.Fatal(err)
	}
	ps := slackfake.Drain(rig.Slack.Posts)
	threads := map[string]int{}
	for _, p := range ps {
		threads[p.Get("channel")+"/"+p.Get("thread_ts")]++
	}
	if len(ps) != 2 || threads["C1/5.1"] != 1 || threads["D1/"] != 1 {
		t.Errorf("posts %v, want one answer to each event", threads)
	}
	if got := rigs.MetricValue(t, rig.Bot, "storybot_socket_connects_total"); got < 2 {
		t.Errorf("connects %v", got)
	}
}
