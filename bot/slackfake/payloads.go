package slackfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"storybot/internal/slacksig"
	"strings"
	"testing"
	"time"
)

// Callback wraps an inner event in an Events API event_callback, with
// what Slack sends beside it (event_context, authorizations, the shared
// channel flags).
func Callback(eventID string, event map[string]any) map[string]any {
	return map[string]any{
		"token": "legacy-verification-token", "team_id": Team, "context_team_id": Team,
		"context_enterprise_id": nil, "api_app_id": "A0001",
		"type": "event_callback", "event_id": eventID, "event_time": 1700000000,
		"event":         event,
		"event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIiwidGlkIjoiVDAwMDEiLCJhaWQiOiJBMDAwMSJ9",
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": Team, "user_id": BotUser, "is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
	}
}

// Mention is an app_mention event, with the rich-text blocks Slack's
// clients send beside the text.
func Mention(channel, user, text, ts, threadTS string) map[string]any {
	e := map[string]any{
		"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
		"client_msg_id": "c0ffee00-0000-4000-8000-000000000000", "team": Team, "blocks": RichText(text),
	}
	if threadTS != "" {
		e["thread_ts"] = threadTS
		e["parent_user_id"] = user
	}
	return e
}

// DM is a message.im event.
func DM(channel, user, text, ts string) map[string]any {
	return map[string]any{
		"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text, "ts": ts, "event_ts": ts,
		"client_msg_id": "c0ffee01-0000-4000-8000-000000000000", "team": Team, "blocks": RichText(text),
	}
}

// InThread puts a message event in the thread threadTS, as a reply.
func InThread(m map[string]any, threadTS string) map[string]any {
	return With(m, "thread_ts", threadTS, "parent_user_id", "UPARENT")
}

// ChannelMessage is a message.channels event (message.groups with a
// channel in G…): a message in a channel the bot is in, a reply in the
// thread threadTS when it is not empty.
func ChannelMessage(channel, user, text, ts, threadTS string) map[string]any {
	kind := "channel"
	if strings.HasPrefix(channel, "G") {
		kind = "group"
	}
	m := map[string]any{
		"type": "message", "channel": channel, "channel_type": kind, "user": user, "text": text, "ts": ts, "event_ts": ts,
		"client_msg_id": "c0ffee02-0000-4000-8000-000000000000", "team": Team, "blocks": RichText(text),
	}
	if threadTS != "" {
		m = InThread(m, threadTS)
	}
	return m
}

// Broadcast is a reply in the thread threadTS "also sent to the
// channel", as Slack sends it: subtype thread_broadcast, with the
// thread's first message under root and no parent_user_id.
func Broadcast(channel, user, text, ts, threadTS string) map[string]any {
	m := ChannelMessage(channel, user, text, ts, "")
	m["subtype"], m["thread_ts"] = "thread_broadcast", threadTS
	m["root"] = map[string]any{
		"type": "message", "text": "the thread's first message", "user": "UPARENT", "ts": threadTS, "team": Team,
		"thread_ts": threadTS, "reply_count": 1, "reply_users_count": 1, "latest_reply": ts, "reply_users": []string{user}, "is_locked": false,
	}
	return m
}

// RichText is the rich_text block Slack's clients send with a message's
// text: user mentions as user elements, the rest as text.
func RichText(text string) []any {
	var elems []any
	for text != "" {
		i := strings.Index(text, "<@")
		j := -1
		if i >= 0 {
			j = strings.IndexByte(text[i:], '>')
		}
		if i < 0 || j < 0 {
			elems = append(elems, map[string]any{"type": "text", "text": text})
			break
		}
		if i > 0 {
			elems = append(elems, map[string]any{"type": "text", "text": text[:i]})
		}
		id, _, _ := strings.Cut(text[i+2:i+j], "|")
		elems = append(elems, map[string]any{"type": "user", "user_id": id})
		text = text[i+j+1:]
	}
	return []any{map[string]any{
		"type": "rich_text", "block_id": "rt1",
		"elements": []any{map[string]any{"type": "rich_text_section", "elements": elems}},
	}}
}

// AssistantThreadStarted is the event of a person opening a new thread
// in the assistant panel; contextChannel is the channel they were
// looking at ("" for none).
func AssistantThreadStarted(channel, user, threadTS, contextChannel string) map[string]any {
	return map[string]any{
		"type": "assistant_thread_started", "event_ts": threadTS,
		"assistant_thread": assistantThread(channel, user, threadTS, contextChannel),
	}
}

// AssistantContextChanged is the event of a person switching channels
// with the assistant panel open.
func AssistantContextChanged(channel, user, threadTS, contextChannel string) map[string]any {
	return map[string]any{
		"type": "assistant_thread_context_changed", "event_ts": threadTS,
		"assistant_thread": assistantThread(channel, user, threadTS, contextChannel),
	}
}

func assistantThread(channel, user, threadTS, contextChannel string) map[string]any {
	ctx := map[string]any{}
	if contextChannel != "" {
		ctx = map[string]any{"channel_id": contextChannel, "team_id": Team, "enterprise_id": nil}
	}
	return map[string]any{"user_id": user, "channel_id": channel, "thread_ts": threadTS, "context": ctx}
}

// AppHomeOpened is the event of a person opening the app's Home tab.
func AppHomeOpened(user, channel string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": channel, "tab": "home", "event_ts": "1700000000.000100"}
}

// With returns a copy of m with more fields.
func With(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// Slash is a slash command, as the fields of its form (HTTP) or its
// Socket Mode payload.
func Slash(channel, user, text, responseURL string) map[string]string {
	return map[string]string{
		"token": "legacy-verification-token", "team_id": Team, "team_domain": "fake",
		"channel_id": channel, "channel_name": "general", "user_id": user, "user_name": "someone",
		"command": "/story", "text": text, "response_url": responseURL,
		"trigger_id": "123.456.abc", "api_app_id": "A0001",
	}
}

// Form encodes a slash command for HTTP.
func Form(fields map[string]string) url.Values {
	v := url.Values{}
	for k, s := range fields {
		v.Set(k, s)
	}
	return v
}

// ShareClick is the block_actions payload of a click on the "Share in
// channel" button (or on another button of an ephemeral answer).
func ShareClick(channel, user, actionID, value, responseURL string) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": Team, "domain": "fake"},
		"user":         map[string]any{"id": user, "username": "someone", "team_id": Team},
		"api_app_id":   "A0001",
		"token":        "legacy-verification-token",
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": channel, "is_ephemeral": true},
		"trigger_id":   "123.456.abc",
		"channel":      map[string]any{"id": channel, "name": "general"},
		"response_url": responseURL,
		"actions": []any{map[string]any{
			"action_id": actionID, "block_id": "b1", "type": "button", "value": value,
			"text":      map[string]any{"type": "plain_text", "text": "Share in channel"},
			"action_ts": "1700000001.000001",
		}},
	}
}

// Click is the block_actions payload of a click on a button of the
// bot's message messageTS (in the thread threadTS, if any), as Slack
// sends it for a message that everyone sees.
func Click(channel, user, actionID, value, messageTS, threadTS, responseURL string) map[string]any {
	c := ShareClick(channel, user, actionID, value, responseURL)
	container := map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": false}
	msg := map[string]any{"type": "message", "ts": messageTS, "bot_id": BotID, "user": BotUser, "text": "…"}
	if threadTS != "" {
		container["thread_ts"] = threadTS
		msg["thread_ts"] = threadTS
	}
	c["container"], c["message"] = container, msg
	c["actions"].([]any)[0].(map[string]any)["text"] = map[string]any{"type": "plain_text", "text": actionID}
	return c
}

// OrgWide makes an interactive payload look like one from an org-wide
// install, where Slack sends "team": null and the workspace only in
// user.team_id.
func OrgWide(payload map[string]any) map[string]any {
	out := With(payload, "team", nil, "is_enterprise_install", true,
		"enterprise", map[string]any{"id": "E0001", "name": "Fake Org"})
	return out
}

// Signed makes a request signed with secret at time at, as Slack sends it.
func Signed(t testing.TB, target, secret, contentType string, body []byte, at time.Time) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", contentType)
	slacksig.SignRequest(r, []byte(secret), body, at)
	return r
}

// JSON encodes v, failing the test if it cannot.
func JSON(t testing.TB, v any) []byte {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// HomeClick is the block_actions payload of a click on a button of the
// app's Home tab: it comes with the view, and no response_url.
func HomeClick(user, actionID, value string) map[string]any {
	c := ShareClick("", user, actionID, value, "")
	delete(c, "channel")
	delete(c, "response_url")
	c["container"] = map[string]any{"type": "view", "view_id": "V0001"}
	c["view"] = map[string]any{"id": "V0001", "type": "home", "team_id": Team, "app_id": "A0001", "bot_id": BotID}
	return c
}
