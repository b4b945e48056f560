package socket

import (
	"context"
	"encoding/json"
	"storybot/bot/render"
	"storybot/bot/slackapi"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// newSocketMux registers the bot's handler of each Socket Mode event
// type; any other type is logged at debug level and ignored.
func newSocketMux(l *link, client *socketmode.Client) *socketMux {
	m := &socketMux{b: l.b, handlers: map[socketmode.EventType]socketHandler{}, fallback: handleSocketOther(l)}
	// The link to Slack.
	m.handle(socketmode.EventTypeConnecting, handleConnecting(l))
	m.handle(socketmode.EventTypeConnected, handleConnected(l))
	m.handle(socketmode.EventTypeHello, handleHello(l))
	m.handle(socketmode.EventTypeConnectionError, handleLinkDown(l, "connection to Slack failed; retrying"))
	m.handle(socketmode.EventTypeInvalidAuth, handleInvalidAuth(l))
	m.handle(socketmode.EventTypeIncomingError, handleReadFailed(l))
	m.handle(socketmode.EventTypeDisconnect, handleDisconnect(l))
	m.handle(socketmode.EventTypeErrorWriteFailed, handleWriteFailed(l))
	m.handle(socketmode.EventTypeErrorBadMessage, handleBadMessage(l, client))
	// Envelopes: counted, acknowledged, answered.
	m.handle(socketmode.EventTypeEventsAPI, envelope(l, handleEventsAPIEnvelope(l, client)))
	m.handle(socketmode.EventTypeSlashCommand, envelope(l, handleSlashEnvelope(l, client)))
	m.handle(socketmode.EventTypeInteractive, envelope(l, handleInteractiveEnvelope(l, client)))
	return m
}

// envelope counts an envelope by its type before h handles it, and
// refuses an event that came without its envelope (h may count on it).
func envelope(l *link, h socketHandler) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		if evt.Request == nil {
			l.log.Error("socket mode event without its envelope", "type", evt.Type)
			return
		}
		l.m.envelopes.WithLabelValues(envelopeType(evt.Request.Type)).Inc()
		h(ctx, evt)
	}
}

func handleConnecting(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		if !l.refreshing.Load() && l.connected.Load() {
			l.log.Warn("lost the connection to Slack; reconnecting")
		}
		if !l.refreshing.Load() {
			l.setConnected(false)
		}
		l.log.Debug("connecting to Slack")
	}
}

func handleConnected(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		l.m.connects.Inc()
		l.refreshing.Store(false)
		l.setConnected(true)
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			l.log.Info("connected to Slack", "connection", c.ConnectionCount)
		}
	}
}

func handleHello(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		if evt.Request != nil {
			l.log.Debug("hello from Slack", "connections", evt.Request.NumConnections)
		}
	}
}

// handleLinkDown marks the link down and logs why; slack-go reconnects.
func handleLinkDown(l *link, msg string) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		l.refreshing.Store(false) // a refresh that failed is an outage
		l.setConnected(false)
		l.log.Warn(msg, "err", slackapi.Redact(asError(errorOf(evt.Data))))
	}
}

func handleInvalidAuth(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		l.setConnected(false)
		l.log.Error("Slack refused SLACK_APP_TOKEN")
	}
}

func handleWriteFailed(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		l.log.Error("writing to Slack failed", "err", errorOf(evt.Data))
	}
}

// handleBadMessage acknowledges an envelope slack-go cannot parse all the
// same, so that Slack does not redeliver it forever.
func handleBadMessage(l *link, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
		var env struct {
			EnvelopeID string `json:"envelope_id"`
			Type       string `json:"type"`
		}
		if bad != nil {
			json.Unmarshal(bad.Message, &env)
			l.log.Warn("unreadable message from Slack", "type", env.Type, "err", bad.Cause)
		}
		if env.EnvelopeID != "" {
			l.b.Go(ctx, "ack", func(context.Context) { ack(l, client, socketmode.Request{EnvelopeID: env.EnvelopeID}) })
		}
	}
}

// handleEventsAPIEnvelope acknowledges an Events API envelope, then
// handles the event it holds (see Bot.HandleEvent).
func handleEventsAPIEnvelope(l *link, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		req := *evt.Request
		ev, _ := evt.Data.(slackevents.EventsAPIEvent)
		l.b.Go(ctx, "socket mode event", func(ctx context.Context) {
			ack(l, client, req)
			if req.RetryAttempt > 0 {
				log, _ := l.b.EventLogger(ev)
				log.Info("event redelivered", "envelope_id", req.EnvelopeID, "retry", req.RetryAttempt, "reason", req.RetryReason)
			}
			if ev.Type == slackevents.AppRateLimited {
				l.log.Warn("Slack is rate-limiting this app's events")
			}
			l.b.HandleEvent(ctx, ev)
		})
	}
}

// handleSlashEnvelope answers a slash command in its ack when Slack takes
// a payload there and the answer is ready in time, else on its
// response_url.
func handleSlashEnvelope(l *link, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		req := *evt.Request
		cmd, _ := evt.Data.(slack.SlashCommand)
		l.b.Go(ctx, "socket mode slash command", func(ctx context.Context) {
			if !req.AcceptsResponsePayload {
				ack(l, client, req)
				l.b.ReplySlash(ctx, cmd)
				return
			}
			if msg, ok := l.b.AnswerSlash(ctx, cmd); ok {
				err := ackWithAnswer(ctx, client, req, msg)
				if err == nil {
					return
				}
				l.b.AnswerLater(ctx, cmd, msg, err)
			}
			ack(l, client, req) // the answer goes to the response_url
		})
	}
}

// ackWithAnswer acknowledges req with a slash command's answer, encoded,
// if it fits in an ack.
func ackWithAnswer(ctx context.Context, client *socketmode.Client, req socketmode.Request, msg slack.WebhookMessage) error {
	js, err := render.EncodeWithin(msg, maxAckPayload)
	if err != nil {
		return err
	}
	return client.AckCtx(ctx, req.EnvelopeID, json.RawMessage(js))
}

// handleInteractiveEnvelope acknowledges a click, then answers it (see
// Bot.Interact).
func handleInteractiveEnvelope(l *link, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		req := *evt.Request
		cb, _ := evt.Data.(slack.InteractionCallback)
		l.b.Go(ctx, "socket mode interaction", func(ctx context.Context) {
			ack(l, client, req)
			l.b.Interact(ctx, cb)
		})
	}
}

func handleSocketOther(l *link) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		l.log.Debug("socket mode event ignored", "type", evt.Type)
	}
}
