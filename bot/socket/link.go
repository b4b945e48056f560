package socket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"storybot/bot/slackapi"
	"strings"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// Slack's disconnect messages say why it closes a Socket Mode link:
// "warning" (it will, soon) and "refresh_requested" are routine, and a
// new connection follows; "link_disabled" means Socket Mode was turned off
// for the app, and no new connection will be given until someone turns it
// back on.
const reasonLinkDisabled = "link_disabled"

// socketTap is the Socket Mode client's logger. slack-go reconnects on
// every disconnect message and tells its user nothing of it, not even the
// reason; but with debugging on it hands each message it receives to its
// logger, before it acts on it. The tap passes each disconnect message on
// as an EventTypeDisconnect event, in order with the other events, so that
// the bot can tell a routine refresh from link_disabled; and it holds
// slack-go there until the bot has decided (the linkNotice is done), so
// that a disabled link is not redialled meanwhile. Other lines go to the
// log at debug level, without the payloads (people's questions, answers).
type socketTap struct {
	log    *slog.Logger
	events chan<- socketmode.Event
}

// What slack-go's debug lines start with when they carry a payload.
const (
	tapReceived  = "Received WebSocket message: "
	tapScheduled = "Scheduling Socket Mode response"
)

// tapWait bounds how long the tap holds slack-go for the bot to take a
// disconnect notice: the bot's event loop takes it in microseconds
// unless it has stopped.
const tapWait = 10 * time.Second

// linkNotice is the Data of the EventTypeDisconnect events the tap sends.
type linkNotice struct {
	reason string
	done   chan struct{} // closed when slack-go may go on
}

// Output implements slack-go's logger.
func (t *socketTap) Output(_ int, s string) error {
	msg, ok := strings.CutPrefix(s, tapReceived)
	if !ok {
		if strings.HasPrefix(s, tapScheduled) {
			s, _, _ = strings.Cut(s, ":")
		}
		if t.log.Enabled(context.Background(), slog.LevelDebug) {
			t.log.Debug(strings.TrimSpace(s))
		}
		return nil
	}
	if !strings.Contains(msg, `"disconnect"`) {
		return nil // an envelope: not read twice
	}
	var m struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	}
	if json.Unmarshal([]byte(msg), &m) != nil || m.Type != socketmode.RequestTypeDisconnect || t.events == nil {
		return nil
	}
	n := &linkNotice{reason: m.Reason, done: make(chan struct{})}
	timer := time.NewTimer(tapWait)
	defer timer.Stop()
	select {
	case t.events <- socketmode.Event{Type: socketmode.EventTypeDisconnect, Data: n, Request: &socketmode.Request{Type: m.Type, Reason: m.Reason}}:
	case <-timer.C:
		return nil
	}
	select {
	case <-n.done:
	case <-timer.C:
	}
	return nil
}

// handleDisconnect acts on Slack's disconnect message: a routine refresh
// is logged at info level and keeps the bot ready (slack-go reconnects at
// once); link_disabled stops the bot, saying why, since reconnecting
// would be refused (RunSocketMode returns the error).
func handleDisconnect(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		n, _ := evt.Data.(*linkNotice)
		if n == nil {
			return
		}
		if n.reason != reasonLinkDisabled {
			l.refreshing.Store(true)
			l.log.Info("Slack is refreshing the Socket Mode connection; reconnecting", "reason", slackapi.ClipID(n.reason))
			close(n.done)
			return
		}
		err := fmt.Errorf("socket mode: Slack disabled this app's Socket Mode link (disconnect reason %s): "+
			"turn Socket Mode back on under Settings → Socket Mode of the Slack app (or serve in HTTP mode); not reconnecting", reasonLinkDisabled)
		l.log.Error("Slack disabled the Socket Mode link; stopping", "reason", n.reason)
		l.setConnected(false)
		select {
		case l.gone <- err:
		default:
		}
		// slack-go may go on (and find its context cancelled) once the
		// bot has stopped the link.
		go func() {
			<-ctx.Done()
			close(n.done)
		}()
	}
}

// handleReadFailed is a failed read on the link: the link is down, unless
// it is an old connection that slack-go closed itself (its read fails
// with net.ErrClosed, and may come after the new connection is up) or
// the old connection of a routine refresh.
func handleReadFailed(l *link) socketHandler {
	down := handleLinkDown(l, "reading from Slack failed; reconnecting")
	return func(ctx context.Context, evt socketmode.Event) {
		err := asError(errorOf(evt.Data))
		if l.refreshing.Load() || errors.Is(err, net.ErrClosed) {
			l.log.Debug("an old connection to Slack closed", "err", slackapi.Redact(err))
			return
		}
		down(ctx, evt)
	}
}
