package socket

import (
	"context"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack/socketmode"
)

// fakeBot is a Bot that recovers and counts panics, with a discarding
// logger; the rest of the Bot is left nil (a call would fail the test).
type fakeBot struct {
	Bot
	panics int
}

func (b *fakeBot) Recover(ctx context.Context, what string) {
	if recover() != nil {
		b.panics++
	}
}

func (b *fakeBot) Logger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// testLink is the link of a fakeBot, with metrics of its own.
func testLink() (*link, *fakeBot, *prometheus.Registry) {
	b, reg := &fakeBot{}, prometheus.NewRegistry()
	return &link{b: b, log: b.Logger(), m: NewMetrics(reg), gone: make(chan error, 1)}, b, reg
}

// counted is the value of counter name, with the label value, in reg.
func counted(t *testing.T, reg *prometheus.Registry, name, value string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if mf.GetName() == name && l.GetValue() == value {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// TestSocketMuxRegistersEveryType checks that each Socket Mode event type
// the bot acts on has its own handler, and nothing else.
func TestSocketMuxRegistersEveryType(t *testing.T) {
	t.Parallel()
	l, _, _ := testLink()
	m := newSocketMux(l, nil)
	want := []socketmode.EventType{
		socketmode.EventTypeConnecting, socketmode.EventTypeConnected, socketmode.EventTypeHello,
		socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError,
		socketmode.EventTypeErrorWriteFailed, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeDisconnect,
		socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive,
	}
	for _, et := range want {
		if m.handlers[et] == nil {
			t.Errorf("no handler for %s", et)
		}
	}
	if len(m.handlers) != len(want) {
		t.Errorf("%d handlers, want %d", len(m.handlers), len(want))
	}
}

// TestSocketMuxDispatch drives the mux with handlers that record what they
// were given: each event reaches its type's handler, anything else the
// fallback, and a panic is recovered and counted.
func TestSocketMuxDispatch(t *testing.T) {
	t.Parallel()
	l, b, reg := testLink()
	var got []string
	record := func(name string) socketHandler {
		return func(ctx context.Context, evt socketmode.Event) { got = append(got, name+":"+string(evt.Type)) }
	}
	m := &socketMux{b: b, handlers: map[socketmode.EventType]socketHandler{}, fallback: record("fallback")}
	m.handle(socketmode.EventTypeHello, record("hello"))
	m.handle(socketmode.EventTypeSlashCommand, envelope(l, record("slash")))
	m.handle(socketmode.EventTypeDisconnect, func(context.Context, socketmode.Event) { panic("boom") })

	tests := []struct {
		evt  socketmode.Event
		want string // what was recorded; "" for nothing
	}{
		{socketmode.Event{Type: socketmode.EventTypeHello}, "hello:hello"},
		{socketmode.Event{Type: socketmode.EventTypeSlashCommand, Request: &socketmode.Request{Type: "slash_commands"}}, "slash:slash_commands"},
		// An envelope's handler never sees an event without its envelope.
		{socketmode.Event{Type: socketmode.EventTypeSlashCommand}, ""},
		{socketmode.Event{Type: "something_new"}, "fallback:something_new"},
		{socketmode.Event{Type: socketmode.EventTypeDisconnect}, ""},
	}
	for _, tt := range tests {
		got = nil
		m.dispatch(context.Background(), tt.evt)
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s (envelope %v): handled as %q, want %q", tt.evt.Type, tt.evt.Request != nil, got, tt.want)
		}
	}
	if n := counted(t, reg, "storybot_socket_envelopes_total", "slash_commands"); n != 1 {
		t.Errorf("%v slash command envelopes counted, want 1", n)
	}
	if n := b.panics; n != 1 {
		t.Errorf("%v panics counted, want 1", n)
	}
}

func TestSocketMuxOneHandlerPerType(t *testing.T) {
	t.Parallel()
	m := &socketMux{handlers: map[socketmode.EventType]socketHandler{}}
	m.handle(socketmode.EventTypeHello, func(context.Context, socketmode.Event) {})
	defer func() {
		if recover() == nil {
			t.Error("a second handler for hello was taken")
		}
	}()
	m.handle(socketmode.EventTypeHello, func(context.Context, socketmode.Event) {})
}

// TestSocketDialerKeepsAlive checks, on the socket itself, that the Socket
// Mode dialer turns TCP keepalive on with a short idle time.
func TestSocketDialerKeepsAlive(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("reads Linux socket options")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			defer c.Close()
			io.Copy(io.Discard, c)
		}
	}()
	c, err := socketDialer().NetDialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	raw, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var on, idle, intvl int
	raw.Control(func(fd uintptr) {
		on, _ = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
		idle, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE)
		intvl, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL)
	})
	if on != 1 || idle != 15 || intvl != 15 {
		t.Errorf("SO_KEEPALIVE=%d TCP_KEEPIDLE=%d TCP_KEEPINTVL=%d, want 1, 15, 15", on, idle, intvl)
	}
}
