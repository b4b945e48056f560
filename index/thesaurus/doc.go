// Package thesaurus gives general English synonyms, drawn from WordNet 3.0,
// so that a question's word can meet a story's word: "refused" ~
// "declined", "said" ~ "stated", "kept" ~ "maintained".
//
// It is a general resource: nothing in it is tuned to a story or a
// question. Its data are three small sorted text files embedded in the
// binary and binary-searched in place, so the package costs nothing at
// start-up and nothing per call beyond the slice it returns.
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
// # Regenerating
//
// The data come from Debian's wordnet-base package (WordNet 3.0; licence
// in LICENSE.wordnet). From the module root:
//
//	apt-get install -y wordnet-base
//	go run ./index/thesaurus/internal/gen -wordnet /usr/share/wordnet -o index/thesaurus/thesaurus.txt
//
// or go generate in this directory. The generator is deterministic and
// writes related.txt and irregular.txt beside thesaurus.txt; its -explain
// flag prints a word's senses with their tag counts and which are kept.
package thesaurus

//go:generate go run ./internal/gen -wordnet /usr/share/wordnet -o thesaurus.txt
