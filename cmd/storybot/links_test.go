//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// envStory is a .env that reads as a story, as an attacker's link to it
// would serve it (issue 18, item 1).
const envStory = "title: Settings\n\nThe client secret of the app is s3cr3t-client-value and the encryption key is 00ff11ee.\n"

// TestCorpusLinkOutRefused: a link in the corpus to a .env outside it is
// skipped with a warning naming the link (and nothing of what it leads
// to), at a start as in `storybot ask`, and asking for the secret quotes
// nothing of it; a link to a story kept in a folder inside the corpus
// is served. `storybot add` neither refuses a story for the text behind
// a link out nor names it.
func TestCorpusLinkOutRefused(t *testing.T) {
	corpus, outside := testCorpus(t), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, ".env"), []byte(envStory), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, ".env"), filepath.Join(corpus, "settings.txt")); err != nil {
		t.Skip(err)
	}
	os.Mkdir(filepath.Join(corpus, "kept"), 0o755)
	inside := "title: Storm report\n\nThe storm knocked down forty-one trees along the river road.\n"
	if err := os.WriteFile(filepath.Join(corpus, "kept", "storm.txt"), []byte(inside), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("kept/storm.txt", filepath.Join(corpus, "storm.txt")); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"STORYBOT_CORPUS": corpus}
	out, stderr, err := runAskTest(t, "What is the client secret of the app?\nHow many trees did the storm knock down?\n", env, "ask")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"s3cr3t", "00ff11ee", "Settings"} {
		if strings.Contains(out+stderr, s) {
			t.Errorf("%q served or logged:\n%s\n%s", s, out, stderr)
		}
	}
	if !strings.Contains(out, "forty-one trees") {
		t.Errorf("the story linked inside the corpus is not served:\n%s", out)
	}
	want := `level=WARN msg="corpus entry skipped" file=` + filepath.Join(corpus, "settings.txt") + ` why="a symbolic link that leads outside the corpus folder`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}

	// The same text, added: not a duplicate of a file the corpus does not hold.
	in := filepath.Join(t.TempDir(), "mine.txt")
	os.WriteFile(in, []byte(strings.Replace(envStory, "Settings", "Keys", 1)), 0o644)
	out, stderr, err = runAskTest(t, "", env, "add", in)
	if err != nil || strings.Contains(stderr, "Settings") {
		t.Errorf("add: %v\n%s\n%s", err, out, stderr)
	}
}
