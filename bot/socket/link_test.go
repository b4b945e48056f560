package socket_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/slackfake"
	"storybot/bot/socket"
)

// TestSocketModeRoutineRefresh sends Slack's disconnect messages of a
// routine refresh: the bot reconnects, answers on the new link, and
// neither warns nor counts the link as down. A dropped connection, by
// contrast, is counted.
func TestSocketModeRoutineRefresh(t *testing.T) {
	t.Parallel()
	for _, reason := range []string{"refresh_requested", "warning"} {
		t.Run(reason, func(t *testing.T) {
			t.Parallel()
			rig := testbot.Socket(t, &bottest.Engine{}, bot.Options{})
			slackfake.Receive(t, rig.Slack.Opens, "first apps.connections.open")
			rig.Link.Disconnect(t, reason)
			slackfake.Receive(t, rig.Slack.Opens, "apps.connections.open after the disconnect")
			second := slackfake.Receive(t, rig.Slack.Links, "second connection")
			second.WaitAck(t, second.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""))))
			slackfake.Receive(t, rig.Slack.Posts, "reply on the second connection")
			if n := rigs.MetricValue(t, rig.Bot, "storybot_socket_disconnects_total"); n != 0 {
				t.Errorf("a routine refresh counted as %v disconnects", n)
			}
			if n := rigs.MetricValue(t, rig.Bot, "storybot_socket_connected"); n != 1 {
				t.Errorf("storybot_socket_connected = %v after the refresh", n)
			}
			log := rig.Log.String()
			if strings.Contains(log, "level=WARN") || !strings.Contains(log, "Slack is refreshing the Socket Mode connection") {
				t.Errorf("a routine refresh logged a warning, or nothing:\n%s", log)
			}
			if strings.Contains(log, "rich_text") || strings.Contains(log, "envelope_id\\\":") {
				t.Errorf("the log shows a payload:\n%s", log)
			}

			second.Drop()
			slackfake.Receive(t, rig.Slack.Opens, "apps.connections.open after the drop")
			third := slackfake.Receive(t, rig.Slack.Links, "third connection")
			// The link's events are handled in order: once an envelope
			// on the third connection is acknowledged, the drop before it
			// has been counted.
			third.WaitAck(t, third.Send(t, "events_api", slackfake.Callback("Ev2", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.2", ""))))
			if n := rigs.MetricValue(t, rig.Bot, "storybot_socket_disconnects_total"); n != 1 {
				t.Errorf("a dropped connection counted as %v disconnects, want 1", n)
			}
		})
	}
}

// TestSocketModeLinkDisabled sends the disconnect Slack sends when Socket
// Mode is turned off for the app: the bot stops, saying why, and does not
// ask for a new connection.
func TestSocketModeLinkDisabled(t *testing.T) {
	t.Parallel()
	rig := testbot.Socket(t, &bottest.Engine{}, bot.Options{})
	slackfake.Receive(t, rig.Slack.Opens, "first apps.connections.open")
	rig.Link.Disconnect(t, "link_disabled")
	err := rig.WaitStopped()
	if err == nil || !strings.Contains(err.Error(), "link_disabled") || !strings.Contains(err.Error(), "Socket Mode") {
		t.Errorf("socket.Run = %v, want an error naming link_disabled", err)
	}
	if n := rig.Slack.Calls("apps.connections.open"); n != 1 {
		t.Errorf("apps.connections.open called %d times, want 1 (no reconnection)", n)
	}
	if ok, why := rig.Bot.Ready(); ok || why != "not connected to Slack" {
		t.Errorf("Ready = %v %q", ok, why)
	}
	if !strings.Contains(rig.Log.String(), "Slack disabled the Socket Mode link") {
		t.Errorf("not logged:\n%s", rig.Log.String())
	}
}

func TestReadyzSocketMode(t *testing.T) {
	t.Parallel()
	wire := rigs.WireSocket(t)
	fake := wire.Slack
	b := testbot.New(t, wire, &bottest.Engine{}, bot.Options{})
	admin := rigs.NewServer(b, wire.Reg, httpserver.Options{})
	ready := func() int {
		w := httptest.NewRecorder()
		admin.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		return w.Code
	}
	watch := linkWatch{Bot: b, changed: make(chan struct{}, 1)}
	waitReady := func(want int, when string) {
		t.Helper()
		for ready() != want {
			slackfake.Receive(t, watch.changed, "change of the link "+when)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	client := socket.NewClient(wire.API, wire.Logger)
	go func() { done <- rigs.RunSocket(ctx, watch, wire.Reg, client) }()
	link := slackfake.Receive(t, fake.Links, "connection")
	// Connected once the first envelope can be acknowledged.
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "budget?", "1.1"))))
	if c := ready(); c != 200 {
		t.Errorf("readyz when connected: %d", c)
	}
	// The link drops: not ready until the client is back.
	fake.Inject("apps.connections.open", slackfake.Fault{Status: 500}, slackfake.Fault{Status: 500})
	link.Drop()
	waitReady(503, "after it dropped")
	slackfake.Receive(t, fake.Links, "reconnection")
	waitReady(200, "after reconnecting")
	cancel()
	slackfake.Receive(t, done, "socket mode to stop")
	b.Wait()
}

// linkWatch is b, telling the test each time the Socket Mode transport
// says its link may have changed.
type linkWatch struct {
	*bot.Bot
	changed chan struct{} // a token after each change, unless one waits already
}

func (w linkWatch) LinkChanged() {
	w.Bot.LinkChanged()
	select {
	case w.changed <- struct{}{}:
	default:
	}
}
