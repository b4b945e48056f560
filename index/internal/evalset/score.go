package evalset

import (
	"fmt"
	"strings"
	"unicode"
)

// maxChars is the longest right passage of the story sets, as the scorer
// (score.py's max_chars) counts it.
const maxChars = 450

// Scores are the scorers' figures for one set.
type Scores struct {
	N, R1, R3, MRR, FalseAbstain float64
	Off, OffAbstain              float64 // off-topic (story sets) or unanswerable (SQuAD)
	Near, NearAbstain            float64
}

// Add adds o's counts to s's.
func (s *Scores) Add(o Scores) {
	s.N, s.R1, s.R3, s.MRR, s.FalseAbstain = s.N+o.N, s.R1+o.R1, s.R3+o.R3, s.MRR+o.MRR, s.FalseAbstain+o.FalseAbstain
	s.Off, s.OffAbstain, s.Near, s.NearAbstain = s.Off+o.Off, s.OffAbstain+o.OffAbstain, s.Near+o.Near, s.NearAbstain+o.NearAbstain
}

func (s Scores) String() string {
	f := func(x, n float64) string {
		if n == 0 {
			return "  -  "
		}
		return fmt.Sprintf("%.3f", x/n)
	}
	return fmt.Sprintf("R@1 %s R@3 %s MRR %s fa %s off %s near %s", f(s.R1, s.N), f(s.R3, s.N), f(s.MRR, s.N), f(s.FalseAbstain, s.N), f(s.OffAbstain, s.Off), f(s.NearAbstain, s.Near))
}

// Row is a Markdown table row's cells: R@1, R@3 and the refusals.
func (s Scores) Row() string {
	f := func(x, n float64) string {
		if n == 0 {
			return "—"
		}
		return fmt.Sprintf("%.3f", x/n)
	}
	return strings.Join([]string{f(s.R1, s.N), f(s.R3, s.N), f(s.FalseAbstain, s.N), f(s.OffAbstain, s.Off), f(s.NearAbstain, s.Near)}, " | ")
}

// Rank is where the first right passage of answers stands (1-based), or 0.
func (set Set) Rank(q Item, answers []string) int {
	for i, a := range answers {
		if i == 3 {
			break
		}
		if set.Squad && squadHit(q, a) || !set.Squad && len(a) <= maxChars && containsAny(a, q.Expect) {
			return i + 1
		}
	}
	return 0
}

// Score asks each question and scores the answers; ask says whether it
// answered, and with which passages.
func (set Set) Score(ask func(q string) (answered bool, answers []string)) Scores {
	var s Scores
	for _, q := range set.Items {
		answered, answers := ask(q.Q)
		rank := 0
		if answered && q.IsAnswerable() {
			rank = set.Rank(q, answers)
		}
		s.Count(q, answered, rank)
	}
	return s
}

// Count adds an answer to q: whether it answered, and where the first
// right passage stood (1-based; 0 when none of the first three is).
func (s *Scores) Count(q Item, answered bool, rank int) {
	switch {
	case q.IsAnswerable():
		s.N++
		if !answered {
			s.FalseAbstain++
			return
		}
		if rank > 0 {
			s.R3++
			s.MRR += 1 / float64(rank)
			if rank == 1 {
				s.R1++
			}
		}
	case q.Kind == "near":
		s.Near++
		if !answered {
			s.NearAbstain++
		}
	default:
		s.Off++
		if !answered {
			s.OffAbstain++
		}
	}
}

// squadNorm normalises text as SQuAD's scorer does (but for NFKC):
// straight quotes and dashes, white space collapsed, case folded.
func squadNorm(s string) string {
	s = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u2018", "'", "\u2019", "'",
		"\u2013", "-", "\u2014", "-", "\u2212", "-", "\u00a0", " ").Replace(s)
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}

// squadHit is SQuAD's scorer's rule: the passage holds an answer text and
// at least half of the gold sentence, counted in long shared runs.
func squadHit(q Item, passage string) bool {
	p, g := squadNorm(passage), squadNorm(q.Gold)
	has := false
	for _, a := range q.Answers {
		if a = squadNorm(a); a != "" && strings.Contains(p, a) {
			has = true
			break
		}
	}
	if !has {
		return false
	}
	if strings.Contains(p, g) {
		return true
	}
	return 2*sharedRuns([]rune(p), []rune(g), min(20, max(1, len([]rune(g))/2))) >= len([]rune(g))
}

// sharedRuns adds up the lengths of the in-order common runs of at least
// minRun runes, found as difflib does: the longest, then recursively on
// each side of it.
func sharedRuns(a, b []rune, minRun int) int {
	if len(a) < minRun || len(b) < minRun {
		return 0
	}
	best, ai, bi := 0, 0, 0
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > best {
					best, ai, bi = cur[j], i-cur[j], j-cur[j]
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	if best < minRun {
		return 0
	}
	return best + sharedRuns(a[:ai], b[:bi], minRun) + sharedRuns(a[ai+best:], b[bi+best:], minRun)
}

func containsAny(text string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(text, x) {
			return true
		}
	}
	return false
}
