package index

import "strings"

// intent is what a question asks for besides its words.
type intent struct {
	kind string // a kind of fact, or ""
	rest string // the question without the words that asked for the kind
	// define is true for "who is…", "what is…", "which…" questions, which
	// want the sentence that says what a named person or thing is.
	define bool
	// quote is true when the question asks what somebody said, thinks or
	// promised: it wants that person's own words.
	quote bool
	// person is true for "who" questions: the answer names somebody the
	// question does not.
	person bool
}

// intentOf reads the kind of fact a question asks for: "how many" wants a
// number, "when" a date, "tl;dr" or "what is the story about" the lead.
func intentOf(q string) intent {
	in := kindOf(q)
	l := strings.ToLower(strings.TrimSpace(q))
	in.person = strings.HasPrefix(l, "who ") || strings.HasPrefix(l, "whom ") || strings.HasPrefix(l, "to whom ")
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if sayingWords[w] {
			in.quote = true
		}
		if promiseWords[w] && in.kind == "" {
			in.kind = kindCommit
		}
	}
	for _, p := range []string{"who ", "who's ", "what is ", "what's ", "what are ", "which "} {
		if strings.HasPrefix(l, p) {
			in.define = true
		}
	}
	return in
}

// sayingWords are verbs of saying and thinking: a question that uses one
// about somebody wants what they said.
var sayingWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`say says said saying tell tells told call calls called
		describe describes described think thinks thought believe believes believed feel feels felt
		claim claims claimed argue argues argued promise promises promised vow vows vowed pledge
		pledges pledged respond responds responded react reacts reacted answer answers answered
		write writes wrote written comment comments commented reply replies replied warn warns
		warned insist insists insisted assure assures assured reassure reassures reassured mention
		mentions mentioned complain complains complained view views consider considers considered
		criticize criticizes criticized criticise criticises criticised`) {
		sayingWords[w] = true
	}
}

// promiseWords ask for a commitment.
var promiseWords = map[string]bool{
	"promise": true, "promises": true, "promised": true, "pledge": true, "pledges": true,
	"pledged": true, "vow": true, "vows": true, "vowed": true, "commit": true, "commits": true,
	"committed": true, "guarantee": true, "guarantees": true, "guaranteed": true,
}

func kindOf(q string) intent {
	l := strings.ToLower(q)
	words := strings.FieldsFunc(l, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ';') })
	has := func(seq ...string) int {
		for i := 0; i+len(seq) <= len(words); i++ {
			ok := true
			for j, s := range seq {
				if words[i+j] != s {
					ok = false
					break
				}
			}
			if ok {
				return i
			}
		}
		return -1
	}
	drop := func(i, n int) string {
		return strings.Join(append(append([]string{}, words[:i]...), words[i+n:]...), " ")
	}
	switch {
	case has("how", "many") >= 0:
		return intent{kind: kindNumber, rest: drop(has("how", "many"), 2)}
	case has("how", "much") >= 0:
		return intent{kind: kindNumber, rest: drop(has("how", "much"), 2)}
	case has("what", "number") >= 0:
		return intent{kind: kindNumber, rest: q}
	case len(words) > 0 && words[0] == "when", has("how", "long", "ago") >= 0:
		return intent{kind: kindDate, rest: q}
	case has("what", "day") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "day"), 2)}
	case has("what", "date") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "date"), 2)}
	case has("what", "year") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "year"), 2)}
	case has("what", "month") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "month"), 2)}
	case has("what", "time") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "time"), 2)}
	case has("name", "of") >= 0 && len(words) > 0 && (words[0] == "what" || words[0] == "whats"):
		// "What is the (full, official) name of…" asks for a name: "name"
		// and the words that say which name are not what the answer is
		// about. intentOf makes it a define question.
		i := has("name", "of")
		if i > 0 && words[i-1] != "the" && words[i-1] != "is" && words[i-1] != "s" {
			return intent{rest: drop(i-1, 2)}
		}
		return intent{rest: drop(i, 1)}
	case len(words) > 0 && words[0] == "why", has("what", "reason") >= 0, has("for", "what", "purpose") >= 0:
		return intent{kind: kindCause, rest: q}
	}
	for i, w := range words {
		switch w {
		case "tldr", "tl;dr", "summary", "summarize", "summarise", "gist", "overview", "recap":
			// What is left says what to summarise ("summarize the
			// lawsuit"), if anything: a question of its own.
			return intent{kind: kindLead, rest: drop(i, 1)}
		}
	}
	if (has("what", "is", "this") >= 0 || has("what", "s", "this") >= 0 || has("what", "is", "the") >= 0) &&
		(has("story", "about") >= 0 || has("article", "about") >= 0 || has("news", "about") >= 0) {
		return intent{kind: kindLead, rest: ""}
	}
	return intent{rest: q}
}
