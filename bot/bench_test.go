package bot

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"storybot/bot/httpserver"
	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/index"
	served "storybot/index/live" // (input_test.go has a func live)
)

// BenchmarkSlashRequest is one whole signed /story request through the
// HTTP handler, with the real engine on the real corpus: verify, parse,
// answer, render, encode.
func BenchmarkSlashRequest(b *testing.B) {
	stories, _, err := index.LoadDir(os.DirFS("../corpus"), ".")
	if err != nil {
		b.Skipf("no corpus: %v", err)
	}
	// Served as storybot serves it.
	eng, err := served.New(context.Background(), func(ctx context.Context) (served.Engine, error) {
		return index.Open(ctx, stories, index.Options{})
	}, served.Options{})
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
	benchSlash(b, &fakeAnswerer{})
}

func benchSlash(b *testing.B, ans Engine) {
	o := Options{Engine: ans}
	reg := withRegistry(&o)
	bot := New(o)
	now := time.Now()
	h := newServer(bot, reg, httpserver.Options{SigningSecret: testSecret, Now: func() time.Time { return now }})
	body := []byte(slackfake.Form(slackfake.Slash("C1", "U1", "how many states refused the request?", "https://hooks.slack.com/commands/x")).Encode())
	req := slackfake.Signed(b, "/slack/events", testSecret, "application/x-www-form-urlencoded", body, now)
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
	bot.Wait()
}

// BenchmarkEncodeMessage is the JSON of a typical slash answer, as the
// transports write it (encodeWithin: encoding/json).
func BenchmarkEncodeMessage(b *testing.B) {
	r := render.Reply{Kind: render.ReplyAnswer, Question: "Did the council pass the budget?", Result: typicalResult("q"), Command: "/story", Restate: true, Shareable: true}
	msg := render.Message(r, ResponseEphemeral)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.EncodeWithin(msg, maxSlashBody); err != nil {
			b.Fatal(err)
		}
	}
}
