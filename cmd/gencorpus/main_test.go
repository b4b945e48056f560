package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func gencorpus(t *testing.T, args ...string) {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), append([]string{"gencorpus"}, args...), &out, io.Discard); err != nil {
		t.Fatalf("gencorpus %v: %v", args, err)
	}
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// The same seed must give the same bytes, whatever the number of workers,
// or benchmark runs could not be compared.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	a, b, c := filepath.Join(tmp, "a"), filepath.Join(tmp, "b"), filepath.Join(tmp, "c")
	gencorpus(t, "-stories", "60", "-seed", "7", "-out", a, "-questions", a+".q", "-nq", "50", "-workers", "1")
	gencorpus(t, "-stories", "60", "-seed", "7", "-out", b, "-questions", b+".q", "-nq", "50", "-workers", "4")
	gencorpus(t, "-stories", "60", "-seed", "8", "-out", c, "-workers", "2")

	fa, fb, fc := readDir(t, a), readDir(t, b), readDir(t, c)
	if len(fa) != 60 || len(fb) != 60 {
		t.Fatalf("got %d and %d files, want 60", len(fa), len(fb))
	}
	same := 0
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs with seed 7", name)
		}
		if bytes.Equal(data, fc[name]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d stories are the same with seeds 7 and 8", same)
	}
	qa, _ := os.ReadFile(a + ".q")
	qb, _ := os.ReadFile(b + ".q")
	if len(qa) == 0 || !bytes.Equal(qa, qb) {
		t.Errorf("questions differ between two runs with seed 7 (%d and %d bytes)", len(qa), len(qb))
	}
}

// A story must not depend on the stories its generator made before it.
func TestStoryIndependent(t *testing.T) {
	t.Parallel()
	v := newVocab(2)
	shared := newGen(v)
	for _, i := range []int{9, 3, 7, 3, 0, 9} {
		shared.story(2, i)
		fresh := newGen(v)
		fresh.story(2, i)
		if !bytes.Equal(shared.buf, fresh.buf) {
			t.Fatalf("story %d differs when made after others", i)
		}
	}
}

// parseStory is a small reader of the corpus format: "key: value" lines,
// one blank line, then paragraphs separated by blank lines.
func parseStory(data string) (header map[string]string, paras []string, err string) {
	head, body, ok := strings.Cut(data, "\n\n")
	if !ok {
		return nil, nil, "no blank line after the header"
	}
	header = map[string]string{}
	for _, line := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok || k == "" || strings.ContainsAny(k, " \t") || strings.TrimSpace(v) != v || v == "" {
			return nil, nil, "bad header line " + line
		}
		if _, dup := header[k]; dup {
			return nil, nil, "duplicate header " + k
		}
		header[k] = v
	}
	if !strings.HasSuffix(body, "\n") || strings.HasSuffix(body, "\n\n") {
		return nil, nil, "the text must end with exactly one newline"
	}
	paras = strings.Split(strings.TrimSuffix(body, "\n"), "\n\n")
	for _, p := range paras {
		if p == "" || strings.Contains(p, "\n") || strings.TrimSpace(p) != p || strings.Contains(p, "  ") {
			return nil, nil, "bad paragraph " + p
		}
	}
	return header, paras, ""
}

func TestFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	gencorpus(t, "-stories", "40", "-seed", "3", "-out", dir)
	for name, data := range readDir(t, dir) {
		header, paras, bad := parseStory(string(data))
		if bad != "" {
			t.Fatalf("%s: %s", name, bad)
		}
		id := strings.TrimSuffix(name, ".txt")
		if header["id"] != id || !strings.HasPrefix(id, "gen-") {
			t.Errorf("%s: id %q", name, header["id"])
		}
		if header["url"] != "https://example.invalid/"+id {
			t.Errorf("%s: url %q", name, header["url"])
		}
		if n := len(strings.Fields(header["title"])); n < 3 || n > 20 {
			t.Errorf("%s: title of %d words: %q", name, n, header["title"])
		}
		if len(header) != 3 {
			t.Errorf("%s: headers %v", name, header)
		}
		for _, p := range paras {
			if c := p[0]; !(c >= 'A' && c <= 'Z') && c != '"' {
				t.Errorf("%s: paragraph starts with %q: %s", name, c, p)
			}
			if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, `."`) {
				t.Errorf("%s: paragraph does not end a sentence: %s", name, p)
			}
			if strings.Count(p, `"`)%2 != 0 {
				t.Errorf("%s: unbalanced quotes: %s", name, p)
			}
		}
	}
}

// The shape of the text is what makes the corpus useful for benchmarks:
// 30,000 stories should come to about a million sentences of news length.
func TestSentenceStats(t *testing.T) {
	t.Parallel()
	v := newVocab(1)
	if v.types < 50000 {
		t.Errorf("vocabulary has %d word types, want at least 50,000", v.types)
	}
	g := newGen(v)
	const stories = 600
	var perStory, perSentence []int
	quotes2 := 0
	for i := range stories {
		g.story(1, i)
		perStory = append(perStory, len(g.sents))
		paras := strings.Split(string(g.buf), "\n\n")[1:]
		sentsInParas := 0
		for _, s := range g.sents {
			perSentence = append(perSentence, s.words)
			text := string(g.buf[s.start:s.end])
			if text != strings.TrimSpace(text) || len(strings.Fields(text)) != s.words {
				t.Fatalf("story %d: sentence span %q has %d words, recorded %d", i, text, len(strings.Fields(text)), s.words)
			}
			if strings.HasPrefix(text, `"`) && strings.Count(text, `"`) == 1 {
				quotes2++ // a quotation that goes on into the next sentence
			}
		}
		for _, p := range paras {
			sentsInParas += strings.Count(p, ". ") + 1
		}
		if sentsInParas < len(g.sents) {
			t.Fatalf("story %d: %d sentences recorded but the text has fewer boundaries", i, len(g.sents))
		}
	}
	mean := func(xs []int) float64 {
		s := 0
		for _, x := range xs {
			s += x
		}
		return float64(s) / float64(len(xs))
	}
	slices.Sort(perStory)
	slices.Sort(perSentence)
	pct := func(xs []int, p int) int { return xs[len(xs)*p/100] }
	t.Logf("sentences/story mean %.1f min %d max %d; words/sentence mean %.1f p1 %d p50 %d p99 %d max %d; two-sentence quotations %d",
		mean(perStory), perStory[0], perStory[len(perStory)-1], mean(perSentence),
		pct(perSentence, 1), pct(perSentence, 50), pct(perSentence, 99), perSentence[len(perSentence)-1], quotes2)

	checks := []struct {
		name    string
		got     float64
		lo, hi  float64
		context string
	}{
		{"mean sentences per story", mean(perStory), 31, 35, "30,000 stories should be about 1,000,000 sentences"},
		{"fewest sentences in a story", float64(perStory[0]), 15, 20, ""},
		{"most sentences in a story", float64(perStory[len(perStory)-1]), 50, 60, ""},
		{"mean words per sentence", mean(perSentence), 18, 22, ""},
		{"1st percentile of words per sentence", float64(pct(perSentence, 1)), 6, 10, ""},
		{"99th percentile of words per sentence", float64(pct(perSentence, 99)), 30, 40, ""},
		{"longest sentence", float64(perSentence[len(perSentence)-1]), 36, 55, ""},
		{"quotations spanning two sentences", float64(quotes2), stories / 2, stories * 5, ""},
	}
	for _, c := range checks {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s = %.1f, want %.0f..%.0f %s", c.name, c.got, c.lo, c.hi, c.context)
		}
	}
}

// Features a sentence splitter must cope with should all be there.
func TestTextFeatures(t *testing.T) {
	t.Parallel()
	g := newGen(newVocab(1))
	var all strings.Builder
	for i := range 200 {
		g.story(1, i)
		all.Write(g.buf)
	}
	text := all.String()
	for _, want := range []string{"U.S. ", "Sen. ", "Dr. ", "a.m.", "p.m.", "percent", "$", " million",
		`," `, ` said.`, `?" `, "On ", "last week", "Forty", "-", "Inc.", " she said", " he said", ` said, "`} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in 200 stories", want)
		}
	}
}

func TestQuestions(t *testing.T) {
	t.Parallel()
	v := newVocab(5)
	qs := questions(v, 5, 200, 400)
	if len(qs) != 400 {
		t.Fatalf("got %d questions, want 400", len(qs))
	}
	kinds := map[string]int{}
	for _, q := range qs {
		if q == "" || strings.ContainsAny(q, "\n\r") {
			t.Fatalf("bad question %q", q)
		}
		kind := "keywords"
		for _, k := range []string{"What did ", "How many ", "Who is "} {
			if strings.HasPrefix(q, k) {
				kind = k
			}
		}
		kinds[kind]++
	}
	for _, k := range []string{"What did ", "How many ", "Who is ", "keywords"} {
		if kinds[k] < 40 {
			t.Errorf("only %d of 400 questions are %q: %v", kinds[k], k, kinds)
		}
	}
	if !slices.Equal(qs, questions(v, 5, 200, 400)) {
		t.Error("questions are not deterministic")
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{numberWords(44), "forty-four"},
		{numberWords(7), "seven"},
		{numberWords(90), "ninety"},
		{numberWords(13), "thirteen"},
		{numberIn(3), "three"},
		{numberIn(44), "44"},
		{commafy(1234567), "1,234,567"},
		{commafy(999), "999"},
		{commafy(1000), "1,000"},
		{pluralize("agency"), "agencies"},
		{pluralize("day"), "days"},
		{pluralize("tax"), "taxes"},
		{pluralize("bench"), "benches"},
		{pluralize("vote"), "votes"},
		{regularVerb("approve").past, "approved"},
		{regularVerb("deny").past, "denied"},
		{regularVerb("deny").pres, "denies"},
		{regularVerb("veto").pres, "vetoes"},
		{regularVerb("push").pres, "pushes"},
		{regularVerb("play").past, "played"},
		{suffixed("dara", "elle"), "darelle"},
		{suffixed("brin", "ton"), "brinton"},
		{storyID(42), "gen-000042"},
		{storyID(1234567), "gen-1234567"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{},
		{"-stories", "0", "-out", t.TempDir()},
		{"-out", t.TempDir(), "extra"},
		{"-nq", "-1", "-questions", filepath.Join(t.TempDir(), "q")},
	} {
		if err := run(context.Background(), append([]string{"gencorpus"}, args...), io.Discard, io.Discard); err == nil {
			t.Errorf("gencorpus %v: no error", args)
		}
	}
}

func BenchmarkStory(b *testing.B) {
	g := newGen(newVocab(1))
	sents, bytes := 0, 0
	i := 0
	for b.Loop() {
		g.story(1, i)
		sents += len(g.sents)
		bytes += len(g.buf)
		i++
	}
	b.SetBytes(int64(bytes / max(i, 1)))
	b.ReportMetric(float64(sents)/float64(i), "sentences/story")
}

func BenchmarkWriteCorpus(b *testing.B) {
	v := newVocab(1)
	for b.Loop() {
		if _, err := writeCorpus(context.Background(), v, config{stories: 1000, seed: 1, out: b.TempDir(), workers: 2}); err != nil {
			b.Fatal(err)
		}
	}
}
