// Package thesaurus gives general English synonyms, drawn from WordNet 3.0,
// so that a question's word can meet a story's word: "refused" ~
// "declined", "said" ~ "stated", "kept" ~ "maintained".
//
// It also tells the base form of an irregular inflected word (Base:
// "said" → "say", "children" → "child"), and a word's main part of speech
// and how common it is (Class: "happen" → verb, 195 SemCor tags; "apple" →
// noun, 1).
//
// It is a general resource: nothing in it is tuned to a story or a
// question. Its data are five sorted text files embedded in the binary and
// binary-searched in place, so the package costs nothing at start-up and
// nothing per call beyond the slice it returns.
//
// Files: thesaurus.go (Lookup and Related, and the binary search of the
// tables), lemma.go (the key a word stands for: itself, its irregular
// base or a base by the detachment rules) and class.go (Base and Class,
// with IsName). The tables' generator is internal/gen, and the detachment
// rules it shares with this package are internal/morph's.
//
// # What is kept
//
// WordNet lists every sense of a word, and rare senses produce junk for
// news ("state" as in "submit", "meet" as in "see"). The generator
// therefore keeps, for each word:
//
//   - its main senses only: among the first 3 of each part of speech (the
//     order of index.*, WordNet's frequency ranking), and tagged in SemCor
//     (cntlist.rev) at least a fifth as often as the word's most frequent
//     sense; a word never tagged (most rare words) keeps sense 1 of each
//     part of speech;
//   - of each such sense, the other single-word members of its synset that
//     commonly mean it too, i.e. have it among their own first 4 senses
//     ("see" means "meet" only in its 8th sense, so "meet" does not list
//     it). Names (capitalised members) are left out. Members that were
//     tagged more often with the sense come first;
//   - at most 12 words, most frequent sense first.
//
// Related words (Related) come from the senses that have no synonym at all
// in WordNet: the members of the synset one step up (hypernym for nouns
// and verbs, head adjective for satellites). Hypernyms of senses that have
// synonyms are not used: for common verbs they are as vague as "act",
// "move" or "change".
//
// Keys are single lower-case words (letters and hyphens) and, as a
// convenience for phrasal verbs, the multi-word lemmas that SemCor attests
// ("turn down" → "reject", "refuse", "decline"); values are always single
// words.
//
// # Inflected forms
//
// Lookup("refused") finds the entry of "refuse": a word without an entry of
// its own is reduced to its base form by WordNet's irregular-form lists
// (irregular.txt, from *.exc) and then its detachment rules (-s, -es, -ies
// → -y, -ed, -ing, -er, -est; see internal/morph), the first candidate
// with an entry winning. A word with an entry of its own is not reduced
// ("meeting" stays the noun), except that irregular forms that are lemmas
// too ("said", "found", "left"), and participles and comparatives that
// WordNet lists only as adjectives ("destroyed", "concerned"), have their
// entries merged with their base's at generation time, the more frequent
// meaning (by SemCor tag counts) first, the base word heading its list:
// "said" → "say", "tell", "state", "aforesaid", ...
//
// # Base forms
//
// Base serves an index-time token filter placed before a stemmer: it maps
// the irregular forms that no stemmer handles to their base, and nothing
// else. Its table, base.txt, holds the forms of WordNet's verb.exc and
// noun.exc ("said" → "say", "met" → "meet", "children" → "child"), and the
// "-men" plurals of "-man" nouns for people ("women" → "woman"), which
// morphy makes by rule but a stemmer does not. The forms of adjectives and
// adverbs (adj.exc, adv.exc) are left out: "better" and "worse" are not
// "good" and "bad" ("better off"), and the stemmer keeps regular
// comparatives ("faster") apart from their base anyway.
//
// A form is reduced only to its likeliest base, judged by SemCor tag
// counts (SemCor tags an inflected form under its base's sense):
//
//   - among the bases its lists give, the one tagged most often in that
//     part of speech ("bases" → "base", not "basis"); but if the regular
//     rules give a base tagged more often still, the form is left to the
//     stemmer ("axes" → "axe" rather than "axis"); "leaves" → "leave", the
//     verb being far more frequent than the nouns "leaf" and "leave";
//   - a form that is a word in its own right is kept as it is when its own
//     tag count is at least a third of its base's (a third: roughly the
//     share of a verb's uses that take one of its irregular forms): so
//     "ground" (112 tags) stays, not "grind" (10), and so do "data" (76;
//     "datum" 5), "bound", "bit", "shot", "wound", "planning", "hidden",
//     "married"; while "found" (15) is "find" (705), "left" (78) is
//     "leave" (408), "thought" (102) is "think" (590), "saw" is "see",
//     "born" is "bear", "lay" is "lie";
//   - no chains: "laid" → "lay" is left out because "lay" → "lie".
//
// # Word classes
//
// Class gives a word's dominant part of speech and its SemCor tag count
// over all its senses, from class.txt, which has a line for every
// single-word lemma of WordNet ("happen<TAB>v195"; the count is left out
// when 0: "calorie<TAB>n"). The dominant part of speech is the one whose
// senses were tagged most often; on a tie, or none tagged, the one with
// the most senses; then nouns, verbs, adjectives, adverbs in that order.
// Adjective satellites count as adjectives.
//
// A lemma that stands for its base carries its base's line: the irregular
// forms Base reduces ("left" as "leave"), irregular comparatives known only
// as adjectives ("bigger" as "big"), and participles and comparatives
// known only as adjectives unless their own tag count is at least a third
// of their base's ("used" as "use", "included" as "include"; but "later"
// and "concerned" as themselves). Other lemmas that look inflected are
// words of their own ("meeting", "feeling"). A word that is not a lemma is
// reduced as Lookup reduces it: Base, then irregular.txt, then the
// detachment rules ("happened" → "happen", "calories" → "calorie").
//
// # Regenerating
//
// The data come from Debian's wordnet-base package (WordNet 3.0; licence
// in LICENSE.wordnet). From the module root:
//
//	apt-get install -y wordnet-base
//	go run ./index/thesaurus/internal/gen -wordnet /usr/share/wordnet -o index/thesaurus/thesaurus.txt
//
// or go generate in this directory. The generator is deterministic and
// writes related.txt, irregular.txt, base.txt and class.txt beside
// thesaurus.txt; its -explain flag prints a word's senses with their tag
// counts and which are kept.
package thesaurus

//go:generate go run ./internal/gen -wordnet /usr/share/wordnet -o thesaurus.txt
