package bot

import (
	"log/slog"
	"storybot/bot/slackapi"
	"storybot/bot/store"
	"strconv"
)

// Kind is how a question was asked; its String is the kind label of the
// metrics and logs.
type Kind int

// The ways to ask.
const (
	// A direct message (and every console line).
	KindDM Kind = iota // dm
	// An @mention in a channel.
	KindMention // mention
	// The /story slash command.
	KindSlash // slash
	// A message, without a mention, in a channel thread where the bot
	// answered: a follow-up.
	KindThread // thread
)

// numKinds is how many Kinds there are.
const numKinds = int(KindThread) + 1

// kindNames are the Kinds' labels, in their order.
var kindNames = [numKinds]string{"dm", "mention", "slash", "thread"}

func (k Kind) String() string {
	if k < 0 || int(k) >= numKinds {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// Incoming is one question, from whichever transport.
type Incoming struct {
	Kind     Kind
	Team     string
	Channel  string
	User     string
	Text     string // as Slack sent it: escaped, with <@U…> mentions
	TS       string // the message's ts (events)
	ThreadTS string // the thread it is in, if any (events)
	EventID  string // events: for deduplication
	// Tenant is whose installation answers (many workspaces): from the
	// event's authorizations, the command's or the click's team and
	// enterprise.
	Tenant store.Tenant
	// BotID and SubType are set for messages from bots and for message
	// subtypes (edits, deletes, joins…); the bot ignores those.
	BotID   string
	SubType string
	// Slash commands only.
	Command     string
	ResponseURL string
	TriggerID   string
	// Previous is the question it follows on in its conversation, if any
	// (see followUp).
	Previous *Turn
	// Assistant is set for a question in a thread of Slack's assistant
	// panel.
	Assistant bool
}

// logAttrs are the ids every log line about in carries, each clipped
// (see slackapi.ClipID).
func (in Incoming) logAttrs() []any {
	a := make([]any, 0, 12)
	if in.EventID != "" {
		a = append(a, "event_id", slackapi.ClipID(in.EventID))
	}
	if in.TriggerID != "" {
		a = append(a, "trigger_id", slackapi.ClipID(in.TriggerID))
	}
	return append(a, "kind", in.Kind.String(), "team", slackapi.ClipID(in.Team), "channel", slackapi.ClipID(in.Channel), "user", slackapi.ClipID(in.User))
}

// logFor is the logger for lines about in.
func (b *Bot) logFor(in Incoming) *slog.Logger { return b.log.With(in.logAttrs()...) }
