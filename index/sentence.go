package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a story, located precisely enough to quote it
// and to point a reader at it.
type Sentence struct {
	Paragraph int // 1-based paragraph number in the story
	Number    int // 1-based sentence number within the paragraph
	Start     int // byte offset of the first byte in the story text
	End       int // byte offset just past the last byte
	Text      string
	// Cut is true when the sentence ends at the length bound (maxSentence)
	// rather than at its own end: the rest of the run follows as the next one.
	Cut bool
}

// maxSentence bounds a sentence's length in bytes. A longer run without a
// sentence end (a flattened table, a list, a file that is one long line) is
// cut at its last space before the bound, or at the bound itself when it
// has none, and goes on as the next sentence: every passage stays short
// enough to show and cheap to rank, whatever the file holds.
const maxSentence = maxPassage

// Split cuts news prose into sentences. Paragraphs are separated by blank
// lines. A sentence ends at '.', '!' or '?' (with any closing quotes or
// brackets that follow) when the next word starts a new sentence; titles,
// months, initials and dotted abbreviations such as "U.S." do not end one
// unless what follows clearly opens a new sentence. A run longer than
// maxSentence bytes is cut into pieces of at most that length.
func Split(text string) []Sentence {
	var out []Sentence
	para := 0
	for start := 0; start < len(text); {
		// Find the end of this paragraph: the next blank line.
		end, next := paragraphEnd(text, start)
		if p := text[start:end]; strings.TrimSpace(p) != "" {
			para++
			out = splitParagraph(out, text, start, end, para)
		}
		start = next
	}
	return out
}

// paragraphEnd returns where the paragraph starting at start ends and where
// the next one may start.
func paragraphEnd(text string, start int) (end, next int) {
	i := start
	for {
		nl := strings.IndexByte(text[i:], '\n')
		if nl < 0 {
			return len(text), len(text)
		}
		lineEnd := i + nl
		// Is the following line blank?
		j := lineEnd + 1
		k := j
		for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
			k++
		}
		if k >= len(text) || text[k] == '\n' {
			return lineEnd, k
		}
		i = j
	}
}

func splitParagraph(out []Sentence, text string, start, end, para int) []Sentence {
	n := 0
	add := func(s, e int, cut bool) {
		n++
		out = append(out, Sentence{Paragraph: para, Number: n, Start: s, End: e, Text: text[s:e], Cut: cut})
	}
	emit := func(s, e int) {
		// Trim surrounding white space; offsets keep pointing at the text.
		s, e = trimSpace(text, s, e)
		for e-s > maxSentence {
			cut := s + cutAt(text[s:e])
			ps, pe := trimSpace(text, s, cut)
			add(ps, pe, true)
			s, e = trimSpace(text, cut, e)
		}
		if s < e {
			add(s, e, false)
		}
	}
	s := start
	for i := start; i < end; {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			i++
			continue
		}
		// Take the whole run of terminators and closers: `?!`, `..."`, `.)`.
		j := i + 1
		for j < end && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
			j++
		}
		for j < end {
			r, size := utf8.DecodeRuneInString(text[j:end])
			if !isCloser(r) {
				break
			}
			j += size
		}
		if j < end && !isSpaceByte(text[j]) {
			i = j // "3.5", "U.S.-Mexico", "e.g.," stay inside the sentence
			continue
		}
		if endsSentence(text[s:i], c, text[j:end]) {
			emit(s, j)
			s = j
		}
		i = j
	}
	emit(s, end)
	return out
}

// trimSpace narrows [s, e) of text to leave out the white space around it.
func trimSpace(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= size
	}
	return s, e
}

// cutAt is where to cut t, longer than maxSentence and opening with a
// non-space, into a first piece of at most maxSentence bytes: at its last
// space, else at the last character boundary (in invalid UTF-8, at the
// bound).
func cutAt(t string) int {
	if i := strings.LastIndexFunc(t[:maxSentence+1], unicode.IsSpace); i > 0 {
		return i
	}
	for i := maxSentence; i > maxSentence-utf8.UTFMax; i-- {
		if utf8.RuneStart(t[i]) {
			return i
		}
	}
	return maxSentence
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', ')', ']', '»':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '‘', '“', '(', '[', '«':
		return true
	}
	return false
}

// endsSentence decides whether the terminator term, which follows before
// (the sentence so far), ends the sentence given the text after it.
func endsSentence(before string, term byte, after string) bool {
	next := strings.TrimLeftFunc(after, unicode.IsSpace)
	if next == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(next)
	nextWord := next
	if isOpener(first) {
		nextWord = strings.TrimLeftFunc(next, isOpener)
		if nextWord == "" {
			return true
		}
		first, _ = utf8.DecodeRuneInString(nextWord)
	}
	// A new sentence starts with a capital letter or a number; a lower-case
	// word continues this one (`"Why?" he asked.`).
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	if term != '.' {
		return true
	}
	word := lastWord(before)
	switch {
	case word == "":
		return true
	case isTitle(word):
		// "Sen. Smith", "Dr. Jones", "Jan. 20": never an end.
		return false
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]):
		// An initial: "J. Smith", "Harry S. Truman".
		return false
	case strings.Contains(word, "."):
		// "U.S.", "a.m.": an end only when a common sentence opener follows.
		return isOpenerWord(firstWord(nextWord))
	}
	return true
}

// lastWord returns the word just before a terminator, without leading
// punctuation: for `the U.S` it is "U.S".
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isOpener(r) || r == '—' || r == '-' })
	if i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		s = s[i+size:]
	}
	return s
}

func firstWord(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

// titles are abbreviations that stand before a name or a number.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "rev": true, "fr": true,
	"sen": true, "rep": true, "reps": true, "sens": true, "gov": true, "lt": true, "gen": true,
	"col": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "cmdr": true, "adm": true,
	"pres": true, "supt": true, "atty": true, "hon": true, "st": true, "mt": true, "ft": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"no": true, "nos": true, "vs": true, "v": true, "ave": true, "blvd": true,
}

// isTitle: titles are capitalised in use ("No. 5", but "the answer is
// no."); only "vs." and "v." are written in lower case.
func isTitle(word string) bool {
	l := strings.ToLower(word)
	if word == l && l != "vs" && l != "v" {
		return false
	}
	return titles[l]
}
