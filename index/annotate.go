package index

import "strings"

// What the story itself says about its people and things, read at index
// time from the story's own text with general rules of English news prose:
// who is quoted, what else a name is called, and what kind of fact a
// sentence holds. Nothing here knows any particular story.

// passage is a sentence with everything the index stores about it.
type passage struct {
	Sentence
	story   int      // index into Engine.stories
	text    string   // what is shown: the sentence, or it and the one before
	context string   // the neighbouring sentences, for words the question shares with them
	speaker string   // who is quoted or reported, as named in the story
	about   []string // other names of the people and things the sentence mentions
	kinds   []string // the kinds of fact it holds: number, date, quote, lead, cause
	defines []string // names (and their aliases) it introduces or describes
	persons []string // the people it names, for "who" questions
}

// maxPassage is the longest passage shown: long enough for a sentence and
// its neighbour, short enough to read in a chat.
const maxPassage = 450

// annotate splits a story into passages and reads what it can about them.
func annotate(storyIdx int, st Story) []passage {
	sents := Split(st.Text)
	ps := make([]passage, len(sents))
	for i, s := range sents {
		ps[i] = passage{Sentence: s, story: storyIdx, text: s.Text}
	}
	ents, defines := findEntities(sents)
	inQuote := false // a quotation runs on from the sentence before
	attributeSpeakers(ps, ents)
	for i := range ps {
		p := &ps[i]
		p.kinds = kindsOf(p)
		p.about = append(aliasesMentioned(p.Text+" "+p.speaker, ents), otherNumberForms(p.Text)...)
		p.persons = personsMentioned(p.Text, ents)
		for _, e := range defines[i] {
			p.defines = append(p.defines, e.name)
			for _, a := range e.aliases {
				if a == strings.ToUpper(a) && !strings.Contains(a, " ") {
					p.defines = append(p.defines, a) // an acronym is a name too
				}
			}
		}
		samePara := i > 0 && ps[i-1].Paragraph == p.Paragraph
		if !samePara {
			inQuote = false
		}
		startsInside := inQuote
		inQuote = inQuote != (quoteMarks(p.Text)%2 == 1)
		if samePara && (leansOnPrevious(p.Text) || startsInside) {
			if prev := ps[i-1]; p.End-prev.Start <= maxPassage {
				p.text = st.Text[prev.Start:p.End]
			}
		}
		p.text = balanceQuotes(p.text, startsInside && p.text == p.Text)
		var ctx []string
		if i > 0 && ps[i-1].Paragraph == p.Paragraph {
			ctx = append(ctx, ps[i-1].Text)
		}
		if i+1 < len(ps) && ps[i+1].Paragraph == p.Paragraph {
			ctx = append(ctx, ps[i+1].Text)
		}
		p.context = strings.Join(ctx, " ")
	}
	return ps
}

// quoteMarks counts the double quotation marks of s, straight or curly.
func quoteMarks(s string) int {
	return strings.Count(s, `"`) + strings.Count(s, "“") + strings.Count(s, "”")
}

// balanceQuotes closes a quotation that a passage opens and does not end
// ("…" before the closing mark), or opens one that it continues
// (continues: it begins inside a quotation opened in a sentence not
// shown), so that what is shown reads as a whole.
func balanceQuotes(text string, continues bool) string {
	if quoteMarks(text)%2 == 0 {
		return text
	}
	mark := `"`
	if strings.ContainsAny(text, "“”") {
		mark = "“"
	}
	if continues {
		return mark + "…" + text
	}
	if mark == "“" {
		mark = "”"
	}
	return text + "…" + mark
}

// leansOnPrevious reports whether a sentence cannot stand alone because it
// opens by pointing back at the one before ("They argued…", "But it…").
func leansOnPrevious(s string) bool {
	s = strings.TrimLeft(s, "\"“'‘ ")
	w := firstWord(s)
	switch w {
	case "They", "He", "She", "It", "This", "That", "These", "Those", "Such", "But", "And", "Also", "Still", "However", "Instead", "There":
		return true
	}
	return false
}
