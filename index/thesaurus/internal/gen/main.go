package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The four WordNet parts of speech, in the order used to break ties between
// equally frequent senses of a word: verbs and nouns carry most of the
// meaning of a news question, adverbs the least.
var poses = []pos{verb, noun, adj, adv}

type pos byte

const (
	noun pos = 'n'
	verb pos = 'v'
	adj  pos = 'a' // includes satellites ('s'); they share data.adj
	adv  pos = 'r'
)

var posFile = map[pos]string{noun: "noun", verb: "verb", adj: "adj", adv: "adv"}

// cntlist.rev numbers parts of speech 1–5 (5 = adjective satellite).
var posOfSSType = map[byte]pos{'1': noun, '2': verb, '3': adj, '4': adv, '5': adj}

type options struct {
	maxSenses  int     // senses per part of speech considered for a word
	synRank    int     // a synonym must have the shared meaning among its first synRank senses
	minShare   float64 // a sense must have this share of the word's top sense count
	maxSyns    int     // cap on synonyms per word
	phrases    bool    // emit multi-word lemmas (phrasal verbs etc.) as keys
	minPhraseN int     // a phrase key needs at least this SemCor tag count
}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "directory holding WordNet's data.*, index.*, *.exc and cntlist.rev")
	out := flag.String("o", "thesaurus.txt", "output file; related.txt, irregular.txt, base.txt and class.txt are written beside it")
	var o options
	flag.IntVar(&o.maxSenses, "senses", 3, "consider at most this many senses of each part of speech")
	flag.IntVar(&o.synRank, "syn-rank", 4, "a synonym must have the shared meaning among its own first this-many senses")
	flag.Float64Var(&o.minShare, "share", 0.2, "drop senses tagged less than this share of the word's most frequent sense")
	flag.IntVar(&o.maxSyns, "max", 12, "keep at most this many synonyms per word")
	flag.BoolVar(&o.phrases, "phrases", true, "emit attested multi-word lemmas (\"turn down\") as keys")
	flag.IntVar(&o.minPhraseN, "phrase-min", 1, "minimum SemCor tag count for a multi-word key")
	explain := flag.String("explain", "", "print the senses of these comma-separated words with their tag counts, and exit")
	flag.Parse()

	if *explain != "" {
		wn, err := load(*dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		for _, w := range strings.Split(*explain, ",") {
			explainWord(wn, w, o)
		}
		return
	}

	if err := run(*dir, *out, o); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, out string, o options) error {
	wn, err := load(dir)
	if err != nil {
		return err
	}
	syns, rel := build(wn, o)
	irr, err := inflections(dir, wn, syns, rel, o)
	if err != nil {
		return err
	}
	// Base leaves adjectives' and adverbs' forms alone; Class does not.
	bases, err := baseForms(dir, wn, []pos{verb, noun})
	if err != nil {
		return err
	}
	adjBases, err := baseForms(dir, wn, []pos{adj, adv})
	if err != nil {
		return err
	}
	classes := classify(wn, bases, adjBases)
	bases = unchain(bases)
	dst := filepath.Dir(out)
	for _, f := range []struct {
		path string
		ls   lines
	}{
		{out, syns},
		{filepath.Join(dst, "related.txt"), rel},
		{filepath.Join(dst, "irregular.txt"), irr},
		{filepath.Join(dst, "base.txt"), bases},
		{filepath.Join(dst, "class.txt"), classes},
	} {
		if err := writeLines(f.path, f.ls); err != nil {
			return err
		}
	}
	return nil
}

// lines maps each key of an output file to its comma-separated values.
type lines map[string][]string

// writeLines writes "key<TAB>v1,v2,...\n" lines sorted by key in byte
// order, the order package thesaurus binary-searches.
func writeLines(path string, ls lines) error {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(ls)) {
		b.WriteString(k)
		b.WriteByte('\t')
		b.WriteString(strings.Join(ls[k], ","))
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// explainWord prints every sense of w, marking those senses() keeps: a
// tool for judging the sense filter by eye.
func explainWord(wn *wordnet, w string, o options) {
	kept := map[*synset]bool{}
	for _, s := range senses(wn, w, o) {
		kept[s.ss] = true
	}
	fmt.Printf("== %s\n", w)
	for _, p := range poses {
		for i, off := range wn.index[p][w] {
			ss := wn.synsets[p][off]
			mark := " "
			if kept[ss] {
				mark = "*"
			}
			var ms []string
			for _, m := range ss.members {
				ms = append(ms, fmt.Sprintf("%s:%d", m.lemma, memberCount(wn, m.lemma, ss, off)))
			}
			var hs []string
			for _, h := range ss.broader {
				for _, m := range wn.synsets[p][h].members {
					hs = append(hs, m.lemma)
				}
			}
			fmt.Printf(" %s %c#%d n=%d {%s} @{%s}\n", mark, p, i+1, wn.counts[senseKey{w, p, i + 1}], strings.Join(ms, ", "), strings.Join(hs, ", "))
		}
	}
}
