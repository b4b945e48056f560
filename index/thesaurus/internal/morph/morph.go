package morph

// rule turns an inflected ending into the ending of a base form.
type rule struct{ suffix, ending string }

// either marks a rule whose base may or may not take a final "e"; see
// Candidates.
const either = "e?"

// rules are morphy's detachment rules for nouns, verbs and adjectives, in
// that order (adverbs have none). A candidate may come up twice ("buses"
// gives "bus" through both "ses" and "es"); the first hit wins, so that
// costs only a repeated probe.
var rules = []rule{
	// nouns
	{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"},
	// verbs ("s" and "ies" as for nouns; "ed" → "e" and "ed" → "", and so
	// on, are merged into one rule each)
	{"es", "e"}, {"es", ""}, {"ed", either}, {"ing", either},
	// adjectives
	{"er", either}, {"est", either},
}

// Candidates calls yield with each candidate base form of w, as a stem (a
// prefix of w) and an ending to append to it, most likely first, until
// yield returns false. w itself is not a candidate.
//
// WordNet gives both "-ed → -e" and "-ed → ∅" (and likewise for -ing, -er,
// -est) without preferring one, and both bases often exist: "hoped" could
// be "hop" or "hope", "singing" "sing" or "singe". English spelling settles
// most such cases: a stem ending consonant–vowel–consonant would have
// doubled its last letter had it been the base ("hopped"), so it takes the
// "e" ("hoped" → "hope", "finer" → "fine"); any other stem is the base as
// it is ("singing" → "sing"). The exception lists catch the rest.
func Candidates(w string, yield func(stem, ending string) bool) {
	for _, r := range rules {
		if len(w) <= len(r.suffix) || w[len(w)-len(r.suffix):] != r.suffix {
			continue
		}
		stem := w[:len(w)-len(r.suffix)]
		if r.ending != either {
			if !yield(stem, r.ending) {
				return
			}
			continue
		}
		first, second := "", "e"
		if cvc(stem) {
			first, second = second, first
		}
		if !yield(stem, first) || !yield(stem, second) {
			return
		}
	}
}

// cvc reports whether s ends consonant, vowel, consonant, the last not w, x
// or y (which English never doubles).
func cvc(s string) bool {
	n := len(s)
	if n < 3 {
		// "us(ed)", "ag(ed)": a two-letter stem ending vowel–consonant is
		// as good as CVC here.
		return n == 2 && vowel(s[0]) && !vowel(s[1])
	}
	c := s[n-1]
	return !vowel(s[n-3]) && vowel(s[n-2]) && !vowel(c) && c != 'w' && c != 'x' && c != 'y'
}

func vowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}
