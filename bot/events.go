package bot

import (
	"context"
	"storybot/bot/slackapi"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// incomingFromEvent turns a parsed Events API event into a question: an
// app_mention, a message in a DM, or a reply in a channel thread (a
// follow-up, if the thread is the bot's). ok is false for anything else.
func incomingFromEvent(ev slackevents.EventsAPIEvent) (in Incoming, ok bool) {
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if cb == nil {
		return Incoming{}, false
	}
	in.EventID, in.Team, in.Tenant = cb.EventID, cb.TeamID, tenantOf(cb)
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		in.Kind = KindMention
		in.Channel, in.User, in.Text = e.Channel, e.User, e.Text
		in.TS, in.ThreadTS, in.BotID = e.TimeStamp, e.ThreadTimeStamp, e.BotID
		if e.Edited != nil {
			in.SubType = "message_changed"
		}
		// A mention in a DM is a DM (and arrives as message.im too).
		if strings.HasPrefix(e.Channel, "D") {
			in.Kind = KindDM
		}
		return in, true
	case *slackevents.MessageEvent:
		switch {
		case e.ChannelType == "im" || strings.HasPrefix(e.Channel, "D"):
			in.Kind = KindDM
		case (e.ChannelType == "channel" || e.ChannelType == "group") && e.ThreadTimeStamp != "" && e.ThreadTimeStamp != e.TimeStamp:
			// A reply in a channel thread: a follow-up, if the bot
			// answered in that thread (Bot.Process finds out).
			in.Kind = KindThread
		default:
			return Incoming{}, false
		}
		in.Channel, in.User, in.Text = e.Channel, e.User, e.Text
		in.TS, in.ThreadTS, in.BotID, in.SubType = e.TimeStamp, e.ThreadTimeStamp, e.BotID, e.SubType
		return in, true
	}
	return Incoming{}, false
}

// incomingFromSlash turns a slash command into a question.
func incomingFromSlash(c slack.SlashCommand) Incoming {
	return Incoming{
		Kind:        KindSlash,
		Team:        c.TeamID,
		Channel:     c.ChannelID,
		User:        c.UserID,
		Text:        c.Text,
		Command:     c.Command,
		ResponseURL: c.ResponseURL,
		TriggerID:   c.TriggerID,
		Tenant:      tenantOfSlash(c),
	}
}

// eventHandler handles one type of Events API inner event, after the
// event was acknowledged, whichever transport brought it.
type eventHandler func(ctx context.Context, ev slackevents.EventsAPIEvent)

// innerEvent is one type of Events API inner event the bot subscribes
// to: the bot events of bot/manifest.yaml that bring it, whether it is
// handled without its workspace's token, and its handler.
type innerEvent struct {
	typ      slackevents.EventsAPIType
	manifest []string
	noToken  bool
	handler  func(b *Bot) eventHandler
}

// innerEvents is the one table of the inner events the bot handles: its
// handlers (newEventHandlers), the types it reads (subscribed) and those
// it handles without a token (needsNoToken) come from it, and
// TestManifest holds it against the manifest's bot_events, both ways.
// A message or a mention in a DM may be an admin's upload of a story
// (upload.go) before it is a question. The app gone from a workspace
// (workspaces.go) needs no token, and is handled without one (see
// HandleEvent).
var innerEvents = []innerEvent{
	{slackevents.AppMention, []string{"app_mention"}, false, (*Bot).questionEvents},
	{slackevents.Message, []string{"message.channels", "message.groups", "message.im"}, false, (*Bot).questionEvents},
	{slackevents.AssistantThreadStarted, []string{"assistant_thread_started"}, false, func(b *Bot) eventHandler { return b.conv.assistantThreadStarted }},
	{slackevents.AssistantThreadContextChanged, []string{"assistant_thread_context_changed"}, false, func(b *Bot) eventHandler { return b.conv.assistantContextChanged }},
	{slackevents.AppHomeOpened, []string{"app_home_opened"}, false, func(b *Bot) eventHandler { return b.appHomeOpened }},
	{slackevents.AppUninstalled, []string{"app_uninstalled"}, true, func(b *Bot) eventHandler { return b.tenants.appGone }},
	{slackevents.TokensRevoked, []string{"tokens_revoked"}, true, func(b *Bot) eventHandler { return b.tenants.appGone }},
}

// newEventHandlers registers the bot's handler of each inner event type
// of innerEvents; any other is ignored.
func newEventHandlers(b *Bot) map[string]eventHandler {
	m := make(map[string]eventHandler, len(innerEvents))
	for _, e := range innerEvents {
		m[string(e.typ)] = e.handler(b)
	}
	return m
}

// questionEvents is the handler of mentions and messages: an admin's
// upload, else a question.
func (b *Bot) questionEvents() eventHandler { return b.uploads(b.handleQuestionEvent) }

// innerEventOf is the entry of innerEvents for typ; ok is false for a
// type the bot does not subscribe to.
func innerEventOf(typ string) (e innerEvent, ok bool) {
	for _, e := range innerEvents {
		if string(e.typ) == typ {
			return e, true
		}
	}
	return innerEvent{}, false
}

// subscribed tells the inner event types the bot handles: one it cannot
// read is an error worth logging.
func subscribed(typ string) bool {
	_, ok := innerEventOf(typ)
	return ok
}

// needsNoToken are the inner events handled without their workspace's
// token: the ones that say it is gone.
func needsNoToken(typ string) bool {
	e, _ := innerEventOf(typ)
	return e.noToken
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
		b.log.Debug("event ignored", "type", slackapi.ClipID(ev.InnerEvent.Type))
		return
	}
	if !needsNoToken(ev.InnerEvent.Type) {
		var err error
		if ctx, err = b.tenants.inWorkspace(ctx, eventTenant(ev)); err != nil {
			in, _ := incomingFromEvent(ev)
			b.tenants.noToken(b.logFor(in), "no token to answer with: event dropped", err, "type", slackapi.ClipID(ev.InnerEvent.Type))
			return
		}
	}
	h(ctx, ev)
}

// handleQuestionEvent answers a mention or a message, if it is a
// question for the bot (see incomingFromEvent).
func (b *Bot) handleQuestionEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if in, ok := incomingFromEvent(ev); ok {
		b.Process(ctx, in)
	}
}
