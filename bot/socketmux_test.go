package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack/socketmode"
)

// TestSocketMuxRegistersEveryType checks that each Socket Mode event type
// the bot acts on has its own handler, and nothing else.
func TestSocketMuxRegistersEveryType(t *testing.T) {
	m := newSocketMux(newTestBot(t, &fakeAnswerer{}, Options{}), nil)
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
	b := newTestBot(t, &fakeAnswerer{}, Options{})
	var got []string
	record := func(name string) socketHandler {
		return func(ctx context.Context, evt socketmode.Event) { got = append(got, name+":"+string(evt.Type)) }
	}
	m := &socketMux{b: b, handlers: map[socketmode.EventType]socketHandler{}, fallback: record("fallback")}
	m.handle(socketmode.EventTypeHello, record("hello"))
	m.handle(socketmode.EventTypeSlashCommand, envelope(b, record("slash")))
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
	if n := metricValue(t, b, "storybot_socket_envelopes_total", "type", "slash_commands"); n != 1 {
		t.Errorf("%v slash command envelopes counted, want 1", n)
	}
	if n := metricValue(t, b, "storybot_panics_total"); n != 1 {
		t.Errorf("%v panics counted, want 1", n)
	}
}

func TestSocketMuxOneHandlerPerType(t *testing.T) {
	m := &socketMux{handlers: map[socketmode.EventType]socketHandler{}}
	m.handle(socketmode.EventTypeHello, func(context.Context, socketmode.Event) {})
	defer func() {
		if recover() == nil {
			t.Error("a second handler for hello was taken")
		}
	}()
	m.handle(socketmode.EventTypeHello, func(context.Context, socketmode.Event) {})
}
