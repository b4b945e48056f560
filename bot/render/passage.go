package render

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/index"
)

// A passage is shown with the words that matched the question in bold:
// in mrkdwn for Slack, with ANSI codes on a terminal.

// opening tells whether a span opens at byte i.
func opening(in bool, si int, spans []span, i int) bool {
	return !in && si < len(spans) && i == spans[si].start
}

// span is a cleaned-up Answer match.
type span struct{ start, end int }

// cleanSpans keeps the matches that are valid byte ranges of text on
// character boundaries, trims white space off them, sorts them and merges
// neighbours.
func cleanSpans(text string, ms []index.Span) []span {
	var ss []span
	for _, m := range ms {
		s, e := m.Start, m.End
		if s < 0 || e > len(text) || s >= e || !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
			continue
		}
		for s < e {
			r, n := utf8.DecodeRuneInString(text[s:e])
			if !unicode.IsSpace(r) {
				break
			}
			s += n
		}
		for s < e {
			r, n := utf8.DecodeLastRuneInString(text[s:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= n
		}
		if s < e {
			ss = append(ss, span{s, e})
		}
	}
	slices.SortFunc(ss, func(a, b span) int { return a.start - b.start })
	var out []span
	for _, s := range ss {
		// Merge spans that overlap, touch, or stand apart by white space
		// only ("*states refused*" reads better than "*states* *refused*").
		if n := len(out); n > 0 && (s.start <= out[n-1].end || strings.TrimSpace(text[out[n-1].end:s.start]) == "") {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// inertRune replaces the characters that would start, end or change
// mrkdwn formatting (*bold*, _italic_, ~strike~, `code`) with look-alikes:
// mrkdwn has no escape for them. It keeps a bold run whole, and a question
// restated as it was typed.
func inertRune(r rune) rune {
	switch r {
	case '*':
		return '∗'
	case '_':
		return '‗'
	case '~':
		return '∼'
	case '`':
		return 'ˋ'
	}
	return r
}

// Inert makes every formatting character of s inert (see inertRune).
func Inert(s string) string { return strings.Map(inertRune, s) }

// markPassage renders a passage as mrkdwn on one line: escaped, with the
// matched spans in bold, clipped to max characters (ending in "…").
func markPassage(text string, matches []index.Span, max int) string {
	return renderMarked(text, cleanSpans(text, matches), max, "*", "*", true)
}

// boldText renders a passage for a terminal, with ANSI bold when ansi.
func boldText(text string, matches []index.Span, ansi bool) string {
	if !ansi {
		return OneLine(text)
	}
	return renderMarked(text, cleanSpans(text, matches), 1<<30, "\x1b[1m", "\x1b[0m", false)
}

// renderMarked walks text, wrapping spans in open/close and (for mrkdwn)
// escaping, without going over max characters; open and close count as
// one character each (they are for mrkdwn).
func renderMarked(text string, spans []span, max int, open, close string, mrk bool) string {
	var b strings.Builder
	n := 0
	si := 0
	in := false
	const ell = "…"
	space := false
	// Past end, only white space is left: no "…" needed.
	end := len(strings.TrimRightFunc(text, unicode.IsSpace))
	for i, r := range text {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(text[i:])
		}
		if in && i == spans[si].end {
			b.WriteString(close)
			n++
			in = false
			si++
		}
		if r == utf8.RuneError || IsControl(r) {
			r = ' ' // no control characters on a terminal, or in Slack
		} else if IsFormat(r) && !opening(in, si, spans, i) {
			continue // nor invisible formatting (bidi overrides)
		}
		if unicode.IsSpace(r) {
			if !in {
				// Fold white space (a passage is shown on one line).
				space = true
				continue
			}
			r = ' '
		}
		pending := ""
		if space && b.Len() > 0 {
			pending = " "
		}
		space = false
		opening := !in && si < len(spans) && i == spans[si].start
		var piece string
		switch {
		case mrk && (in || opening):
			piece = escRune(inertRune(r))
		case mrk:
			piece = escRune(r)
		default:
			piece = string(r)
		}
		need := len(pending) + utf8.RuneCountInString(piece)
		if i+size < end {
			need++ // room for "…"
		}
		if opening {
			need += 2 // open and close
		} else if in {
			need++ // close
		}
		if n+need > max {
			if in {
				b.WriteString(close)
			}
			b.WriteString(ell)
			return b.String()
		}
		b.WriteString(pending)
		n += len(pending)
		if opening {
			b.WriteString(open)
			n++
			in = true
		}
		b.WriteString(piece)
		n += utf8.RuneCountInString(piece)
	}
	if in {
		b.WriteString(close)
	}
	return b.String()
}
