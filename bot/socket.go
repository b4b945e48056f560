package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
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

// NewSocketClient makes the Socket Mode client for api (which must carry
// the app-level token). Its dialer keeps the TCP connection alive, which
// helps behind NATs that drop idle connections. The client reconnects by
// itself, with a backoff, when the link drops or Slack asks it to.
func NewSocketClient(api *slack.Client, log *slog.Logger) *socketmode.Client {
	return socketmode.New(api,
		socketmode.OptionDialer(socketDialer()),
		socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)),
	)
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
		case evt := <-client.Events:
			handleSocketEvent(ctx, b, client, evt)
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

// handleSocketEvent never blocks: whatever takes time, even the ack, runs
// in the background.
func handleSocketEvent(ctx context.Context, b *Bot, client *socketmode.Client, evt socketmode.Event) {
	defer b.recover(ctx, "socket mode event "+string(evt.Type))
	switch evt.Type {
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if evt.Request == nil {
			b.log.Error("socket mode event without its envelope", "type", evt.Type)
			return
		}
		b.metrics.envelopes.WithLabelValues(envelopeType(evt.Request.Type)).Inc()
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.setConnected(false)
		b.log.Debug("connecting to Slack")
	case socketmode.EventTypeConnected:
		b.metrics.connects.Inc()
		b.setConnected(true)
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			b.log.Info("connected to Slack", "connection", c.ConnectionCount)
		}
	case socketmode.EventTypeHello:
		if evt.Request != nil {
			b.log.Debug("hello from Slack", "connections", evt.Request.NumConnections)
		}
	case socketmode.EventTypeConnectionError:
		b.setConnected(false)
		b.log.Warn("connection to Slack failed; retrying", "err", redactErr(asError(errorOf(evt.Data))))
	case socketmode.EventTypeInvalidAuth:
		b.setConnected(false)
		b.log.Error("Slack refused SLACK_APP_TOKEN")
	case socketmode.EventTypeIncomingError:
		b.setConnected(false)
		b.log.Warn("reading from Slack failed; reconnecting", "err", redactErr(asError(errorOf(evt.Data))))
	case socketmode.EventTypeErrorWriteFailed:
		b.log.Error("writing to Slack failed", "err", errorOf(evt.Data))
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go cannot parse is still acknowledged, so that
		// Slack does not redeliver it forever.
		bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
		var env struct {
			EnvelopeID string `json:"envelope_id"`
			Type       string `json:"type"`
		}
		if bad != nil {
			json.Unmarshal(bad.Message, &env)
			b.log.Warn("unreadable message from Slack", "type", env.Type, "err", bad.Cause)
		}
		if env.EnvelopeID != "" {
			b.Go(ctx, "ack", func(context.Context) { ack(b, client, socketmode.Request{EnvelopeID: env.EnvelopeID}) })
		}
	case socketmode.EventTypeEventsAPI:
		req := *evt.Request
		ev, _ := evt.Data.(slackevents.EventsAPIEvent)
		b.Go(ctx, "socket mode event", func(ctx context.Context) {
			ack(b, client, req)
			in, ok := IncomingFromEvent(ev)
			if req.RetryAttempt > 0 {
				b.logFor(in).Info("event redelivered", "envelope_id", req.EnvelopeID, "retry", req.RetryAttempt, "reason", req.RetryReason)
			}
			if ev.Type == slackevents.AppRateLimited {
				b.log.Warn("Slack is rate-limiting this app's events")
			}
			if ok {
				b.Process(ctx, in)
			}
		})
	case socketmode.EventTypeSlashCommand:
		req := *evt.Request
		cmd, _ := evt.Data.(slack.SlashCommand)
		b.Go(ctx, "socket mode slash command", func(ctx context.Context) {
			in := IncomingFromSlash(cmd)
			log := b.logFor(in)
			ctx = withLogger(ctx, log)
			if !req.AcceptsResponsePayload {
				ack(b, client, req)
				r, ok := b.HandleQuestion(ctx, in)
				if !ok {
					return
				}
				if err := b.Deliver(ctx, in, r); err != nil {
					log.Error("slash reply failed", "err", err)
				}
				return
			}
			js := b.AnswerSlash(ctx, in, maxAckPayload)
			if js == nil {
				ack(b, client, req) // the answer goes to the response_url
				return
			}
			if err := client.AckCtx(ctx, req.EnvelopeID, js); err != nil {
				log.Warn("slash answer not sent in the ack; using response_url", "err", err)
				ack(b, client, req)
				var msg slack.WebhookMessage
				if err := json.Unmarshal(js, &msg); err != nil {
					log.Error("slash reply failed", "err", err)
					return
				}
				if err := b.respond(ctx, in.ResponseURL, msg); err != nil {
					log.Error("slash reply failed", "err", err)
				}
			}
		})
	case socketmode.EventTypeInteractive:
		req := *evt.Request
		cb, _ := evt.Data.(slack.InteractionCallback)
		b.Go(ctx, "socket mode interaction", func(ctx context.Context) {
			ack(b, client, req)
			b.Share(ctx, cb)
		})
	default:
		b.log.Debug("socket mode event ignored", "type", evt.Type)
	}
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
