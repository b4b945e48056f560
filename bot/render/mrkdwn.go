package render

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text made safe for Slack: user ids fit for a mention, mrkdwn escaped and
// clipped to Slack's limits, white space folded.

var userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{2,30}$`)

// UserID returns id if it looks like a Slack user ID, else "", so that
// it can be put in a mention safely.
func UserID(id string) string {
	if userIDPattern.MatchString(id) {
		return id
	}
	return ""
}

// Escape makes text safe in mrkdwn: Slack reads &, < and > as markup
// (mentions, links), so a story or a question can never ping anyone.
func Escape(s string) string {
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escRune(r rune) string {
	switch r {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	return string(r)
}

// EscClip escapes s and clips the result to max characters, ending it
// with "…" when something was cut; it never cuts an escape in half.
func EscClip(s string, max int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		piece := escRune(r)
		k := utf8.RuneCountInString(piece)
		// Leave room for "…" unless this is the very end.
		room := max - n
		if i < len(s) {
			room--
		}
		if k > room {
			b.WriteString("…")
			return b.String()
		}
		b.WriteString(piece)
		n += k
	}
	return b.String()
}

// Clip cuts s to at most max characters, on a character boundary.
func Clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}

// OneLine folds a text's line breaks and runs of spaces into single
// spaces, and drops control and invisible formatting characters.
func OneLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

// Clean makes text safe to search and to show: invalid UTF-8 and control
// characters become spaces, and invisible format characters (bidi
// overrides, zero-width spaces) go.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError, IsControl(r):
			b.WriteByte(' ')
		case IsFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean tells whether Clean would leave s as it is; it is quick on
// ASCII, which most text is.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || IsControl(r) || IsFormat(r) {
			return false
		}
		i += n
	}
	return true
}

// IsControl is unicode.Is(unicode.Cc, r), without the table search.
func IsControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// IsFormat is unicode.Is(unicode.Cf, r); no format character comes
// before U+00AD.
func IsFormat(r rune) bool { return r >= 0xad && unicode.Is(unicode.Cf, r) }
