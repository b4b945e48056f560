package testbot

import (
	"cmp"
	"storybot/bot"
	"storybot/bot/internal/rigs"
	"storybot/bot/slackfake"
	"testing"
)

// WithRegistry gives the bot made with o a registry of the test's own
// (o.Metrics, o.Gatherer), to hand to its transports.
func WithRegistry(o *bot.Options) *rigs.Registry {
	reg := rigs.NewRegistry()
	o.Metrics, o.Gatherer = bot.NewMetrics(reg), reg
	return reg
}

// New is the bot of o answering with ans, on w's fake Slack, as the fake
// Slack's bot user; it counts into w's registry.
func New(t testing.TB, w *rigs.Wiring, ans bot.Engine, o bot.Options) *bot.Bot {
	o.Engine, o.Logger, o.Slack = ans, w.Logger, w.API
	o.Self = bot.Identity{UserID: slackfake.BotUser, BotID: slackfake.BotID, TeamID: slackfake.Team}
	o.APIURL = cmp.Or(o.APIURL, w.Slack.APIURL()) // its response_urls are on its host
	o.Metrics, o.Gatherer = bot.NewMetrics(w.Reg), w.Reg
	b := bot.New(o)
	t.Cleanup(b.Wait)
	return b
}

// HTTP is the bot of o behind its HTTP transport, on a fake Slack.
func HTTP(t *testing.T, ans bot.Engine, o bot.Options) *rigs.HTTP[*bot.Bot] {
	t.Helper()
	w := rigs.Wire(t)
	return rigs.NewHTTP(t, w, New(t, w, ans, o))
}

// Socket is the bot of o on Socket Mode, connected to a fake Slack.
func Socket(t *testing.T, ans bot.Engine, o bot.Options) *rigs.Socket[*bot.Bot] {
	t.Helper()
	w := rigs.WireSocket(t)
	return rigs.NewSocket(t, w, New(t, w, ans, o))
}
