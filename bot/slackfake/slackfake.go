package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Timeout is how long the helpers wait for something that must happen.
const Timeout = 5 * time.Second

// Who the fake workspace says the bot is.
const (
	BotToken = "xoxb-fake-bot-token"
	AppToken = "xapp-fake-app-token"
	BotUser  = "UBOT"
	BotID    = "BBOT"
	Team     = "T0001"
)

// Slack is a fake Slack workspace on an httptest server.
type Slack struct {
	Server *httptest.Server

	Posts     chan url.Values // chat.postMessage calls, as their forms
	Responses chan Response   // posts to response_url
	Opens     chan http.Header
	Links     chan *Link   // each Socket Mode connection, once hello is sent
	API       chan APICall // the other Web API calls (see APICall)

	authTests atomic.Int32
	ticket    atomic.Int32
	envelope  atomic.Int32
	// PingEvery is how often links send websocket pings (set before the
	// bot connects).
	PingEvery time.Duration

	mu       sync.Mutex
	postErr  string
	links    []*Link
	postSeen int
	faults   map[string][]Fault
	calls    map[string]int
	onPost   func(url.Values)
	hold     chan struct{}
	// history is each channel's messages, for conversations.replies.
	history       map[string][]Message
	invalid       []string
	expectInvalid bool
	// files are the files shared in the workspace (files.go).
	files    map[string]*file
	filesErr string
	// ws are the workspaces beyond the default one (workspaces.go).
	ws workspaces
}

// Fault is a failure the fake answers one call with, instead of doing
// what the call asks.
type Fault struct {
	Status int         // the HTTP status to answer with
	Header http.Header // headers to send with it (Retry-After)
	// Hangup reads the whole request, then closes the connection without
	// a response: the request was sent, and its fate is unknown to the
	// caller.
	Hangup bool
}

// Response is one post to a response_url.
type Response struct {
	Path        string
	ContentType string
	Body        json.RawMessage
}

// New starts a fake Slack; it stops when the test ends.
func New(t testing.TB) *Slack {
	s := &Slack{
		Posts:     make(chan url.Values, 100),
		Responses: make(chan Response, 100),
		Opens:     make(chan http.Header, 100),
		Links:     make(chan *Link, 100),
		API:       make(chan APICall, 100),
		PingEvery: 500 * time.Millisecond,
	}
	s.faults, s.calls, s.history = map[string][]Fault{}, map[string]int{}, map[string][]Message{}
	s.files = map[string]*file{}
	s.ws.tokens, s.ws.codes = map[string]Workspace{}, map[string]Workspace{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/auth.test", s.faulty("auth.test", s.authTest))
	mux.HandleFunc("POST /api/chat.postMessage", s.faulty("chat.postMessage", s.postMessage))
	mux.HandleFunc("POST /api/apps.connections.open", s.faulty("apps.connections.open", s.connectionsOpen))
	mux.HandleFunc("POST /api/oauth.v2.access", s.faulty("oauth.v2.access", s.oauthAccess))
	mux.HandleFunc("GET /link/", s.link)
	mux.HandleFunc("POST /response/", s.faulty("response", s.response))
	mux.HandleFunc("POST /api/conversations.replies", s.faulty("conversations.replies", s.replies))
	for _, m := range []string{"assistant.threads.setSuggestedPrompts", "assistant.threads.setStatus", "assistant.threads.setTitle"} {
		mux.HandleFunc("POST /api/"+m, s.faulty(m, s.assistant(m)))
	}
	mux.HandleFunc("POST /api/views.publish", s.faulty("views.publish", s.publishView))
	mux.HandleFunc("POST /api/files.info", s.faulty("files.info", s.filesInfo))
	mux.HandleFunc("GET /files-pri/", s.faulty("file download", s.download))
	mux.HandleFunc("GET /signin", s.signin)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(func() {
		if bad := s.InvalidBlocks(); len(bad) > 0 && !s.expectInvalid {
			t.Errorf("Slack would have refused %d messages (invalid_blocks):\n%s", len(bad), strings.Join(bad, "\n"))
		}
		s.mu.Lock()
		for _, l := range s.links {
			l.conn.Close()
		}
		s.mu.Unlock()
		s.Server.Close()
	})
	return s
}

// APIURL is the Web API base, for SLACK_API_URL.
func (s *Slack) APIURL() string { return s.Server.URL + "/api/" }

// ResponseURL is a response_url that records into Responses.
func (s *Slack) ResponseURL(id string) string { return s.Server.URL + "/response/" + id }

// FailPosts makes chat.postMessage answer {"ok":false,"error":err} ("" to
// stop).
func (s *Slack) FailPosts(err string) {
	s.mu.Lock()
	s.postErr = err
	s.mu.Unlock()
}

// Inject makes the next calls of method ("chat.postMessage", "auth.test",
// "apps.connections.open", "files.info", "file download", or "response"
// for response_urls) fail with faults, one call each, in order.
func (s *Slack) Inject(method string, faults ...Fault) {
	s.mu.Lock()
	s.faults[method] = append(s.faults[method], faults...)
	s.mu.Unlock()
}

// Calls is how many calls of method the fake got, failed ones included.
func (s *Slack) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// OnPost sends each chat.postMessage to f instead of Posts (for tests that
// post more than Posts holds); nil restores Posts.
func (s *Slack) OnPost(f func(url.Values)) {
	s.mu.Lock()
	s.onPost = f
	s.mu.Unlock()
}

// HoldPosts makes chat.postMessage calls wait until release is called.
func (s *Slack) HoldPosts() (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.hold = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.hold = nil
			s.mu.Unlock()
			close(ch)
		})
	}
}

func (s *Slack) faulty(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[method]++
		var f *Fault
		if q := s.faults[method]; len(q) > 0 {
			f, s.faults[method] = &q[0], q[1:]
		}
		s.mu.Unlock()
		if f == nil {
			h(w, r)
			return
		}
		io.Copy(io.Discard, r.Body)
		if f.Hangup {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		for k, vs := range f.Header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		msg := http.StatusText(f.Status)
		if f.Status == http.StatusTooManyRequests {
			msg = "ratelimited" // as Slack says it, beside Retry-After
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": msg})
	}
}

// AuthTests is how many times auth.test was called.
func (s *Slack) AuthTests() int { return int(s.authTests.Load()) }

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (s *Slack) authTest(w http.ResponseWriter, r *http.Request) {
	s.authTests.Add(1)
	ws, ok := s.caller(w, r)
	if !ok {
		return
	}
	writeJSON(w, map[string]any{
		"ok": true, "url": "https://fake.slack.com/", "team": ws.TeamName, "user": "storybot",
		"team_id": ws.Team, "user_id": ws.BotUser, "bot_id": ws.BotID, "enterprise_id": ws.Enterprise,
		"is_enterprise_install": ws.OrgWide,
	})
}

// token is the request's token, from the form or the Authorization header.
func token(r *http.Request) string {
	if t := r.PostForm.Get("token"); t != "" {
		return t
	}
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// postMessage records each post's form, with the token it was made with
// as "token", so that tests see which workspace's token answered.
func (s *Slack) postMessage(w http.ResponseWriter, r *http.Request) {
	ws, ok := s.caller(w, r)
	if !ok {
		return
	}
	r.PostForm.Set("token", token(r))
	s.mu.Lock()
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	if blocks := r.PostForm.Get("blocks"); blocks != "" {
		if errs := CheckBlocks([]byte(blocks), false); errs != nil {
			s.refuseBlocks(w, "chat.postMessage", errs, http.StatusOK)
			return
		}
	}
	s.mu.Lock()
	failure := s.postErr
	s.postSeen++
	n := s.postSeen
	onPost := s.onPost
	ts := fmt.Sprintf("1700000000.%06d", n)
	if failure == "" {
		ch := r.PostForm.Get("channel")
		s.history[ch] = append(s.history[ch], Message{Type: "message", User: ws.BotUser, BotID: ws.BotID,
			Text: r.PostForm.Get("text"), TS: ts, ThreadTS: r.PostForm.Get("thread_ts"), team: ws.Team})
	}
	s.mu.Unlock()
	if onPost != nil {
		onPost(r.PostForm)
	} else {
		s.Posts <- r.PostForm
	}
	if failure != "" {
		writeJSON(w, map[string]any{"ok": false, "error": failure})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "channel": r.PostForm.Get("channel"), "ts": ts})
}

func (s *Slack) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	s.Opens <- r.Header.Clone()
	if r.Header.Get("Authorization") != "Bearer "+AppToken {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	n := s.ticket.Add(1)
	writeJSON(w, map[string]any{"ok": true, "url": fmt.Sprintf("ws://%s/link/?ticket=t%d", r.Host, n)})
}

func (s *Slack) response(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var msg struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if json.Unmarshal(body, &msg) == nil && len(msg.Blocks) > 0 && string(msg.Blocks) != "null" {
		if errs := CheckBlocks(msg.Blocks, false); errs != nil {
			s.refuseBlocks(w, "response_url", errs, http.StatusBadRequest)
			return
		}
	}
	s.Responses <- Response{Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Body: body}
	io.WriteString(w, "ok")
}

// Receive waits for a value on ch, failing the test after Timeout.
func Receive[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Timeout):
		t.Fatalf("no %s within %v", what, Timeout)
	}
	var zero T
	return zero
}

// Drain returns what is waiting on ch now, without waiting.
func Drain[T any](ch <-chan T) []T {
	var out []T
	for {
		select {
		case v := <-ch:
			out = append(out, v)
		default:
			return out
		}
	}
}
