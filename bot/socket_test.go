package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/bot/socket"
	"storybot/index"
)

// socketRig is the bot on Socket Mode, connected to a fake Slack.
type socketRig struct {
	t     *testing.T
	slack *slackfake.Slack
	bot   *Bot
	link  *slackfake.Link
	stop  func() error // stops the bot and waits for it
	// waitStopped waits for the bot to stop by itself.
	waitStopped func() error
	log         *lockedBuffer
}

func newSocketRig(t *testing.T, ans Engine, appToken string) *socketRig {
	t.Helper()
	return newSocketRigWith(t, ans, appToken, Options{})
}

// newSocketRigWith is newSocketRig with more options for the bot.
func newSocketRigWith(t *testing.T, ans Engine, appToken string, o Options) *socketRig {
	t.Helper()
	fake := slackfake.New(t)
	log, buf := testLog(t)
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(appToken))
	o.Engine, o.Logger, o.Slack, o.APIURL = ans, log, api, fake.APIURL()
	o.Self = Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID, TeamID: slackfake.Team}
	reg := withRegistry(&o)
	b := New(o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runSocket(ctx, b, reg, socket.NewClient(api, log)) }()
	rig := &socketRig{t: t, slack: fake, bot: b, log: buf}
	var stopped bool
	var err error
	rig.stop = func() error {
		if !stopped {
			cancel()
			err = slackfake.Receive(t, done, "socket mode to stop")
			b.Wait()
			stopped = true
		}
		return err
	}
	rig.waitStopped = func() error {
		if !stopped {
			err = slackfake.Receive(t, done, "socket mode to stop by itself")
			b.Wait()
			stopped = true
		}
		return err
	}
	t.Cleanup(func() { rig.stop() })
	if appToken == slackfake.AppToken {
		rig.link = slackfake.Receive(t, fake.Links, "socket mode connection")
	}
	return rig
}

func TestSocketModeMentionAndDM(t *testing.T) {
	t.Parallel()
	rig := newSocketRig(t, &fakeAnswerer{}, slackfake.AppToken)
	open := slackfake.Receive(t, rig.slack.Opens, "apps.connections.open")
	if got := open.Get("Authorization"); got != "Bearer "+slackfake.AppToken {
		t.Errorf("apps.connections.open authorized with %q", got)
	}

	id := rig.link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "100.1", "")))
	if a := rig.link.WaitAck(t, id); len(a.Payload) != 0 {
		t.Errorf("event ack carries a payload: %s", a.Payload)
	}
	p := slackfake.Receive(t, rig.slack.Posts, "reply to the mention")
	if p.Get("channel") != "C1" || p.Get("thread_ts") != "100.1" || !strings.Contains(p.Get("blocks"), "*budget*") {
		t.Errorf("mention reply: %v", p)
	}

	id = rig.link.Send(t, "events_api", slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "budget?", "200.1")))
	rig.link.WaitAck(t, id)
	p = slackfake.Receive(t, rig.slack.Posts, "reply to the DM")
	if p.Get("channel") != "D1" || p.Has("thread_ts") {
		t.Errorf("DM reply: %v", p)
	}
}

func TestSocketModeIgnoresAndDeduplicates(t *testing.T) {
	t.Parallel()
	ans := &fakeAnswerer{}
	rig := newSocketRig(t, ans, slackfake.AppToken)
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
		rig.link.WaitAck(t, rig.link.Send(t, "events_api", ev))
	}
	// An envelope slack-go cannot read is acknowledged all the same.
	rig.link.SendJSON(t, map[string]any{"envelope_id": "env-odd", "type": "something_new", "payload": map[string]any{}})
	rig.link.WaitAck(t, "env-odd")

	if err := rig.stop(); err != nil {
		t.Fatal(err)
	}
	if ps := slackfake.Drain(rig.slack.Posts); len(ps) != 1 || ps[0].Get("channel") != "D1" {
		t.Errorf("replies: %v, want one, in the DM", ps)
	}
	if q := ans.Questions(); len(q) != 1 {
		t.Errorf("engine asked %q", q)
	}
}

func TestSocketModeSlashAndShare(t *testing.T) {
	t.Parallel()
	rig := newSocketRig(t, &fakeAnswerer{}, slackfake.AppToken)
	respURL := rig.slack.ResponseURL("s1")

	// The answer travels in the ack.
	id := rig.link.Send(t, "slash_commands", slackfake.Slash("C1", "U1", "budget <!channel>?", respURL))
	a := rig.link.WaitAck(t, id)
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
	id = rig.link.Send(t, "interactive", slackfake.ShareClick("C1", "U1", render.ActionShare, "budget @channel?", respURL))
	if a := rig.link.WaitAck(t, id); len(a.Payload) != 0 {
		t.Errorf("interaction ack carries %s", a.Payload)
	}
	r := slackfake.Receive(t, rig.slack.Responses, "shared answer")
	if !strings.Contains(string(r.Body), `"response_type":"in_channel"`) {
		t.Errorf("shared: %s", r.Body)
	}
	r = slackfake.Receive(t, rig.slack.Responses, "delete of the ephemeral answer")
	if !strings.Contains(string(r.Body), `"delete_original":true`) {
		t.Errorf("delete: %s", r.Body)
	}
	if ps := slackfake.Drain(rig.slack.Posts); len(ps) != 0 {
		t.Errorf("chat.postMessage used: %v", ps)
	}
}

func TestSocketModeSlashTooBigForAck(t *testing.T) {
	t.Parallel()
	ans := &bigAnswerer{}
	rig := newSocketRigWith(t, ans, slackfake.AppToken, Options{Top: 10})
	id := rig.link.Send(t, "slash_commands", slackfake.Slash("C1", "U1", "budget?", rig.slack.ResponseURL("big")))
	if a := rig.link.WaitAck(t, id); len(a.Payload) != 0 {
		t.Errorf("a %d-byte ack", len(a.Payload))
	}
	r := slackfake.Receive(t, rig.slack.Responses, "big answer on the response_url")
	if r.Path != "/response/big" || len(r.Body) < maxAckPayload {
		t.Errorf("big answer: %s, %d bytes", r.Path, len(r.Body))
	}
}

func TestSocketModeReconnects(t *testing.T) {
	t.Parallel()
	rig := newSocketRig(t, &fakeAnswerer{}, slackfake.AppToken)
	slackfake.Receive(t, rig.slack.Opens, "first apps.connections.open")

	// Slack pings; the client pongs.
	if err := rig.link.Ping("are you there"); err != nil {
		t.Fatal(err)
	}
	for p := slackfake.Receive(t, rig.link.Pongs, "pong"); p != "are you there"; p = slackfake.Receive(t, rig.link.Pongs, "pong") {
	}

	// A refresh: the client opens a new connection and answers there.
	rig.link.Disconnect(t, "refresh_requested")
	slackfake.Receive(t, rig.slack.Opens, "apps.connections.open after the disconnect")
	second := slackfake.Receive(t, rig.slack.Links, "second connection")
	if second.Ticket == rig.link.Ticket {
		t.Errorf("ticket %s reused", second.Ticket)
	}
	second.WaitAck(t, second.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""))))
	slackfake.Receive(t, rig.slack.Posts, "reply on the second connection")

	// A dropped connection: the same.
	second.Drop()
	slackfake.Receive(t, rig.slack.Opens, "apps.connections.open after the drop")
	third := slackfake.Receive(t, rig.slack.Links, "third connection")
	third.WaitAck(t, third.Send(t, "events_api", slackfake.Callback("Ev2", slackfake.DM("D1", "U1", "budget?", "2.1"))))
	slackfake.Receive(t, rig.slack.Posts, "reply on the third connection")

	if err := rig.stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestSocketModeBadAppToken(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(t)
	log, _ := testLog(t)
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken("xapp-revoked"))
	o := Options{Slack: api}
	reg := withRegistry(&o)
	b := newTestBot(t, &fakeAnswerer{}, o)
	done := make(chan error, 1)
	go func() { done <- runSocket(context.Background(), b, reg, socket.NewClient(api, log)) }()
	err := slackfake.Receive(t, done, "socket mode to give up on a refused token")
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") {
		t.Errorf("err = %v, want invalid_auth naming SLACK_APP_TOKEN", err)
	}
}

// bigAnswerer gives answers of passages (10 if zero) of about 2,900
// characters each: too big for a Socket Mode ack (and, at 20, for an
// HTTP response).
type bigAnswerer struct {
	fakeAnswerer
	passages int
}

func (b *bigAnswerer) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	res, err := b.fakeAnswerer.Ask(ctx, q, opt)
	a := res.Answers[0]
	a.Text = strings.Repeat("budget and tax ", 190) // ~2,900 characters
	res.Answers = nil
	for range cmp.Or(b.passages, 10) {
		res.Answers = append(res.Answers, a)
	}
	return res, err
}
