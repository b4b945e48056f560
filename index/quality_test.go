package index

import (
	"context"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Answer-quality tools, run by hand (they print, and never fail):
//
//	go test ./index -run TestAblation -ablation   # the README's ablation table
//	go test ./index -run TestTune -tune           # search the ranking weights
//
// Both score the public set (../../shared/eval/public.jsonl, as score.py
// does) and this package's own dev set (testdata/dev.jsonl).
var (
	ablation = flag.Bool("ablation", false, "print the ablation table")
	tune     = flag.Bool("tune", false, "search the ranking weights")
)

const publicSet = "../../shared/eval/public.jsonl"

// scores are score.py's figures for one question set.
type scores struct {
	r1, r3, mrr, falseAbstain, offAbstain float64
}

func (s scores) String() string {
	return fmt.Sprintf("R@1 %.3f R@3 %.3f MRR@3 %.3f false-abstain %.3f off-topic abstain %.3f", s.r1, s.r3, s.mrr, s.falseAbstain, s.offAbstain)
}

// score answers every question the way `storybot ask --json` does and
// scores the answers the way score.py does.
func score(t testing.TB, ask func(string) Result, qs []evalQuestion) scores {
	var s scores
	var n, off float64
	for _, q := range qs {
		res := ask(q.Q)
		if q.Answerable != nil && !*q.Answerable {
			if q.Kind == "offtopic" {
				off++
				if !res.Answered {
					s.offAbstain++
				}
			}
			continue
		}
		n++
		if !res.Answered {
			s.falseAbstain++
			continue
		}
		for i, a := range res.Answers {
			if i == 3 {
				break
			}
			if len(a.Text) > maxPassage {
				continue
			}
			if hit := slicesContainsAny(a.Text, q.Expect); hit {
				if i == 0 {
					s.r1++
				}
				s.r3++
				s.mrr += 1 / float64(i+1)
				break
			}
		}
	}
	s.r1, s.r3, s.mrr, s.falseAbstain = s.r1/n, s.r3/n, s.mrr/n, s.falseAbstain/n
	if off > 0 {
		s.offAbstain /= off
	}
	return s
}

func slicesContainsAny(text string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(text, x) {
			return true
		}
	}
	return false
}

// evalSets are the question sets quality is measured on.
func evalSets(t testing.TB) map[string][]evalQuestion {
	sets := map[string][]evalQuestion{"dev": readEval(t, "testdata/dev.jsonl")}
	if _, err := os.Stat(publicSet); err == nil {
		sets["public"] = readEval(t, publicSet)
	}
	return sets
}

func engineWith(t testing.TB, opt Options) *Engine {
	e, err := Open(context.Background(), loadCorpus(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func scoreEngine(t testing.TB, e *Engine, qs []evalQuestion) scores {
	return score(t, func(q string) Result {
		res, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}, qs)
}

// TestAblation prints the scores with each technique turned off in turn,
// and those of plain BM25.
func TestAblation(t *testing.T) {
	if !*ablation {
		t.Skip("run with -ablation")
	}
	sets := evalSets(t)
	bl := newBaseline(t, loadCorpus(t))
	fmt.Println("| configuration | public R@1 | public R@3 | public MRR@3 | false abstain | off-topic abstain | dev R@1 | dev R@3 | dev false abstain | dev off-topic abstain |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	row := func(name string, ask func(string) Result) {
		p, d := score(t, ask, sets["public"]), score(t, ask, sets["dev"])
		fmt.Printf("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, p.r1, p.r3, p.mrr, p.falseAbstain, p.offAbstain, d.r1, d.r3, d.falseAbstain, d.offAbstain)
	}
	row("plain BM25 (bleve, stemmed sentences)", func(q string) Result { return bl.ask(t, q) })
	asker := func(e *Engine) func(string) Result {
		return func(q string) Result {
			res, err := e.Ask(context.Background(), q, AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
	}
	row("**storybot**", asker(engineWith(t, Options{})))
	for _, off := range []string{"fields", "synonyms", "lemma", "fuzzy", "pos", "phrase", "kind", "define", "quote", "person"} {
		row("without "+off, asker(engineWith(t, Options{Disable: map[string]bool{off: true}})))
	}
}

// TestTune searches the ranking weights one at a time, keeping a change
// only when it raises R@1 summed over both sets without losing any
// off-topic abstention, and prints the best weights found.
func TestTune(t *testing.T) {
	if !*tune {
		t.Skip("run with -tune")
	}
	sets := evalSets(t)
	w := defaultWeights
	eval := func(w weights) float64 {
		e := engineWith(t, Options{weights: &w})
		defer e.Close()
		total := 0.0
		for _, qs := range sets {
			s := scoreEngine(t, e, qs)
			if s.offAbstain < 1 {
				return -1
			}
			total += s.r1 + 0.5*s.r3 - s.falseAbstain
		}
		return total
	}
	best := eval(w)
	t.Logf("start %.3f %+v", best, w)
	v := reflect.ValueOf(&w).Elem()
	for round := 0; round < 2; round++ {
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			orig := f.Float()
			for _, factor := range []float64{0.5, 0.75, 1.25, 1.5, 2} {
				f.SetFloat(orig * factor)
				if s := eval(w); s > best+1e-9 {
					best, orig = s, orig*factor
					t.Logf("%s → %.3f: %.3f", v.Type().Field(i).Name, orig, best)
				}
			}
			f.SetFloat(orig)
		}
	}
	t.Logf("best %.3f %+v", best, w)
}
