package thesaurus

import (
	"strings"
	"sync"

	"storybot/index/thesaurus/internal/morph"
)

// Base returns the base form of word if word is an irregular inflected
// form of a verb or noun that WordNet's exception lists know: "said" →
// "say", "sent" → "send", "met" → "meet", "took" → "take", "children" →
// "child", "women" → "woman". It reports false for any other word: Base
// does not apply the regular rules ("-s", "-ed", "-ing"), which a stemmer
// applied after it handles.
//
// A form that is also a word in its own right is kept as it is (false)
// when that use is the more frequent one, judged by SemCor tag counts:
// "ground" is not "grind", "data" is not "datum", "bound" is not "bind";
// while "found" is "find" and "left" is "leave". Adjectives' forms are not
// reduced ("better" stays). See the package documentation for the rules.
//
// ASCII upper case is folded ("Said" → "say"). The result is never word
// itself, is lower case, and is not itself reducible: Base(Base(w)) is
// false. Base does not allocate and is safe for concurrent use.
func Base(word string) (string, bool) {
	if b, ok := baseMap()[word]; ok {
		return b, true
	}
	if !hasUpperASCII(word) {
		return "", false
	}
	_, b, ok := findFold(bases, word)
	return b, ok
}

// baseMap holds the irregular forms in a map, built at first use: Base
// runs on every word a corpus indexes, and the 3,300 forms cost a few
// hundred kilobytes and a millisecond, against a binary search each time.
var baseMap = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, strings.Count(bases, "\n"))
	for line := range strings.Lines(bases) {
		form, base, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		m[form] = base
	}
	return m
})

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// Class returns the dominant part of speech of word in WordNet, as
// WordNet writes it ('n' noun, 'v' verb, 'a' adjective, satellites
// included, 'r' adverb), and count, its total SemCor tag count over all
// its senses and parts of speech: a measure of how common the word is in
// general English ("happen" → 'v', 195; "apple" → 'n', 1). It returns 0, 0
// for a word WordNet does not know, for a phrase and for "".
//
// The dominant part of speech is the one whose senses were tagged most
// often in SemCor; on a tie, as when none was tagged, the one with the
// most senses; on a tie again, nouns come first, then verbs, adjectives
// and adverbs.
//
// An inflected form is classed as its base: "happened" as "happen",
// "calories" as "calorie", "children" as "child". A word that WordNet
// knows is classed as itself ("meeting" the noun), except irregular forms
// that Base reduces ("left" as "leave") and participles and comparatives
// that WordNet knows only as adjectives but that are more often
// inflections ("used" as "use"). Otherwise the base is found as Lookup
// finds it: Base, the irregular forms of adjectives ("bigger" → "big"),
// then WordNet's detachment rules, the first candidate that WordNet knows
// winning.
//
// word should be a single lower-case word; ASCII upper case is folded, at
// the cost of one allocation. Class is safe for concurrent use.
func Class(word string) (pos byte, count int) {
	v, ok := classLine(word)
	if !ok {
		return 0, 0
	}
	return parseClass(v)
}

// IsName reports whether word, as Class finds it, is a noun whose main
// sense is a name in WordNet: a particular place, person, organisation or
// work ("texas", "sacramento", "godfather" is not: it is a common noun).
// A name the question brings and the corpus lacks says the question is
// about something else, where a common noun may just be the asker's own
// word for the story's.
func IsName(word string) bool {
	v, ok := classLine(word)
	return ok && strings.HasSuffix(v, "p")
}

// classLine is word's class.txt value, found as Class documents.
func classLine(word string) (string, bool) {
	w := foldASCII(word)
	if w == "" || strings.IndexByte(w, ' ') >= 0 {
		return "", false
	}
	v, ok := classValue(w, "")
	for _, table := range [...]string{bases, irregular} {
		if ok {
			break
		}
		if _, b, found := find(table, w, ""); found {
			v, ok = classValue(b, "")
		}
	}
	if !ok {
		morph.Candidates(w, func(stem, ending string) bool {
			v, ok = classValue(stem, ending)
			return !ok
		})
	}
	return v, ok
}

// classValue looks a+b up in class.txt.
func classValue(a, b string) (string, bool) {
	_, v, ok := find(classes, a, b)
	return v, ok && v != ""
}

// parseClass splits a class.txt value, a part of speech and a decimal count
// that is left out when 0 ("v195", "n"), then "p" for a name ("n14p").
func parseClass(v string) (pos byte, count int) {
	for i := 1; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
		count = count*10 + int(v[i]-'0')
	}
	return v[0], count
}
