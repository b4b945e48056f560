package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Turn is a question the bot answered, as much of it as a follow-up
// needs.
type Turn struct {
	// Question is the question as the engine was asked it (a follow-up
	// already read in its own context).
	Question string `json:"question"`
	// Speakers are who the answer's passages quote, best first.
	Speakers []string `json:"speakers,omitempty"`
}

// maxSalient is how many of the previous question's words a follow-up
// carries: enough for its names and its subject, few enough to keep the
// follow-up's own words weighty.
const maxSalient = 8

// followUp reads q, asked after prev in the same conversation, in prev's
// context. "and what did he say?" after "Who is Alex Padilla?" becomes
// "what did Alex Padilla say?"; "why?" or "when was that?" carry the
// previous question's names and rarer words; "what about California?"
// puts California in the place of the person the previous answer quoted,
// or adds it to the previous question. A question that stands alone (its
// own names and words, no pronoun to resolve) comes back unchanged, with
// ok false.
func followUp(prev Turn, q string) (string, bool) {
	if strings.TrimSpace(prev.Question) == "" {
		return q, false
	}
	words := strings.Fields(q)
	led := false
	for len(words) > 0 && isConjunction(lowerWord(words[0])) {
		words, led = words[1:], true
	}
	if len(words) == 0 {
		return q, false
	}
	if x, ok := aboutWhat(words, led); ok {
		return withInstead(prev, x), true
	}
	if out, ok := withReferents(prev, words); ok {
		return out, true
	}
	short := len(words) <= 2 && isWh(lowerWord(words[0]))
	if short || (led && len(words) <= 4) {
		return joinQuestion(words, salient(prev)), true
	}
	return q, false
}

// aboutWhat reads "what about X?", "how about X?", and "and X?" (a
// conjunction and a few words, no question word): X is what to ask about
// instead.
func aboutWhat(words []string, led bool) (string, bool) {
	if len(words) > 2 && (lowerWord(words[0]) == "what" || lowerWord(words[0]) == "how") && lowerWord(words[1]) == "about" {
		return trimQuestion(strings.Join(words[2:], " ")), true
	}
	if led && len(words) <= 3 {
		for _, w := range words {
			if isWh(lowerWord(w)) || isPronoun(lowerWord(w)) != "" {
				return "", false
			}
		}
		return trimQuestion(strings.Join(words, " ")), true
	}
	return "", false
}

// followUpFocus is what a follow-up of the form "what about X?" (or "and
// X?") brings that its answer must be about: X's content words. The
// engine answers the previous question plus X; an answer that says
// nothing of X is the previous answer again, not an answer to q. Nil for
// any other question.
func followUpFocus(q string) []string {
	words := strings.Fields(q)
	led := false
	for len(words) > 0 && isConjunction(lowerWord(words[0])) {
		words, led = words[1:], true
	}
	x, ok := aboutWhat(words, led)
	if !ok {
		return nil
	}
	var out []string
	for _, w := range strings.Fields(x) {
		if core := trimWord(w); utf8.RuneCountInString(core) > 2 && !isStopWord(strings.ToLower(core)) || isDigits(core) {
			out = append(out, core)
		}
	}
	return out
}

// mentions tells whether text holds one of words, or a form of it (the
// same first five letters: California, Californians), case aside.
func mentions(text string, words []string) bool {
	lt := strings.ToLower(text)
	for _, w := range words {
		lw := []rune(strings.ToLower(w))
		if len(lw) > 5 {
			lw = lw[:5]
		}
		if strings.Contains(lt, string(lw)) {
			return true
		}
	}
	return false
}

// withInstead asks prev about x: in place of the person prev asked about
// when the answer quoted them ("What did Padilla say?", "what about
// Kobach?"), else added to prev.
func withInstead(prev Turn, x string) string {
	if isCapitalized(x) {
		for _, n := range names(prev) {
			if quoted(n, prev.Speakers) {
				return strings.Replace(prev.Question, n, x, 1)
			}
		}
	}
	return trimQuestion(prev.Question) + " " + x + "?"
}

// withReferents replaces the pronouns of words with what they stand for
// in prev: a person for he, she, his, her; the names (or the subject) for
// they, their; the subject for it, that, this in a short question.
func withReferents(prev Turn, words []string) (string, bool) {
	found := false
	out := make([]string, 0, len(words)+maxSalient)
	subject := strings.Join(salient(prev), " ")
	for _, w := range words {
		lw := lowerWord(w)
		kind := isPronoun(lw)
		var repl string
		switch {
		case kind == "person":
			repl = person(prev)
			if repl == "" {
				repl = subject
			} else if lw == "his" || lw == "hers" {
				repl += "'s"
			}
		case kind == "group":
			repl = strings.Join(names(prev), " and ")
			if repl == "" {
				repl = subject
			}
		case kind == "thing" && len(words) <= 6:
			repl = subject
		default:
			out = append(out, w)
			continue
		}
		found = true
		out = append(out, withTrail(w, repl))
	}
	if !found {
		return "", false
	}
	return strings.Join(out, " "), true
}

// withTrail puts repl in w's place, keeping w's closing punctuation ("he?").
func withTrail(w, repl string) string {
	core := strings.TrimRightFunc(w, unicode.IsPunct)
	return repl + w[len(core):]
}

// person is who a "he" or "she" after prev stands for: the first name
// prev asks about, else the person its answer quoted first.
func person(prev Turn) string {
	if ns := names(prev); len(ns) > 0 {
		return ns[0]
	}
	for _, s := range prev.Speakers {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// quoted tells whether name is (part of) the name of one of speakers.
func quoted(name string, speakers []string) bool {
	for _, s := range speakers {
		for _, w := range strings.Fields(s) {
			for _, n := range strings.Fields(name) {
				if strings.EqualFold(trimWord(w), trimWord(n)) {
					return true
				}
			}
		}
	}
	return false
}

// names are the names prev asks about: runs of capitalized words (the
// first word too, unless it is a question word), and the words that are
// part of the name of someone its answer quoted, however they were typed.
func names(prev Turn) []string {
	var out, run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, strings.Join(run, " "))
			run = nil
		}
	}
	for _, w := range strings.Fields(prev.Question) {
		core := trimWord(w)
		lw := strings.ToLower(core)
		name := core != "" && (isCapitalized(core) && !isStopWord(lw) || quoted(core, prev.Speakers))
		if !name {
			flush()
			continue
		}
		run = append(run, strings.TrimSuffix(strings.TrimSuffix(core, "'s"), "’s"))
		if strings.TrimRightFunc(w, unicode.IsPunct) != w || strings.HasSuffix(core, "'s") || strings.HasSuffix(core, "’s") {
			flush() // "Padilla," or "Kobach's" ends the name
		}
	}
	flush()
	return out
}

// salient are the words of prev a follow-up carries: its names, then its
// other words that are not function words, each once, in order.
func salient(prev Turn) []string {
	var out []string
	seen := map[string]bool{}
	add := func(w string) {
		if k := strings.ToLower(w); w != "" && !seen[k] && len(out) < maxSalient {
			seen[k] = true
			out = append(out, w)
		}
	}
	ns := names(prev)
	for _, n := range ns {
		add(n)
		for _, w := range strings.Fields(n) {
			seen[strings.ToLower(w)] = true
		}
	}
	for _, w := range strings.Fields(prev.Question) {
		core := strings.TrimSuffix(strings.TrimSuffix(trimWord(w), "'s"), "’s")
		if lw := strings.ToLower(core); utf8.RuneCountInString(core) > 2 && !isStopWord(lw) || isDigits(core) {
			add(core)
		}
	}
	return out
}

// joinQuestion is words followed by more, as one question.
func joinQuestion(words, more []string) string {
	q := trimQuestion(strings.Join(words, " "))
	if len(more) > 0 {
		q += " " + strings.Join(more, " ")
	}
	return q + "?"
}

func trimQuestion(s string) string { return strings.TrimRight(strings.TrimSpace(s), "?!. ") }

// trimWord is w without the punctuation around it (quotes, "?", ",").
func trimWord(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) && r != '\'' && r != '’' })
}

func lowerWord(w string) string { return strings.ToLower(strings.TrimFunc(w, unicode.IsPunct)) }

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isDigits(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

func isConjunction(w string) bool {
	switch w {
	case "and", "but", "so", "also", "ok", "okay", "then", "well", "hmm":
		return true
	}
	return false
}

func isWh(w string) bool {
	switch w {
	case "what", "who", "whom", "whose", "which", "when", "where", "why", "how":
		return true
	}
	return false
}

// isPronoun says what a pronoun stands for: "person" (he, she), "group"
// (they), "thing" (it, that), or "" if w is none.
func isPronoun(w string) string {
	switch w {
	case "he", "she", "him", "her", "his", "hers", "himself", "herself":
		return "person"
	case "they", "them", "their", "theirs", "themselves":
		return "group"
	case "it", "its", "that", "this", "those", "these", "there":
		return "thing"
	}
	return ""
}

// isStopWord tells the function words of English questions, which say
// nothing of what a question is about.
func isStopWord(w string) bool {
	if isWh(w) || isPronoun(w) != "" || isConjunction(w) {
		return true
	}
	switch w {
	case "a", "an", "the", "of", "to", "in", "on", "at", "for", "from", "by", "with", "about", "into", "over",
		"is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "has", "have", "had",
		"can", "could", "will", "would", "shall", "should", "may", "might", "must",
		"i", "me", "my", "you", "your", "we", "our", "us", "not", "no", "yes", "or", "if", "than", "as",
		"many", "much", "story", "any", "some", "there's", "what's", "who's":
		return true
	}
	return false
}
