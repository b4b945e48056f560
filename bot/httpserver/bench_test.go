package httpserver_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/index"
	"storybot/index/live"
)

// BenchmarkSlashRequest is one whole signed /story request through the
// HTTP handler, with the real engine on the real corpus: verify, parse,
// answer, render, encode.
func BenchmarkSlashRequest(b *testing.B) {
	stories, _, err := index.LoadDir(os.DirFS("../../corpus"), ".")
	if err != nil {
		b.Skipf("no corpus: %v", err)
	}
	// Served as storybot serves it.
	eng, err := live.New(context.Background(), func(ctx context.Context) (live.Engine, error) {
		return index.Open(ctx, stories, index.Options{})
	}, live.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	benchSlash(b, eng)
}

// BenchmarkSlashRequestBotOnly is BenchmarkSlashRequest with an engine that
// answers at once: what the bot itself costs per request (verify, parse,
// dedup, limits, metrics, render, encode).
func BenchmarkSlashRequestBotOnly(b *testing.B) {
	benchSlash(b, &bottest.Engine{})
}

func benchSlash(b *testing.B, ans bot.Engine) {
	o := bot.Options{Engine: ans}
	reg := testbot.WithRegistry(&o)
	bt := bot.New(o)
	now := time.Now()
	h := rigs.NewServer(bt, reg, httpserver.Options{SigningSecret: rigs.Secret, Now: func() time.Time { return now }})
	body := []byte(slackfake.Form(slackfake.Slash("C1", "U1", "how many states refused the request?", "https://hooks.slack.com/commands/x")).Encode())
	req := slackfake.Signed(b, "/slack/events", rigs.Secret, "application/x-www-form-urlencoded", body, now)
	b.ReportAllocs()
	for b.Loop() {
		r := req.Clone(context.Background())
		r.Body = io.NopCloser(bytes.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK || w.Body.Len() < 100 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	bt.Wait()
}

// BenchmarkEncodeMessage is the JSON of a typical slash answer, as the
// transports write it (encodeWithin: encoding/json).
func BenchmarkEncodeMessage(b *testing.B) {
	r := render.Reply{Kind: render.ReplyAnswer, Question: "Did the council pass the budget?", Result: bottest.TypicalResult("q"), Command: "/story", Restate: true, Shareable: true}
	msg := render.Message(r, bot.ResponseEphemeral)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.EncodeWithin(msg, httpserver.MaxSlashBody); err != nil {
			b.Fatal(err)
		}
	}
}
