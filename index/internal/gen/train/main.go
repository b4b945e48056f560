package main

import (
	"flag"
	"fmt"
	"os"

	"storybot/index"
	"storybot/index/internal/evalset"
)

// The answer sets' folders, from the index package's folder.
const (
	sharedEval = "../../shared/eval"
	devSet     = "testdata/dev.jsonl"
	storyDir   = "../corpus"
)

// options are the command line's.
type options struct {
	out        string
	ablation   bool
	drop       string
	techniques string
	features   string
	fit        fitOptions
}

func main() {
	var o options
	flag.StringVar(&o.out, "o", "model_params.go", "the models' Go file, from the index package's folder")
	flag.BoolVar(&o.ablation, "ablation", false, "print the held-out ablation of each technique instead of fitting the models")
	flag.StringVar(&o.drop, "drop", "", "with -ablation: only the row without these ranker features (comma-separated names)")
	flag.StringVar(&o.techniques, "techniques", "vectors,synonyms,fuzzy,lemma,fields", "first-stage techniques to ablate (the ranker's features are ablated only when this is empty)")
	flag.StringVar(&o.features, "features", "", "with -ablation: a row only for each of these ranker features (comma-separated names)")
	flag.Float64Var(&o.fit.rankLambda, "rank-lambda", 0.03, "the ranker's L2 penalty on features")
	flag.Float64Var(&o.fit.pairLambda, "pair-lambda", 0.3, "the ranker's L2 penalty on products of features")
	flag.BoolVar(&o.fit.noPairs, "no-pairs", false, "fit the ranker without products of features")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// run works from the index package's folder: where go generate runs it,
// or index/ when it is run from the module's root.
func run(o options) error {
	if _, err := os.Stat("index/model.go"); err == nil {
		if err := os.Chdir("index"); err != nil {
			return err
		}
	}
	sets, err := evalset.Load(sharedEval, devSet, storyDir)
	if err != nil {
		return err
	}
	memo, err := newMemoReader()
	if err != nil {
		return err
	}
	t := &trainer{o: o, sets: sets, memo: memo}
	d, err := t.load(index.Options{})
	if err != nil {
		return err
	}
	if o.ablation {
		return t.ablate(d)
	}
	return t.train(d)
}

// trainer fits the models on the answer sets.
type trainer struct {
	o    options
	sets []evalset.Set
	memo *memoReader
}

// load reads every set with engines opened with opt; the reader, unless
// opt says none, is the memo.
func (t *trainer) load(opt index.Options) (*trainingData, error) {
	if opt.Reader == nil && !opt.NoReader {
		opt.Reader = t.memo
		defer t.memo.save()
	}
	return loadTrainingData(t.sets, opt, t.o.fit)
}

// train fits the models with the reader and by words alone on the tune
// halves, writes them, and prints their judges and the check halves'
// figures.
func (t *trainer) train(d *trainingData) error {
	m, err := d.fit("tune", nil, nil)
	if err != nil {
		return err
	}
	dl, err := t.load(index.Options{NoReader: true})
	if err != nil {
		return err
	}
	ml, err := dl.fit("tune", index.ReaderFeatures, index.ReaderJudge)
	if err != nil {
		return err
	}
	if err := writeModel(t.o.out, &m, &ml); err != nil {
		return err
	}
	for _, x := range []struct {
		name string
		d    *trainingData
		m    *index.Model
	}{{"reader", d, &m}, {"words alone", dl, &ml}} {
		fmt.Printf("%s: threshold %.3f; judge weights:", x.name, x.m.Threshold)
		for k, n := range index.JudgeNames {
			fmt.Printf(" %s=%.3f", n, x.m.Judge[k])
		}
		fmt.Println()
		fmt.Println("| check half | R@1 | R@3 | answerable refused | off-topic refused | near refused |")
		fmt.Println("|---|---|---|---|---|---|")
		for _, set := range checkSets {
			fmt.Printf("| %s | %s |\n", set, heldOut(x.d.sets[set], x.m, x.m.Threshold).Row())
		}
	}
	return nil
}

// checkSets are the halves never fitted on.
var checkSets = []string{"casual/check", "others/check", "news/check", "squad/check"}
