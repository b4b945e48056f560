package bot

import (
	"strings"
	"testing"

	"storybot/bot/slackfake"
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
			rig := newSocketRig(t, &fakeAnswerer{}, slackfake.AppToken)
			slackfake.Receive(t, rig.slack.Opens, "first apps.connections.open")
			rig.link.Disconnect(t, reason)
			slackfake.Receive(t, rig.slack.Opens, "apps.connections.open after the disconnect")
			second := slackfake.Receive(t, rig.slack.Links, "second connection")
			second.WaitAck(t, second.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> budget?", "1.1", ""))))
			slackfake.Receive(t, rig.slack.Posts, "reply on the second connection")
			if n := metricValue(t, rig.bot, "storybot_socket_disconnects_total"); n != 0 {
				t.Errorf("a routine refresh counted as %v disconnects", n)
			}
			if n := metricValue(t, rig.bot, "storybot_socket_connected"); n != 1 {
				t.Errorf("storybot_socket_connected = %v after the refresh", n)
			}
			log := rig.log.String()
			if strings.Contains(log, "level=WARN") || !strings.Contains(log, "Slack is refreshing the Socket Mode connection") {
				t.Errorf("a routine refresh logged a warning, or nothing:\n%s", log)
			}
			if strings.Contains(log, "rich_text") || strings.Contains(log, "envelope_id\\\":") {
				t.Errorf("the log shows a payload:\n%s", log)
			}

			second.Drop()
			slackfake.Receive(t, rig.slack.Opens, "apps.connections.open after the drop")
			slackfake.Receive(t, rig.slack.Links, "third connection")
			if n := metricValue(t, rig.bot, "storybot_socket_disconnects_total"); n != 1 {
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
	rig := newSocketRig(t, &fakeAnswerer{}, slackfake.AppToken)
	slackfake.Receive(t, rig.slack.Opens, "first apps.connections.open")
	rig.link.Disconnect(t, "link_disabled")
	err := rig.waitStopped()
	if err == nil || !strings.Contains(err.Error(), "link_disabled") || !strings.Contains(err.Error(), "Socket Mode") {
		t.Errorf("socket.Run = %v, want an error naming link_disabled", err)
	}
	if n := rig.slack.Calls("apps.connections.open"); n != 1 {
		t.Errorf("apps.connections.open called %d times, want 1 (no reconnection)", n)
	}
	if ok, why := rig.bot.Ready(); ok || why != "not connected to Slack" {
		t.Errorf("Ready = %v %q", ok, why)
	}
	if !strings.Contains(rig.log.String(), "Slack disabled the Socket Mode link") {
		t.Errorf("not logged:\n%s", rig.log.String())
	}
}
