package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Text made safe for Slack: user ids fit for a mention, mrkdwn escaped and
// clipped to Slack's limits, white space folded.

var userIDPattern = regexp.MustCompile(`^[UW][A-Z0-9]{2,30}$`)

// userID returns id if it looks like a Slack user ID, else "", so that
// it can be put in a mention safely.
func userID(id string) string {
	if userIDPattern.MatchString(id) {
		return id
	}
	return ""
}

// escape makes text safe in mrkdwn: Slack reads &, < and > as markup
// (mentions, links), so a story or a question can never ping anyone.
func escape(s string) string {
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

// escClip escapes s and clips the result to max characters, ending it
// with "…" when something was cut; it never cuts an escape in half.
func escClip(s string, max int) string {
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

// clip cuts s to at most max characters, on a character boundary.
func clip(s string, max int) string {
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

// oneLine folds a text's line breaks and runs of spaces into single
// spaces, and drops control and invisible formatting characters.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}
