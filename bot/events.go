package bot

import (
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
