package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names in a story and what else it calls them: titles ("California
// Secretary of State Alex Padilla"), appositions ("Kobach, the Kansas
// secretary of state,") and acronyms of long names (EPIC).

// entity is a name in a story and what else the story calls it.
type entity struct {
	name    string   // the fullest form seen, "Kris Kobach"
	aliases []string // titles, appositions and acronyms
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
