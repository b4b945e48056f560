package index

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// ErrNoParagraph is Paragraph's error for a story or paragraph the engine
// does not have (the corpus changed since the answer was given).
var ErrNoParagraph = errors.New("no such paragraph")

// Paragraph returns the sentences of paragraph para (1-based, as in
// Source.Paragraph) of story storyID, in order: element i is sentence i+1
// (Source.Sentence). The engine keeps each passage as it is shown (a
// sentence that leans on the one before is shown with it, a quotation is
// balanced); the sentences are found again from those, without the story's
// text.
func (e *Engine) Paragraph(storyID string, para int) ([]string, error) {
	si := -1
	for i := range e.stories {
		if e.stories[i].ID == storyID {
			si = i
			break
		}
	}
	if si < 0 || para < 1 {
		return nil, fmt.Errorf("story %q, paragraph %d: %w", storyID, para, ErrNoParagraph)
	}
	// The records are in the order of the stories, their paragraphs and
	// sentences.
	lo := sort.Search(len(e.recs), func(i int) bool {
		r := &e.recs[i]
		return int(r.story) > si || int(r.story) == si && int(r.para) >= para
	})
	var shows []string
	for i := lo; i < len(e.recs) && int(e.recs[i].story) == si && int(e.recs[i].para) == para; i++ {
		shows = append(shows, e.recs[i].show)
	}
	if len(shows) == 0 {
		return nil, fmt.Errorf("story %q, paragraph %d: %w", storyID, para, ErrNoParagraph)
	}
	return paraSentences(shows), nil
}

// paraSentences undoes what annotate did to a paragraph's sentences to
// show them: for each passage shown it tries the sentences that could have
// given it (with a balancing quotation mark taken off, with the sentence
// before taken off, as it is) and keeps those from which annotate's own
// rules give every passage back. Some passages could come from two
// sentences (one ending in …" could be balanced or not); whether a
// quotation is then open decides the passages after it, which is why the
// whole paragraph is solved at once. A passage nothing gives back is kept
// as it is shown.
func paraSentences(shows []string) []string {
	budget := 64 * len(shows) // the search is linear in practice; bound it all the same
	var solve func(k int, inQuote bool, out []string) []string
	solve = func(k int, inQuote bool, out []string) []string {
		if k == len(shows) {
			return out
		}
		prev := ""
		if k > 0 {
			prev = out[k-1]
		}
		for _, c := range paraCandidates(shows[k], prev) {
			if budget--; budget < 0 {
				return nil
			}
			if paraShownAs(c, prev, inQuote) != shows[k] {
				continue
			}
			next := inQuote != (quoteMarks(c.own)%2 == 1)
			if got := solve(k+1, next, append(out[:k:k], c.own)); got != nil {
				return got
			}
		}
		return nil
	}
	if got := solve(0, false, make([]string, 0, len(shows))); got != nil {
		return got
	}
	// Nothing explains every passage: each on its own, as shown when
	// nothing explains it.
	out := make([]string, 0, len(shows))
	inQuote := false
	for k, show := range shows {
		prev, own := "", show
		if k > 0 {
			prev = out[k-1]
		}
		for _, c := range paraCandidates(show, prev) {
			if paraShownAs(c, prev, inQuote) == show {
				own = c.own
				break
			}
		}
		out = append(out, own)
		inQuote = inQuote != (quoteMarks(own)%2 == 1)
	}
	return out
}

type paraCandidate struct {
	own      string
	combined bool   // shown with the sentence before
	sep      string // what stood between them
}

// paraCandidates are the sentences that may have been shown as show, after
// the sentence prev, those with a balancing mark taken off first.
func paraCandidates(show, prev string) []paraCandidate {
	var texts []string
	for _, m := range []string{`"`, "”"} {
		if t, ok := strings.CutSuffix(show, "…"+m); ok {
			texts = append(texts, t)
		}
	}
	for _, m := range []string{`"`, "“"} {
		if t, ok := strings.CutPrefix(show, m+"…"); ok {
			texts = append(texts, t)
		}
	}
	texts = append(texts, show)
	var cs []paraCandidate
	for _, t := range texts {
		if prev != "" {
			if rest, ok := strings.CutPrefix(t, prev); ok {
				own := strings.TrimLeftFunc(rest, unicode.IsSpace)
				if own != "" && len(own) < len(rest) {
					cs = append(cs, paraCandidate{own: own, combined: true, sep: rest[:len(rest)-len(own)]})
				}
			}
		}
		cs = append(cs, paraCandidate{own: t})
	}
	return cs
}

// paraShownAs is how annotate shows candidate c after the sentence prev
// (its rules, in annotate.go), given whether a quotation was open before
// it; "" when annotate would not have shown c that way.
func paraShownAs(c paraCandidate, prev string, inQuote bool) string {
	leans := prev != "" && (leansOnPrevious(c.own) || inQuote)
	text := c.own
	switch {
	case c.combined:
		text = prev + c.sep + c.own
		if !leans || len(text) > maxPassage {
			return ""
		}
	case leans && len(prev)+1+len(c.own) <= maxPassage:
		return "" // it would have been shown with prev
	}
	return balanceQuotes(text, inQuote && !c.combined)
}
