package index

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A story that does not name itself gets its id and title from what it
// has: its file's name and its own first words. Nothing here guesses
// from the content of the story beyond its opening.

// maxTitle bounds a title made from a story's opening words; maxSlug a
// file name or id made from a title.
const (
	maxTitle = 100
	maxSlug  = 60
)

// stem is a file's name without folders and without its extension.
func stem(file string) string {
	base := path.Base(strings.ReplaceAll(file, "\\", "/"))
	return strings.TrimSuffix(base, path.Ext(base))
}

// idFromName makes a story id from a file name: the name without its
// extension, each run of characters other than letters and digits made
// one '-', except a lone '_', '-' or '.', which stays (an id has no
// spaces). "000_88049dc20f240b8c.txt" keeps its id as it is; "Bridge
// repair _ The Ledger.html" gives "Bridge-repair-The-Ledger".
func idFromName(file string) string { return safeName(stem(file)) }

// safeName keeps the letters and digits of s, and a lone '_', '-' or '.'
// between them; any other run of characters becomes one '-'. What it
// returns starts with a letter or a digit: a file name never hidden, an
// id with no spaces.
func safeName(s string) string {
	var b strings.Builder
	var run []rune
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			run = append(run, r)
			continue
		}
		switch {
		case b.Len() == 0:
		case len(run) == 1 && (run[0] == '_' || run[0] == '-' || run[0] == '.'):
			b.WriteRune(run[0])
		case len(run) > 0:
			b.WriteByte('-')
		}
		run = run[:0]
		b.WriteRune(r)
	}
	return b.String()
}

// readableName makes a title of a file name ("kobach-voter-data.txt" →
// "Kobach voter data"), or says there is none: a name with no word of
// three letters in it ("000_88049dc20f240b8c", "IMG_20.txt") is an id,
// not a title.
func readableName(file string) (string, bool) {
	words := strings.FieldsFunc(stem(file), func(r rune) bool {
		return r == '_' || r == '-' || r == '.' || unicode.IsSpace(r)
	})
	hasWord := false
	for _, w := range words {
		letters := 0
		for _, r := range w {
			if !unicode.IsLetter(r) {
				letters = 0
				break
			}
			letters++
		}
		hasWord = hasWord || letters >= 3
	}
	if !hasWord {
		return "", false
	}
	t := strings.Join(words, " ")
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:], true
}

// openingWords is the title of last resort: the story's first sentence,
// clipped at a word to maxTitle bytes.
func openingWords(text string) string {
	first := text
	if ss := Split(text); len(ss) > 0 {
		first = ss[0].Text
	}
	return clipWords(strings.Join(strings.Fields(first), " "), maxTitle)
}

// clipWords cuts s at the last space before max bytes, marking the cut.
func clipWords(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut <= 0 {
		cut = max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:-") + "…"
}

// slug makes a file name (and an id) of a title: lower case, letters and
// digits, words joined by '-', at most maxSlug bytes, cut between words.
// "Kobach renews request for states' voter roll data" →
// "kobach-renews-request-for-states-voter-roll-data".
func slug(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		w = strings.NewReplacer("'", "", "’", "").Replace(w)
		if w == "" {
			continue
		}
		if b.Len() > 0 && b.Len()+1+len(w) > maxSlug {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	s := b.String()
	if len(s) > maxSlug { // one word longer than the bound
		s = s[:maxSlug]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	if s == "" {
		return "story"
	}
	return s
}
