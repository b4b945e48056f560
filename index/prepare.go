package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

// docFields are the indexed fields of a passage, in prepared.fields order.
var docFields = [...]string{fText, fContext, fSpeaker, fAbout, fKind}

// prepared is a story ready to index: per passage, its record and the
// tokens of each of its fields, and the story's distinct words.
type prepared struct {
	recs    []record // their word ids are the story's own (words)
	fields  [][len(docFields)]tokens
	words   *vocabulary                    // the story's analyzed words
	surface map[string]bool                // the story's distinct words as written
	df      [len(docFields)]map[string]int // how many passages hold each term, by field
	title   []uint32                       // the analyzed title
	cuts    int                            // sentences cut at maxSentence
}

// tokens is a field analyzed beforehand, handed to bleve as its own
// analyzer, which gives the tokens back: nothing is analyzed twice. bleve
// only reads them.
type tokens analysis.TokenStream

func (t tokens) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(t) }

// prepare annotates and analyzes one story.
func prepare(an analysis.Analyzer, storyIdx int, st Story) prepared {
	ps := annotate(storyIdx, st)
	out := prepared{
		recs: make([]record, len(ps)), fields: make([][len(docFields)]tokens, len(ps)),
		words: newVocabulary(nil), surface: map[string]bool{},
	}
	ids := func(ts tokens) []uint32 {
		l := make([]uint32, len(ts))
		for i, t := range ts {
			l[i] = out.words.id(string(t.Term))
		}
		return l
	}
	memo := map[string]tokens{}
	analyze := func(s string) tokens {
		t, ok := memo[s]
		if !ok {
			t = tokens(an.Analyze([]byte(s)))
			memo[s] = t
		}
		return t
	}
	own := make([]tokens, len(ps))
	for j, p := range ps {
		if p.Cut {
			out.cuts++
		}
		own[j] = tokens(an.Analyze([]byte(p.Text)))
		surfaceWords(out.surface, p.Text)
	}
	out.title = ids(analyze(st.Title))
	for j, p := range ps {
		about := strings.Join(p.about, " ; ")
		var context tokens
		if j > 0 && ps[j-1].Paragraph == p.Paragraph {
			context = append(context, own[j-1]...)
		}
		if j+1 < len(ps) && ps[j+1].Paragraph == p.Paragraph {
			context = append(context, own[j+1]...)
		}
		kinds := make(tokens, len(p.kinds))
		for k, kind := range p.kinds {
			kinds[k] = &analysis.Token{Term: []byte(kind), Position: k + 1, Type: analysis.AlphaNumeric}
		}
		out.fields[j] = [len(docFields)]tokens{own[j], context, analyze(p.speaker), analyze(about), kinds}
		for f, toks := range out.fields[j] {
			countTerms(&out.df[f], toks)
		}
		// The re-ranker reads what is shown: a sentence that leans on the
		// one before is shown with it, and is about what they say together.
		shown := own[j]
		if p.text != p.Text {
			shown = tokens(an.Analyze([]byte(p.text)))
		}
		var persons []uint32
		for k, name := range p.persons {
			if k > 0 {
				persons = append(persons, noWord)
			}
			persons = append(persons, ids(analyze(name))...)
		}
		out.recs[j] = record{
			story: int32(storyIdx), para: int32(p.Paragraph), sent: int32(p.Number),
			kinds: kindSetOf(p.kinds), show: p.text, speaker: p.speaker,
			text: ids(shown), speakerTerms: ids(analyze(p.speaker)), about: ids(analyze(about)),
			defines: ids(analyze(strings.Join(p.defines, " "))), persons: persons,
		}
	}
	return out
}

// countTerms adds one to df for each distinct term of toks.
func countTerms(df *map[string]int, toks tokens) {
	if *df == nil {
		*df = map[string]int{}
	}
	for i, t := range toks {
		seen := false
		for _, u := range toks[:i] {
			if string(u.Term) == string(t.Term) {
				seen = true
				break
			}
		}
		if !seen {
			(*df)[string(t.Term)]++
		}
	}
}
