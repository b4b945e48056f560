package main

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"storybot/index/thesaurus/internal/morph"
)

// A form is a word in its own right rather than an inflection ("ground"
// the noun, not "grind") when its own SemCor tag count is at least
// 1/ownShare of its base's. SemCor tags a form that is an inflection under
// its base, so the base's count covers all of its forms; a third is a
// rough share of a verb's uses that take any one irregular form in the
// Brown texts SemCor tags (the past and past participle forms of
// narrative prose), and of a noun's that are plural.
const ownShare = 3

// ownUse reports whether a form tagged own times in SemCor is more often
// itself than an inflection of a base tagged baseCount times.
func ownUse(own, baseCount int) bool {
	return own*ownShare >= baseCount
}

// personFile is the lexicographer file of nouns that denote people
// (noun.person), whose "-man" compounds make their plural in "-men".
const personFile = 18

// reading is one way of taking a form as an inflection of base.
type reading struct {
	base  string
	count int // base's tag count in the part of speech that inflects so
	// listed is set if an exception list (or the "-men" rule) gives the
	// reading; otherwise only morphy's detachment rules do, which the
	// stemmer after Base deals with.
	listed bool
	order  int // order in which the readings of a form were found
}

// baseForms returns the lines of base.txt: irregular inflected forms and
// their base form ("said" → "say", "children" → "child").
//
// The forms are those of verb.exc and noun.exc, and the "-men" plurals of
// "-man" nouns for people ("women" → "woman"), which morphy makes by rule
// but a stemmer does not. Adjectives' and adverbs' forms are left out:
// their suppletive forms change the meaning ("better off" is not "good
// off"), and the stemmer keeps regular comparatives ("faster") apart from
// their base too, so reducing only "bigger" would be inconsistent.
//
// A form has a line only if its base is the likeliest reading of it:
//
//   - Of its listed bases, the one tagged most often in SemCor in the
//     part of speech of the list wins ("bases" → "base" rather than
//     "basis"); but if a base that the regular rules give is more frequent
//     still, the form is left to the stemmer ("axes" → "axe", not "axis").
//     A base given both ways counts with its larger count: "leaves" is
//     listed as the plural of the nouns "leaf" and "leave", but is far more
//     often the verb "leave", so it maps to "leave".
//   - A form that is a lemma in its own right (or that its list gives as
//     its own base, as verb.exc does for "bed") is kept as it is when its
//     own tag count is at least a third of its base's (see ownShare):
//     "ground" (112 tags) is not "grind" (10), "data" (76) is not "datum"
//     (5); "left" (78) is "leave" (408), "found" (15) is "find" (705).
//
// The lines may chain ("laid" → "lay" → "lie"); unchain removes such lines
// before base.txt is written, but classify uses them all.
//
// classify wants the same for the forms of adjectives and adverbs, so the
// exception lists read are those of the parts of speech ps.
func baseForms(dir string, wn *wordnet, ps []pos) (lines, error) {
	readings := map[string]map[string]reading{}
	self := map[string]bool{} // forms a list gives as their own base
	add := func(form, base string, p pos, listed bool) {
		rs := readings[form]
		if rs == nil {
			rs = map[string]reading{}
			readings[form] = rs
		}
		n := posCount(wn, base, p)
		r, seen := rs[base]
		if !seen {
			r = reading{base: base, order: len(rs)}
		}
		r.count = max(r.count, n)
		r.listed = r.listed || listed
		rs[base] = r
	}
	for _, p := range ps {
		exc, err := readExc(dir, p)
		if err != nil {
			return nil, err
		}
		for _, l := range exc {
			if !isWord(l.form, false) {
				continue
			}
			for _, b := range l.bases {
				switch {
				case b == l.form:
					self[l.form] = true
				case isWord(b, false) && wn.index[p][b] != nil:
					add(l.form, b, p, true)
				}
			}
		}
	}
	if slices.Contains(ps, noun) {
		for _, lemma := range slices.Sorted(maps.Keys(wn.index[noun])) {
			if stem, ok := strings.CutSuffix(lemma, "man"); ok && isWord(lemma, false) && isPerson(wn, lemma) {
				add(stem+"men", lemma, noun, true)
			}
		}
	}
	// The regular readings of the forms found so far.
	for _, form := range slices.Sorted(maps.Keys(readings)) {
		ps := rulePOS(form)
		morph.Candidates(form, func(stem, ending string) bool {
			if c := stem + ending; c != form {
				for _, p := range ps {
					if wn.index[p][c] != nil {
						add(form, c, p, false)
					}
				}
			}
			return true
		})
	}

	return bestBases(wn, readings, self), nil
}

// bestBases picks each form's base among its readings: the most tagged,
// a listed one before a regular one, the first found before the others.
// A form whose best reading is not listed, or that is used as itself
// (self holds the forms a list gives as their own base), has none.
func bestBases(wn *wordnet, readings map[string]map[string]reading, self map[string]bool) lines {
	out := lines{}
	for form, rs := range readings {
		best := slices.MaxFunc(slices.Collect(maps.Values(rs)), func(a, b reading) int {
			if c := cmp.Compare(a.count, b.count); c != 0 {
				return c
			}
			if a.listed != b.listed {
				if a.listed {
					return 1
				}
				return -1
			}
			return cmp.Compare(b.order, a.order) // the first found wins
		})
		if !best.listed {
			continue
		}
		if (self[form] || isLemma(wn, form)) && ownUse(tagged(wn, form), best.count) {
			continue
		}
		out[form] = []string{best.base}
	}
	return out
}

// unchain returns the lines of bases without those whose base is itself
// reduced: Base is applied once, so "laid" → "lay" is left out rather than
// chained to "lie" ("lay" → "lie").
func unchain(bases lines) lines {
	out := lines{}
	for form, b := range bases {
		if bases[b[0]] == nil {
			out[form] = b
		}
	}
	return out
}

// rulePOS is the parts of speech whose detachment rules apply to form:
// morphy detaches "-ed" and "-ing" from verbs, "-er" and "-est" from
// adjectives, "-men" from nouns, and "-s" (with "-es", "-ies") from both.
func rulePOS(form string) []pos {
	switch {
	case strings.HasSuffix(form, "ed"), strings.HasSuffix(form, "ing"):
		return []pos{verb}
	case strings.HasSuffix(form, "er"), strings.HasSuffix(form, "est"):
		return []pos{adj}
	case strings.HasSuffix(form, "men"):
		return []pos{noun}
	case strings.HasSuffix(form, "s"):
		return []pos{noun, verb}
	}
	return nil
}

// isPerson reports whether the most frequent noun sense of lemma is a kind
// of person, not a name: "woman", "chairman", but not "talisman", nor
// "German" or "Roman".
func isPerson(wn *wordnet, lemma string) bool {
	offs := wn.index[noun][lemma]
	if len(offs) == 0 {
		return false
	}
	ss := wn.synsets[noun][offs[0]]
	return ss != nil && ss.lexfile == personFile && !isProper(ss, lemma)
}

// isLemma reports whether WordNet knows lemma in any part of speech.
func isLemma(wn *wordnet, lemma string) bool {
	for _, p := range poses {
		if wn.index[p][lemma] != nil {
			return true
		}
	}
	return false
}

// posCount is lemma's SemCor tag count over its senses in part of speech p.
func posCount(wn *wordnet, lemma string, p pos) int {
	n := 0
	for i := range wn.index[p][lemma] {
		n += wn.counts[senseKey{lemma, p, i + 1}]
	}
	return n
}

// classOrder breaks the last ties between parts of speech: nouns first.
var classOrder = []pos{noun, verb, adj, adv}

// classOf is lemma's dominant part of speech and its total tag count. The
// dominant part of speech is the one whose senses were tagged most often;
// on a tie (or none tagged), the one with the most senses; on a tie again,
// the first in classOrder. It returns 0, 0 for a word WordNet does not
// know.
func classOf(wn *wordnet, lemma string) (pos, int) {
	var best pos
	bestCount, bestSenses, total := -1, -1, 0
	for _, p := range classOrder {
		senses := len(wn.index[p][lemma])
		if senses == 0 {
			continue
		}
		n := posCount(wn, lemma, p)
		total += n
		if n > bestCount || n == bestCount && senses > bestSenses {
			best, bestCount, bestSenses = p, n, senses
		}
	}
	return best, total
}

// classify returns the lines of class.txt, given the lines of baseForms
// for verbs and nouns (before unchain) and for adjectives and adverbs: for
// every single-word lemma, its part of speech and tag count as classOf
// gives them ("v195"; the count is left out when it is 0: "n"), those of
// the word itself or of the base it stands for:
//
//   - an irregular form of a verb or noun that baseForms reduces ("left"
//     → "leave"; "laid" → "lay", whose own class is used, not that of
//     "lie");
//   - an irregular form of an adjective or adverb that baseForms reduces
//     and that WordNet knows only as an adjective or adverb ("bigger" →
//     "big", "earliest" → "early", though Base leaves these alone; but
//     "dryer" and "squatter" stay nouns);
//   - a participle or comparative that WordNet lists only as an adjective
//     or adverb ("used", "included", "greater"), unless its own tag count
//     is at least a third of its base's in the part of speech that
//     inflects so (see ownShare); the base is the first candidate of the
//     detachment rules that WordNet has in that part of speech ("used" →
//     "use", the verb).
//
// Other words that happen to look inflected are words in their own right
// ("meeting", "feeling", "news") and are classed as themselves.
func classify(wn *wordnet, bases, adjBases lines) lines {
	out := lines{}
	for _, p := range poses {
		for lemma := range wn.index[p] {
			if !isWord(lemma, false) || out[lemma] != nil {
				continue
			}
			target := lemma
			if b := bases[lemma]; b != nil {
				target = b[0]
			} else if b := adjBases[lemma]; b != nil && adjOnly(wn, lemma) {
				target = b[0]
			} else if b := participleBase(wn, lemma); b != "" {
				target = b
			}
			c, n := classOf(wn, target)
			v := string(rune(c))
			if n > 0 {
				v += strconv.Itoa(n)
			}
			if c == noun && isName(wn, target) {
				v += "p"
			}
			out[lemma] = []string{v}
		}
	}
	return out
}

// isName reports whether a noun's first sense is a name: WordNet writes
// the lemma with a capital in that synset ("Texas", "Sacramento"), as it
// does for places, people, organisations and works, and not for common
// nouns ("title", "lawsuit").
func isName(wn *wordnet, lemma string) bool {
	offs := wn.index[noun][lemma]
	if len(offs) == 0 {
		return false
	}
	ss := wn.synsets[noun][offs[0]]
	if ss == nil {
		return false
	}
	for _, m := range ss.members {
		if m.lemma == lemma {
			return m.proper
		}
	}
	return false
}

// participleBase returns the base that form stands for if form is a
// participle or comparative known to WordNet only as an adjective or
// adverb and it is more often an inflection than a word of its own (see
// classify); otherwise "".
func participleBase(wn *wordnet, form string) string {
	if !adjOnly(wn, form) {
		return ""
	}
	var want pos
	switch {
	case strings.HasSuffix(form, "ed"), strings.HasSuffix(form, "ing"):
		want = verb
	case strings.HasSuffix(form, "er"), strings.HasSuffix(form, "est"):
		want = adj
	default:
		return ""
	}
	base := ""
	morph.Candidates(form, func(stem, ending string) bool {
		if c := stem + ending; c != form && wn.index[want][c] != nil {
			base = c
			return false
		}
		return true
	})
	if base == "" || ownUse(tagged(wn, form), posCount(wn, base, want)) {
		return ""
	}
	return base
}
