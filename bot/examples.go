package bot

import (
	"context"
	"strings"
	"unicode"

	"storybot/bot/render"
	"storybot/index"
)

// MaxExamples is how many example questions the bot offers: as many as
// the assistant panel shows as suggested prompts.
const MaxExamples = maxPrompts

// maxExampleTries bounds the questions ExampleQuestions asks the engine.
const maxExampleTries = 20

// ExampleQuestions finds up to n example questions the engine answers,
// for the usage reply, the Home tab and the assistant panel's suggested
// prompts, made from the stories' own titles: "Who is X?" and "What did
// X say?" for the names in them, and "Tell me about “TITLE”". The
// stories take turns, so that the first questions are about different
// stories, and no question comes twice. When the engine answers none it
// falls back to generic questions shaped like the ones it answers.
func ExampleQuestions(ctx context.Context, a index.Asker, n int) []string {
	var lists [][]string
	for _, s := range a.Stories() {
		if qs := titleQuestions(s.Title); len(qs) > 0 {
			lists = append(lists, qs)
		}
	}
	var out []string
	seen := map[string]bool{}
	tried := 0
	for round := 0; len(out) < n && tried < maxExampleTries; round++ {
		more := false
		for _, qs := range lists {
			if round >= len(qs) || len(out) == n || tried == maxExampleTries {
				continue
			}
			more = true
			q := qs[round]
			if seen[strings.ToLower(q)] {
				continue
			}
			seen[strings.ToLower(q)] = true
			tried++
			if res, err := a.Ask(ctx, q, index.AskOptions{Top: 1}); err == nil && res.Answered {
				out = append(out, q)
			}
		}
		if !more {
			break
		}
	}
	return withDefaults(out, n)
}

// titleQuestions are the questions a story's title suggests, best
// first: about its first name, the story as a whole, then its other
// names.
func titleQuestions(title string) []string {
	names := titleNames(title)
	var qs []string
	if len(names) > 0 {
		qs = append(qs, "Who is "+names[0]+"?")
	}
	if t := clipWords(render.OneLine(title), 60); t != "" {
		qs = append(qs, "Tell me about “"+t+"”")
	}
	if len(names) > 0 {
		qs = append(qs, "What did "+names[0]+" say?")
	}
	for _, name := range names[min(1, len(names)):] {
		qs = append(qs, "Who is "+name+"?")
	}
	return qs
}

// titleNames are the capitalized words of a title that may be names, each
// once.
func titleNames(title string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(title) {
		name := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		name = strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")
		key := strings.ToLower(name)
		if len([]rune(name)) < 3 || seen[key] || titleStopWords[key] || !unicode.IsUpper([]rune(name)[0]) {
			continue
		}
		seen[key] = true
		out = append(out, name)
	}
	return out
}

// clipWords cuts s to at most max characters at a space, marking the
// cut with "…".
func clipWords(s string, max int) string {
	if c := render.Clip(s, max); c != s {
		if i := strings.LastIndexByte(c, ' '); i > 0 {
			c = c[:i]
		}
		return strings.TrimRightFunc(c, unicode.IsPunct) + "…"
	}
	return s
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
