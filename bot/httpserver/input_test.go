package httpserver_test

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/slackfake"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingReader is an endless body that counts the bytes read from it.
type countingReader struct{ n atomic.Int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n.Add(int64(len(p)))
	return len(p), nil
}

func TestHTTP413WithoutReadingTheBody(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})
	const size = 2 << 20 // 2 MiB

	// Announced as 2 MiB: refused before a byte is read.
	body := &countingReader{}
	r := httptest.NewRequest("POST", "/slack/events", io.LimitReader(body, size))
	r.ContentLength = size
	r.Header.Set("Content-Type", "application/json")
	if w := rig.Do(r); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB with Content-Length: %d, want 413", w.Code)
	}
	if n := body.n.Load(); n != 0 {
		t.Errorf("read %d bytes of a body announced as too big, want 0", n)
	}

	// Sent without a length (chunked), with signature headers that pass
	// the checks made before reading: read up to the limit, not further.
	body = &countingReader{}
	r = httptest.NewRequest("POST", "/slack/events", io.LimitReader(body, size))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	forged(r, rig.Now)
	if w := rig.Do(r); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB chunked: %d, want 413", w.Code)
	}
	if n := body.n.Load(); n > httpserver.MaxRequestBody+64<<10 || n >= size {
		t.Errorf("read %d bytes of a 2 MiB body, want at most about %d", n, httpserver.MaxRequestBody)
	}

	// Exactly at the limit is read (and then fails the signature check).
	r = httptest.NewRequest("POST", "/slack/events", strings.NewReader(strings.Repeat("a", httpserver.MaxRequestBody)))
	r.Header.Set("Content-Type", "application/json")
	forged(r, rig.Now)
	if w := rig.Do(r); w.Code != http.StatusUnauthorized {
		t.Errorf("1 MiB: %d, want 401", w.Code)
	}

	// Over a real connection, with a properly signed 2 MiB body.
	srv := httptest.NewServer(rig.H)
	defer srv.Close()
	big := []byte(`{"type":"event_callback","pad":"` + strings.Repeat("a", size) + `"}`)
	req := slackfake.Signed(t, srv.URL+"/slack/events", rigs.Secret, "application/json", big, rig.Now)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("signed 2 MiB over HTTP: %d, want 413", resp.StatusCode)
	}
	if got := rigs.MetricValue(t, rig.Bot, "storybot_http_requests_total", "kind", "unknown", "outcome", "too_large"); got != 3 {
		t.Errorf("too_large requests counted %v, want 3", got)
	}
}

func TestHTTPMalformedRequests(t *testing.T) {
	t.Parallel()
	ans := &bottest.Engine{}
	rig := testbot.HTTP(t, ans, bot.Options{})
	signed := func(ct, body string) *http.Request {
		return slackfake.Signed(t, "/slack/events", rigs.Secret, ct, []byte(body), rig.Now)
	}
	tests := []struct {
		name string
		req  *http.Request
		code int
	}{
		{"truncated JSON", signed("application/json", `{"type":"event_callback","event":{"type":"app_mention"`), 400},
		{"JSON that is not an object", signed("application/json", `[1,2,3]`), 400},
		{"empty JSON body", signed("application/json", ``), 400},
		{"invalid UTF-8 in JSON", signed("application/json", "{\"type\":\"\xff\xfe\"}"), 200},
		{"broken form", signed("application/x-www-form-urlencoded", "command=%2Fstory&text=%zz"), 400},
		{"form that is neither command nor payload", signed("application/x-www-form-urlencoded", "hello=world"), 400},
		{"broken interactive payload", signed("application/x-www-form-urlencoded", "payload=%7Bnope"), 400},
		{"no content type", signed("", `{}`), 415},
		{"an outer event type not known", signed("application/json", `{"type":"brand_new_thing","team_id":"T1"}`), 200},
		{"an inner event type not known", signed("application/json", string(slackfake.JSON(t, slackfake.Callback("EvX", map[string]any{"type": "emoji_changed", "subtype": "add"})))), 200},
		{"an inner event that is not an object", signed("application/json", `{"type":"event_callback","event_id":"EvY","event":"surprise"}`), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := rig.Do(tt.req); w.Code != tt.code {
				t.Errorf("status %d (%s), want %d", w.Code, strings.TrimSpace(w.Body.String()), tt.code)
			}
		})
	}
	if ps := rig.Posts(); len(ps) != 0 {
		t.Errorf("answered a malformed request: %v", ps)
	}
	if q := ans.Questions(); len(q) != 0 {
		t.Errorf("engine asked %q", q)
	}
}

// TestServerTimeouts checks that a slow client cannot hold a connection:
// one that never finishes its headers, and one that drips its body.
func TestServerTimeouts(t *testing.T) {
	t.Parallel()
	if httpserver.DefaultTimeouts.ReadHeader <= 0 || httpserver.DefaultTimeouts.Read <= 0 || httpserver.DefaultTimeouts.Write <= 0 || httpserver.DefaultTimeouts.Idle <= 0 {
		t.Fatalf("a default timeout is unset: %+v", httpserver.DefaultTimeouts)
	}
	w := rigs.Wire(t)
	srv := httpserver.NewHTTPServer(rigs.NewServer(testbot.New(t, w, &bottest.Engine{}, bot.Options{}), w.Reg, httpserver.Options{SigningSecret: rigs.Secret}),
		httpserver.Timeouts{ReadHeader: 100 * time.Millisecond, Read: 200 * time.Millisecond, Write: time.Second, Idle: time.Second}, w.Logger)
	if srv.ReadHeaderTimeout != 100*time.Millisecond || srv.ReadTimeout != 200*time.Millisecond || srv.WriteTimeout != time.Second || srv.IdleTimeout != time.Second {
		t.Fatalf("timeouts not applied: %+v", srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	closedBy := func(name string, send func(c net.Conn)) {
		t.Helper()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		send(c)
		// The server must close the connection long before this deadline.
		c.SetReadDeadline(time.Now().Add(slackfake.Timeout))
		start := time.Now()
		_, err = io.ReadAll(bufio.NewReader(c))
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("%s: connection still open after %v", name, time.Since(start))
		}
	}
	closedBy("half the headers", func(c net.Conn) {
		io.WriteString(c, "POST /slack/events HTTP/1.1\r\nHost: x\r\n")
	})
	closedBy("a dripping body", func(c net.Conn) {
		io.WriteString(c, "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
	})
}

// FuzzHTTPHandler sends any signed body, of any content type, through the
// whole handler: whatever it is, the answer is a 2xx or the right 4xx,
// never a 500 or a panic, and nothing is posted that was not asked.
func FuzzHTTPHandler(f *testing.F) {
	f.Add("application/json", []byte(`{"type":"url_verification","challenge":"c"}`))
	f.Add("application/json", []byte(`{"type":"event_callback","event_id":"E1","event":{"type":"app_mention","channel":"C1","user":"U1","text":"<@UBOT> budget?","ts":"1.1"}}`))
	f.Add("application/json", []byte(`{"type":"event_callback","event":{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":7}}`))
	f.Add("application/x-www-form-urlencoded", []byte("command=%2Fstory&text=budget%3F&user_id=U1&channel_id=C1"))
	f.Add("application/x-www-form-urlencoded", []byte("payload=%7B%22type%22%3A%22block_actions%22%7D"))
	f.Add("application/x-www-form-urlencoded", []byte("ssl_check=1"))
	f.Add("text/plain; charset=utf-8", []byte("hello"))
	f.Add("application/json; charset=\xff", []byte("\xff"))
	log := slog.New(slog.DiscardHandler)
	o := bot.Options{Engine: &bottest.Engine{}, Logger: log, Self: bot.Identity{UserID: "UBOT", BotID: "BBOT"},
		Slack: bottest.NoSlack(), HTTPClient: &http.Client{Transport: bottest.NoTransport{}}}
	reg := testbot.WithRegistry(&o)
	b := bot.New(o)
	now := time.Unix(1_700_000_000, 0)
	h := rigs.NewServer(b, reg, httpserver.Options{SigningSecret: rigs.Secret, Now: func() time.Time { return now }})
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		if len(body) > httpserver.MaxRequestBody+10 {
			return
		}
		r := slackfake.Signed(t, "/slack/events", rigs.Secret, "", body, now)
		r.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		b.Wait()
		switch w.Code {
		case 200, 400, 413, 415:
		default:
			t.Fatalf("status %d for %q %q: %s", w.Code, contentType, body, w.Body)
		}
	})
}
