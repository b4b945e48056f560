package bot

import (
	"context"
	"strings"
	"unicode"

	"storybot/index"
)

// ExampleQuestions finds up to n example questions the engine answers, for
// the usage reply: "Who is X?" for the names in the stories' titles. When it
// finds none it falls back to generic questions shaped like the ones it
// answers.
func ExampleQuestions(ctx context.Context, a Asker, n int) []string {
	var out []string
	seen := map[string]bool{}
	tried := 0
	for _, s := range a.Stories() {
		for _, w := range strings.Fields(s.Title) {
			name := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			name = strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")
			key := strings.ToLower(name)
			if len(out) == n || tried == 20 {
				return withDefaults(out, n)
			}
			if len([]rune(name)) < 3 || seen[key] || titleStopWords[key] || !unicode.IsUpper([]rune(name)[0]) {
				continue
			}
			seen[key] = true
			tried++
			q := "Who is " + name + "?"
			if res, err := a.Ask(ctx, q, index.AskOptions{Top: 1}); err == nil && res.Answered {
				out = append(out, q)
			}
		}
	}
	return withDefaults(out, n)
}

func withDefaults(out []string, n int) []string {
	if len(out) > 0 {
		return out
	}
	for _, q := range []string{"How many people were there?", "When did it happen?", "What did they say?"} {
		if len(out) >= n {
			break
		}
		out = append(out, q)
	}
	return out
}

// titleStopWords are capitalised words of headlines that are not names.
var titleStopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "after": true, "before": true,
	"new": true, "says": true, "said": true, "over": true, "from": true, "into": true,
	"what": true, "why": true, "how": true, "who": true, "when": true, "will": true,
	"are": true, "not": true, "but": true, "its": true, "his": true, "her": true, "their": true,
}
