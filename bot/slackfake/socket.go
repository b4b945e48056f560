package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Link is one Socket Mode connection, seen from Slack's side.
type Link struct {
	s      *Slack
	conn   *websocket.Conn
	wmu    sync.Mutex
	Ticket string
	Acks   chan Ack    // acknowledgements, in the order received
	Pongs  chan string // payloads of the pongs received
	Closed chan struct{}
}

// Ack is the client's answer to an envelope.
type Ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

func (s *Slack) link(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	l := &Link{s: s, conn: conn, Ticket: r.URL.Query().Get("ticket"),
		Acks: make(chan Ack, 100), Pongs: make(chan string, 100), Closed: make(chan struct{})}
	conn.SetPongHandler(func(data string) error {
		select {
		case l.Pongs <- data:
		default:
		}
		return nil
	})
	s.mu.Lock()
	s.links = append(s.links, l)
	s.mu.Unlock()
	if err := l.write(websocket.TextMessage, []byte(`{"type":"hello","num_connections":1,"debug_info":{"host":"fake","approximate_connection_time":3600},"connection_info":{"app_id":"A0001"}}`)); err != nil {
		conn.Close()
		return
	}
	go l.read()
	go l.pinger()
	s.Links <- l
}

func (l *Link) read() {
	defer close(l.Closed)
	for {
		_, data, err := l.conn.ReadMessage()
		if err != nil {
			return
		}
		var a Ack
		if json.Unmarshal(data, &a) == nil && a.EnvelopeID != "" {
			l.Acks <- a
		}
	}
}

func (l *Link) pinger() {
	t := time.NewTicker(l.s.PingEvery)
	defer t.Stop()
	for {
		select {
		case <-l.Closed:
			return
		case <-t.C:
			if l.Ping("keepalive") != nil {
				return
			}
		}
	}
}

func (l *Link) write(kind int, data []byte) error {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	l.conn.SetWriteDeadline(time.Now().Add(Timeout))
	return l.conn.WriteMessage(kind, data)
}

// Ping sends a websocket ping.
func (l *Link) Ping(data string) error {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	return l.conn.WriteControl(websocket.PingMessage, []byte(data), time.Now().Add(Timeout))
}

// Send sends an envelope of type typ ("events_api", "slash_commands",
// "interactive") carrying payload, and returns its envelope_id.
func (l *Link) Send(t testing.TB, typ string, payload any) string {
	t.Helper()
	return l.SendRetry(t, typ, payload, 0, "")
}

// SendRetry sends an envelope as Send does, as Slack's attempt-th
// redelivery of it, for reason ("timeout"): Slack redelivers an envelope
// it saw no ack for, with a new envelope_id.
func (l *Link) SendRetry(t testing.TB, typ string, payload any, attempt int, reason string) string {
	t.Helper()
	id := fmt.Sprintf("env-%d", l.s.envelope.Add(1))
	pl, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]any{
		"envelope_id": id, "type": typ, "payload": json.RawMessage(pl),
		"accepts_response_payload": typ == "slash_commands",
		"retry_attempt":            attempt, "retry_reason": reason,
	}
	l.SendJSON(t, env)
	return id
}

// SendJSON sends any JSON frame.
func (l *Link) SendJSON(t testing.TB, v any) {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.write(websocket.TextMessage, js); err != nil {
		t.Fatalf("send to link: %v", err)
	}
}

// Disconnect sends Slack's disconnect message with reason: "warning"
// (the link will be refreshed soon) and "refresh_requested" ask the client
// to reconnect; "link_disabled" says Socket Mode was turned off for the
// app, and a new connection would be refused.
func (l *Link) Disconnect(t testing.TB, reason string) {
	t.Helper()
	l.SendJSON(t, map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": "fake"}})
}

// Drop closes the connection without a word, as a network failure would.
func (l *Link) Drop() { l.conn.Close() }

// WaitAck waits for the ack of envelope id; other acks are kept for later.
func (l *Link) WaitAck(t testing.TB, id string) Ack {
	t.Helper()
	timeout := time.After(Timeout)
	var others []Ack
	defer func() {
		for _, a := range others {
			l.Acks <- a
		}
	}()
	for {
		select {
		case a := <-l.Acks:
			if a.EnvelopeID == id {
				return a
			}
			others = append(others, a)
		case <-timeout:
			t.Fatalf("no ack for envelope %s within %v", id, Timeout)
			return Ack{}
		}
	}
}
