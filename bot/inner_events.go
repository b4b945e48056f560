package bot

import (
	"context"

	"github.com/slack-go/slack/slackevents"
)

// eventHandler handles one type of Events API inner event, after the
// event was acknowledged, whichever transport brought it.
type eventHandler func(ctx context.Context, ev slackevents.EventsAPIEvent)

// newEventHandlers registers the bot's handler of each inner event type
// it subscribes to (bot/manifest.yaml); any other is ignored. A message
// or a mention in a DM may be an admin's upload of a story (upload.go)
// before it is a question.
func newEventHandlers(b *Bot) map[string]eventHandler {
	return map[string]eventHandler{
		string(slackevents.AppMention):                    b.uploads(b.handleQuestionEvent),
		string(slackevents.Message):                       b.uploads(b.handleQuestionEvent),
		string(slackevents.AssistantThreadStarted):        b.assistantThreadStarted,
		string(slackevents.AssistantThreadContextChanged): b.assistantContextChanged,
		string(slackevents.AppHomeOpened):                 b.appHomeOpened,
		// The app is gone from a workspace (workspaces.go): these need
		// no token, and are handled without one (see HandleEvent).
		string(slackevents.AppUninstalled): b.appGone,
		string(slackevents.TokensRevoked):  b.appGone,
	}
}

// needsNoToken are the inner events handled without their workspace's
// token: the ones that say it is gone.
func needsNoToken(typ string) bool {
	return typ == string(slackevents.AppUninstalled) || typ == string(slackevents.TokensRevoked)
}

// HandleEvent handles an Events API event_callback (from HTTP or Socket
// Mode) with its inner event type's handler. With many workspaces, the
// handler works with the token and bot user of the workspace the event
// came from (see tenantOf); an event from a workspace whose token cannot
// be found (not installed, or no longer) is logged and dropped.
func (b *Bot) HandleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if ev.Type != slackevents.CallbackEvent {
		return
	}
	h, ok := b.events[ev.InnerEvent.Type]
	if !ok {
		b.log.Debug("event ignored", "type", clipID(ev.InnerEvent.Type))
		return
	}
	if !needsNoToken(ev.InnerEvent.Type) {
		var err error
		if ctx, err = b.inWorkspace(ctx, eventTenant(ev)); err != nil {
			in, _ := IncomingFromEvent(ev)
			b.noToken(b.logFor(in), "no token to answer with: event dropped", err, "type", clipID(ev.InnerEvent.Type))
			return
		}
	}
	h(ctx, ev)
}

// handleQuestionEvent answers a mention or a message, if it is a
// question for the bot (see IncomingFromEvent).
func (b *Bot) handleQuestionEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if in, ok := IncomingFromEvent(ev); ok {
		b.Process(ctx, in)
	}
}
