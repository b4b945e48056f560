package bot

import (
	"cmp"
	"storybot/bot/internal/rigs"
	"storybot/bot/slackfake"
	"testing"
)

// The test bots behind their transports, as cmd/storybot wires them (see
// package rigs). The transports' own tests, in their packages,
// make theirs with package testbot, as here.

// testSecret is the signing secret of the HTTP rigs.
const testSecret = rigs.Secret

var newServer = rigs.NewServer

// httpRig is a bot behind its HTTP transport; socketRig one on Socket
// Mode.
type (
	httpRig   = rigs.HTTP[*Bot]
	socketRig = rigs.Socket[*Bot]
)

// withRegistry gives the bot made with o a registry of the test's own
// (o.Metrics, o.Gatherer), to hand to its transports.
func withRegistry(o *Options) *rigs.Registry {
	reg := rigs.NewRegistry()
	o.Metrics, o.Gatherer = NewMetrics(reg), reg
	return reg
}

// wired is the bot of o answering with ans, on w's fake Slack, as the fake
// Slack's bot user; it counts into w's registry unless o has metrics.
func wired(t testing.TB, w *rigs.Wiring, ans Engine, o Options) *Bot {
	o.Engine, o.Logger, o.Slack = ans, w.Logger, w.API
	o.Self = Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID, TeamID: slackfake.Team}
	o.APIURL = cmp.Or(o.APIURL, w.Slack.APIURL()) // its response_urls are on its host
	if o.Metrics == nil {
		o.Metrics, o.Gatherer = NewMetrics(w.Reg), w.Reg
	}
	b := New(o)
	t.Cleanup(b.Wait)
	return b
}

func newHTTPRig(t *testing.T, ans Engine, o Options) *httpRig {
	t.Helper()
	w := rigs.Wire(t)
	return rigs.NewHTTP(t, w, wired(t, w, ans, o))
}

func newSocketRig(t *testing.T, ans Engine) *socketRig {
	t.Helper()
	w := rigs.WireSocket(t)
	return rigs.NewSocket(t, w, wired(t, w, ans, Options{}))
}
