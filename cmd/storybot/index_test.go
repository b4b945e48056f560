package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"storybot/bot/slackfake"
	"storybot/internal/filetree"
)

// project is a working folder as an admin has it: a .env, the corpus and
// other files of theirs.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		".env":             "LOG_LEVEL=info\n",
		"notes.txt":        "my notes\n",
		"corpus/story.txt": testStory,
		"data/keep.db":     "precious\n",
	} {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDangerousIndexRefused: pointing the index at something storybot did
// not make stops it with an error naming the folder and what to do, and
// every file is left byte for byte (issue 9: STORYBOT_INDEX=$PWD removed
// .env and corpus/, STORYBOT_INDEX=corpus every story, and a file given as
// the index was deleted).
func TestDangerousIndexRefused(t *testing.T) {
	dir := project(t)
	elsewhere := testCorpus(t)
	t.Chdir(dir) // where an admin runs it, .env and all
	os.Symlink("data", "link")
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{name: "STORYBOT_INDEX=$PWD", env: map[string]string{"STORYBOT_INDEX": dir}, want: "it holds the corpus folder (corpus)"},
		{name: "STORYBOT_INDEX=.", env: map[string]string{"STORYBOT_INDEX": "."}, want: "it holds the corpus folder (corpus)"},
		{name: "the working folder, corpus elsewhere", args: []string{"--index", ".", "--corpus", elsewhere}, want: "it holds files storybot did not make (.env, corpus, data and 2 more)"},
		{name: "the corpus by another path", args: []string{"--index", "../" + filepath.Base(dir) + "/corpus/"}, want: "it is the corpus folder"},
		{name: "STORYBOT_INDEX=corpus", env: map[string]string{"STORYBOT_INDEX": "corpus"}, want: "it is the corpus folder"},
		{name: "inside the corpus", args: []string{"--index", "corpus/index"}, want: "it is inside the corpus folder (corpus)"},
		{name: "a regular file", args: []string{"--index", "notes.txt"}, want: "it is a file, not a folder"},
		{name: "the .env file", args: []string{"--index", ".env"}, want: "it is a file, not a folder"},
		{name: "a folder of other files", args: []string{"--index", "data"}, want: "it holds files storybot did not make (keep.db)"},
		{name: "a symbolic link", args: []string{"--index", "link"}, want: "it is a symbolic link (to data)"},
		{name: "a symbolic link, with a slash", args: []string{"--index", "link/"}, want: "it is a symbolic link (to data)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := filetree.Describe(t, dir)
			getenv := func(k string) string { return tt.env[k] }
			var stdout, stderr bytes.Buffer
			args := append([]string{"storybot", "ask"}, tt.args...)
			err := run(context.Background(), append(args, "How did the council vote?"), getenv, strings.NewReader(""), &stdout, &stderr, nil)
			if err == nil {
				t.Fatalf("run succeeded; printed %s", stdout.String())
			}
			for _, want := range []string{"--index (STORYBOT_INDEX): refusing to keep the index in ", tt.want, "storybot deletes only what it made", "Give it a new or empty folder of its own"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if stdout.Len() > 0 {
				t.Errorf("answered anyway: %s", stdout.String())
			}
			if after := filetree.Describe(t, dir); after != before {
				t.Errorf("files changed:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
}

// TestDangerousIndexExitCode: the real process exits 1 with the message.
func TestDangerousIndexExitCode(t *testing.T) {
	dir := project(t)
	before := filetree.Describe(t, dir)
	p := startProcess(t, "ask --index "+dir+" --corpus "+filepath.Join(dir, "corpus")+" How_did_the_council_vote?", nil)
	if code := p.exit(); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if want := "storybot: --index (STORYBOT_INDEX): refusing to keep the index in " + dir + ": it holds the corpus folder"; !strings.Contains(p.output(), want) {
		t.Errorf("output lacks %q:\n%s", want, p.output())
	}
	if after := filetree.Describe(t, dir); after != before {
		t.Errorf("files changed:\nbefore\n%s\nafter\n%s", before, after)
	}
}

// damageSegments overwrites 8 bytes near the end of every segment file of
// the generation being served (where bleve reads its offsets), and returns
// that generation.
func damageSegments(t *testing.T, index string) string {
	t.Helper()
	gens, _ := filepath.Glob(filepath.Join(index, "index-*"))
	zaps, _ := filepath.Glob(filepath.Join(index, "index-*", "store", "*.zap"))
	if len(gens) != 1 || len(zaps) == 0 {
		t.Fatalf("generations %v, segments %v; want one generation with segments", gens, zaps)
	}
	for _, z := range zaps {
		f, err := os.OpenFile(z, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := f.Stat()
		_, err = f.WriteAt(bytes.Repeat([]byte{0xa5}, 8), fi.Size()-40)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return gens[0]
}

// TestDamagedIndexAtStart: a damaged index is rebuilt with a warning
// naming it, not a panic at every start (issue 9).
func TestDamagedIndexAtStart(t *testing.T) {
	index := filepath.Join(t.TempDir(), "index")
	env := map[string]string{"STORYBOT_INDEX": index}
	if _, _, err := runAskTest(t, "", env, "ask", "How many states refused the request?"); err != nil {
		t.Fatal(err)
	}
	gen := damageSegments(t, index)
	out, stderr, err := runAskTest(t, "", env, "ask", "How many states refused the request?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Forty-four states refused") {
		t.Errorf("answer after the rebuild: %s", out)
	}
	if want := `level=WARN msg="on-disk index damaged; rebuilding it from the corpus" path=` + gen; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}

// TestReloadWithDamagedOrRefusedIndex: on SIGHUP a damaged index is
// rebuilt while the old engine keeps answering; an index folder that has
// become unsafe fails the reload, keeps the old engine serving and is left
// untouched.
func TestReloadWithDamagedOrRefusedIndex(t *testing.T) {
	corpus := testCorpus(t)
	index := filepath.Join(t.TempDir(), "idx")
	r, fake, base := httpBot(t, corpus, "STORYBOT_INDEX", index)
	n := 0
	ask := func(why string) {
		t.Helper()
		n++
		id := fmt.Sprint("Ev", n)
		postSigned(t, base, slackfake.Callback(id, slackfake.DM("D1", "U1", "how many schools did the storms close?", id)))
		if a := slackfake.Receive(t, fake.Posts, "answer "+why).Get("text"); !strings.Contains(a, "three schools") {
			t.Errorf("%s: %q", why, a)
		}
	}
	ask("before")
	gen := damageSegments(t, index)
	r.hup <- syscall.SIGHUP
	r.waitLog(`level=WARN msg="on-disk index damaged; rebuilding it from the corpus" path=` + gen)
	r.waitLog(`msg="corpus reloaded" stories=1`)
	ask("after the rebuild")

	// A stranger's file and no marker: the folder is no longer storybot's.
	os.Remove(filepath.Join(index, ".storybot-index"))
	os.WriteFile(filepath.Join(index, "theirs.txt"), []byte("theirs"), 0o644)
	before := filetree.Describe(t, index)
	r.hup <- syscall.SIGHUP
	r.waitLog("reload failed; still serving the previous index")
	r.waitLog("refusing to keep the index in " + index + ": it holds files storybot did not make")
	ask("after the refused reload")
	if after := filetree.Describe(t, index); after != before {
		t.Errorf("the refused folder changed:\nbefore\n%s\nafter\n%s", before, after)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestOddCorpusFilesSkipped: a link to /dev/zero (or anything that is not
// a regular file) in the corpus is skipped with a warning naming it.
func TestOddCorpusFilesSkipped(t *testing.T) {
	corpus := testCorpus(t)
	if err := os.Symlink("/dev/zero", filepath.Join(corpus, "zero.txt")); err != nil {
		t.Skip(err)
	}
	out, stderr, err := runAskTest(t, "", map[string]string{"STORYBOT_CORPUS": corpus}, "ask", "How did the council vote?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "seven votes to two") {
		t.Errorf("answer: %s", out)
	}
	if want := `level=WARN msg="corpus entry skipped" file=` + filepath.Join(corpus, "zero.txt"); !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}
