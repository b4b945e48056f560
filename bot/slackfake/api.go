package slackfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// RepliesLimit is the most messages conversations.replies returns to an
// app outside the Slack Marketplace.
const RepliesLimit = 15

// APICall is a call of one of the Web API methods the fake records
// beside chat.postMessage: conversations.replies, the
// assistant.threads.* methods, views.publish, files.info, and the
// downloads of files ("file download", with the path and the bearer
// token it carried).
type APICall struct {
	Method string
	Form   url.Values      // form-encoded calls
	JSON   json.RawMessage // JSON calls (views.publish)
	// Token is the token it was made with: which workspace's (see
	// AddWorkspace).
	Token string
}

// Message is a message of a channel, as conversations.replies returns it.
type Message struct {
	Type     string `json:"type"`
	User     string `json:"user,omitempty"`
	BotID    string `json:"bot_id,omitempty"`
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts,omitempty"`
	// team is the workspace it is in: only a token of that workspace
	// reads it (conversations.replies).
	team string
}

// AddMessage puts a person's message in the fake's history of channel
// (a reply in the thread threadTS if it is not empty), for
// conversations.replies to return. The bot's own posts are added by
// chat.postMessage.
func (s *Slack) AddMessage(channel, user, text, ts, threadTS string) {
	s.AddMessageIn(Team, channel, user, text, ts, threadTS)
}

// AddMessageIn is AddMessage in the workspace team (see AddWorkspace).
func (s *Slack) AddMessageIn(team, channel, user, text, ts, threadTS string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history[channel] = append(s.history[channel], Message{Type: "message", User: user, Text: text, TS: ts, ThreadTS: threadTS, team: team})
}

// ExpectInvalidBlocks says the test sends blocks Slack refuses on
// purpose: without it, a test that does fails when it ends.
func (s *Slack) ExpectInvalidBlocks() {
	s.mu.Lock()
	s.expectInvalid = true
	s.mu.Unlock()
}

// InvalidBlocks is what Slack would have refused, each with why.
func (s *Slack) InvalidBlocks() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.invalid...)
}

// refuseBlocks records a refusal and answers it as Slack does.
func (s *Slack) refuseBlocks(w http.ResponseWriter, method string, errs []string, status int) {
	s.mu.Lock()
	s.invalid = append(s.invalid, method+": "+strings.Join(errs, "; "))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "invalid_blocks", "errors": errs})
}

func (s *Slack) record(c APICall) {
	select {
	case s.API <- c:
	default: // a test that does not read them
	}
}

// replies answers conversations.replies from the fake's history of the
// caller's workspace.
func (s *Slack) replies(w http.ResponseWriter, r *http.Request) {
	ws, ok := s.caller(w, r)
	if !ok {
		return
	}
	s.record(APICall{Method: "conversations.replies", Form: r.PostForm, Token: ws.Token})
	channel, ts := r.PostForm.Get("channel"), r.PostForm.Get("ts")
	s.mu.Lock()
	var msgs []Message
	for _, m := range s.history[channel] {
		if (m.TS == ts || m.ThreadTS == ts) && ws.sees(m.team) {
			msgs = append(msgs, m)
		}
	}
	s.mu.Unlock()
	if len(msgs) == 0 {
		writeJSON(w, map[string]any{"ok": false, "error": "thread_not_found"})
		return
	}
	slices.SortFunc(msgs, func(a, b Message) int { return strings.Compare(a.TS, b.TS) })
	// An app outside the Marketplace gets at most 15 messages a call
	// (and about a call a minute: Inject a 429 with Retry-After).
	limit, err := strconv.Atoi(r.PostForm.Get("limit"))
	if err != nil || limit <= 0 || limit > RepliesLimit {
		limit = RepliesLimit
	}
	more := len(msgs) > limit
	msgs = msgs[:min(len(msgs), limit)]
	writeJSON(w, map[string]any{"ok": true, "messages": msgs, "has_more": more})
}

// assistant answers the assistant.threads.* methods, which all need a
// channel_id and a thread_ts.
func (s *Slack) assistant(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ws, ok := s.caller(w, r)
		if !ok {
			return
		}
		f := r.PostForm
		if f.Get("channel_id") == "" || f.Get("thread_ts") == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		if method == "assistant.threads.setSuggestedPrompts" {
			var prompts []struct{ Title, Message string }
			if json.Unmarshal([]byte(f.Get("prompts")), &prompts) != nil || len(prompts) == 0 || len(prompts) > 4 {
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
				return
			}
		}
		s.record(APICall{Method: method, Form: f, Token: ws.Token})
		writeJSON(w, map[string]any{"ok": true})
	}
}

// publishView answers views.publish, checking the Home tab's blocks.
func (s *Slack) publishView(w http.ResponseWriter, r *http.Request) {
	ws, ok := s.caller(w, r)
	if !ok {
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req struct {
		UserID string `json:"user_id"`
		View   struct {
			Type   string          `json:"type"`
			Blocks json.RawMessage `json:"blocks"`
		} `json:"view"`
	}
	if json.Unmarshal(body, &req) != nil || req.UserID == "" || req.View.Type != "home" {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	if errs := CheckBlocks(req.View.Blocks, true); errs != nil {
		s.refuseBlocks(w, "views.publish", errs, http.StatusOK)
		return
	}
	s.record(APICall{Method: "views.publish", JSON: body, Token: ws.Token})
	writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V0001", "type": "home"}})
}
