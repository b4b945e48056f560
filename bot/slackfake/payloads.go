package slackfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// Callback wraps an inner event in an Events API event_callback.
func Callback(eventID string, event map[string]any) map[string]any {
	return map[string]any{
		"token": "legacy-verification-token", "team_id": Team, "api_app_id": "A0001",
		"type": "event_callback", "event_id": eventID, "event_time": 1700000000,
		"event":          event,
		"authorizations": []any{map[string]any{"team_id": Team, "user_id": BotUser, "is_bot": true}},
	}
}

// Mention is an app_mention event.
func Mention(channel, user, text, ts, threadTS string) map[string]any {
	e := map[string]any{"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

// DM is a message.im event.
func DM(channel, user, text, ts string) map[string]any {
	return map[string]any{"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text, "ts": ts, "event_ts": ts}
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
// channel" button.
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

// Signed makes a request signed with secret at time at, as Slack sends it.
func Signed(t testing.TB, target, secret, contentType string, body []byte, at time.Time) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
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
