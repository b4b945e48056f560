package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// entity is a name in a story and what else the story calls it.
type entity struct {
	name    string   // the fullest form seen, "Kris Kobach"
	aliases []string // titles, appositions and acronyms
}

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

// isPerson tells a person's name from a place's or an organisation's: a
// person has a first and last name or a title ("President Trump").
func (e *entity) isPerson() bool {
	if isOrg(e.name) {
		return false
	}
	if strings.Contains(e.name, " ") {
		return true
	}
	for _, a := range e.aliases {
		if w := strings.Fields(a); len(w) > 0 && isTitleWord(w[len(w)-1]) {
			return true
		}
	}
	return false
}

// personsMentioned returns the full names of the people a sentence names.
func personsMentioned(s string, ents map[string]*entity) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if e := ents[keyOf(trimPunct(w))]; e != nil && e.isPerson() && !slices.Contains(out, e.name) {
			out = append(out, e.name)
		}
	}
	return out
}

// lastPerson returns the last known multi-word name the sentence mentions.
func lastPerson(s string, ents map[string]*entity) string {
	found := ""
	for _, w := range strings.Fields(s) {
		if e := ents[keyOf(trimPunct(w))]; e != nil && strings.Contains(e.name, " ") && !isOrg(e.name) {
			found = e.name
		}
	}
	return found
}

func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// keyOf is how an entity is looked up: its last word, lower-case, without
// a possessive ("Kobach's" → "kobach").
func keyOf(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	return strings.ToLower(w)
}

// stopCaps are capitalised words that are not names: sentence openers and
// the like.
var stopCaps = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true, "They": true, "We": true,
	"I": true, "You": true, "But": true, "And": true, "In": true, "On": true, "This": true,
	"That": true, "These": true, "Those": true, "His": true, "Her": true, "Their": true, "Its": true,
	"There": true, "Some": true, "Many": true, "Most": true, "After": true, "Before": true,
	"When": true, "While": true, "If": true, "As": true, "At": true, "For": true, "Since": true,
	"Still": true, "Yet": true, "So": true, "Despite": true, "Once": true, "Let": true, "Several": true,
	"Our": true, "My": true, "Your": true, "Monday": true, "Tuesday": true, "Wednesday": true,
	"Thursday": true, "Friday": true, "Saturday": true, "Sunday": true, "Individuals": true,
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Also": true, "Although": true, "Because": true,
	"Even": true, "Meanwhile": true, "However": true, "Instead": true, "What": true, "Who": true,
	"Why": true, "How": true, "Where": true, "Which": true, "Today": true, "Yesterday": true,
	"Last": true, "Next": true, "One": true, "Two": true, "Both": true, "Each": true, "Every": true,
	"All": true, "No": true, "Not": true, "Only": true, "Such": true, "Then": true, "Now": true,
	"With": true, "Without": true, "From": true, "By": true, "To": true, "Of": true, "Under": true,
	"Over": true, "Among": true, "During": true, "Until": true, "About": true, "Against": true,
	"Like": true, "Here": true,
}

// titleWords are job titles and honorifics: in "California Secretary of
// State Alex Padilla" they are what the person is, not their name.
var titleWords = map[string]bool{
	"President": true, "Vice": true, "Secretary": true, "State": true, "Senator": true, "Sen": true,
	"Rep": true, "Representative": true, "Governor": true, "Gov": true, "Judge": true,
	"Justice": true, "Attorney": true, "General": true, "Mayor": true, "Director": true,
	"Chief": true, "Officer": true, "Minister": true, "Prime": true, "Commissioner": true,
	"Chairman": true, "Chairwoman": true, "Chair": true, "Speaker": true, "Leader": true,
	"Ambassador": true, "Sheriff": true, "Chancellor": true, "Professor": true, "Prof": true,
	"Dr": true, "Mr": true, "Mrs": true, "Ms": true, "Councilman": true, "Councilwoman": true,
	"Congressman": true, "Congresswoman": true, "Lt": true, "Col": true, "Capt": true,
	"Sgt": true, "Deputy": true, "Assistant": true, "Executive": true, "CEO": true,
	"Spokesman": true, "Spokeswoman": true, "Press": true, "Former": true, "Acting": true,
	"Supreme": true, "Federal": true, "Majority": true, "Minority": true, "House": true,
	"Senate": true, "Agent": true, "Detective": true, "Coach": true, "Pope": true, "King": true,
	"Queen": true, "Prince": true, "Princess": true, "Lord": true, "Lady": true, "Sir": true,
	"Bishop": true, "Cardinal": true, "Rabbi": true, "Imam": true, "Reverend": true, "Rev": true,
	"Treasurer": true, "Comptroller": true, "Auditor": true, "Clerk": true, "Registrar": true,
}

func isTitleWord(w string) bool { return titleWords[strings.TrimSuffix(w, ".")] }

// orgWords mark a capitalised name as an organisation, not a person.
var orgWords = map[string]bool{
	"Commission": true, "Center": true, "Centre": true, "Committee": true, "Council": true,
	"Department": true, "Agency": true, "Association": true, "Institute": true, "University": true,
	"Court": true, "Party": true, "Union": true, "Foundation": true, "Company": true, "Corporation": true,
	"Inc": true, "Corp": true, "Bureau": true, "Office": true, "Board": true, "Service": true,
	"Administration": true, "Ministry": true, "Group": true, "Organization": true, "Organisation": true,
	"Fund": true, "Bank": true, "Society": true, "League": true, "Alliance": true, "Coalition": true,
	"Network": true, "Project": true, "Campaign": true, "Congress": true, "Parliament": true,
	"Assembly": true, "Order": true, "Act": true, "Authority": true, "Federation": true,
}

func isOrg(name string) bool {
	for _, w := range strings.Fields(name) {
		if orgWords[w] {
			return true
		}
	}
	return false
}

// nameJoiners may stand inside a capitalised name: "Commission on Election
// Integrity", "Secretary of State".
var nameJoiners = map[string]bool{"of": true, "on": true, "for": true, "and": true, "the": true, "de": true, "van": true, "von": true}

// capRuns returns the runs of capitalised words in a sentence, with
// joiners inside them, dropping a leading opener ("The", "Despite").
func capRuns(s string) [][]string {
	var runs [][]string
	var cur []string
	flush := func() {
		for len(cur) > 0 && nameJoiners[cur[len(cur)-1]] {
			cur = cur[:len(cur)-1]
		}
		for len(cur) > 0 && stopCaps[cur[0]] {
			cur = cur[1:]
		}
		if len(cur) > 0 {
			runs = append(runs, cur)
		}
		cur = nil
	}
	for _, raw := range strings.Fields(s) {
		w := trimPunct(raw)
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		switch {
		case w == "":
			flush()
			continue
		case isCapitalized(w) || (len(cur) > 0 && nameJoiners[w]):
			if strings.HasPrefix(raw, "\"") || strings.HasPrefix(raw, "“") {
				flush()
			}
			cur = append(cur, w)
		default:
			flush()
			continue
		}
		// A comma, a period or a closing quote ends the run after this word.
		if strings.ContainsAny(raw[len(raw)-1:], ",.;:!?\"”)") {
			flush()
		}
	}
	flush()
	return runs
}

// findEntities reads the story's names, their titles ("California Secretary
// of State Alex Padilla"), their appositions ("Kobach, the Kansas secretary
// of state,") and the acronyms of long names ("Electronic Privacy
// Information Center" → "EPIC").
//
// It also returns, for each sentence, the entities it introduces or
// describes: where a name first appears, and where a title or an apposition
// says what it is. Reporters identify people and things there, so that is
// where "who is…" and "what is…" find their answer.
func findEntities(sents []Sentence) (map[string]*entity, [][]*entity) {
	ents := map[string]*entity{}
	defines := make([][]*entity, len(sents))
	for i, s := range sents {
		define := func(e *entity) {
			for _, d := range defines[i] {
				if d == e {
					return
				}
			}
			defines[i] = append(defines[i], e)
		}
		add := func(name, alias string) {
			key := keyOf(name[strings.LastIndexByte(name, ' ')+1:])
			e := ents[key]
			if e == nil {
				e = &entity{name: name}
				ents[key] = e
				define(e)
			} else if len(name) > len(e.name) && !strings.Contains(name, "'") {
				e.name = name
			}
			if alias != "" {
				define(e)
				if !containsFold(e.aliases, alias) {
					e.aliases = append(e.aliases, alias)
				}
			}
		}
		for _, run := range capRuns(s.Text) {
			// Split titles from the name: everything up to the last title
			// word is what the person is.
			cut := 0
			for i, w := range run {
				if isTitleWord(w) || nameJoiners[w] {
					cut = i + 1
				}
			}
			name := strings.Join(run[cut:], " ")
			if name == "" || isOrg(strings.Join(run, " ")) {
				name, cut = strings.Join(run, " "), 0
			}
			title := ""
			if cut > 0 {
				title = strings.Join(run[:cut], " ")
			}
			add(name, title)
			// Only a whole name makes an acronym: "Electronic Privacy
			// Information Center" is "EPIC", a title and a name are not.
			if acr := acronym(run); acr != "" && cut == 0 {
				add(name, acr)
			}
		}
		for _, ap := range appositions(s.Text) {
			add(ap[0], ap[1])
		}
	}
	return ents, defines
}

// acronym returns the initials of a long capitalised name, or "".
func acronym(run []string) string {
	var b strings.Builder
	n := 0
	for _, w := range run {
		if nameJoiners[w] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
		n++
	}
	if n < 3 {
		return ""
	}
	return b.String()
}

// appositions finds "Name, the description," and "Name, a description,"
// and "Name, description of Something," pairs in a sentence.
func appositions(s string) [][2]string {
	var out [][2]string
	parts := strings.Split(s, ", ")
	for i := 0; i+1 < len(parts); i++ {
		head := parts[i]
		desc := parts[i+1]
		if i+2 >= len(parts) && !strings.HasSuffix(desc, ".") {
			// The description must be closed by a comma (or end the sentence).
			continue
		}
		desc = strings.TrimSuffix(desc, ".")
		// The head must end with a name.
		words := strings.Fields(head)
		if len(words) == 0 {
			continue
		}
		last := trimPunct(words[len(words)-1])
		if !isCapitalized(last) || stopCaps[last] {
			continue
		}
		dw := strings.Fields(desc)
		if len(dw) < 2 || len(dw) > 12 {
			continue
		}
		first := dw[0]
		if r, _ := utf8.DecodeRuneInString(first); !unicode.IsLower(r) {
			continue // a description is lower case: "the Kansas secretary of state"
		}
		// A clause is not a description: "…, to halt the…", "…, causing…".
		if sayVerbs[trimPunct(dw[len(dw)-1])] || clauseOpeners[first] || strings.HasSuffix(first, "ing") || strings.HasSuffix(first, "ed") {
			continue
		}
		name := []string{last}
		for j := len(words) - 2; j >= 0 && isCapitalized(trimPunct(words[j])) && !stopCaps[trimPunct(words[j])] && !isTitleWord(trimPunct(words[j])); j-- {
			name = append([]string{trimPunct(words[j])}, name...)
		}
		out = append(out, [2]string{keyOnlyName(name), desc})
	}
	return out
}

var clauseOpeners = map[string]bool{
	"to": true, "who": true, "whom": true, "whose": true, "which": true, "that": true, "and": true,
	"but": true, "or": true, "as": true, "if": true, "when": true, "while": true, "because": true,
	"after": true, "before": true, "since": true, "so": true, "then": true, "where": true,
	"although": true, "though": true, "not": true, "in": true, "on": true, "at": true, "for": true,
	"with": true, "by": true, "from": true, "he": true, "she": true, "it": true, "they": true, "we": true,
}

func keyOnlyName(words []string) string {
	n := strings.Join(words, " ")
	return strings.TrimSuffix(strings.TrimSuffix(n, "'s"), "’s")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// aliasesMentioned returns the names and aliases of every entity the
// sentence mentions, so that a question may call them otherwise.
func aliasesMentioned(s string, ents map[string]*entity) []string {
	var out []string
	seen := map[*entity]bool{}
	for _, w := range strings.Fields(s) {
		e := ents[keyOf(trimPunct(w))]
		if e == nil || seen[e] {
			continue
		}
		seen[e] = true
		out = append(out, e.name)
		for _, a := range e.aliases {
			out = append(out, withoutOtherPeople(a, e, ents))
		}
	}
	return out
}

// withoutOtherPeople drops from an alias of e the names of other people
// and their titles: Kobach is "vice chairman of President Trump's voter
// fraud commission", but a sentence about Kobach is not about Trump.
func withoutOtherPeople(alias string, e *entity, ents map[string]*entity) string {
	words := strings.Fields(alias)
	keep := words[:0:0]
	for i, w := range words {
		if o := ents[keyOf(trimPunct(w))]; o != nil && o != e && o.isPerson() {
			for len(keep) > 0 && isTitleWord(trimPunct(keep[len(keep)-1])) {
				keep = keep[:len(keep)-1]
			}
			continue
		}
		keep = append(keep, words[i])
	}
	return strings.Join(keep, " ")
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true,
	"fourteen": true, "fifteen": true, "sixteen": true, "seventeen": true, "eighteen": true,
	"nineteen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true,
	"seventy": true, "eighty": true, "ninety": true, "hundred": true, "thousand": true,
	"million": true, "millions": true, "billion": true, "billions": true, "dozen": true,
	"dozens": true, "hundreds": true, "thousands": true, "half": true, "percent": true,
}

var dateWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "yesterday": true, "today": true,
	"tomorrow": true, "week": true, "month": true, "year": true, "ago": true, "weekend": true,
	"morning": true, "evening": true, "night": true, "tonight": true, "earlier": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// causeWords introduce a reason or a purpose, what "why" asks for.
var causeWords = map[string]bool{
	"because": true, "since": true, "after": true, "due": true, "reason": true, "reasons": true,
	"so": true, "therefore": true, "thus": true, "cause": true, "caused": true, "causes": true,
	"causing": true, "led": true, "argued": true, "purpose": true, "aims": true,
	"intended": true, "citing": true, "blamed": true,
}

// commits reports whether a sentence holds a first-person commitment, the
// words of a promise: "I will…", "we won't…".
func commits(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	for i := 0; i+1 < len(words); i++ {
		w := strings.Trim(words[i], "\"“”‘’'(")
		next := strings.Trim(words[i+1], "\"“”‘’',.")
		if (w == "i" || w == "we") && (next == "will" || next == "won't" || next == "won’t" || next == "shall" || next == "promise" || next == "pledge") {
			return true
		}
		if w == "i'll" || w == "we'll" || w == "i’ll" || w == "we’ll" {
			return true
		}
	}
	return false
}

// kindsOf tells what kinds of fact a sentence holds, for questions that
// ask for one kind: "how many" wants a number, "when" a date.
func kindsOf(p *passage) []string {
	var kinds []string
	hasNum, hasDate, hasCause := false, false, false
	for raw := range strings.FieldsSeq(p.Text) {
		w := strings.ToLower(trimPunct(raw))
		if w == "" {
			continue
		}
		if w[0] >= '0' && w[0] <= '9' {
			if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
				hasDate = true
			} else {
				hasNum = true
			}
		}
		for part := range strings.SplitSeq(w, "-") {
			if numberWords[part] {
				hasNum = true
			}
		}
		hasDate = hasDate || dateWords[w]
		hasCause = hasCause || causeWords[w]
	}
	if hasNum {
		kinds = append(kinds, kindNumber)
	}
	if hasDate {
		kinds = append(kinds, kindDate)
	}
	if hasCause {
		kinds = append(kinds, kindCause)
	}
	if commits(p.Text) {
		kinds = append(kinds, kindCommit)
	}
	if p.speaker != "" && hasQuote(p.Text) {
		kinds = append(kinds, kindQuote)
	}
	if p.Paragraph == 1 && p.Number == 1 {
		kinds = append(kinds, kindLead)
	}
	return kinds
}
