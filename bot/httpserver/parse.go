package httpserver

import (
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// eventsAPI is what a verified Events API request asks for.
type eventsAPI struct {
	Type      string // slackevents.URLVerification, CallbackEvent, AppRateLimited…
	Challenge string // url_verification
	// EventID is the event's id, when it could not be read.
	EventID string
	// Inner is the inner event's type, for logs ("app_mention").
	Inner string
	// Event is the event_callback, read (see Bot.HandleEvent).
	Event slackevents.EventsAPIEvent
}

// parseEventsAPI reads an Events API body. The caller has verified its
// signature, so the legacy verification token is not checked. An inner
// event that is not subscribed to is not an error, even if slack-go cannot
// read it. On an error, Type is still set if the body was JSON with a
// type.
func parseEventsAPI(body []byte, subscribed func(typ string) bool) (eventsAPI, error) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		return eventsAPI{}, fmt.Errorf("events API body: %w", err)
	}
	switch outer.Type {
	case slackevents.URLVerification:
		return eventsAPI{Type: outer.Type, Challenge: outer.Challenge}, nil
	case slackevents.CallbackEvent:
	default:
		return eventsAPI{Type: outer.Type}, nil
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// An inner event type slack-go does not know is no concern of
		// ours; one it cannot read is reported, but is still an event
		// callback (to be acknowledged: a retry would not read better).
		var probe struct {
			EventID string `json:"event_id"`
			Event   struct {
				Type string `json:"type"`
			} `json:"event"`
		}
		json.Unmarshal(body, &probe)
		res := eventsAPI{Type: outer.Type, Inner: probe.Event.Type, EventID: probe.EventID}
		if probe.Event.Type != "" && !subscribed(probe.Event.Type) {
			return res, nil
		}
		return res, fmt.Errorf("events API %s event: %w", probe.Event.Type, err)
	}
	return eventsAPI{Type: outer.Type, Inner: ev.InnerEvent.Type, Event: ev}, nil
}

// parseSlashForm reads a slash command's form body, as slack.SlashCommandParse
// does but from bytes already read (and verified).
func parseSlashForm(form url.Values) slack.SlashCommand {
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

// parseInteraction reads an interactive payload (the "payload" form field).
func parseInteraction(payload string) (slack.InteractionCallback, error) {
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		return cb, fmt.Errorf("interactive payload: %w", err)
	}
	return cb, nil
}
