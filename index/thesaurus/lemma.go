package thesaurus

import (
	"strings"

	"storybot/index/thesaurus/internal/morph"
)

// resolve finds the key that w stands for and returns it as stored with
// its values in table, which are empty if the key has an entry only in
// other (the other of synonyms and related).
//
// The key is w itself if it has an entry in either table; else the base
// form that the irregular-form table gives ("sold" → "sell"); else the
// first candidate of WordNet's detachment rules that has an entry
// ("refused" → "refuse", "meetings" → "meeting"). For a phrase the same is
// done to its first word ("turned down" → "turn down").
//
// A word with an entry of its own is never reduced ("meeting" stays a
// noun); the generator has already merged the entries of forms such as
// "said", "found" or "destroyed" with those of their bases.
func resolve(table, other, w string) (key, values string, ok bool) {
	if w == "" {
		return "", "", false
	}
	if key, values, ok = entry(table, other, w, ""); ok {
		return
	}
	if head, rest, isPhrase := strings.Cut(w, " "); isPhrase {
		return phrase(table, other, head, " "+rest)
	}
	if _, b, found := find(irregular, w, ""); found {
		return entry(table, other, b, "")
	}
	morph.Candidates(w, func(stem, ending string) bool {
		key, values, ok = entry(table, other, stem, ending)
		return !ok
	})
	return
}

// phrase resolves a phrase whose first word is head and whose remaining
// words, with the space before them, are rest, by trying the base forms
// of head.
func phrase(table, other, head, rest string) (key, values string, ok bool) {
	if _, b, found := find(irregular, head, ""); found {
		if key, values, ok = entry(table, other, b, rest); ok {
			return
		}
	}
	morph.Candidates(head, func(stem, ending string) bool {
		key, values, ok = entry(table, other, stem+ending, rest)
		return !ok
	})
	return
}

// entry looks a+b up in table, then in other: ok reports whether it is a
// key of either, values are its values in table.
func entry(table, other, a, b string) (key, values string, ok bool) {
	if key, values, ok = find(table, a, b); ok {
		return
	}
	key, _, ok = find(other, a, b)
	return key, "", ok
}
