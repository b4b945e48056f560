package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Reading WordNet's database files: synsets, sense order, SemCor tag
// counts and irregular forms.

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
