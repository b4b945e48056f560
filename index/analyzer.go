package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"storybot/index/thesaurus"
)

// analyzerName is bleve's English analyzer with one more step: irregular
// forms are taken to their base before stemming, so that "said" meets
// "say", "sent" meets "send" and "met" meets "meet", which no stemmer
// does. Questions and stories go through the same analyzer.
const analyzerName = "storybot_en"

const lemmaFilterName = "storybot_lemma"

// lemmaFilter replaces irregular inflected forms by their base form.
type lemmaFilter struct{}

func (lemmaFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if base, ok := thesaurus.Base(string(tok.Term)); ok {
			tok.Term = append(tok.Term[:0], base...)
		}
	}
	return input
}

// The analyzer and its filter are registered with bleve when the package
// loads, as bleve's own are; a name taken twice is a programming error,
// and bleve panics on it too.
func init() {
	must(registry.RegisterTokenFilter(lemmaFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return lemmaFilter{}, nil
	}))
	must(registry.RegisterAnalyzer(analyzerName, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		a := &analysis.DefaultAnalyzer{}
		var err error
		if a.Tokenizer, err = cache.TokenizerNamed(unicode.Name); err != nil {
			return nil, err
		}
		for _, name := range []string{en.PossessiveName, lowercase.Name, lemmaFilterName, en.StopName, porter.Name} {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		return a, nil
	}))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
