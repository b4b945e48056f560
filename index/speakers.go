package index

import (
	"strings"
	"unicode/utf8"
)

// Who says a sentence: the person a quotation or a report is attributed
// to, carried through "he said" and through quotes that run on.

// sayVerbs introduce what somebody said.
var sayVerbs = map[string]bool{
	"said": true, "says": true, "wrote": true, "writes": true, "added": true, "told": true,
	"asked": true, "stated": true, "argued": true, "noted": true, "explained": true,
	"continued": true, "replied": true, "tweeted": true, "declared": true, "insisted": true,
	"warned": true, "announced": true, "recalled": true, "acknowledged": true, "claimed": true,
	"testified": true, "responded": true, "posted": true, "according": true,
}

// pronouns that stand for one speaker; "they" rarely names who is quoted.
var pronouns = map[string]bool{"he": true, "she": true, "He": true, "She": true}

// attributeSpeakers finds who says each quoted or reported sentence:
// `"…," Smith said.`, `"…," said Smith.`, `Smith said he…`, and carries a
// speaker through "he said" and through quotes that run over sentences and
// paragraphs.
func attributeSpeakers(ps []passage, ents map[string]*entity) {
	last := ""    // the last person named as saying something
	lastPer := "" // the last person named at all
	paraSpeaker := map[int]string{}
	for i := range ps {
		p := &ps[i]
		name := sayer(p.Text, ents)
		switch {
		case name == "":
		case pronouns[name]:
			name = last
			if name == "" {
				name = lastPer
			}
		default:
			last = name
		}
		if name != "" {
			p.speaker = name
			if _, ok := paraSpeaker[p.Paragraph]; !ok {
				paraSpeaker[p.Paragraph] = name
			}
		}
		if n := lastPerson(p.Text, ents); n != "" {
			lastPer = n
		}
	}
	// Quoted sentences without their own attribution take the paragraph's
	// speaker, or, for a paragraph that is all quote, the previous one's.
	prevPara, prevSpeaker := 0, ""
	for i := range ps {
		p := &ps[i]
		if p.Paragraph != prevPara {
			if s, ok := paraSpeaker[p.Paragraph]; ok {
				prevSpeaker = s
			} else if !startsWithQuote(p.Text) {
				prevSpeaker = ""
			}
			prevPara = p.Paragraph
		}
		if p.speaker == "" && hasQuote(p.Text) && prevSpeaker != "" {
			p.speaker = prevSpeaker
		}
	}
}

func startsWithQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '"' || r == '“'
}

func hasQuote(s string) bool { return strings.ContainsAny(s, "\"“”") }

// sayer returns who a sentence says is speaking: a name as written (its
// key in ents when known), a pronoun, or "".
func sayer(s string, ents map[string]*entity) string {
	words := strings.Fields(s)
	for i, w := range words {
		if !sayVerbs[trimPunct(w)] {
			continue
		}
		// "Smith said", "Alex Smith said", "he said"
		if i > 0 {
			prev := trimPunct(words[i-1])
			if pronouns[prev] {
				return prev
			}
			if isCapitalized(prev) && !strings.HasSuffix(words[i-1], ",") {
				if e := ents[keyOf(prev)]; e != nil {
					return e.name
				}
				if !stopCaps[prev] {
					return prev
				}
			}
		}
		// "said Smith", "according to Smith"
		j := i + 1
		if j < len(words) && trimPunct(words[j]) == "to" {
			j++
		}
		if j < len(words) {
			next := trimPunct(words[j])
			if isCapitalized(next) && !stopCaps[next] {
				// Skip a title: "said Sen. Smith", "said California Secretary of State Alex Padilla".
				for k := j; k < len(words) && k < j+8; k++ {
					w := trimPunct(words[k])
					if !isCapitalized(w) && w != "of" {
						break
					}
					if e := ents[keyOf(w)]; e != nil && !isTitleWord(w) {
						return e.name
					}
				}
				return next
			}
		}
	}
	return ""
}
