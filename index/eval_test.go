package index

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The answer sets of ../shared/eval, read the way its scorers read them,
// split into the half that techniques are tuned on and the half they are
// checked on: casual.jsonl by id (even numbers tune, odd check), SQuAD by
// article (alternate articles in name order).

var evalFlag = flag.Bool("eval", false, "print every answer set's scores")

const sharedEval = "../../shared/eval"

// evalItem is one question of any set.
type evalItem struct {
	ID         string   `json:"id"`
	Q          string   `json:"q"`
	Expect     []string `json:"expect"`     // story sets: substrings of a right passage
	Answerable *bool    `json:"answerable"` // absent: true
	Kind       string   `json:"kind"`       // offtopic, near
	// SQuAD
	Story   string   `json:"story"`
	Answers []string `json:"answers"`
	Gold    string   `json:"gold_sentence"`
}

func (q evalItem) answerable() bool { return q.Answerable == nil || *q.Answerable }

// evalSet is a set of questions over one corpus.
type evalSet struct {
	name   string
	corpus string // folder of stories
	squad  bool   // scored by SQuAD's rule
	items  []evalItem
}

func readItems(tb testing.TB, path string) []evalItem {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("no answer set: %v", err)
	}
	defer f.Close()
	var qs []evalItem
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q evalItem
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		qs = append(qs, q)
	}
	return qs
}

// tuneHalf says whether a question belongs to the half techniques are
// tuned on.
func tuneHalf(set string, q evalItem, articles []string) bool {
	switch set {
	case "casual":
		n, _ := strconv.Atoi(strings.TrimLeft(q.ID, "q"))
		return n%2 == 0
	case "squad":
		return slices.Index(articles, q.Story)%2 == 0
	case "others": // by writer
		return strings.HasPrefix(q.ID, "h")
	case "news": // by story; questions of no story by id
		if q.Story == "" {
			n, _ := strconv.Atoi(strings.TrimLeft(q.ID, "n"))
			return n%2 == 0
		}
		return slices.Index(newsStories, q.Story)%2 == 0
	}
	return true
}

// newsStories are the stories of news/, in name order.
var newsStories = []string{"001_8b38ce2c19fa2446", "002_53fcba6a110639c2", "003_2f1a3b0096d1e421", "004_50e45413d54c867a", "005_1eafbc9ad6b02514"}

// evalSets reads the public sets and our own dev set, each whole and split
// in halves: "casual/tune", "casual/check", "squad/tune", "squad/check".
func allEvalSets(tb testing.TB) []evalSet {
	story := "../corpus"
	sets := []evalSet{
		{name: "public", corpus: story, items: readItems(tb, filepath.Join(sharedEval, "public.jsonl"))},
		{name: "dev", corpus: story, items: readItems(tb, "testdata/dev.jsonl")},
	}
	casual := readItems(tb, filepath.Join(sharedEval, "casual.jsonl"))
	others := readItems(tb, filepath.Join(sharedEval, "others.jsonl"))
	news := readItems(tb, filepath.Join(sharedEval, "news/questions.jsonl"))
	squad := readItems(tb, filepath.Join(sharedEval, "squad-dev/questions.jsonl"))
	var articles []string
	for _, q := range squad {
		if !slices.Contains(articles, q.Story) {
			articles = append(articles, q.Story)
		}
	}
	slices.Sort(articles)
	for _, half := range []string{"tune", "check"} {
		keep := func(set string, qs []evalItem) []evalItem {
			var out []evalItem
			for _, q := range qs {
				if tuneHalf(set, q, articles) == (half == "tune") {
					out = append(out, q)
				}
			}
			return out
		}
		sets = append(sets,
			evalSet{name: "casual/" + half, corpus: story, items: keep("casual", casual)},
			evalSet{name: "squad/" + half, corpus: filepath.Join(sharedEval, "squad-dev/corpus"), squad: true, items: keep("squad", squad)},
			evalSet{name: "others/" + half, corpus: story, items: keep("others", others)},
			evalSet{name: "news/" + half, corpus: filepath.Join(sharedEval, "news/corpus"), items: keep("news", news)})
	}
	return sets
}

// evalScores are the scorers' figures for one set.
type evalScores struct {
	n, r1, r3, mrr, falseAbstain float64
	off, offAbstain              float64 // off-topic (story sets) or unanswerable (SQuAD)
	near, nearAbstain            float64
}

func (s *evalScores) add(o evalScores) {
	s.n, s.r1, s.r3, s.mrr, s.falseAbstain = s.n+o.n, s.r1+o.r1, s.r3+o.r3, s.mrr+o.mrr, s.falseAbstain+o.falseAbstain
	s.off, s.offAbstain, s.near, s.nearAbstain = s.off+o.off, s.offAbstain+o.offAbstain, s.near+o.near, s.nearAbstain+o.nearAbstain
}

func (s evalScores) String() string {
	f := func(x, n float64) string {
		if n == 0 {
			return "  -  "
		}
		return fmt.Sprintf("%.3f", x/n)
	}
	return fmt.Sprintf("R@1 %s R@3 %s MRR %s fa %s off %s near %s", f(s.r1, s.n), f(s.r3, s.n), f(s.mrr, s.n), f(s.falseAbstain, s.n), f(s.offAbstain, s.off), f(s.nearAbstain, s.near))
}

// rank is where the first right passage of res stands (1-based), or 0.
func (set evalSet) rank(q evalItem, res Result) int {
	for i, a := range res.Answers {
		if i == 3 {
			break
		}
		if set.squad && squadHit(q, a.Text) || !set.squad && len(a.Text) <= maxPassage && slicesContainsAny(a.Text, q.Expect) {
			return i + 1
		}
	}
	return 0
}

func (set evalSet) score(ask func(string) Result) evalScores {
	var s evalScores
	for _, q := range set.items {
		res := ask(q.Q)
		switch {
		case q.answerable():
			s.n++
			if !res.Answered {
				s.falseAbstain++
				continue
			}
			if r := set.rank(q, res); r > 0 {
				s.r3++
				s.mrr += 1 / float64(r)
				if r == 1 {
					s.r1++
				}
			}
		case q.Kind == "near":
			s.near++
			if !res.Answered {
				s.nearAbstain++
			}
		default:
			s.off++
			if !res.Answered {
				s.offAbstain++
			}
		}
	}
	return s
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
func squadHit(q evalItem, passage string) bool {
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

// evalEngines caches one engine per corpus.
func openEval(tb testing.TB, dir string, opt Options) *Engine {
	stories, _, err := LoadDir(os.DirFS(dir), ".")
	if err != nil {
		tb.Fatal(err)
	}
	e, err := Open(context.Background(), stories, opt)
	if err != nil {
		tb.Fatal(err)
	}
	if ready := e.ReaderReady(); ready != nil {
		<-ready
	}
	return e
}

func askWith(tb testing.TB, e *Engine) func(string) Result {
	return func(q string) Result {
		res, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		return res
	}
}

// TestEval prints each set's scores with this engine and plain BM25.
func TestEval(t *testing.T) {
	if !*evalFlag {
		t.Skip("run with -eval")
	}
	engines := map[string]*Engine{}
	baselines := map[string]*baseline{}
	for _, set := range allEvalSets(t) {
		if engines[set.corpus] == nil {
			engines[set.corpus] = openEval(t, set.corpus, Options{})
			stories, _, _ := LoadDir(os.DirFS(set.corpus), ".")
			baselines[set.corpus] = newBaseline(t, stories)
		}
		bl := baselines[set.corpus]
		fmt.Printf("%-13s storybot %v\n", set.name, set.score(askWith(t, engines[set.corpus])))
		fmt.Printf("%-13s bm25     %v\n", set.name, set.score(func(q string) Result { return bl.ask(t, q) }))
	}
}

func slicesContainsAny(text string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(text, x) {
			return true
		}
	}
	return false
}
