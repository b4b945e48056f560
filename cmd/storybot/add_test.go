package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bot/slackfake"
	"storybot/internal/filetree"
)

// formats is the folder of the index's story fixtures: a saved news page
// with its boilerplate, Markdown, plain text, Latin-1.
const formats = "../../index/testdata/formats"

var riverton = filepath.Join(formats, "Riverton council approves bridge repair _ The Prairie Ledger.html")

// TestAdd: `storybot add` puts a saved page, a Markdown file and a story
// from standard input into the corpus, each under a name made from its
// title, and `storybot ask` answers from them.
func TestAdd(t *testing.T) {
	corpus := testCorpus(t)
	env := map[string]string{"STORYBOT_CORPUS": corpus}
	stdin := "Storm closes eleven schools\n\nA storm closed eleven schools in the north of the city on Monday.\n"
	out, errOut, err := runAskTest(t, stdin, env, "add", riverton, filepath.Join(formats, "school-board.md"), "-")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	want := "added " + filepath.Join(corpus, "riverton-council-approves-4-2-million-bridge-repair-after.txt") +
		`: "Riverton council approves $4.2 million bridge repair after months of debate" (id riverton-council-approves-4-2-million-bridge-repair-after, 12 paragraphs, 18 sentences)` + "\n" +
		"added " + filepath.Join(corpus, "riverton-school-board-picks-interim-superintendent.txt") +
		`: "Riverton school board picks interim superintendent" (id riverton-school-board-picks-interim-superintendent, 5 paragraphs, 7 sentences)` + "\n" +
		"added " + filepath.Join(corpus, "storm-closes-eleven-schools.txt") +
		`: "Storm closes eleven schools" (id storm-closes-eleven-schools, 1 paragraph, 1 sentence)` + "\n" +
		"A running storybot serves what was added after its next reload (SIGHUP, or at once with STORYBOT_WATCH set).\n"
	if out != want {
		t.Errorf("output\n%s\nwant\n%s", out, want)
	}
	// The page is kept as its article, with what its metadata said.
	page, err := os.ReadFile(filepath.Join(corpus, "riverton-council-approves-4-2-million-bridge-repair-after.txt"))
	if err != nil {
		t.Fatal(err)
	}
	head := "id: riverton-council-approves-4-2-million-bridge-repair-after\n" +
		"title: Riverton council approves $4.2 million bridge repair after months of debate\n" +
		"url: https://www.prairie-ledger.example/news/local/2024/03/12/riverton-bridge-repair-approved/\n" +
		"published: 2024-03-12\noutlet: The Prairie Ledger\n\nThe Third Street bridge, closed to trucks"
	if !strings.HasPrefix(string(page), head) || strings.Contains(string(page), "cookies") || strings.Contains(string(page), "Most Read") {
		t.Errorf("the story written:\n%s", page)
	}
	out, _, err = runAskTest(t, "", env, "ask", "How many vehicles cross the Third Street bridge each day?")
	if err != nil || !strings.Contains(out, "14,000 vehicles a day") || !strings.Contains(out, "Riverton council approves") {
		t.Errorf("asked about the page added: %v\n%s", err, out)
	}
}

// TestAddRefused: what cannot be added is refused with a message naming
// the file and why, the others still go in, and the command fails.
func TestAddRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	huge := write("huge.html", "")
	if err := os.Truncate(huge, maxAddBytes+1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string // on stderr
	}{
		{"the same story as text", []string{filepath.Join(formats, "riverton-bridge.txt")}, "",
			"storybot add: " + filepath.Join(formats, "riverton-bridge.txt") + ": not added: the corpus already holds this story's text, in CORPUS/riverton-council-approves-4-2-million-bridge-repair-after.txt (id riverton-council-approves-4-2-million-bridge-repair-after, \"Riverton council approves $4.2 million bridge repair after months of debate\")"},
		{"the same story again, from standard input", []string{"-"}, string(mustRead(t, riverton)),
			"storybot add: standard input: not added: the corpus already holds this story's text"},
		{"Latin-1", []string{filepath.Join(formats, "parking-latin1.txt")}, "",
			"storybot add: " + filepath.Join(formats, "parking-latin1.txt") + `:5: not UTF-8 (byte 0xe9); read as Latin-1 (Windows-1252) it says "The council approved the café owners’ request to exempt Saturday mornings.": if that is right, convert the file with ` + "`iconv -f WINDOWS-1252 -t UTF-8`"},
		{"a front page", []string{filepath.Join(formats, "section-front.html")}, "",
			"storybot add: " + filepath.Join(formats, "section-front.html") + ": no article in the page"},
		{"binary junk from standard input", []string{"-"}, "\x00\x01\x02junk",
			"storybot add: standard input: binary data, not text (a NUL byte at offset 0)"},
		{"a PDF", []string{write("story.txt", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")}, "",
			"storybot add: " + filepath.Join(dir, "story.txt") + ": a PDF document: save its text as a .txt file"},
		{"an empty file", []string{write("empty.md", "")}, "",
			"storybot add: " + filepath.Join(dir, "empty.md") + ": no paragraphs of text"},
		{"over 16 MiB", []string{huge}, "", "storybot add: " + huge + ": over 16 MiB, more than a story or a saved page holds"},
		{"a folder", []string{dir}, "", "storybot add: " + dir + ": a folder, not a story file"},
		{"no such file", []string{filepath.Join(dir, "nope.txt")}, "", "storybot add: open " + filepath.Join(dir, "nope.txt") + ": no such file or directory"},
	}
	corpus := testCorpus(t)
	env := map[string]string{"STORYBOT_CORPUS": corpus}
	if _, errOut, err := runAskTest(t, "", env, "add", riverton); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := filetree.Describe(t, corpus)
			out, errOut, err := runAskTest(t, tt.stdin, env, append([]string{"add"}, tt.args...)...)
			if err == nil || err.Error() != "1 of 1 not added" {
				t.Errorf("error %v, want 1 of 1 not added", err)
			}
			if want := strings.ReplaceAll(tt.want, "CORPUS", corpus); !strings.HasPrefix(errOut, want) {
				t.Errorf("stderr\n%s\nwant it to start\n%s", errOut, want)
			}
			if out != "" {
				t.Errorf("stdout %q", out)
			}
			if after := filetree.Describe(t, corpus); after != before {
				t.Errorf("the corpus changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
	// One refused among several: the others go in, and the command fails.
	out, errOut, err := runAskTest(t, "", env, "add", filepath.Join(formats, "section-front.html"), filepath.Join(formats, "school-board.md"))
	if err == nil || err.Error() != "1 of 2 not added" || !strings.Contains(out, "added "+filepath.Join(corpus, "riverton-school-board")) || !strings.Contains(errOut, "no article") {
		t.Errorf("error %v\nstdout %s\nstderr %s", err, out, errOut)
	}
	if _, _, err := runAskTest(t, "", env, "add"); err == nil || !strings.Contains(err.Error(), "name the story files to add, or - for standard input") {
		t.Errorf("no files: %v", err)
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAddToRunningBot: a story added while the bot runs is answered from
// after the reload the corpus watch makes.
func TestAddToRunningBot(t *testing.T) {
	corpus := testCorpus(t)
	r, fake, base := httpBot(t, corpus, "STORYBOT_WATCH", "100ms")
	if _, errOut, err := runAskTest(t, "", map[string]string{"STORYBOT_CORPUS": corpus}, "add", riverton); err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	r.waitLog(`msg="corpus reloaded" stories=2`)
	postSigned(t, base, slackfake.Callback("EvA", slackfake.DM("D1", "U1", "How many vehicles cross the Third Street bridge each day?", "1.1")))
	if a := slackfake.Receive(t, fake.Posts, "answer").Get("text"); !strings.Contains(a, "14,000 vehicles a day") {
		t.Errorf("answer after the add: %q", a)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestStartWithABadStory: one story that does not load is skipped with a
// warning naming it and why; the others are served.
func TestStartWithABadStory(t *testing.T) {
	corpus := testCorpus(t)
	if err := os.WriteFile(filepath.Join(corpus, "cafe.txt"), mustRead(t, filepath.Join(formats, "parking-latin1.txt")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runAskTest(t, "", map[string]string{"STORYBOT_CORPUS": corpus}, "ask", "how many votes approved the budget?")
	if err != nil || !strings.Contains(out, "seven votes to two") {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := `level=WARN msg="corpus entry skipped" file=` + filepath.Join(corpus, "cafe.txt") + ` why="line 5: not UTF-8 (byte 0xe9)`; !strings.Contains(errOut, want) {
		t.Errorf("stderr %s\nwant %s", errOut, want)
	}
}
