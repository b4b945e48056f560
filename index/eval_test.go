package index

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"testing"

	"storybot/index/internal/evalset"
)

// The answer sets of ../shared/eval, read the way its scorers read them
// and split into the half that techniques are tuned on and the half they
// are checked on (index/internal/evalset).

var evalFlag = flag.Bool("eval", false, "print every answer set's scores")

const sharedEval = "../../shared/eval"

// readItems reads a set's questions, or skips the test without them.
func readItems(tb testing.TB, path string) []evalset.Item {
	tb.Helper()
	qs, err := evalset.ReadItems(path)
	skipOrFatal(tb, err)
	return qs
}

// allEvalSets reads the public sets and our own dev set, each whole and
// split in halves: "casual/tune", "casual/check", "squad/tune",
// "squad/check"…
func allEvalSets(tb testing.TB) []evalset.Set {
	tb.Helper()
	sets, err := evalset.Load(sharedEval, "testdata/dev.jsonl", "../corpus")
	skipOrFatal(tb, err)
	return sets
}

// skipOrFatal skips the test when an answer set is missing, and fails it
// on any other error.
func skipOrFatal(tb testing.TB, err error) {
	tb.Helper()
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe) && pe.Op == "open":
		tb.Skipf("no answer set: %v", err)
	case err != nil:
		tb.Fatal(err)
	}
}

// openEval opens an engine over a folder of stories and waits for its
// reader.
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

// answered is a result as the scorers read it: whether it answered, and
// its passages.
func answered(res Result) (bool, []string) {
	texts := make([]string, len(res.Answers))
	for i, a := range res.Answers {
		texts[i] = a.Text
	}
	return res.Answered, texts
}

func askWith(tb testing.TB, e *Engine) func(string) (bool, []string) {
	return func(q string) (bool, []string) {
		res, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		return answered(res)
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
		if engines[set.Corpus] == nil {
			engines[set.Corpus] = openEval(t, set.Corpus, Options{})
			stories, _, _ := LoadDir(os.DirFS(set.Corpus), ".")
			baselines[set.Corpus] = newBaseline(t, stories)
		}
		bl := baselines[set.Corpus]
		fmt.Printf("%-13s storybot %v\n", set.Name, set.Score(askWith(t, engines[set.Corpus])))
		fmt.Printf("%-13s bm25     %v\n", set.Name, set.Score(func(q string) (bool, []string) { return answered(bl.ask(t, q)) }))
	}
}
