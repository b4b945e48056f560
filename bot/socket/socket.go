package socket

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"storybot/bot/slackapi"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// maxAckPayload is the largest slash answer put in a Socket Mode ack;
// Slack silently drops acks of 20 KB or more.
const maxAckPayload = 19 * 1024

// keepAlive is how the Socket Mode connection's TCP keepalive probes run:
// the first after 15 s idle, then every 15 s, and the connection is dead
// after 4 unanswered. slack-go sends no pings of its own (it only expects
// Slack's), so a NAT or firewall that drops idle connections would cut the
// link without this (slack-go issue 1566).
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 15 * time.Second, Interval: 15 * time.Second, Count: 4}

// socketDialer is the dialer of the Socket Mode websocket.
func socketDialer() *websocket.Dialer {
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		NetDialContext:   (&net.Dialer{Timeout: 30 * time.Second, KeepAliveConfig: keepAlive}).DialContext,
		HandshakeTimeout: 30 * time.Second,
		// Slack does not reassemble fragmented frames; keep an ack
		// (< 20 KB) in one frame.
		WriteBufferSize: 32 * 1024,
	}
}

// Bot is what the Socket Mode transport asks of the bot; package bot's
// *Bot is one.
type Bot interface {
	// HandleEvent handles an Events API event.
	HandleEvent(ctx context.Context, ev slackevents.EventsAPIEvent)
	// AnswerSlash answers a slash command, with its message if ready in
	// time (else it goes to the response_url); AnswerLater posts the
	// message to the response_url when the ack could not hold it;
	// ReplySlash answers on the response_url alone.
	AnswerSlash(ctx context.Context, cmd slack.SlashCommand) (msg slack.WebhookMessage, ok bool)
	AnswerLater(ctx context.Context, cmd slack.SlashCommand, msg slack.WebhookMessage, why error)
	ReplySlash(ctx context.Context, cmd slack.SlashCommand)
	// Interact answers a click.
	Interact(ctx context.Context, cb slack.InteractionCallback)
	// Go runs f in the background; Recover, deferred, recovers a panic
	// in what.
	Go(ctx context.Context, what string, f func(ctx context.Context))
	Recover(ctx context.Context, what string)
	// Logger is the bot's logger; EventLogger the logger of lines about
	// ev.
	Logger() *slog.Logger
	EventLogger(ev slackevents.EventsAPIEvent) (log *slog.Logger, question bool)
	// NeedLink makes the bot ready only while up says so; LinkChanged
	// says it may have changed.
	NeedLink(up func() bool)
	LinkChanged()
}

// link is the state of the Socket Mode link to Slack.
type link struct {
	b   Bot
	log *slog.Logger
	m   *Metrics
	// connected is set while the link is up; refreshing while Slack
	// refreshes it (a routine reconnection, not an outage).
	connected  atomic.Bool
	refreshing atomic.Bool
	// gone gets why the link is gone for good.
	gone chan error
}

func (l *link) setConnected(up bool) {
	if was := l.connected.Swap(up); was && !up {
		l.m.disconnects.Inc()
	}
	if up {
		l.m.connected.Set(1)
	} else {
		l.m.connected.Set(0)
	}
	l.b.LinkChanged()
}

// NewClient makes the Socket Mode client for api (which must carry
// the app-level token). Its dialer keeps the TCP connection alive, which
// helps behind NATs that drop idle connections. The client reconnects by
// itself, with a backoff, when the link drops or Slack asks it to; its
// logger tells the bot why Slack asked (see socketTap).
func NewClient(api *slack.Client, log *slog.Logger) *socketmode.Client {
	tap := &socketTap{log: log}
	client := socketmode.New(api,
		socketmode.OptionDialer(socketDialer()),
		socketmode.OptionLog(tap),
		socketmode.OptionDebug(true),
		// An envelope is kilobytes; a message over this closes the link,
		// which reconnects (see slackapi.Guard for the Web API's).
		socketmode.OptionReadLimit(slackapi.MaxAPIResponseBytes),
	)
	tap.events = client.Events
	return client
}

// Run runs the bot over Socket Mode until ctx is done (then it
// returns nil) or the connection fails for good (Slack refused the app
// token). It acknowledges every envelope at once and answers after, in the
// background; the client reconnects by itself on a disconnect or a
// dropped connection.
//
// Envelopes are never lost across a reconnect: Slack redelivers any it
// did not see acknowledged, and the bot answers each event once.
// The bot is ready only while the link is up. m are the transport's
// metrics (a fresh, unserved set if nil).
func Run(ctx context.Context, b Bot, client *socketmode.Client, m *Metrics) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if m == nil {
		m = NewMetrics(prometheus.NewRegistry())
	}
	l := &link{b: b, log: b.Logger(), m: m, gone: make(chan error, 1)}
	b.NeedLink(l.connected.Load)
	l.setConnected(false)
	defer l.setConnected(false)
	mux := newSocketMux(l, client)
	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			if err == nil {
				err = errors.New("connection closed")
			}
			return fmt.Errorf("socket mode: %w%s", err, authHint(err))
		case err := <-l.gone:
			cancel()
			<-runErr
			return err
		case evt := <-client.Events:
			mux.dispatch(ctx, evt)
		}
	}
}

func authHint(err error) string {
	switch err.Error() {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked":
		return " (Slack refused SLACK_APP_TOKEN: set it to a valid app-level token, xapp-…, with the connections:write scope)"
	}
	return ""
}

func ack(l *link, client *socketmode.Client, req socketmode.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := client.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
		l.log.Error("ack failed", "envelope_id", req.EnvelopeID, "err", err)
	}
}

func asError(v any) error {
	if err, ok := v.(error); ok {
		return err
	}
	return fmt.Errorf("%v", v)
}

func errorOf(data any) any {
	switch d := data.(type) {
	case *slack.ConnectionErrorEvent:
		return d.ErrorObj
	case *slack.IncomingEventError:
		return d.ErrorObj
	case *socketmode.ErrorWriteFailed:
		return d.Cause
	case error:
		return d
	}
	return data
}
