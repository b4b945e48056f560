package httpserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// panicking is a Bot that only records the panics it is told of; the
// rest of the Bot is left nil (a call would fail the test).
type panicking struct {
	Bot
	log strings.Builder
}

func (p *panicking) Panicked(v any, msg string, attrs ...any) {
	fmt.Fprintln(&p.log, msg, fmt.Sprint(v), attrs)
}

func TestHTTPHandlerPanicIsA500(t *testing.T) {
	t.Parallel()
	b := &panicking{}
	h := recoverPanics(b, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("handler bug") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/slack/events", nil))
	if w.Code != http.StatusInternalServerError || !strings.Contains(b.log.String(), "handler bug") || !strings.Contains(b.log.String(), "/slack/events") {
		t.Errorf("status %d, log:\n%s", w.Code, b.log.String())
	}
}
