package index

import (
	"math"
	"slices"
	"storybot/index/thesaurus"
	"storybot/index/vectors"
	"strings"
	"unicode"
)

// How much an alternative form of a question word earns of its weight.
const (
	altSynonym = 0.6  // a synonym of the word instead of the word
	altRelated = 0.35 // a broader word (WordNet hypernym) instead of the word
	altFix     = 0.8  // a spelling fix instead of the word
)

// qterm is one word of the question, after analysis.
type qterm struct {
	term string // the analyzed form ("refus")
	word string // as the question has it, lower-cased ("refused")
	vec  vectors.Vec
	inv  float32 // 1/|vec|
	pos  byte    // its dominant part of speech (thesaurus.Class), 0 if unknown
	// rarity is how rare the word is in English (vectors.Rarity): a word
	// the corpus does not know tells more the rarer it is.
	rarity float64
	// focus is 1, or outOfFocus for a word of the talk around a long
	// message's question (focus.go).
	focus float64
	// name is true for a name (thesaurus.IsName) or a number: the
	// particular things a question can be about.
	name bool
	id   uint32  // its word id, noWord if the corpus does not hold it
	idf  float64 // how rare it is in the corpus: how much matching it tells
	// weight is how much the question is about it, for abstention: a word
	// the corpus never uses is weighed by what kind of word it is.
	weight float64
	// alts are other analyzed forms that count for it: synonyms and
	// spelling fixes, each with the share of the weight it earns.
	alts map[string]float64
}

// questionTerms analyzes a question into its words, weighted by rarity,
// with the other forms that may stand for each: synonyms, and spelling
// fixes for words the corpus does not know.
func (e *Engine) questionTerms(question string, focus map[string]bool) []qterm {
	var terms []qterm
	n := float64(e.docs)
	maxIDF := math.Log(1 + (n+0.5)/0.5)
	toks := e.analyzer.Analyze([]byte(question))
	prev := "" // the word before, for phrasal verbs
	for _, tok := range toks {
		t := string(tok.Term)
		word := strings.ToLower(question[tok.Start:tok.End])
		// The particle of a phrasal verb ("back" in "pushed back") is part
		// of the verb, looked up with it, not a word of its own.
		particle := particles[word] && prev != "" && thesaurus.Lookup(prev+" "+word) != nil
		prev = word
		if particle || questionFiller[t] || slices.ContainsFunc(terms, func(q qterm) bool { return q.term == t }) {
			continue
		}
		df := float64(e.df[t])
		phrase := ""
		if next := nextWord(question[tok.End:]); next != "" {
			phrase = word + " " + strings.ToLower(next)
		}
		info := e.alternatives(t, word, phrase)
		qt := qterm{
			term: t, word: word, id: e.words.ids[t], idf: math.Log(1 + (n-df+0.5)/(df+0.5)),
			alts: info.alts, pos: info.pos, rarity: info.rarity, name: info.name, vec: info.vec, inv: info.inv,
		}
		qt.focus = 1
		if focus != nil && !focus[word] {
			qt.focus = outOfFocus // talk around a long message's question
			qt.idf *= outOfFocus
		}
		if df == 0 {
			qt.weight = maxIDF * e.unknownWeight(info.pos) * qt.focus
		} else {
			qt.weight = qt.idf * e.knownWeight(info.pos, info.count)
		}
		terms = append(terms, qt)
	}
	return terms
}

// nextWord returns the word that opens s after spaces, or "" if
// something else comes first.
func nextWord(s string) string {
	s = strings.TrimLeft(s, " ")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

// termInfo is what a question word brings besides itself; it depends only
// on the word and the corpus, so it is computed once per word.
type termInfo struct {
	alts   map[string]float64 // read-only once cached
	pos    byte               // the word's dominant part of speech (thesaurus.Class)
	count  int                // how common it is in English (thesaurus.Class)
	rarity float64            // how rare it is in English (vectors.Rarity)
	name   bool               // a name or a number (see qterm)
	vec    vectors.Vec        // its word vector, or the corpus's for its analyzed form; nil if none
	inv    float32            // 1/|vec|
}

// particles make a phrasal verb of the word before them.
var particles = map[string]bool{
	"over": true, "up": true, "down": true, "back": true, "out": true, "off": true,
	"in": true, "on": true, "away": true, "through": true, "about": true, "around": true,
}

// commonVerbCount is the SemCor tag count above which a verb is among
// English's most common ("make" 1613, "see" 1214, "go" 598, "ask" 428).
const commonVerbCount = 300

// maxCachedWords bounds the word cache: questions can bring any word.
const maxCachedWords = 50000

// alternatives returns what a question word brings besides itself: the
// other analyzed forms that count for the analyzed term t (surface form
// word, followed by phrase when the next word makes one with it), with
// their weights, its class, rarity and vector. It depends only on the
// word and the corpus, so it is computed once per word and cached. The
// result must not be modified.
func (e *Engine) alternatives(t, word, phrase string) termInfo {
	key := t + "\x00" + word + "\x00" + phrase
	e.cacheMu.Lock()
	info, ok := e.cache[key]
	e.cacheMu.Unlock()
	if ok {
		return info
	}
	qt := qterm{term: t}
	phrasal := false
	if phrase != "" {
		// A phrasal verb or compound: "pushed back", "hand over".
		syns := thesaurus.Lookup(phrase)
		_, particle, _ := strings.Cut(phrase, " ")
		phrasal = syns != nil && particles[particle]
		if !e.opt.Disable["synonyms"] {
			e.addAlts(&qt, syns, altSynonym)
		}
	}
	if !e.opt.Disable["synonyms"] {
		for alt, w := range e.lex[t] {
			qt.setAlt(alt, w)
		}
		e.addAlts(&qt, thesaurus.Lookup(word), altSynonym)
		e.addAlts(&qt, thesaurus.Related(word), altRelated)
	}
	if e.df[t] == 0 && !e.opt.Disable["fuzzy"] {
		for _, fix := range e.spellingFixes(t) {
			if _, ok := qt.alts[fix]; !ok {
				qt.setAlt(fix, altFix)
			}
		}
	}
	if e.df[t] == 0 && !e.opt.Disable["vectors"] {
		// A word the corpus lacks, and not a misspelling of one: its
		// nearest words in meaning stand for it.
		if v, ok := lookupVec(word); ok && !qt.hasFix() {
			for _, nb := range e.neighbours(v, t) {
				if _, ok := qt.alts[nb.word]; !ok {
					qt.setAlt(nb.word, altNeighbour*related(nb.cos))
				}
			}
		}
	}
	info = termInfo{alts: qt.alts}
	info.pos, info.count = thesaurus.Class(word)
	if phrasal {
		info.pos = 'v' // "hand" in "hand over" is a verb
	}
	bare := strings.TrimSuffix(strings.TrimSuffix(word, "'s"), "’s")
	info.rarity, _ = vectors.Rarity(bare)
	info.name = thesaurus.IsName(bare) || strings.IndexFunc(bare, func(r rune) bool { return r < '0' || r > '9' }) < 0
	if v, ok := lookupVec(word); ok {
		info.vec, info.inv = v, invNorm(v)
	} else if id := e.words.ids[t]; id != noWord && e.wv.inv != nil && e.wv.inv[id] != 0 {
		info.vec, info.inv = e.wv.vec(id), e.wv.inv[id]
	}
	e.cacheMu.Lock()
	if len(e.cache) >= maxCachedWords {
		clear(e.cache)
	}
	e.cache[key] = info
	e.cacheMu.Unlock()
	return info
}

// unknownWeight is the share of the full weight that a question word the
// corpus never uses keeps for abstention. Nouns and names carry a
// question's topic: "calories", "France", "password" the corpus does not
// know mean the question is not about it. Verbs, adjectives and adverbs
// are more often the asker's own way of saying what the story says in
// other words ("happen", "create", "official"), so missing them tells
// less.
func (e *Engine) unknownWeight(pos byte) float64 {
	if e.opt.Disable["pos"] {
		return 1
	}
	switch pos {
	case 'v', 'a', 'r':
		return e.w.UnknownNonNoun
	}
	return 1
}

// knownWeight is the share of its rarity that a question word the corpus
// uses keeps for abstention. The verbs English uses most ("make", "go",
// "take", "say") are in nearly every story in some form: finding one says
// little about whether a question is about this one ("How do I make
// pancakes?").
func (e *Engine) knownWeight(pos byte, count int) float64 {
	if e.opt.Disable["pos"] || pos != 'v' || count < commonVerbCount {
		return 1
	}
	return e.w.CommonVerb
}

// addAlts adds the words the corpus knows among alternatives, analyzed as
// the corpus was.
func (e *Engine) addAlts(qt *qterm, words []string, weight float64) {
	for _, w := range words {
		for _, tok := range e.analyzer.Analyze([]byte(w)) {
			alt := string(tok.Term)
			if alt != qt.term && e.df[alt] > 0 && qt.alts[alt] < weight {
				qt.setAlt(alt, weight)
			}
		}
	}
}

// hasFix reports whether a spelling fix stands for the word.
func (qt *qterm) hasFix() bool {
	for _, w := range qt.alts {
		if w == altFix {
			return true
		}
	}
	return false
}

func (qt *qterm) setAlt(alt string, weight float64) {
	if qt.alts == nil {
		qt.alts = map[string]float64{}
	}
	qt.alts[alt] = weight
}

// questionFiller are words of asking, not of the thing asked about.
var questionFiller = map[string]bool{
	"tell": true, "pleas": true, "know": true, "explain": true, "describ": true, "me": true,
}
