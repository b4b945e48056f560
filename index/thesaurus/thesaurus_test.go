package thesaurus

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The pairs below were checked against WordNet 3.0's data files, not
// guessed; see the generator's -explain flag.
func TestLookup(t *testing.T) {
	tests := []struct {
		word      string
		first     string   // expected first word, if not ""
		contains  []string // expected somewhere in the result
		wantEmpty bool
	}{
		{word: "refuse", first: "decline", contains: []string{"reject"}},
		{word: "destroy", contains: []string{"ruin"}},
		{word: "say", contains: []string{"tell", "state"}},
		{word: "provide", contains: []string{"supply", "furnish"}},
		{word: "lawsuit", contains: []string{"suit"}},
		{word: "data", contains: []string{"information"}},
		// A rare sense must not leak in: "see" means "meet" only in its
		// 8th sense, and "state" means "submit" in a minor one.
		{word: "meet", contains: []string{"encounter"}},
		// Inflected forms find their base's entry, base first.
		{word: "refused", first: "refuse", contains: []string{"decline", "reject"}},
		{word: "declined", first: "decline", contains: []string{"refuse"}},
		{word: "destroyed", first: "destroy", contains: []string{"ruin"}},
		{word: "meetings", first: "meeting"},
		{word: "companies", first: "company"},
		{word: "hoped", first: "hope"},
		{word: "taxes", first: "tax"},
		// Irregular forms, from WordNet's exception lists.
		{word: "sold", first: "sell"},
		{word: "went", first: "go"},
		{word: "media", first: "medium"},
		// Irregular forms that are lemmas too: their entry is merged
		// with the base's, the more frequent first.
		{word: "said", first: "say", contains: []string{"tell", "state"}},
		{word: "kept", first: "keep", contains: []string{"maintain"}},
		{word: "found", first: "find", contains: []string{"establish"}},
		// Phrases, and a phrase whose verb is inflected.
		{word: "turn down", contains: []string{"reject", "refuse", "decline"}},
		{word: "turned down", contains: []string{"reject"}},
		{word: "hand over", contains: []string{"deliver"}},
		// ASCII case is folded.
		{word: "Refuse", first: "decline"},
		{word: "REFUSED", first: "refuse"},
		// Words without synonyms.
		{word: "", wantEmpty: true},
		{word: "storybot", wantEmpty: true},
		{word: "zzzz", wantEmpty: true},
		{word: "deny", wantEmpty: true}, // WordNet has none; see Related
		{word: "refusé", wantEmpty: true},
	}
	for _, tt := range tests {
		got := Lookup(tt.word)
		if tt.wantEmpty {
			if got != nil {
				t.Errorf("Lookup(%q) = %q, want nil", tt.word, got)
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("Lookup(%q) = nil", tt.word)
			continue
		}
		if tt.first != "" && got[0] != tt.first {
			t.Errorf("Lookup(%q) = %q, want %q first", tt.word, got, tt.first)
		}
		for _, w := range tt.contains {
			if !slices.Contains(got, w) {
				t.Errorf("Lookup(%q) = %q, want it to contain %q", tt.word, got, w)
			}
		}
	}
}

func TestLookupLeavesOutNoise(t *testing.T) {
	tests := []struct{ word, junk string }{
		{"meet", "see"},      // 8th sense of "see"
		{"state", "submit"},  // "state" as in "posit": too rare a sense
		{"name", "make"},     // "name" as in "appoint"
		{"court", "woo"},     // courting a lover: too rare a sense
		{"paris", "capital"}, // names are not synonyms
	}
	for _, tt := range tests {
		if got := Lookup(tt.word); slices.Contains(got, tt.junk) {
			t.Errorf("Lookup(%q) = %q, should not contain %q", tt.word, got, tt.junk)
		}
	}
}

func TestRelated(t *testing.T) {
	tests := []struct {
		word     string
		contains []string
	}{
		{"deny", []string{"contradict", "repudiate"}},
		{"denied", []string{"contradict"}},
		{"meeting", []string{"gathering"}},
		{"confidential", []string{"private"}},
	}
	for _, tt := range tests {
		got := Related(tt.word)
		for _, w := range tt.contains {
			if !slices.Contains(got, w) {
				t.Errorf("Related(%q) = %q, want it to contain %q", tt.word, got, w)
			}
		}
	}
	if got := Related("refuse"); got != nil {
		t.Errorf("Related(refuse) = %q, want nil: its senses have synonyms", got)
	}
	if got := Related(""); got != nil {
		t.Errorf("Related(\"\") = %q, want nil", got)
	}
}

func TestFirstAndLastKeys(t *testing.T) {
	for name, table := range map[string]string{"thesaurus.txt": synonyms, "related.txt": related, "irregular.txt": irregular, "base.txt": bases, "class.txt": classes} {
		lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
		for _, line := range []string{lines[0], lines[len(lines)-1]} {
			k, v, _ := strings.Cut(line, "\t")
			if gk, gv, ok := find(table, k, ""); !ok || gk != k || gv != v {
				t.Errorf("%s: find(%q) = %q, %q, %v; want %q", name, k, gk, gv, ok, v)
			}
		}
		// Just before the first key and just after the last one.
		if _, _, ok := find(table, "", ""); ok {
			t.Errorf("%s: found the empty key", name)
		}
		if _, _, ok := find(table, "zzzzzz", ""); ok {
			t.Errorf("%s: found zzzzzz", name)
		}
	}
}

// TestEveryLine checks the tables themselves, and that Lookup and Related
// find every line of them.
func TestEveryLine(t *testing.T) {
	check := func(name, table string, get func(string) []string) {
		prev := ""
		n := 0
		for line := range strings.Lines(table) {
			n++
			line, ok := strings.CutSuffix(line, "\n")
			if !ok {
				t.Fatalf("%s:%d: no final newline", name, n)
			}
			k, v, ok := strings.Cut(line, "\t")
			if !ok || k == "" || v == "" {
				t.Fatalf("%s:%d: malformed line %q", name, n, line)
			}
			if k <= prev {
				t.Fatalf("%s:%d: %q not after %q", name, n, k, prev)
			}
			prev = k
			if !plain(k, true) {
				t.Errorf("%s:%d: key %q is not a plain lower-case word or phrase", name, n, k)
			}
			vs := strings.Split(v, ",")
			if len(vs) > 12 {
				t.Errorf("%s:%d: %d values, want at most 12", name, n, len(vs))
			}
			for _, w := range vs {
				if !plain(w, false) || w == k {
					t.Errorf("%s:%d: bad value %q", name, n, w)
				}
			}
			if get == nil {
				continue
			}
			if got := get(k); !slices.Equal(got, vs) {
				t.Errorf("%s:%d: lookup(%q) = %q, want %q", name, n, k, got, vs)
			}
		}
		if n == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	check("thesaurus.txt", synonyms, Lookup)
	check("related.txt", related, Related)
	check("irregular.txt", irregular, nil)

	// Related words are kept apart from synonyms, never repeated there.
	for line := range strings.Lines(related) {
		k, v, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		syns := Lookup(k)
		for w := range strings.SplitSeq(v, ",") {
			if slices.Contains(syns, w) {
				t.Errorf("%q: %q is both a synonym and a related word", k, w)
			}
		}
	}

	// Every irregular form leads to its base, which has an entry.
	for line := range strings.Lines(irregular) {
		form, b, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if _, _, ok := entry(synonyms, related, b, ""); !ok {
			t.Errorf("irregular.txt: %q → %q, which has no entry", form, b)
		}
		if _, _, ok := entry(synonyms, related, form, ""); ok {
			continue // a lemma too: its own (merged) entry wins
		}
		if got, _, ok := resolve(synonyms, related, form); !ok || got != b {
			t.Errorf("resolve(%q) = %q, want %q", form, got, b)
		}
	}
}

// plain reports whether s is lower-case letters and inner hyphens, and,
// with phrase set, single inner spaces.
func plain(s string, phrase bool) bool {
	if s == "" || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || c == '-' || phrase && c == ' ') {
			return false
		}
	}
	return true
}

func TestConcurrent(t *testing.T) {
	words := []string{"refuse", "refused", "said", "turned down", "Meetings", "zzzz"}
	want := make([][]string, len(words))
	for i, w := range words {
		want[i] = Lookup(w)
	}
	done := make(chan bool)
	for range 8 {
		go func() {
			defer func() { done <- true }()
			for range 200 {
				for i, w := range words {
					if got := Lookup(w); !slices.Equal(got, want[i]) {
						t.Errorf("Lookup(%q) = %q, want %q", w, got, want[i])
						return
					}
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}

// TestGenerated checks that the embedded files are what the generator
// makes from WordNet now. It needs Debian's wordnet-base package and is
// skipped without it.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	const wordnet = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(wordnet, "data.noun")); err != nil {
		t.Skip("WordNet not installed (apt-get install wordnet-base)")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./internal/gen", "-wordnet", wordnet, "-o", filepath.Join(dir, "thesaurus.txt"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, out)
	}
	for _, name := range []string{"thesaurus.txt", "related.txt", "irregular.txt", "base.txt", "class.txt"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate in index/thesaurus", name)
		}
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"refuse", "refused", "Said", "turned down", "", " ", "a\tb", "zzz,", "-", "ies", "men", "é", "hand  over"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		w := strings.ToLower(word)
		for _, get := range []func(string) []string{Lookup, Related} {
			got := get(word)
			if got != nil && len(got) == 0 {
				t.Errorf("%q: empty non-nil result", word)
			}
			for _, s := range got {
				if s == w || s == word {
					t.Errorf("%q: result %q contains the word itself", word, got)
				}
				if !plain(s, false) {
					t.Errorf("%q: result %q has a bad word %q", word, got, s)
				}
			}
		}
	})
}

var sink []string

func BenchmarkLookup(b *testing.B) {
	for _, w := range []string{"refuse", "refused", "meetings", "zzzz", "turned down"} {
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = Lookup(w)
			}
		})
	}
}
