package socket

import (
	"context"

	"github.com/slack-go/slack/socketmode"
)

// socketHandler is what the bot does with one type of Socket Mode event.
// It runs in the event loop, so it must not block: whatever takes time,
// even an ack, runs in the background through Bot.Go.
type socketHandler func(ctx context.Context, evt socketmode.Event)

// socketMux routes each Socket Mode event to the handler registered for
// its type, as slack-go's socketmode.SocketmodeHandler does; but it calls
// the handler in the event loop, so that connection changes are seen in
// the order they happened, and under the bot's panic recovery.
type socketMux struct {
	b        Bot
	handlers map[socketmode.EventType]socketHandler
	fallback socketHandler
}

// handle registers h for the events of type t; one handler a type.
func (m *socketMux) handle(t socketmode.EventType, h socketHandler) {
	if _, dup := m.handlers[t]; dup {
		panic("socketMux: two handlers for " + string(t))
	}
	m.handlers[t] = h
}

// dispatch hands evt to its type's handler, or to the fallback.
func (m *socketMux) dispatch(ctx context.Context, evt socketmode.Event) {
	defer m.b.Recover(ctx, "socket mode event "+string(evt.Type))
	h, ok := m.handlers[evt.Type]
	if !ok {
		h = m.fallback
	}
	h(ctx, evt)
}
