package thesaurus

import (
	"cmp"
	_ "embed" // for the word lists
	"strings"
)

// The tables are sorted "key<TAB>v1,v2,...\n" lines, searched in place.
// Being strings, they live in the binary's read-only data, and the words
// Lookup and Base return are slices of them: nothing is parsed or copied
// at start-up or per call.
var (
	//go:embed thesaurus.txt
	synonyms string
	//go:embed related.txt
	related string
	//go:embed irregular.txt
	irregular string
	//go:embed base.txt
	bases string
	//go:embed class.txt
	classes string
)

// Lookup returns the words that may stand for word in another text: when
// word is an inflected form, first its base form, then the synonyms of
// that base form, most common sense first. It returns nil if it knows none.
//
// word should be a single lower-case English word ("refused", "meetings")
// or a phrase whose words are separated by single spaces ("turned down",
// "hand over"); ASCII upper case is folded, so "Refused" works too, at the
// cost of one allocation. The words returned are always single words,
// never word itself. The slice is new on each call and the caller may
// modify it; Lookup is safe for concurrent use.
func Lookup(word string) []string {
	w := foldASCII(word)
	key, list, ok := resolve(synonyms, related, w)
	if !ok {
		return nil
	}
	var first string
	if key != w && !strings.Contains(key, " ") {
		first = key
	}
	return split(first, list, w)
}

// Related returns words one step broader than word's main senses, for the
// senses that have no synonym at all in WordNet: "deny" → "contradict",
// "repudiate", "withhold"; "meeting" → "gathering"; "confidential" →
// "private". They are looser matches than Lookup's synonyms, which is why
// they are kept apart: a caller may weigh them lower or leave them out.
// word is handled as by Lookup (inflected forms, phrases, ASCII case), but
// its base form is not part of the result.
func Related(word string) []string {
	w := foldASCII(word)
	_, list, _ := resolve(related, synonyms, w)
	return split("", list, w)
}

// split turns first (if not empty) and the comma-separated list into a new
// slice, leaving out skip.
func split(first, list, skip string) []string {
	if first == "" && list == "" {
		return nil
	}
	n := 1 // for first
	if list != "" {
		n += 1 + strings.Count(list, ",")
	}
	out := make([]string, 0, n)
	if first != "" && first != skip {
		out = append(out, first)
	}
	for list != "" {
		w, rest, _ := strings.Cut(list, ",")
		if w != skip {
			out = append(out, w)
		}
		list = rest
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// find binary-searches table, a sorted "key<TAB>values\n" text, for the key
// a+b (taken in two parts so that callers trying inflections need not build
// the string), and returns the key as stored and its values.
//
// The search runs over byte offsets: from the middle of the range it steps
// back to the start of the line there, compares that line's key, and
// narrows the range to the lines before or after it. Lines are short, so
// the step back costs a few dozen bytes.
func find(table, a, b string) (key, values string, ok bool) {
	return search(table, a, b, false)
}

// findFold is find for a single key w whose ASCII letters may be upper
// case: it compares w as if lower-cased, without building the lower-case
// string.
func findFold(table, w string) (key, values string, ok bool) {
	return search(table, w, "", true)
}

// search is find, with a+b lower-cased on the fly if fold is set (b must
// then be empty).
func search(table, a, b string, fold bool) (key, values string, ok bool) {
	lo, hi := 0, len(table) // lo is always the start of a line
	for lo < hi {
		// Keys and lines are short: plain loops beat IndexByte's set-up.
		start := lo + (hi-lo)/2
		for start > lo && table[start-1] != '\n' {
			start--
		}
		tab := start
		for tab < hi && table[tab] != '\t' {
			tab++
		}
		if tab == hi {
			return "", "", false // not a table line: only if the file is corrupt
		}
		k := table[start:tab]
		var c int
		if fold {
			c = compareFold(k, a)
		} else {
			c = compare(k, a, b)
		}
		if c > 0 {
			hi = start
			continue
		}
		// Only now is the end of the line needed.
		end := strings.IndexByte(table[tab:], '\n')
		if end < 0 {
			end = len(table)
		} else {
			end += tab
		}
		if c == 0 {
			return k, table[tab+1 : end], true
		}
		lo = end + 1
	}
	return "", "", false
}

// compare is strings.Compare(k, a+b) without building a+b.
func compare(k, a, b string) int {
	if len(k) < len(a) {
		if c := compareStrings(k, a[:len(k)]); c != 0 {
			return c
		}
		return -1 // k is a proper prefix of a+b
	}
	if c := compareStrings(k[:len(a)], a); c != 0 {
		return c
	}
	return compareStrings(k[len(a):], b)
}

// compareStrings is strings.Compare(x, y), but made of the comparison
// operators, which the compiler knows keep no reference to their
// operands: strings.Compare's assembly is assumed to, which would make the
// words passed to Base escape, and so a caller's string(bytes) allocate.
func compareStrings(x, y string) int {
	switch {
	case x == y:
		return 0
	case x < y:
		return -1
	}
	return 1
}

// compareFold is strings.Compare(k, w) with w's ASCII letters lower-cased.
func compareFold(k, w string) int {
	for i := 0; i < len(k) && i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if k[i] != c {
			if k[i] < c {
				return -1
			}
			return 1
		}
	}
	return cmp.Compare(len(k), len(w))
}

// foldASCII lower-cases the ASCII letters of s, allocating only if there is
// an upper-case one. Other characters are left alone: the tables are ASCII,
// so a word with any other letter is simply not found.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
