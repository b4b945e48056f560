package thesaurus

import (
	"strconv"
	"strings"
	"testing"
)

// The expectations below were checked against WordNet 3.0's files (tag
// counts in cntlist.rev); see the generator's -explain flag.
func TestBase(t *testing.T) {
	tests := []struct {
		word, base string // base "" means ok == false
	}{
		// Irregular verbs.
		{"said", "say"},
		{"sent", "send"},
		{"met", "meet"},
		{"took", "take"},
		{"went", "go"},
		{"was", "be"},
		{"is", "be"},
		{"had", "have"},
		{"won", "win"}, // "won" the currency is never tagged
		{"running", "run"},
		// Irregular forms that are lemmas too, but far more often forms.
		{"found", "find"},
		{"left", "leave"},
		{"saw", "see"},
		{"thought", "think"},
		// Irregular nouns.
		{"children", "child"},
		{"men", "man"},
		{"women", "woman"}, // by morphy's "-men" rule, which a stemmer lacks
		{"chairmen", "chairman"},
		{"feet", "foot"},
		{"mice", "mouse"},
		{"criteria", "criterion"},
		{"media", "medium"},
		// "leaves" is listed as the plural of "leaf", but is more often the
		// verb "leave".
		{"leaves", "leave"},
		// ASCII case is folded.
		{"Said", "say"},
		{"CHILDREN", "child"},
		// Words in their own right, more often than forms.
		{"ground", ""}, // not "grind"
		{"data", ""},   // not "datum"
		{"bound", ""},  // not "bind"
		{"bit", ""},    // not "bite"
		{"shot", ""},   // not "shoot"
		{"wound", ""},  // not "wind"
		{"omen", ""},   // not the "-men" plural of "Oman"
		// Adjectives' forms are not reduced.
		{"better", ""},
		{"best", ""},
		{"worse", ""},
		{"bigger", ""},
		// Regular forms are the stemmer's.
		{"refused", ""},
		{"happened", ""},
		{"calories", ""},
		{"axes", ""}, // "axe" by the rules is more frequent than "axis"
		// No chains: "lay" → "lie", so "laid" is left alone.
		{"lay", "lie"},
		{"laid", ""},
		// Base forms and unknown words.
		{"say", ""},
		{"child", ""},
		{"", ""},
		{"zzzz", ""},
		{"said it", ""},
		{"saïd", ""},
	}
	for _, tt := range tests {
		got, ok := Base(tt.word)
		if got != tt.base || ok != (tt.base != "") {
			t.Errorf("Base(%q) = %q, %v; want %q", tt.word, got, ok, tt.base)
		}
	}
}

func TestClass(t *testing.T) {
	tests := []struct {
		word  string
		pos   byte
		count int // -1: any count > 0
		same  string
	}{
		{word: "happen", pos: 'v', count: 195},
		{word: "calorie", pos: 'n', count: 0},
		{word: "apple", pos: 'n', count: 1},
		{word: "quickly", pos: 'r', count: 40},
		{word: "confidential", pos: 'a', count: 2},
		{word: "far", pos: 'r', count: 151},   // adverb 125 tags, adjective 26
		{word: "first", pos: 'a', count: 431}, // adjective 304, adverb 111, noun 16
		{word: "make", pos: 'v', count: 1613},
		{word: "hand", pos: 'n', count: 257},
		{word: "official", pos: 'n', count: 38}, // noun 26, adjective 12
		{word: "slack", pos: 'a', count: 5},     // only the adjective was tagged
		{word: "password", pos: 'n', count: 0},
		{word: "reset", pos: 'v', count: 1},
		// A word in its own right is classed as itself.
		{word: "meeting", pos: 'n', count: -1},
		{word: "boiling", pos: 'n', count: 1},
		{word: "data", pos: 'n', count: 76},
		// Inflected forms are classed as their base.
		{word: "happened", same: "happen"},
		{word: "calories", same: "calorie"},
		{word: "apples", same: "apple"},
		{word: "children", same: "child"},
		{word: "said", same: "say"},
		{word: "left", same: "leave"},
		{word: "won", same: "win"},
		{word: "used", same: "use"},         // known only as an adjective, but more often the verb's
		{word: "bigger", same: "big"},       // adj.exc
		{word: "laid", pos: 'v', count: 46}, // "lay" the verb, not "lie"
		{word: "lay", same: "lie"},          // more often "lie"'s past than itself
		{word: "ground", pos: 'n', count: 112},
		{word: "Apple", same: "apple"}, // ASCII case is folded
		{word: "HAPPENED", same: "happen"},
		// Unknown words, phrases, the empty string.
		{word: "", pos: 0},
		{word: "zzzz", pos: 0},
		{word: "storybot", pos: 0},
		{word: "turn down", pos: 0},
		{word: "apple pie", pos: 0},
		{word: "refusé", pos: 0},
		{word: "a\tb", pos: 0},
	}
	for _, tt := range tests {
		pos, count := Class(tt.word)
		if tt.same != "" {
			wp, wc := Class(tt.same)
			if pos != wp || count != wc || pos == 0 {
				t.Errorf("Class(%q) = %q, %d; want %q, %d as for %q", tt.word, pos, count, wp, wc, tt.same)
			}
			continue
		}
		if pos != tt.pos || tt.count >= 0 && count != tt.count || tt.count < 0 && count <= 0 {
			t.Errorf("Class(%q) = %q, %d; want %q, %d", tt.word, pos, count, tt.pos, tt.count)
		}
	}
}

// TestBaseLines checks base.txt, and that Base finds every line of it.
func TestBaseLines(t *testing.T) {
	prev := ""
	n := 0
	for line := range strings.Lines(bases) {
		n++
		line, ok := strings.CutSuffix(line, "\n")
		if !ok {
			t.Fatalf("base.txt:%d: no final newline", n)
		}
		form, base, ok := strings.Cut(line, "\t")
		if !ok || !plain(form, false) || !plain(base, false) || form == base {
			t.Fatalf("base.txt:%d: malformed line %q", n, line)
		}
		if form <= prev {
			t.Fatalf("base.txt:%d: %q not after %q", n, form, prev)
		}
		prev = form
		if got, ok := Base(form); !ok || got != base {
			t.Errorf("Base(%q) = %q, %v; want %q", form, got, ok, base)
		}
		if got, ok := Base(base); ok {
			t.Errorf("Base(%q) = %q: %q → %q chains", base, got, form, base)
		}
		// The form is classed as its base, which WordNet knows.
		fp, fc := Class(form)
		bp, bc := Class(base)
		if bp == 0 || fp != bp || fc != bc {
			t.Errorf("Class(%q) = %q, %d; Class(%q) = %q, %d", form, fp, fc, base, bp, bc)
		}
	}
	if n < 3000 {
		t.Errorf("base.txt has %d lines, want over 3000", n)
	}
}

// TestClassLines checks class.txt, and that Class finds every line of it.
func TestClassLines(t *testing.T) {
	prev := ""
	n := 0
	for line := range strings.Lines(classes) {
		n++
		line, ok := strings.CutSuffix(line, "\n")
		if !ok {
			t.Fatalf("class.txt:%d: no final newline", n)
		}
		word, v, ok := strings.Cut(line, "\t")
		v, name := strings.CutSuffix(v, "p")
		if !ok || !plain(word, false) || !validClass(v) || name && v[0] != 'n' {
			t.Fatalf("class.txt:%d: malformed line %q", n, line)
		}
		if IsName(word) != name {
			t.Errorf("IsName(%q) = %v, want %v", word, !name, name)
		}
		if word <= prev {
			t.Fatalf("class.txt:%d: %q not after %q", n, word, prev)
		}
		prev = word
		count := 0
		if len(v) > 1 {
			count, _ = strconv.Atoi(v[1:])
		}
		if p, c := Class(word); p != v[0] || c != count {
			t.Errorf("Class(%q) = %q, %d; want %q, %d", word, p, c, v[0], count)
		}
	}
	if n < 80000 {
		t.Errorf("class.txt has %d lines, want over 80000", n)
	}
	// The irregular forms Lookup uses lead to a word WordNet knows.
	for line := range strings.Lines(irregular) {
		form, _, _ := strings.Cut(line, "\t")
		if p, _ := Class(form); p == 0 {
			t.Errorf("Class(%q) = 0", form)
		}
	}
}

// validClass reports whether v is a class.txt value: a part of speech,
// then a count without leading zeros, left out when 0.
func validClass(v string) bool {
	if v == "" || !strings.Contains("nvar", v[:1]) {
		return false
	}
	if len(v) == 1 {
		return true
	}
	if v[1] == '0' {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return len(v) < 10
}

func TestNoAllocs(t *testing.T) {
	for _, w := range []string{"said", "Said", "zzzz", ""} {
		if n := testing.AllocsPerRun(100, func() { sinkString, sinkBool = Base(w) }); n != 0 {
			t.Errorf("Base(%q): %v allocations", w, n)
		}
	}
	// As a bleve token filter calls it: the conversion must not allocate
	// either, which it does not if Base keeps no reference to its word.
	term := []byte("children")
	if n := testing.AllocsPerRun(100, func() { sinkString, sinkBool = Base(string(term)) }); n != 0 {
		t.Errorf("Base(string(%q)): %v allocations", term, n)
	}
	for _, w := range []string{"happen", "happened", "calories", "children", "zzzz"} {
		if n := testing.AllocsPerRun(100, func() { sinkPos, sinkInt = Class(w) }); n != 0 {
			t.Errorf("Class(%q): %v allocations", w, n)
		}
	}
}

func FuzzClass(f *testing.F) {
	for _, s := range []string{"said", "Said", "children", "happened", "calories", "", " ", "a\tb", "n", "\n", "zzz,", "-", "ies", "men", "é", "turn down", "xed"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		b, ok := Base(word)
		if ok != (b != "") {
			t.Errorf("Base(%q) = %q, %v", word, b, ok)
		}
		if ok {
			if !plain(b, false) || b == strings.ToLower(word) {
				t.Errorf("Base(%q) = %q", word, b)
			}
			if _, again := Base(b); again {
				t.Errorf("Base(%q) = %q, which reduces again", word, b)
			}
		}
		pos, count := Class(word)
		switch {
		case pos == 0 && count != 0, count < 0:
			t.Errorf("Class(%q) = %q, %d", word, pos, count)
		case pos != 0 && !strings.ContainsRune("nvar", rune(pos)):
			t.Errorf("Class(%q): bad part of speech %q", word, pos)
		}
		if strings.Contains(word, " ") && pos != 0 {
			t.Errorf("Class(%q) = %q, %d; want 0 for a phrase", word, pos, count)
		}
	})
}

var (
	sinkString string
	sinkBool   bool
	sinkPos    byte
	sinkInt    int
)

func BenchmarkBase(b *testing.B) {
	for _, w := range []string{"said", "children", "the", "information", "Said"} {
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString, sinkBool = Base(w)
			}
		})
	}
}

func BenchmarkClass(b *testing.B) {
	for _, w := range []string{"happen", "happened", "calories", "children", "zzzz", "Apple"} {
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkPos, sinkInt = Class(w)
			}
		})
	}
}

func TestIsName(t *testing.T) {
	for _, tt := range []struct {
		word string
		want bool
	}{
		{"nebraska", true}, {"Oslo", true}, {"peru", true}, {"tuesday", true},
		{"carpet", false}, {"ladder", false}, {"walrus", false}, {"whispered", false},
		{"", false}, {"not a word", false}, {"zzyzx", false},
	} {
		if got := IsName(tt.word); got != tt.want {
			t.Errorf("IsName(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
