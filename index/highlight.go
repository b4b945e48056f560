package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// highlight returns where the passage holds the forms matched in its own
// text. Analyzing a whole passage is the costliest step of an answer, so
// only its words that could stem to a matched form are analyzed: an
// analyzed form keeps the first two letters of its word (stemming cuts
// endings; base forms of irregular words keep their start, "said" → "say").
func (e *Engine) highlight(show string, matched []match) []Span {
	var forms []string
	for _, m := range matched {
		if form := e.words.words[m.form]; m.field == fText && len(form) >= 2 {
			forms = append(forms, form)
		}
	}
	if len(forms) == 0 {
		return nil
	}
	var spans []Span
	for start := 0; start < len(show); {
		r, size := utf8.DecodeRuneInString(show[start:])
		if !isWordRune(r) {
			start += size
			continue
		}
		end := start
		for end < len(show) {
			r, size := utf8.DecodeRuneInString(show[end:])
			if !isWordRune(r) && !(r == '\'' || r == '’') {
				break
			}
			end += size
		}
		word := show[start:end]
		if len(word) >= 2 && slices.ContainsFunc(forms, func(f string) bool { return strings.EqualFold(word[:2], f[:2]) }) {
			for _, tok := range e.analyzer.Analyze([]byte(word)) {
				if slices.Contains(forms, string(tok.Term)) {
					spans = append(spans, Span{Start: start + tok.Start, End: start + tok.End})
				}
			}
		}
		start = end
	}
	return spans
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
