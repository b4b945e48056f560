package index

import (
	"strings"
	"unicode"
)

// A long message often wraps its question in talk ("I keep hearing people
// say this whole commission is pointless … what exactly are the secretaries
// of state opposed to?"). When a message is long and some of its sentences
// are questions, the words of the other sentences count for less.

const (
	// longMessage is the number of words from which a message is read
	// for its question.
	longMessage = 25
	// outOfFocus is the share of its rarity a word outside the question
	// sentences keeps.
	outOfFocus = 0.5
)

// questionOpeners are the words a question sentence begins with: the
// question words and the auxiliaries of yes/no questions.
var questionOpeners = wordSet(`what what's whats who who's whom whose when where why how which is are was
	were do does did can could will would should shall has have had may might`)

// focusWords returns the lower-case words of a long message's question
// sentences (those that end with a question mark or open with a question
// word), or nil when every word counts alike: a short message, or one
// with no question sentence, or one that is all question.
func focusWords(msg string) map[string]bool {
	qs := questionSentences(msg)
	if qs == nil {
		return nil
	}
	focus := map[string]bool{}
	for _, s := range qs {
		for _, w := range sentenceWords(s) {
			focus[w] = true
		}
	}
	return focus
}

// questionSentences are a long message's question sentences, or nil as
// for focusWords.
func questionSentences(msg string) []string {
	if len(strings.Fields(msg)) < longMessage {
		return nil
	}
	var segs []string
	start := 0
	for i, r := range msg {
		switch r {
		case '?', '.', '!', ';', '—', '\n':
			segs = append(segs, msg[start:i+len(string(r))])
			start = i + len(string(r))
		}
	}
	segs = append(segs, msg[start:])
	var qs []string
	all := true
	for _, s := range segs {
		words := sentenceWords(s)
		if len(words) == 0 {
			continue
		}
		if strings.HasSuffix(strings.TrimSpace(s), "?") || questionOpeners[words[0]] {
			qs = append(qs, strings.TrimSpace(s))
		} else {
			all = false
		}
	}
	if len(qs) == 0 || all {
		return nil
	}
	return qs
}

func sentenceWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
}
