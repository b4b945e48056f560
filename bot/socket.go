package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"storybot/bot/slackapi"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
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

// NewSocketClient makes the Socket Mode client for api (which must carry
// the app-level token). Its dialer keeps the TCP connection alive, which
// helps behind NATs that drop idle connections. The client reconnects by
// itself, with a backoff, when the link drops or Slack asks it to; its
// logger tells the bot why Slack asked (see socketTap).
func NewSocketClient(api *slack.Client, log *slog.Logger) *socketmode.Client {
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

// RunSocketMode runs the bot over Socket Mode until ctx is done (then it
// returns nil) or the connection fails for good (Slack refused the app
// token). It acknowledges every envelope at once and answers after, in the
// background; the client reconnects by itself on a disconnect or a
// dropped connection.
//
// Envelopes are never lost across a reconnect: Slack redelivers any it
// did not see acknowledged, and the bot answers each event once.
func RunSocketMode(ctx context.Context, b *Bot, client *socketmode.Client) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b.needLink.Store(true)
	b.setConnected(false)
	defer b.setConnected(false)
	mux := newSocketMux(b, client)
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
		case err := <-b.linkGone:
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

func ack(b *Bot, client *socketmode.Client, req socketmode.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := client.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
		b.log.Error("ack failed", "envelope_id", req.EnvelopeID, "err", err)
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
