package httpserver_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/httpserver"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/bot/internal/testbot"
	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
)

// forged gives r signature headers that pass every check made before the
// body is read (a fresh timestamp, a v0= of the right shape), and fail
// the HMAC: what anyone can send without the signing secret.
func forged(r *http.Request, now time.Time) {
	r.Header.Set(slacksig.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	r.Header.Set(slacksig.HeaderSignature, "v0="+strings.Repeat("ab", 32))
}

// TestHTTPRefusedBeforeTheBody checks that a request whose signature
// headers are missing, malformed or stale is refused without a byte of its
// body read, whatever its size, and that Slack's unsigned ssl_check still
// gets its 200.
func TestHTTPRefusedBeforeTheBody(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})
	ts := strconv.FormatInt(rig.Now.Unix(), 10)
	sig := "v0=" + strings.Repeat("ab", 32)
	tests := []struct {
		name       string
		header     []string // pairs
		ct         string
		body       string // else 1 MiB
		code       int
		maxRead    int64
		wantReason string
	}{
		{"no headers", nil, "application/json", "", 401, 0, "missing"},
		{"no timestamp", []string{slacksig.HeaderSignature, sig}, "application/json", "", 401, 0, "missing"},
		{"no signature", []string{slacksig.HeaderTimestamp, ts}, "application/json", "", 401, 0, "missing"},
		{"timestamp not a number", []string{slacksig.HeaderSignature, sig, slacksig.HeaderTimestamp, "now"}, "application/json", "", 401, 0, "bad X-Slack-Request-Timestamp"},
		{"stale", []string{slacksig.HeaderSignature, sig, slacksig.HeaderTimestamp, strconv.FormatInt(rig.Now.Unix()-301, 10)}, "application/json", "", 401, 0, "more than 5 minutes"},
		{"from the future", []string{slacksig.HeaderSignature, sig, slacksig.HeaderTimestamp, strconv.FormatInt(rig.Now.Unix()+301, 10)}, "application/json", "", 401, 0, "more than 5 minutes"},
		{"v1 scheme", []string{slacksig.HeaderSignature, "v1=" + strings.Repeat("ab", 32), slacksig.HeaderTimestamp, ts}, "application/json", "", 401, 0, "signature does not match"},
		{"short signature", []string{slacksig.HeaderSignature, "v0=abcd", slacksig.HeaderTimestamp, ts}, "application/json", "", 401, 0, "signature does not match"},
		{"signature not hex", []string{slacksig.HeaderSignature, "v0=" + strings.Repeat("zz", 32), slacksig.HeaderTimestamp, ts}, "application/json", "", 401, 0, "signature does not match"},
		{"unsigned big form", nil, "application/x-www-form-urlencoded", "", 401, 0, "missing"},
		{"unsigned ssl_check", nil, "application/x-www-form-urlencoded", "ssl_check=1&token=abc", 200, httpserver.MaxSSLCheck, ""},
		{"unsigned form that is not an ssl_check", nil, "application/x-www-form-urlencoded", "command=%2Fstory&text=hi", 401, httpserver.MaxSSLCheck, "missing"},
		{"forged, read and refused", []string{slacksig.HeaderSignature, sig, slacksig.HeaderTimestamp, ts}, "application/json", "", 401, httpserver.MaxRequestBody, "signature does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &countingReader{}
			size := int64(httpserver.MaxRequestBody)
			var src io.Reader = io.LimitReader(body, size)
			if tt.body != "" {
				size = int64(len(tt.body))
				src = strings.NewReader(tt.body)
			}
			r := httptest.NewRequest("POST", "/slack/events", src)
			r.ContentLength = size
			r.Header.Set("Content-Type", tt.ct)
			for i := 0; i+1 < len(tt.header); i += 2 {
				r.Header.Set(tt.header[i], tt.header[i+1])
			}
			w := rig.Do(r)
			if w.Code != tt.code {
				t.Errorf("status %d, want %d", w.Code, tt.code)
			}
			if n := body.n.Load(); n > tt.maxRead {
				t.Errorf("read %d bytes of the body, want at most %d", n, tt.maxRead)
			}
			if tt.code == 401 && tt.maxRead == 0 && w.Header().Get("Connection") != "close" {
				t.Errorf("Connection: %q, want close (the body is not worth reading to reuse it)", w.Header().Get("Connection"))
			}
			if tt.wantReason != "" && !strings.Contains(rig.Log.String(), tt.wantReason) {
				t.Errorf("log does not say %q:\n%s", tt.wantReason, rig.Log.String())
			}
		})
	}
}

// stalled is a client that sent the headers of a 1 MiB request and a
// little of its body, and then nothing more.
type stalled struct {
	conn net.Conn
	br   *bufio.Reader
}

func stall(t *testing.T, addr string, header ...string) *stalled {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	var b strings.Builder
	fmt.Fprintf(&b, "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", httpserver.MaxRequestBody)
	for i := 0; i+1 < len(header); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", header[i], header[i+1])
	}
	b.WriteString("\r\n" + strings.Repeat("a", 1024))
	if _, err := io.WriteString(c, b.String()); err != nil {
		t.Fatal(err)
	}
	return &stalled{conn: c, br: bufio.NewReader(c)}
}

// response reads the answer the bot sent the stalled client.
func (s *stalled) response(t *testing.T) *http.Response {
	t.Helper()
	s.conn.SetReadDeadline(time.Now().Add(slackfake.Timeout))
	resp, err := http.ReadResponse(s.br, nil)
	if err != nil {
		t.Fatalf("no response to a stalled request: %v", err)
	}
	resp.Body.Close()
	return resp
}

// TestHTTPStalledBodies holds many connections that sent the start of a
// 1 MiB body and stalled: the unsigned ones are refused at once, unread,
// and signed requests are answered meanwhile; forged ones are read only
// within the body budget, and past it get 503 with Retry-After.
func TestHTTPStalledBodies(t *testing.T) {
	t.Parallel()
	rig := testbot.HTTP(t, &bottest.Engine{}, bot.Options{})
	h := rigs.NewServer(rig.Bot, rig.Reg, httpserver.Options{SigningSecret: rigs.Secret, Now: func() time.Time { return rig.Now }, BodyBudget: 2 * httpserver.MaxRequestBody})
	watch := bodyWatch{h: h, changed: make(chan struct{}, 1)}
	srv := httptest.NewServer(watch)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	var conns []*stalled
	defer func() {
		for _, c := range conns {
			c.conn.Close()
		}
	}()
	signed := func() int {
		t.Helper()
		body := slackfake.JSON(t, map[string]any{"type": "url_verification", "challenge": "still-here"})
		resp, err := http.DefaultClient.Do(slackfake.Signed(t, srv.URL+"/slack/events", rigs.Secret, "application/json", body, rig.Now))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 && !strings.Contains(string(b), "still-here") {
			t.Errorf("signed request answered %q", b)
		}
		return resp.StatusCode
	}

	const unsigned = 200
	for range unsigned {
		c := stall(t, addr)
		conns = append(conns, c)
		if resp := c.response(t); resp.StatusCode != 401 {
			t.Fatalf("stalled unsigned body: %d, want 401 before the body is sent", resp.StatusCode)
		}
	}
	if code := signed(); code != 200 {
		t.Errorf("signed request among %d stalled unsigned ones: %d, want 200", unsigned, code)
	}
	if got := rigs.MetricValue(t, rig.Bot, "storybot_http_requests_total", "outcome", "unauthorized"); got != unsigned {
		t.Errorf("unauthorized counted %v, want %d", got, unsigned)
	}

	// Forged signatures with a fresh timestamp must be read to be found
	// out: two fill the budget of 2 MiB, a third is turned away.
	ts := strconv.FormatInt(rig.Now.Unix(), 10)
	sig := "v0=" + strings.Repeat("ab", 32)
	var reading []*stalled
	for range 2 {
		reading = append(reading, stall(t, addr, slacksig.HeaderTimestamp, ts, slacksig.HeaderSignature, sig))
	}
	watch.waitForMetric(t, rig.Bot, "storybot_http_body_bytes_reserved", 2*httpserver.MaxRequestBody)
	c := stall(t, addr, slacksig.HeaderTimestamp, ts, slacksig.HeaderSignature, sig)
	conns = append(conns, c)
	resp := c.response(t)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("past the budget: %d, Retry-After %q; want 503 and 1", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if code := signed(); code != 503 {
		t.Errorf("signed request with the budget spent: %d, want 503", code)
	}
	if got := rigs.MetricValue(t, rig.Bot, "storybot_http_requests_total", "outcome", "busy"); got != 2 {
		t.Errorf("busy counted %v, want 2", got)
	}
	// The stalled ones go: their room comes back.
	for _, c := range reading {
		c.conn.Close()
	}
	watch.waitForMetric(t, rig.Bot, "storybot_http_body_bytes_reserved", 0)
	if code := signed(); code != 200 {
		t.Errorf("signed request after the stalled ones left: %d, want 200", code)
	}
}

// bodyWatch is h, telling the test each time a request's body is read
// (after its room in the budget was taken) and each time a request is
// done (its room given back).
type bodyWatch struct {
	h       http.Handler
	changed chan struct{} // a token after each, unless one waits already
}

func (w bodyWatch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	defer w.signal()
	r.Body = watchedBody{ReadCloser: r.Body, w: w}
	w.h.ServeHTTP(rw, r)
}

func (w bodyWatch) signal() {
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

type watchedBody struct {
	io.ReadCloser
	w bodyWatch
}

func (b watchedBody) Read(p []byte) (int, error) {
	defer b.w.signal()
	return b.ReadCloser.Read(p)
}

// waitForMetric waits until the metric reads want, looking again after
// each body read or request done.
func (w bodyWatch) waitForMetric(t *testing.T, b *bot.Bot, name string, want float64) {
	t.Helper()
	for rigs.MetricValue(t, b, name) != want {
		slackfake.Receive(t, w.changed, fmt.Sprintf("change of %s from %v to %v", name, rigs.MetricValue(t, b, name), want))
	}
}
