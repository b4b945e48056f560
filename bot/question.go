package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Question turns the text of a Slack message into the question it asks:
// the bot's own mentions go, other markup (<@U…>, <#C…|name>, <!here>,
// <url|label>) becomes the plain text it stands for, &amp; &lt; &gt; are
// unescaped and white space is folded.
func Question(text, botUserID string) string {
	text = slackMarkup.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if botUserID != "" && target[1:] == botUserID {
				return " "
			}
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel && label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel && label != "" {
				return label
			}
			name, _, _ := strings.Cut(target[1:], "^")
			return "@" + name
		}
		if hasLabel && label != "" {
			return label
		}
		return target
	})
	text = unescaper.Replace(text)
	return strings.Join(strings.Fields(clean(text)), " ")
}

// clean makes text safe to search and to show: invalid UTF-8 and control
// characters become spaces, and invisible format characters (bidi
// overrides, zero-width spaces) go.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError, isControl(r):
			b.WriteByte(' ')
		case isFormat(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean tells whether clean would leave s as it is; it is quick on
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
		if r == utf8.RuneError || isControl(r) || isFormat(r) {
			return false
		}
		i += n
	}
	return true
}

// isControl is unicode.Is(unicode.Cc, r), without the table search.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// isFormat is unicode.Is(unicode.Cf, r); no format character comes
// before U+00AD.
func isFormat(r rune) bool { return r >= 0xad && unicode.Is(unicode.Cf, r) }

var (
	slackMarkup = regexp.MustCompile(`<[^<>]*>`)
	unescaper   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)
