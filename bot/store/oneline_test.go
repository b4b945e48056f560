package store

import (
	"errors"
	"fmt"
	"testing"
)

// TestOneLine: a driver's error of several lines (pgx's, one per
// address tried) becomes one line, and still matches what it wraps.
func TestOneLine(t *testing.T) {
	t.Parallel()
	refused := errors.New("connect: connection refused")
	multi := fmt.Errorf("find installation of T:T1: failed to connect to `user=u database=d`:\n\t[::1]:5432 (localhost): %w\n\t127.0.0.1:5432 (localhost): dial error\r\n", refused)
	got := OneLine(multi)
	want := "find installation of T:T1: failed to connect to `user=u database=d`: [::1]:5432 (localhost): connect: connection refused; 127.0.0.1:5432 (localhost): dial error"
	if got.Error() != want || !errors.Is(got, refused) {
		t.Errorf("OneLine = %q (wraps it: %v)\nwant  %q", got, errors.Is(got, refused), want)
	}
	if one := errors.New("one line"); OneLine(one) != one || OneLine(nil) != nil {
		t.Error("an error of one line, or nil, is not kept as it is")
	}
}
