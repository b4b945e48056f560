package main

import (
	"cmp"
	"slices"
)

// Which synonyms and broader words each word keeps (see the package
// comment of storybot/index/thesaurus).

// sense is one meaning of a key lemma.
type sense struct {
	pos   pos
	num   int // 1-based within pos
	count int // SemCor tag count
	ss    *synset
}

// senses returns the senses of lemma worth using, most frequent first.
//
// WordNet lists every sense it knows, and rare ones produce junk for news
// ("state" as in "submit"). A sense is kept when it is among the first
// maxSenses of its part of speech and its SemCor tag count is at least
// minShare of the word's most frequent sense. A word with no tagged sense at
// all (most rare words) keeps only sense 1 of each part of speech, WordNet's
// best guess at its main meaning.
func senses(wn *wordnet, lemma string, o options) []sense {
	var all []sense
	top := 0
	for _, p := range poses {
		for i, off := range wn.index[p][lemma] {
			if i >= o.maxSenses {
				break
			}
			ss := wn.synsets[p][off]
			if ss == nil || isProper(ss, lemma) {
				continue
			}
			s := sense{pos: p, num: i + 1, count: wn.counts[senseKey{lemma, p, i + 1}], ss: ss}
			top = max(top, s.count)
			all = append(all, s)
		}
	}
	var kept []sense
	for _, s := range all {
		if top == 0 && s.num != 1 {
			continue
		}
		if top > 0 && (s.count == 0 || float64(s.count) < o.minShare*float64(top)) {
			continue
		}
		kept = append(kept, s)
	}
	// Most frequent first; ties keep part-of-speech order, then sense number
	// (the stable sort preserves the order they were gathered in).
	slices.SortStableFunc(kept, func(a, b sense) int { return cmp.Compare(b.count, a.count) })
	return kept
}

// isProper reports whether lemma appears in ss only as a name ("Paris" the
// city, "Mercury" the planet): such senses give no synonyms of the common
// word.
func isProper(ss *synset, lemma string) bool {
	for _, m := range ss.members {
		if m.lemma == lemma {
			return m.proper
		}
	}
	return false
}

// memberCount is how often lemma was tagged with the meaning of ss: it lets
// "refuse, decline" rank the common synonym ahead of the rare one.
func memberCount(wn *wordnet, lemma string, ss *synset, off int) int {
	for i, o := range wn.index[ss.pos][lemma] {
		if o == off {
			return wn.counts[senseKey{lemma, ss.pos, i + 1}]
		}
	}
	return 0
}

// builder computes the synonym lists.
type builder struct {
	wn    *wordnet
	o     options
	offOf map[*synset]int // synset → its offset in data.<pos>
}

// isCommon reports whether ss is among lemma's first synRank senses, that
// is, whether lemma commonly carries the meaning of ss.
//
// This is looser than the sense filter applied to the key word itself (no
// tag-count share), on purpose: SemCor's counts split fine senses
// arbitrarily ("information" is tagged 0 times in the sense it shares with
// "data", its 4th), whereas the rank alone still shuts out the real danger,
// very polysemous words whose shared sense is far down their list ("see" is
// "meet" only in its 8th sense).
func (b *builder) isCommon(lemma string, ss *synset) bool {
	off := b.offOf[ss]
	for i, o := range b.wn.index[ss.pos][lemma] {
		if i >= b.o.synRank {
			break
		}
		if o == off {
			return true
		}
	}
	return false
}

// words returns the members of ss that may stand for key: single plain
// words, not names, and — the main guard against noise — only members that
// commonly carry the meaning of ss (see isCommon). "see" shares a synset
// with "meet" (to come together), but that is not what "see" usually
// means, so a story's "see" should not answer a question's "meet".
func (b *builder) words(key string, ss *synset) []string {
	off := b.offOf[ss]
	ms := slices.Clone(ss.members)
	// The members that most often carry this meaning come first;
	// WordNet's own member order breaks ties.
	slices.SortStableFunc(ms, func(x, y member) int {
		return cmp.Compare(memberCount(b.wn, y.lemma, ss, off), memberCount(b.wn, x.lemma, ss, off))
	})
	var out []string
	for _, m := range ms {
		if m.lemma != key && !m.proper && isWord(m.lemma, false) && b.isCommon(m.lemma, ss) {
			out = append(out, m.lemma)
		}
	}
	return out
}

// lists returns key's synonyms and its related (broader) words.
func (b *builder) lists(key string) (syns, related []string) {
	seen := map[string]bool{key: true}
	add := func(list *[]string, ws []string) {
		for _, w := range ws {
			if !seen[w] && len(*list) < b.o.maxSyns {
				seen[w] = true
				*list = append(*list, w)
			}
		}
	}
	ss := senses(b.wn, key, b.o)
	var bare []sense
	for _, s := range ss {
		if alone(key, s.ss) {
			bare = append(bare, s)
		}
		add(&syns, b.words(key, s.ss))
	}
	// A main sense for which WordNet has no single-word synonym at all
	// ("deny" is alone in each of its first three synsets) borrows the
	// words of the synset one step up: "deny" → "contradict", "repudiate";
	// "confidential" → "private". They go to a separate list because a
	// broader word is a looser match ("secret" → "information"), and only
	// bare senses borrow, since hypernyms of common verbs are often as
	// vague as "act", "move" or "change".
	for _, s := range bare {
		for _, h := range s.ss.broader {
			if hs := b.wn.synsets[s.pos][h]; hs != nil {
				add(&related, b.words(key, hs))
			}
		}
	}
	return syns, related
}

// build returns the lines of thesaurus.txt and of related.txt.
func build(wn *wordnet, o options) (synonyms, related lines) {
	b := &builder{wn: wn, o: o, offOf: map[*synset]int{}}
	for _, p := range poses {
		for off, ss := range wn.synsets[p] {
			b.offOf[ss] = off
		}
	}

	keys := map[string]bool{}
	for _, p := range poses {
		for lemma := range wn.index[p] {
			if isWord(lemma, false) {
				keys[lemma] = true
			} else if o.phrases && isWord(lemma, true) && tagged(wn, lemma) >= o.minPhraseN {
				keys[lemma] = true
			}
		}
	}

	synonyms, related = lines{}, lines{}
	for key := range keys {
		syns, rel := b.lists(key)
		if len(syns) > 0 {
			synonyms[key] = syns
		}
		if len(rel) > 0 {
			related[key] = rel
		}
	}
	return synonyms, related
}

// alone reports whether ss offers key no single-word synonym at all, names
// aside.
func alone(key string, ss *synset) bool {
	for _, m := range ss.members {
		if m.lemma != key && !m.proper && isWord(m.lemma, false) {
			return false
		}
	}
	return true
}

// tagged is the total SemCor tag count of lemma over all its senses.
func tagged(wn *wordnet, lemma string) int {
	n := 0
	for _, p := range poses {
		for i := range wn.index[p][lemma] {
			n += wn.counts[senseKey{lemma, p, i + 1}]
		}
	}
	return n
}
