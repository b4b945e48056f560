package insights

import (
	"sort"
	"strings"
	"unicode"

	"storybot/bot/store"
)

// Group is refused questions that ask the same thing: Key names it
// (stable from one Home to the next, so that it can be marked handled),
// Questions are its members, the latest first.
type Group struct {
	Key       string
	Questions []store.Question
	// Count and Examples are filled by Build: the questions not yet
	// handled, and two of them as asked (different texts when there are).
	Count    int
	Examples []string
}

// Grouper groups refused questions by what they mean. qs come the
// latest first; groups come in any order (Build sorts them).
type Grouper interface {
	Group(qs []store.Question) []Group
}

// Words groups questions by their content words: lower-cased, without
// the words every question has ("what", "the", "did"), plurals and
// common endings cut. A question joins the group it shares most with,
// when their Jaccard similarity reaches Threshold (0.5 if zero), else
// starts one; the most asked forms are placed first, so that a group is
// named by its most asked form.
type Words struct {
	Threshold float64
}

// form is one set of content words, and the questions that have it.
type form struct {
	key   string
	words []string
	qs    []store.Question
}

// Group implements Grouper.
func (w Words) Group(qs []store.Question) []Group {
	th := w.Threshold
	if th <= 0 {
		th = 0.5
	}
	forms := formsOf(qs)
	var groups []*Group
	var reps [][]string          // each group's words: its first form's
	byWord := map[string][]int{} // word → groups whose words hold it
	for _, f := range forms {
		best, bestSim := -1, th
		seen := map[int]bool{}
		for _, word := range f.words {
			for _, g := range byWord[word] {
				if seen[g] {
					continue
				}
				seen[g] = true
				if s := jaccard(f.words, reps[g]); s >= bestSim {
					best, bestSim = g, s
				}
			}
		}
		if best < 0 {
			best = len(groups)
			groups = append(groups, &Group{Key: f.key})
			reps = append(reps, f.words)
			for _, word := range f.words {
				byWord[word] = append(byWord[word], best)
			}
		}
		groups[best].Questions = append(groups[best].Questions, f.qs...)
	}
	out := make([]Group, len(groups))
	for i, g := range groups {
		sort.SliceStable(g.Questions, func(a, b int) bool { return g.Questions[a].At.After(g.Questions[b].At) })
		out[i] = *g
	}
	return out
}

// formsOf gathers qs by their content words, the most asked first.
func formsOf(qs []store.Question) []*form {
	byKey := map[string]*form{}
	var forms []*form
	for _, q := range qs {
		words := ContentWords(q.Text)
		key := strings.Join(words, " ")
		f := byKey[key]
		if f == nil {
			f = &form{key: key, words: words}
			byKey[key] = f
			forms = append(forms, f)
		}
		f.qs = append(f.qs, q)
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].qs) > len(forms[j].qs) })
	return forms
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets of words.
func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	both, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// ContentWords are the words of text that carry its meaning, normalised
// and sorted, each once.
func ContentWords(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	set := map[string]bool{}
	for _, f := range fields {
		f = strings.Trim(f, "'")
		f = strings.TrimSuffix(f, "'s")
		if len(f) < 2 || stopWords[f] {
			continue
		}
		set[stem(f)] = true
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// stem cuts a few common English endings, enough that "votes" meets
// "vote" and "voting".
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 && !strings.HasSuffix(w, "ss") {
			w = strings.TrimSuffix(w, suf)
			break
		}
	}
	return strings.TrimSuffix(w, "e")
}

// stopWords are the words of a question that say nothing of its subject.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but of to in on at by for with from about as into over
		is are was were be been being am do does did done have has had having will would can could should shall may might must
		what who whom whose which when where why how whats who's
		i me my we our you your he him his she her it its they them their this that these those there here
		not no yes any some all more most much many very just also than then so if tell please know
		story stories say said says`) {
		m[w] = true
	}
	return m
}()
