package bot

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// EventsAPI is what a verified Events API request asks for.
type EventsAPI struct {
	Type      string // slackevents.URLVerification, CallbackEvent, AppRateLimited…
	Challenge string // url_verification
	// Incoming is the question, when Ok.
	Incoming Incoming
	Ok       bool
	// Inner is the inner event's type, for logs ("app_mention").
	Inner string
	// Event is the event_callback, read (see Bot.HandleEvent).
	Event slackevents.EventsAPIEvent
}

// ParseEventsAPI reads an Events API body. The caller has verified its
// signature, so the legacy verification token is not checked. An event the
// bot does not handle is not an error: it comes back with Ok false. On an
// error, Type is still set if the body was JSON with a type.
func ParseEventsAPI(body []byte) (EventsAPI, error) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		return EventsAPI{}, fmt.Errorf("events API body: %w", err)
	}
	switch outer.Type {
	case slackevents.URLVerification:
		return EventsAPI{Type: outer.Type, Challenge: outer.Challenge}, nil
	case slackevents.CallbackEvent:
	default:
		return EventsAPI{Type: outer.Type}, nil
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// An inner event type slack-go does not know is no concern of
		// ours; one it cannot read is reported, but is still an event
		// callback (to be acknowledged: a retry would not read better).
		var probe struct {
			EventID string `json:"event_id"`
			TeamID  string `json:"team_id"`
			Event   struct {
				Type string `json:"type"`
			} `json:"event"`
		}
		json.Unmarshal(body, &probe)
		res := EventsAPI{Type: outer.Type, Inner: probe.Event.Type, Incoming: Incoming{EventID: probe.EventID, Team: probe.TeamID}}
		if probe.Event.Type != "" && !subscribed(probe.Event.Type) {
			return res, nil
		}
		return res, fmt.Errorf("events API %s event: %w", probe.Event.Type, err)
	}
	in, ok := IncomingFromEvent(ev)
	return EventsAPI{Type: outer.Type, Incoming: in, Ok: ok, Inner: ev.InnerEvent.Type, Event: ev}, nil
}

// IncomingFromEvent turns a parsed Events API event into a question: an
// app_mention, a message in a DM, or a reply in a channel thread (a
// follow-up, if the thread is the bot's). ok is false for anything else.
func IncomingFromEvent(ev slackevents.EventsAPIEvent) (in Incoming, ok bool) {
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

// IncomingFromSlash turns a slash command into a question.
func IncomingFromSlash(c slack.SlashCommand) Incoming {
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

// ParseSlashForm reads a slash command's form body, as slack.SlashCommandParse
// does but from bytes already read (and verified).
func ParseSlashForm(form url.Values) slack.SlashCommand {
	return slack.SlashCommand{
		Token:               form.Get("token"),
		TeamID:              form.Get("team_id"),
		TeamDomain:          form.Get("team_domain"),
		EnterpriseID:        form.Get("enterprise_id"),
		EnterpriseName:      form.Get("enterprise_name"),
		IsEnterpriseInstall: form.Get("is_enterprise_install") == "true",
		ChannelID:           form.Get("channel_id"),
		ChannelName:         form.Get("channel_name"),
		UserID:              form.Get("user_id"),
		UserName:            form.Get("user_name"),
		Command:             form.Get("command"),
		Text:                form.Get("text"),
		ResponseURL:         form.Get("response_url"),
		TriggerID:           form.Get("trigger_id"),
		APIAppID:            form.Get("api_app_id"),
	}
}

// ParseInteraction reads an interactive payload (the "payload" form field).
func ParseInteraction(payload string) (slack.InteractionCallback, error) {
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		return cb, fmt.Errorf("interactive payload: %w", err)
	}
	return cb, nil
}
