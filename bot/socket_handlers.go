package bot

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
func newSocketMux(b *Bot, client *socketmode.Client) *socketMux {
	m := &socketMux{b: b, handlers: map[socketmode.EventType]socketHandler{}, fallback: handleSocketOther(b)}
	// The link to Slack.
	m.handle(socketmode.EventTypeConnecting, handleConnecting(b))
	m.handle(socketmode.EventTypeConnected, handleConnected(b))
	m.handle(socketmode.EventTypeHello, handleHello(b))
	m.handle(socketmode.EventTypeConnectionError, handleLinkDown(b, "connection to Slack failed; retrying"))
	m.handle(socketmode.EventTypeInvalidAuth, handleInvalidAuth(b))
	m.handle(socketmode.EventTypeIncomingError, handleReadFailed(b))
	m.handle(socketmode.EventTypeDisconnect, handleDisconnect(b))
	m.handle(socketmode.EventTypeErrorWriteFailed, handleWriteFailed(b))
	m.handle(socketmode.EventTypeErrorBadMessage, handleBadMessage(b, client))
	// Envelopes: counted, acknowledged, answered.
	m.handle(socketmode.EventTypeEventsAPI, envelope(b, handleEventsAPIEnvelope(b, client)))
	m.handle(socketmode.EventTypeSlashCommand, envelope(b, handleSlashEnvelope(b, client)))
	m.handle(socketmode.EventTypeInteractive, envelope(b, handleInteractiveEnvelope(b, client)))
	return m
}

// envelope counts an envelope by its type before h handles it, and
// refuses an event that came without its envelope (h may count on it).
func envelope(b *Bot, h socketHandler) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		if evt.Request == nil {
			b.log.Error("socket mode event without its envelope", "type", evt.Type)
			return
		}
		b.metrics.envelopes.WithLabelValues(envelopeType(evt.Request.Type)).Inc()
		h(ctx, evt)
	}
}

func handleConnecting(b *Bot) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		if !b.refreshing.Load() && b.connected.Load() {
			b.log.Warn("lost the connection to Slack; reconnecting")
		}
		if !b.refreshing.Load() {
			b.setConnected(false)
		}
		b.log.Debug("connecting to Slack")
	}
}

func handleConnected(b *Bot) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		b.metrics.connects.Inc()
		b.refreshing.Store(false)
		b.setConnected(true)
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			b.log.Info("connected to Slack", "connection", c.ConnectionCount)
		}
	}
}

func handleHello(b *Bot) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		if evt.Request != nil {
			b.log.Debug("hello from Slack", "connections", evt.Request.NumConnections)
		}
	}
}

// handleLinkDown marks the link down and logs why; slack-go reconnects.
func handleLinkDown(b *Bot, msg string) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		b.refreshing.Store(false) // a refresh that failed is an outage
		b.setConnected(false)
		b.log.Warn(msg, "err", slackapi.Redact(asError(errorOf(evt.Data))))
	}
}

func handleInvalidAuth(b *Bot) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		b.setConnected(false)
		b.log.Error("Slack refused SLACK_APP_TOKEN")
	}
}

func handleWriteFailed(b *Bot) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		b.log.Error("writing to Slack failed", "err", errorOf(evt.Data))
	}
}

// handleBadMessage acknowledges an envelope slack-go cannot parse all the
// same, so that Slack does not redeliver it forever.
func handleBadMessage(b *Bot, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
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
	}
}

// handleEventsAPIEnvelope acknowledges an Events API envelope, then
// handles the event it holds (see Bot.HandleEvent).
func handleEventsAPIEnvelope(b *Bot, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		req := *evt.Request
		ev, _ := evt.Data.(slackevents.EventsAPIEvent)
		b.Go(ctx, "socket mode event", func(ctx context.Context) {
			ack(b, client, req)
			if req.RetryAttempt > 0 {
				in, _ := IncomingFromEvent(ev)
				b.logFor(in).Info("event redelivered", "envelope_id", req.EnvelopeID, "retry", req.RetryAttempt, "reason", req.RetryReason)
			}
			if ev.Type == slackevents.AppRateLimited {
				b.log.Warn("Slack is rate-limiting this app's events")
			}
			b.HandleEvent(ctx, ev)
		})
	}
}

// handleSlashEnvelope answers a slash command in its ack when Slack takes
// a payload there and the answer is ready in time, else on its
// response_url.
func handleSlashEnvelope(b *Bot, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		req := *evt.Request
		cmd, _ := evt.Data.(slack.SlashCommand)
		b.Go(ctx, "socket mode slash command", func(ctx context.Context) {
			in := IncomingFromSlash(cmd)
			log := b.logFor(in)
			ctx = slackapi.WithLogger(ctx, log)
			if !req.AcceptsResponsePayload {
				ack(b, client, req)
				if r, ok := b.HandleQuestion(ctx, in); ok {
					if err := b.Deliver(ctx, in, r); err != nil {
						log.Error("slash reply failed", "err", err)
					}
				}
				return
			}
			if msg, ok := b.AnswerSlash(ctx, in); ok {
				err := ackWithAnswer(ctx, client, req, msg)
				if err == nil {
					return
				}
				b.AnswerLater(ctx, in, msg, err)
			}
			ack(b, client, req) // the answer goes to the response_url
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
func handleInteractiveEnvelope(b *Bot, client *socketmode.Client) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		req := *evt.Request
		cb, _ := evt.Data.(slack.InteractionCallback)
		b.Go(ctx, "socket mode interaction", func(ctx context.Context) {
			ack(b, client, req)
			b.Interact(ctx, cb)
		})
	}
}

func handleSocketOther(b *Bot) socketHandler {
	return func(ctx context.Context, evt socketmode.Event) {
		b.log.Debug("socket mode event ignored", "type", evt.Type)
	}
}
