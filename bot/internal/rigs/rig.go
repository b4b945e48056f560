package rigs

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"storybot/bot/httpserver"
	"storybot/bot/slackfake"
	"storybot/bot/socket"
	"storybot/internal/testlog"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// Secret is the signing secret of the test bots' HTTP transport.
const Secret = "test-signing-secret"

// Wiring is a fake Slack and what a test bot needs to talk to it.
type Wiring struct {
	Slack  *slackfake.Slack
	API    *slack.Client // on Slack, with its bot token
	Logger *slog.Logger
	Log    *testlog.Buffer // what Logger wrote
	Reg    *Registry
}

// Wire starts a fake Slack for t, with a slack-go client on it (its bot
// token, and opts), a logger and a registry.
func Wire(t testing.TB, opts ...slack.Option) *Wiring {
	fake := slackfake.New(t)
	log, buf := testlog.New(t)
	opts = append([]slack.Option{slack.OptionAPIURL(fake.APIURL())}, opts...)
	return &Wiring{Slack: fake, API: slack.New(slackfake.BotToken, opts...), Logger: log, Log: buf, Reg: NewRegistry()}
}

// HTTP is a bot's HTTP transport in front of a fake Slack, with a clock
// the test sets.
type HTTP[B Bot] struct {
	*Wiring
	T   *testing.T
	Bot B
	H   http.Handler
	Now time.Time
}

// NewHTTP is b, made on w, behind its HTTP transport (signing secret
// Secret, clock rig.Now).
func NewHTTP[B Bot](t *testing.T, w *Wiring, b B) *HTTP[B] {
	rig := &HTTP[B]{Wiring: w, T: t, Bot: b, Now: time.Unix(1_700_000_000, 0)}
	rig.H = NewServer(b, w.Reg, httpserver.Options{SigningSecret: Secret, Now: func() time.Time { return rig.Now }})
	return rig
}

// Do sends a request to the handler and waits for all the work it started.
func (rig *HTTP[B]) Do(r *http.Request) *httptest.ResponseRecorder {
	rig.T.Helper()
	w := httptest.NewRecorder()
	rig.H.ServeHTTP(w, r)
	rig.Bot.Wait()
	return w
}

// Event sends an Events API payload, signed, with the header pairs given.
func (rig *HTTP[B]) Event(payload map[string]any, header ...string) *httptest.ResponseRecorder {
	rig.T.Helper()
	r := slackfake.Signed(rig.T, "/slack/events", Secret, "application/json", slackfake.JSON(rig.T, payload), rig.Now)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return rig.Do(r)
}

// Form sends a form (a slash command, a click's payload), signed.
func (rig *HTTP[B]) Form(v url.Values) *httptest.ResponseRecorder {
	rig.T.Helper()
	return rig.Do(slackfake.Signed(rig.T, "/slack/events", Secret, "application/x-www-form-urlencoded", []byte(v.Encode()), rig.Now))
}

// Posts are the messages posted so far, and not drained yet.
func (rig *HTTP[B]) Posts() []url.Values { return slackfake.Drain(rig.Slack.Posts) }

// Socket is a bot on Socket Mode, connected to a fake Slack.
type Socket[B Bot] struct {
	*Wiring
	Bot  B
	Link *slackfake.Link
	// Stop stops the bot and waits for it; WaitStopped waits for it to
	// stop by itself. Each returns what the transport returned.
	Stop, WaitStopped func() error
}

// WireSocket is Wire for a bot on Socket Mode: its client has the app
// token too.
func WireSocket(t testing.TB) *Wiring {
	return Wire(t, slack.OptionAppLevelToken(slackfake.AppToken))
}

// NewSocket runs b, made on w (see WireSocket), over Socket Mode until
// the test ends, and waits for its link to Slack.
func NewSocket[B Bot](t *testing.T, w *Wiring, b B) *Socket[B] {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- RunSocket(ctx, b, w.Reg, socket.NewClient(w.API, w.Logger)) }()
	rig := &Socket[B]{Wiring: w, Bot: b}
	var stopped bool
	var err error
	wait := func(cancelling bool) func() error {
		what := "socket mode to stop by itself"
		if cancelling {
			what = "socket mode to stop"
		}
		return func() error {
			if !stopped {
				if cancelling {
					cancel()
				}
				err = slackfake.Receive(t, done, what)
				b.Wait()
				stopped = true
			}
			return err
		}
	}
	rig.Stop, rig.WaitStopped = wait(true), wait(false)
	t.Cleanup(func() { rig.Stop() })
	rig.Link = slackfake.Receive(t, w.Slack.Links, "socket mode connection")
	return rig
}
