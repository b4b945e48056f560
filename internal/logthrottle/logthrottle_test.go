package logthrottle

import (
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	t.Parallel()
	th := New(10 * time.Second)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if n, ok := th.Due("a", t0); !ok || n != 1 {
		t.Fatalf("first: %d %v", n, ok)
	}
	for i := 1; i <= 5; i++ {
		if _, ok := th.Due("a", t0.Add(time.Duration(i)*time.Second)); ok {
			t.Fatalf("held back line %d let through", i)
		}
	}
	if n, ok := th.Due("b", t0.Add(time.Second)); !ok || n != 1 {
		t.Errorf("another key: %d %v", n, ok)
	}
	if n, ok := th.Due("a", t0.Add(10*time.Second)); !ok || n != 6 {
		t.Errorf("after the period: %d %v, want 6 true", n, ok)
	}
}
