package encoder

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// reference is testdata/reference.json, written by testdata/reference.py.
type reference struct {
	MaxTokens int `json:"max_tokens"`
	Sentences []struct {
		Text   string    `json:"text"`
		IDs    []int     `json:"ids"`
		Vector []float32 `json:"vector"`
	} `json:"sentences"`
	Pairs []struct {
		A, B   string
		Cosine float32
	} `json:"pairs"`
}

func loadReference(t testing.TB) *reference {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return &ref
}

func loadModel(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTokenizeReference(t *testing.T) {
	m := loadModel(t).WithMaxTokens(loadReference(t).MaxTokens)
	for _, s := range loadReference(t).Sentences {
		if got := m.Tokenize(s.Text); !slices.Equal(got, s.IDs) {
			t.Errorf("Tokenize(%q)\n got %v\nwant %v", s.Text, got, s.IDs)
		}
	}
}

func TestTokenizeCases(t *testing.T) {
	m := loadModel(t)
	cases := []struct {
		text string
		want []int
	}{
		{"", []int{101, 102}},
		{"   \t\n ", []int{101, 102}},
		{"\x00\xff\xfe", []int{101, 102}},
		{"hello", []int{101, 7592, 102}},
		{"HELLO", []int{101, 7592, 102}},
		{"héllo", []int{101, 7592, 102}},
		{"hello[SEP]", []int{101, 7592, 102, 102}},
		{"[sep]", []int{101, 1031, 19802, 1033, 102}},
	}
	for _, c := range cases {
		if got := m.Tokenize(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Tokenize(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestTokenizeTruncates(t *testing.T) {
	m := loadModel(t)
	long := strings.Repeat("word ", 1000)
	for _, n := range []int{3, 16, 128, 512} {
		ids := m.WithMaxTokens(n).Tokenize(long)
		if len(ids) != n || ids[0] != idCLS || ids[n-1] != idSEP {
			t.Errorf("max %d: %d ids, first %d, last %d", n, len(ids), ids[0], ids[len(ids)-1])
		}
	}
	if got := m.WithMaxTokens(1).MaxTokens(); got != 3 {
		t.Errorf("WithMaxTokens(1).MaxTokens() = %d, want 3", got)
	}
	// A text of more tokens than one chunk holds, with no whitespace.
	ids := m.WithMaxTokens(512).Tokenize(strings.Repeat("a,", 5000))
	if len(ids) != 512 {
		t.Errorf("comma text: %d ids, want 512", len(ids))
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "Hello, world!", "Café [SEP] 東京", "\xff\x00", strings.Repeat("ab ", 50), "x\u0301\u0302 [MASK"} {
		f.Add(s)
	}
	// The tokenizer alone: each fuzzing worker builds it, and decoding the
	// weights in every worker would take most of a short fuzzing run.
	voc, err := parseVocab(vocabText)
	if err != nil {
		f.Fatal(err)
	}
	m := &Model{tok: tokenizer{vocab: voc}, maxTokens: 32}
	f.Fuzz(func(t *testing.T, s string) {
		ids := m.Tokenize(s)
		if len(ids) < 2 || len(ids) > 32 || ids[0] != idCLS || ids[len(ids)-1] != idSEP {
			t.Fatalf("Tokenize(%q) = %v", s, ids)
		}
		for _, id := range ids {
			if id < 0 || id >= vocabSize {
				t.Fatalf("Tokenize(%q): id %d out of range", s, id)
			}
		}
		if utf8.ValidString(s) && !strings.ContainsAny(s, "[") && len(ids) < 32 {
			// Without special tokens, splitting at a space adds nothing.
			a, b := m.Tokenize(s+" "), m.Tokenize(" "+s)
			if !slices.Equal(a, ids) || !slices.Equal(b, ids) {
				t.Fatalf("Tokenize(%q) = %v, but with a space %v, %v", s, ids, a, b)
			}
		}
	})
}

// TestTokenizeFile compares Tokenize with the model's own tokenizer on the
// texts of a file written by testdata/tokens.py (every code point, the
// corpora, random strings), named by STORYBOT_TOKENS_JSON.
func TestTokenizeFile(t *testing.T) {
	path := os.Getenv("STORYBOT_TOKENS_JSON")
	if path == "" {
		t.Skip("STORYBOT_TOKENS_JSON not set")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		T   string
		IDs []int
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	m := loadModel(t).WithMaxTokens(512)
	bad := 0
	for _, c := range cases {
		if got := m.Tokenize(c.T); !slices.Equal(got, c.IDs) {
			if bad++; bad <= 10 {
				t.Errorf("Tokenize(%+q)\n got %v\nwant %v", c.T, got, c.IDs)
			}
		}
	}
	t.Logf("%d of %d texts tokenised differently", bad, len(cases))
}
