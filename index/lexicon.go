package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"storybot/index/thesaurus"
)

// A question's word and the story's word for the same thing are linked
// through WordNet both ways: the question's word's synonyms are looked up
// at query time (Engine.questionTerms), and the synonyms of every word of
// the corpus are looked up once at index time and kept here, keyed by the
// synonym, so that "first" finds "inaugural" although WordNet lists
// "first" among the synonyms of "inaugural" and not the reverse.

// lexicon maps an analyzed word a question may use to the analyzed corpus
// words it may stand for, with the share of weight each earns.
type lexicon map[string]map[string]float64

// buildLexicon looks up every distinct word of the corpus.
func buildLexicon(an analysis.Analyzer, words map[string]bool) lexicon {
	lex := lexicon{}
	add := func(syns []string, corpusTerm string, weight float64) {
		for _, s := range syns {
			for _, tok := range an.Analyze([]byte(s)) {
				q := string(tok.Term)
				if q == corpusTerm {
					continue
				}
				m := lex[q]
				if m == nil {
					m = map[string]float64{}
					lex[q] = m
				}
				if m[corpusTerm] < weight {
					m[corpusTerm] = weight
				}
			}
		}
	}
	for w := range words {
		toks := an.Analyze([]byte(w))
		if len(toks) != 1 {
			continue // a stop word
		}
		c := string(toks[0].Term)
		add(thesaurus.Lookup(w), c, altSynonym)
		add(thesaurus.Related(w), c, altRelated)
	}
	return lex
}

// surfaceWords adds the distinct lower-case words of text to words.
func surfaceWords(words map[string]bool, text string) {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '\'' || r >= 0x80)
	}) {
		words[strings.ToLower(strings.Trim(f, "-'"))] = true
	}
}
