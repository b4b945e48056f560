package main

import (
	"maps"
	"slices"
	"storybot/index/thesaurus/internal/morph"
	"strings"
)

// Inflected forms: their entries are merged with their base's.

// inflections handles the irregular forms of WordNet's exception lists
// (*.exc: "inflected base..."), keeping the first base that has an entry.
//
// Each form goes into the returned table ("sold" → "sell", "media" →
// "medium"), which Lookup consults before the regular detachment rules,
// unless those rules find the same base anyway. Lookup uses it for words
// without an entry of their own, and for the first word of a phrase
// ("kept" in "kept out").
//
// A form that is also a lemma in its own right gets its own entry, which
// Lookup would use as it is; and that entry is often a rare adjective or
// noun sense: "said" → "aforesaid", "kept" → "unbroken", "found" →
// "establish", where a news question almost always means "say", "keep",
// "find". So its entry is merged with its base's: the base word, then the
// base's synonyms, then its own, or its own first if its own senses were
// tagged more often in SemCor than the base's ("ground" over "grind").
// Participles and comparatives known only as adjectives get the same
// treatment (see below).
func inflections(dir string, wn *wordnet, syns, rel lines, o options) (lines, error) {
	has := func(w string) bool { return syns[w] != nil || rel[w] != nil }
	base := map[string]string{}
	for _, p := range poses {
		exc, err := readExc(dir, p)
		if err != nil {
			return nil, err
		}
		for _, l := range exc {
			if _, done := base[l.form]; done || !isWord(l.form, false) {
				continue
			}
			for _, b := range l.bases {
				if b != l.form && has(b) {
					base[l.form] = b
					break
				}
			}
		}
	}

	irr := lines{}
	for form, b := range base {
		if byRules(form, has) != b {
			irr[form] = []string{b}
		}
	}

	// Regular participles and comparatives that WordNet also lists as
	// adjectives, and only as adjectives, have the same trouble:
	// "destroyed" → "ruined" alone, "concerned" → "afraid", where the
	// question most likely means "destroy", "concern". Nouns are left
	// alone: "meeting", "news" or "physics" are words in their own right.
	for _, form := range slices.Concat(slices.Collect(maps.Keys(syns)), slices.Collect(maps.Keys(rel))) {
		if _, done := base[form]; done || !adjOnly(wn, form) {
			continue
		}
		var want pos
		switch {
		case strings.HasSuffix(form, "ed"), strings.HasSuffix(form, "ing"):
			want = verb
		case strings.HasSuffix(form, "er"), strings.HasSuffix(form, "est"):
			want = adj
		default:
			continue
		}
		if b := byRules(form, has); b != form && wn.index[want][b] != nil {
			base[form] = b
		}
	}

	// Merge from the unmerged lists, so that no merge feeds another.
	syns0, rel0 := maps.Clone(syns), maps.Clone(rel)
	for form, b := range base {
		if !has(form) {
			continue
		}
		baseFirst := tagged(wn, b) >= tagged(wn, form)
		if s := merge(form, slices.Concat([]string{b}, syns0[b]), syns0[form], baseFirst, o.maxSyns); len(s) > 0 {
			syns[form] = s
		}
		r := merge(form, rel0[b], rel0[form], baseFirst, o.maxSyns)
		r = slices.DeleteFunc(r, func(w string) bool { return slices.Contains(syns[form], w) })
		if len(r) > 0 {
			rel[form] = r
		} else {
			delete(rel, form)
		}
	}
	return irr, nil
}

// adjOnly reports whether WordNet knows lemma only as an adjective or
// adverb.
func adjOnly(wn *wordnet, lemma string) bool {
	return wn.index[noun][lemma] == nil && wn.index[verb][lemma] == nil
}

// merge joins two lists, a's first if aFirst, without duplicates or key,
// capped at n.
func merge(key string, a, b []string, aFirst bool, n int) []string {
	if !aFirst {
		a, b = b, a
	}
	var out []string
	for _, w := range slices.Concat(a, b) {
		if w != key && !slices.Contains(out, w) && len(out) < n {
			out = append(out, w)
		}
	}
	return out
}

// byRules is the base Lookup finds for form from the rules alone: the first
// candidate that is a key, or form itself when there is none.
func byRules(form string, has func(string) bool) string {
	base := form
	morph.Candidates(form, func(stem, ending string) bool {
		if has(stem + ending) {
			base = stem + ending
			return false
		}
		return true
	})
	return base
}
