package index

import (
	"strings"
	"unicode/utf8"
)

// explain tells why a candidate came up: where each question word matched
// and in what form, in the asker's and the story's own words, what else
// counted, and how sure the judge is.
func (e *Engine) explain(terms []qterm, in intent, c *cand, cos *cosines, conf, threshold float64) *Explanation {
	x := &Explanation{
		Confidence: round3(conf),
		Threshold:  round3(threshold),
		Margin:     round3(conf - threshold),
		Features:   c.features,
	}
	for i, t := range terms {
		m := c.matched[i]
		tm := TermMatch{Term: t.word, Weight: round3(t.idf), Field: m.field, Earned: round3(m.weight)}
		switch {
		case m.field != "":
			tm.How = e.howMatched(t, m)
			tm.Form = e.surface(c, m)
		default:
			if best := cos.best(i, c.num); related(best) > 0 {
				id := cos.closest(i, c.num)
				tm.Field, tm.How, tm.Earned = fText, "related", round3(related(best))
				tm.Form = e.surface(c, match{field: fText, form: id})
			}
		}
		x.Terms = append(x.Terms, tm)
	}
	if in.kind != "" {
		x.Features = append(x.Features, "question wants a "+in.kind)
	}
	return x
}

// howMatched names the form a match took.
func (e *Engine) howMatched(t qterm, m match) string {
	switch {
	case m.form == t.id:
		return "itself"
	case t.alts[e.words.words[m.form]] == altFix && e.df[t.term] == 0:
		return "spelling"
	}
	return "synonym"
}

// surface is the story's word, as written, for a matched form: found in
// the field that matched (the passage, who says it, its neighbours), or
// else in the passage; the analyzed form only if none has it.
func (e *Engine) surface(c *cand, m match) string {
	texts := []string{c.rec.show}
	switch m.field {
	case fSpeaker:
		texts = []string{c.rec.speaker, c.rec.show}
	case fContext:
		for _, k := range [2]int{c.num - 1, c.num + 1} {
			if k >= 0 && k < len(e.recs) && e.recs[k].story == c.rec.story && e.recs[k].para == c.rec.para {
				texts = append(texts, e.recs[k].show)
			}
		}
	}
	// Other names (about) come from anywhere in the story: the story's
	// other passages, nearest first, come last.
	for d := 1; d < len(e.recs); d++ {
		for _, k := range [2]int{c.num - d, c.num + d} {
			if k >= 0 && k < len(e.recs) && e.recs[k].story == c.rec.story {
				texts = append(texts, e.recs[k].show)
			}
		}
		if (c.num-d < 0 || e.recs[c.num-d].story != c.rec.story) && (c.num+d >= len(e.recs) || e.recs[c.num+d].story != c.rec.story) {
			break
		}
	}
	text := match{field: fText, form: m.form}
	for _, t := range texts {
		for _, sp := range e.highlight(t, []match{text}) {
			if w := t[sp.Start:sp.End]; utf8.ValidString(w) {
				return strings.ToLower(w)
			}
		}
	}
	return e.words.words[m.form]
}
