package bot

import (
	"errors"
	"fmt"
)

// What a person reads is kept apart from what went wrong, as in Ben
// Johnson's wtf: an error meant for a person is an *Error, whose Message
// is written for them (an admin, the one installing the app, the
// operator starting the command) and whose Err is the cause, if any, for
// the log and for errors.Is. Code says what kind of failure it is.
// errorMessage is what a person is shown of any error: an *Error's
// Message, else a generic apology, never an error's own text.

// The codes of an *Error.
const (
	ECONFLICT     = "conflict"     // the change clashes with what is there
	EINTERNAL     = "internal"     // something failed on the bot's side
	EINVALID      = "invalid"      // what was sent cannot be taken
	ENOTFOUND     = "not_found"    // what was named is not there
	EUNAUTHORIZED = "unauthorized" // Slack refused a token, or a scope is missing
)

// textSorry is what a person is shown of an error not written for them.
const textSorry = "Sorry, something went wrong on my side. Please try again in a moment."

// Error is an error with a message for a person.
type Error struct {
	Code    string // ECONFLICT, EINTERNAL…
	Message string // what a person reads
	Err     error  // the cause, if any
}

// Error is the message (which says what the cause is where a person
// needs it).
func (e *Error) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap is the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf is an *Error of code whose message is format with args. A %w
// among them is the cause, as in fmt.Errorf; the message shows it as %v
// would.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// errorMessage is what a person is shown of err: its *Error's message,
// else a generic apology; "" for nil.
func errorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Error()
	}
	return textSorry
}
