// Command gen builds the word tables of package storybot/index/thesaurus
// from the Princeton WordNet 3.0 database files (Debian package
// wordnet-base, installed under /usr/share/wordnet), which it parses
// itself: data.* (synsets), index.* (sense order), cntlist.rev (SemCor tag
// counts) and *.exc (irregular forms).
//
// Usage, from the module root:
//
//	go run ./index/thesaurus/internal/gen -wordnet /usr/share/wordnet -o index/thesaurus/thesaurus.txt
//
// related.txt, irregular.txt, base.txt and class.txt are written next to
// the -o file. The output depends only on the WordNet files and the flags:
// each line is computed independently of map order and the lines are
// written sorted, so two runs give byte-identical files. With -explain
// w1,w2 it prints those words' senses, tag counts and which senses are
// kept, instead.
//
// See the package comment of storybot/index/thesaurus for what is kept and
// why.
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"storybot/index/thesaurus/internal/morph"
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

type member struct {
	lemma  string // lower-case, words separated by single spaces
	proper bool   // written with a capital in WordNet: a name, not a synonym
}

type synset struct {
	pos     pos
	lexfile int // lexicographer file: 18 is noun.person
	members []member
	// broader holds the offsets of the synsets one step more general:
	// hypernyms ("@", "@i") of a noun or verb, the head adjective ("&")
	// of an adjective satellite.
	broader []int
}

type senseKey struct {
	lemma string
	pos   pos
	num   int // 1-based sense number, the order of index.<pos>
}

type wordnet struct {
	synsets map[pos]map[int]*synset
	index   map[pos]map[string][]int // lemma → synset offsets, most frequent sense first
	counts  map[senseKey]int         // SemCor tag counts from cntlist.rev
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

// excLine is a line of an exception list: an inflected form and the base
// forms it may come from, in the order given.
type excLine struct {
	form  string
	bases []string
}

// readExc parses <pos>.exc ("inflected base...").
func readExc(dir string, p pos) ([]excLine, error) {
	var out []excLine
	err := eachLine(filepath.Join(dir, posFile[p]+".exc"), func(line string) error {
		f := strings.Fields(line)
		if len(f) < 2 {
			return errors.New("bad exception line")
		}
		out = append(out, excLine{f[0], f[1:]})
		return nil
	})
	return out, err
}

// lines maps each key of an output file to its comma-separated values.
type lines map[string][]string

func load(dir string) (*wordnet, error) {
	wn := &wordnet{
		synsets: map[pos]map[int]*synset{},
		index:   map[pos]map[string][]int{},
		counts:  map[senseKey]int{},
	}
	for _, p := range poses {
		ss, err := readData(filepath.Join(dir, "data."+posFile[p]), p)
		if err != nil {
			return nil, err
		}
		wn.synsets[p] = ss
		idx, err := readIndex(filepath.Join(dir, "index."+posFile[p]))
		if err != nil {
			return nil, err
		}
		wn.index[p] = idx
	}
	if err := readCounts(filepath.Join(dir, "cntlist.rev"), wn.counts); err != nil {
		return nil, err
	}
	return wn, nil
}

// eachLine calls fn for every line of the file that is not part of the
// licence header (WordNet's header lines start with two spaces).
func eachLine(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "  ") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// readData parses data.<pos>. A line is
//
//	offset lex_filenum ss_type w_cnt(hex 2) {word lex_id(hex 1)} p_cnt(dec 3)
//	{pointer_symbol offset pos source/target} [frames] | gloss
func readData(path string, p pos) (map[int]*synset, error) {
	out := map[int]*synset{}
	err := eachLine(path, func(line string) error {
		line, _, _ = strings.Cut(line, " | ")
		f := strings.Fields(line)
		if len(f) < 4 {
			return errors.New("short synset line")
		}
		off, err := strconv.Atoi(f[0])
		if err != nil {
			return err
		}
		wcnt, err := strconv.ParseInt(f[3], 16, 0)
		if err != nil {
			return err
		}
		lexfile, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		i := 4
		s := &synset{pos: p, lexfile: lexfile}
		satellite := f[2] == "s"
		for range wcnt {
			w := f[i]
			i += 2 // skip lex_id
			// Adjectives may carry a syntactic marker: "(a)", "(p)", "(ip)".
			if j := strings.IndexByte(w, '('); j > 0 {
				w = w[:j]
			}
			lower := strings.ToLower(w)
			s.members = append(s.members, member{
				lemma:  strings.ReplaceAll(lower, "_", " "),
				proper: lower != w,
			})
		}
		pcnt, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		i++
		for range pcnt {
			sym, target, tpos := f[i], f[i+1], f[i+2]
			i += 4
			if tpos[0] != byte(p) && (tpos[0] != 's' || p != adj) {
				continue
			}
			if sym == "@" || sym == "@i" || (sym == "&" && satellite) {
				t, err := strconv.Atoi(target)
				if err != nil {
					return err
				}
				s.broader = append(s.broader, t)
			}
		}
		out[off] = s
		return nil
	})
	return out, err
}

// readIndex parses index.<pos>. A line is
//
//	lemma pos synset_cnt p_cnt {ptr_symbol} sense_cnt tagsense_cnt {synset_offset}
//
// The offsets are listed most frequent sense first; that order is WordNet's
// sense numbering.
func readIndex(path string) (map[string][]int, error) {
	out := map[string][]int{}
	err := eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 6 {
			return errors.New("short index line")
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		offs := make([]int, n)
		for i, s := range f[len(f)-n:] {
			if offs[i], err = strconv.Atoi(s); err != nil {
				return err
			}
		}
		out[strings.ReplaceAll(f[0], "_", " ")] = offs
		return nil
	})
	return out, err
}

// readCounts parses cntlist.rev: "lemma%ss_type:lex_filenum:lex_id:head:head_id
// sense_number tag_cnt". The lemma, part of speech and sense number are all
// that is needed to find the sense in index.<pos>, so the rest of the sense
// key is ignored.
func readCounts(path string, counts map[senseKey]int) error {
	return eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) != 3 {
			return errors.New("bad cntlist.rev line")
		}
		lemma, rest, ok := strings.Cut(f[0], "%")
		if !ok || rest == "" {
			return errors.New("bad sense key")
		}
		p, ok := posOfSSType[rest[0]]
		if !ok {
			return errors.New("bad ss_type in sense key")
		}
		num, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		counts[senseKey{strings.ReplaceAll(lemma, "_", " "), p, num}] += n
		return nil
	})
}

// isWord reports whether s is a plain lower-case word (letters and inner
// hyphens). With phrase set, single spaces between such words are allowed.
func isWord(s string, phrase bool) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '-':
		case c == ' ' && phrase && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// sense is one meaning of a key lemma.
type sense struct {
	pos   pos
	num   int // 1-based within pos
	count int // SemCor tag count
	ss    *synset
}

// senses returns the senses of lemma worth using, most frequent first.
//
// WordNet lists every sense it knows, and rare ones produce junk for news
// ("state" as in "submit"). A sense is kept when it is among the first
// maxSenses of its part of speech and its SemCor tag count is at least
// minShare of the word's most frequent sense. A word with no tagged sense at
// all (most rare words) keeps only sense 1 of each part of speech, WordNet's
// best guess at its main meaning.
func senses(wn *wordnet, lemma string, o options) []sense {
	var all []sense
	top := 0
	for _, p := range poses {
		for i, off := range wn.index[p][lemma] {
			if i >= o.maxSenses {
				break
			}
			ss := wn.synsets[p][off]
			if ss == nil || isProper(ss, lemma) {
				continue
			}
			s := sense{pos: p, num: i + 1, count: wn.counts[senseKey{lemma, p, i + 1}], ss: ss}
			top = max(top, s.count)
			all = append(all, s)
		}
	}
	var kept []sense
	for _, s := range all {
		if top == 0 && s.num != 1 {
			continue
		}
		if top > 0 && (s.count == 0 || float64(s.count) < o.minShare*float64(top)) {
			continue
		}
		kept = append(kept, s)
	}
	// Most frequent first; ties keep part-of-speech order, then sense number
	// (the stable sort preserves the order they were gathered in).
	slices.SortStableFunc(kept, func(a, b sense) int { return cmp.Compare(b.count, a.count) })
	return kept
}

// isProper reports whether lemma appears in ss only as a name ("Paris" the
// city, "Mercury" the planet): such senses give no synonyms of the common
// word.
func isProper(ss *synset, lemma string) bool {
	for _, m := range ss.members {
		if m.lemma == lemma {
			return m.proper
		}
	}
	return false
}

// memberCount is how often lemma was tagged with the meaning of ss: it lets
// "refuse, decline" rank the common synonym ahead of the rare one.
func memberCount(wn *wordnet, lemma string, ss *synset, off int) int {
	for i, o := range wn.index[ss.pos][lemma] {
		if o == off {
			return wn.counts[senseKey{lemma, ss.pos, i + 1}]
		}
	}
	return 0
}

// builder computes the synonym lists.
type builder struct {
	wn    *wordnet
	o     options
	offOf map[*synset]int // synset → its offset in data.<pos>
}

// isCommon reports whether ss is among lemma's first synRank senses, that
// is, whether lemma commonly carries the meaning of ss.
//
// This is looser than the sense filter applied to the key word itself (no
// tag-count share), on purpose: SemCor's counts split fine senses
// arbitrarily ("information" is tagged 0 times in the sense it shares with
// "data", its 4th), whereas the rank alone still shuts out the real danger,
// very polysemous words whose shared sense is far down their list ("see" is
// "meet" only in its 8th sense).
func (b *builder) isCommon(lemma string, ss *synset) bool {
	off := b.offOf[ss]
	for i, o := range b.wn.index[ss.pos][lemma] {
		if i >= b.o.synRank {
			break
		}
		if o == off {
			return true
		}
	}
	return false
}

// words returns the members of ss that may stand for key: single plain
// words, not names, and — the main guard against noise — only members that
// commonly carry the meaning of ss (see isCommon). "see" shares a synset
// with "meet" (to come together), but that is not what "see" usually
// means, so a story's "see" should not answer a question's "meet".
func (b *builder) words(key string, ss *synset) []string {
	off := b.offOf[ss]
	ms := slices.Clone(ss.members)
	// The members that most often carry this meaning come first;
	// WordNet's own member order breaks ties.
	slices.SortStableFunc(ms, func(x, y member) int {
		return cmp.Compare(memberCount(b.wn, y.lemma, ss, off), memberCount(b.wn, x.lemma, ss, off))
	})
	var out []string
	for _, m := range ms {
		if m.lemma != key && !m.proper && isWord(m.lemma, false) && b.isCommon(m.lemma, ss) {
			out = append(out, m.lemma)
		}
	}
	return out
}

// lists returns key's synonyms and its related (broader) words.
func (b *builder) lists(key string) (syns, related []string) {
	seen := map[string]bool{key: true}
	add := func(list *[]string, ws []string) {
		for _, w := range ws {
			if !seen[w] && len(*list) < b.o.maxSyns {
				seen[w] = true
				*list = append(*list, w)
			}
		}
	}
	ss := senses(b.wn, key, b.o)
	var bare []sense
	for _, s := range ss {
		if alone(key, s.ss) {
			bare = append(bare, s)
		}
		add(&syns, b.words(key, s.ss))
	}
	// A main sense for which WordNet has no single-word synonym at all
	// ("deny" is alone in each of its first three synsets) borrows the
	// words of the synset one step up: "deny" → "contradict", "repudiate";
	// "confidential" → "private". They go to a separate list because a
	// broader word is a looser match ("secret" → "information"), and only
	// bare senses borrow, since hypernyms of common verbs are often as
	// vague as "act", "move" or "change".
	for _, s := range bare {
		for _, h := range s.ss.broader {
			if hs := b.wn.synsets[s.pos][h]; hs != nil {
				add(&related, b.words(key, hs))
			}
		}
	}
	return syns, related
}

// build returns the lines of thesaurus.txt and of related.txt.
func build(wn *wordnet, o options) (synonyms, related lines) {
	b := &builder{wn: wn, o: o, offOf: map[*synset]int{}}
	for _, p := range poses {
		for off, ss := range wn.synsets[p] {
			b.offOf[ss] = off
		}
	}

	keys := map[string]bool{}
	for _, p := range poses {
		for lemma := range wn.index[p] {
			if isWord(lemma, false) {
				keys[lemma] = true
			} else if o.phrases && isWord(lemma, true) && tagged(wn, lemma) >= o.minPhraseN {
				keys[lemma] = true
			}
		}
	}

	synonyms, related = lines{}, lines{}
	for key := range keys {
		syns, rel := b.lists(key)
		if len(syns) > 0 {
			synonyms[key] = syns
		}
		if len(rel) > 0 {
			related[key] = rel
		}
	}
	return synonyms, related
}

// alone reports whether ss offers key no single-word synonym at all, names
// aside.
func alone(key string, ss *synset) bool {
	for _, m := range ss.members {
		if m.lemma != key && !m.proper && isWord(m.lemma, false) {
			return false
		}
	}
	return true
}

// tagged is the total SemCor tag count of lemma over all its senses.
func tagged(wn *wordnet, lemma string) int {
	n := 0
	for _, p := range poses {
		for i := range wn.index[p][lemma] {
			n += wn.counts[senseKey{lemma, p, i + 1}]
		}
	}
	return n
}

// inflections handles the irregular forms of WordNet's exception lists
// (*.exc: "inflected base..."), keeping the first base that has an entry.
//
// Each form goes into the returned table ("sold" → "sell", "media" →
// "medium"), which Lookup consults before the regular detachment rules,
// unless those rules find the same base anyway. Lookup uses it for words
// without an entry of their own, and for the first word of a phrase
// ("kept" in "kept out").
//
// A form that is also a lemma in its own right gets its own entry, which
// Lookup would use as it is; and that entry is often a rare adjective or
// noun sense: "said" → "aforesaid", "kept" → "unbroken", "found" →
// "establish", where a news question almost always means "say", "keep",
// "find". So its entry is merged with its base's: the base word, then the
// base's synonyms, then its own, or its own first if its own senses were
// tagged more often in SemCor than the base's ("ground" over "grind").
// Participles and comparatives known only as adjectives get the same
// treatment (see below).
func inflections(dir string, wn *wordnet, syns, rel lines, o options) (lines, error) {
	has := func(w string) bool { return syns[w] != nil || rel[w] != nil }
	base := map[string]string{}
	for _, p := range poses {
		exc, err := readExc(dir, p)
		if err != nil {
			return nil, err
		}
		for _, l := range exc {
			if _, done := base[l.form]; done || !isWord(l.form, false) {
				continue
			}
			for _, b := range l.bases {
				if b != l.form && has(b) {
					base[l.form] = b
					break
				}
			}
		}
	}

	irr := lines{}
	for form, b := range base {
		if byRules(form, has) != b {
			irr[form] = []string{b}
		}
	}

	// Regular participles and comparatives that WordNet also lists as
	// adjectives, and only as adjectives, have the same trouble:
	// "destroyed" → "ruined" alone, "concerned" → "afraid", where the
	// question most likely means "destroy", "concern". Nouns are left
	// alone: "meeting", "news" or "physics" are words in their own right.
	for _, form := range slices.Concat(slices.Collect(maps.Keys(syns)), slices.Collect(maps.Keys(rel))) {
		if _, done := base[form]; done || !adjOnly(wn, form) {
			continue
		}
		var want pos
		switch {
		case strings.HasSuffix(form, "ed"), strings.HasSuffix(form, "ing"):
			want = verb
		case strings.HasSuffix(form, "er"), strings.HasSuffix(form, "est"):
			want = adj
		default:
			continue
		}
		if b := byRules(form, has); b != form && wn.index[want][b] != nil {
			base[form] = b
		}
	}

	// Merge from the unmerged lists, so that no merge feeds another.
	syns0, rel0 := maps.Clone(syns), maps.Clone(rel)
	for form, b := range base {
		if !has(form) {
			continue
		}
		baseFirst := tagged(wn, b) >= tagged(wn, form)
		if s := merge(form, slices.Concat([]string{b}, syns0[b]), syns0[form], baseFirst, o.maxSyns); len(s) > 0 {
			syns[form] = s
		}
		r := merge(form, rel0[b], rel0[form], baseFirst, o.maxSyns)
		r = slices.DeleteFunc(r, func(w string) bool { return slices.Contains(syns[form], w) })
		if len(r) > 0 {
			rel[form] = r
		} else {
			delete(rel, form)
		}
	}
	return irr, nil
}

// adjOnly reports whether WordNet knows lemma only as an adjective or
// adverb.
func adjOnly(wn *wordnet, lemma string) bool {
	return wn.index[noun][lemma] == nil && wn.index[verb][lemma] == nil
}

// merge joins two lists, a's first if aFirst, without duplicates or key,
// capped at n.
func merge(key string, a, b []string, aFirst bool, n int) []string {
	if !aFirst {
		a, b = b, a
	}
	var out []string
	for _, w := range slices.Concat(a, b) {
		if w != key && !slices.Contains(out, w) && len(out) < n {
			out = append(out, w)
		}
	}
	return out
}

// byRules is the base Lookup finds for form from the rules alone: the first
// candidate that is a key, or form itself when there is none.
func byRules(form string, has func(string) bool) string {
	base := form
	morph.Candidates(form, func(stem, ending string) bool {
		if has(stem + ending) {
			base = stem + ending
			return false
		}
		return true
	})
	return base
}

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
