package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runAskTest runs `storybot args...` in-process on the repository's corpus
// and returns what it printed.
func runAskTest(t *testing.T, stdin string, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if k == "STORYBOT_CORPUS" {
			return "../../corpus"
		}
		return ""
	}
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"storybot"}, args...), getenv, strings.NewReader(stdin), &out, &errOut, nil)
	return out.String(), errOut.String(), err
}

func TestAskJSONLines(t *testing.T) {
	questions := "How many states refused the request?\nWhat is the capital of France?\n\nWho is Kris Kobach?\n"
	out, _, err := runAskTest(t, questions, nil, "ask", "--json", "--top", "2")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines for 4 questions (one empty):\n%s", len(lines), out)
	}
	type result struct {
		Question string `json:"question"`
		Answered bool   `json:"answered"`
		Answers  []struct {
			Text   string  `json:"text"`
			Score  float64 `json:"score"`
			Source struct {
				Story     string `json:"story"`
				Title     string `json:"title"`
				Paragraph int    `json:"paragraph"`
				Sentence  int    `json:"sentence"`
				URL       *string
			} `json:"source"`
		} `json:"answers"`
	}
	var rs []result
	for _, l := range lines {
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		rs = append(rs, r)
	}
	if !rs[0].Answered || len(rs[0].Answers) != 2 || !strings.Contains(rs[0].Answers[0].Text, "Forty-four states refused") {
		t.Errorf("first question: %+v", rs[0])
	}
	if s := rs[0].Answers[0].Source; s.Story != "000_88049dc20f240b8c" || s.Title == "" || s.Paragraph != 4 || s.Sentence != 2 {
		t.Errorf("source %+v", s)
	}
	if rs[1].Answered || len(rs[1].Answers) != 0 || rs[1].Question != "What is the capital of France?" {
		t.Errorf("off-topic question: %+v", rs[1])
	}
	if rs[2].Answered || rs[2].Question != "" {
		t.Errorf("empty line: %+v", rs[2])
	}
	if !rs[3].Answered {
		t.Errorf("who is: %+v", rs[3])
	}
	// The exact shape the evaluation reads: "answers" is a list even when
	// empty, never null.
	if !strings.Contains(lines[1], `"answers":[]`) {
		t.Errorf("abstention line %s", lines[1])
	}
}

func TestAskReadable(t *testing.T) {
	out, _, err := runAskTest(t, "", nil, "ask", "What did Padilla say?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Q: What did Padilla say?", "1. ", "paragraph", "Alex Padilla"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runAskTest(t, "", nil, "ask", "--explain", "Tell me a joke")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "The story doesn't say") {
		t.Errorf("abstention:\n%s", out)
	}
}

func TestAskExplain(t *testing.T) {
	out, _, err := runAskTest(t, "", nil, "ask", "--json", "--explain", "what did padila say")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"explain"`, `"confidence"`, `"threshold"`, `"form":"padilla"`, `"how":"spelling"`, `"term":"padila"`} {
		if !strings.Contains(out, want) {
			t.Errorf("explanation lacks %s:\n%s", want, out)
		}
	}
}

func TestAskErrors(t *testing.T) {
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "broken.txt"), []byte("id: x\ntitel: y\n\nText."), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"bad top", nil, []string{"ask", "--top", "0", "q"}, "--top must be at least 1"},
		{"unknown flag", nil, []string{"ask", "--nope", "q"}, "flag provided but not defined"},
		{"unknown command", nil, []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"broken corpus", map[string]string{"STORYBOT_CORPUS": bad}, []string{"ask", "q"}, `load corpus ` + bad + `: no story in corpus . loads: broken.txt: line 2: unknown header key "titel"`},
		{"missing corpus", map[string]string{"STORYBOT_CORPUS": filepath.Join(bad, "nope")}, []string{"ask", "q"}, "set STORYBOT_CORPUS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runAskTest(t, "", tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestAskOnDiskIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	var pointers []string
	for range 2 { // built, then reused
		out, _, err := runAskTest(t, "", map[string]string{"STORYBOT_INDEX": dir}, "ask", "--json", "How many states refused the request?")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "Forty-four states refused") {
			t.Errorf("answer from the on-disk index: %s", out)
		}
		p, err := os.ReadFile(filepath.Join(dir, "current"))
		if err != nil {
			t.Fatalf("no index on disk: %v", err)
		}
		pointers = append(pointers, string(p))
	}
	if pointers[0] != pointers[1] {
		t.Error("the unchanged corpus was indexed again")
	}
	if _, err := os.Stat(filepath.Join(dir, ".storybot-index")); err != nil {
		t.Errorf("the index folder is not marked: %v", err)
	}
}

// The console's "why" explains the last answer with the real engine.
func TestConsoleWhy(t *testing.T) {
	out, _, err := runAskTest(t, "why\nWhat did Padilla say?\nwhy\nWhat is the capital of France?\nwhy\n", nil, "console")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Ask a question first",
		`Why, for "What did Padilla say?":`,
		"padilla", "in the speaker", "+ quotes the person asked about", "% sure the passages answer it; I answer from ",
		`Why, for "What is the capital of France?":`, "No passage matched enough of the question",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
