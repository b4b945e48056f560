package index

import "strings"

// The kinds of fact a sentence holds, for questions that ask for one:
// a number, a date, a reason, a commitment, a quotation, the lead.

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
