package bot

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// TestErrorMessage: a person reads an *Error's message, however deep it
// is wrapped, and never the text of an error not written for them; the
// cause stays reachable.
func TestErrorMessage(t *testing.T) {
	t.Parallel()
	cause := fmt.Errorf("open story.txt: %w", fs.ErrPermission)
	e := Errorf(EINTERNAL, "I can't read the corpus: %w", cause)
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{e, "I can't read the corpus: open story.txt: permission denied"},
		{fmt.Errorf("remove: %w", e), "I can't read the corpus: open story.txt: permission denied"},
		{cause, textSorry},
		{&Error{Code: EINTERNAL, Err: cause}, "open story.txt: permission denied"},
	}
	for _, tt := range tests {
		if got := errorMessage(tt.err); got != tt.want {
			t.Errorf("errorMessage(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if !errors.Is(e, fs.ErrPermission) || e.Code != EINTERNAL {
		t.Errorf("%#v: the cause or the code is lost", e)
	}
	if p := Errorf(EINVALID, "100%% %s", "sure"); p.Err != nil || p.Message != "100% sure" {
		t.Errorf("without %%w: %#v", p)
	}
}
