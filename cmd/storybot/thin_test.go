package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bot/slackfake"
	"storybot/internal/filetree"
)

// TestStoryWithNoSentenceRefused: a file with no real sentence (4 bytes,
// as in issue 18) is refused with why by `storybot add` and by an upload
// from Slack, and a story file of the corpus that has none is named by a
// warning when the corpus loads.
func TestStoryWithNoSentenceRefused(t *testing.T) {
	corpus := testCorpus(t)
	before := filetree.Describe(t, corpus)
	tiny := filepath.Join(t.TempDir(), "abc.txt")
	os.WriteFile(tiny, []byte("abc\n"), 0o644)
	env := map[string]string{"STORYBOT_CORPUS": corpus}
	_, stderr, err := runAskTest(t, "", env, "add", tiny)
	want := "storybot add: " + tiny + ": not added: it has no real sentence (one of 3 words or more), so nothing in it could answer a question"
	if err == nil || !strings.Contains(stderr, want) {
		t.Errorf("add: %v\n%s\nwant %q", err, stderr, want)
	}
	if after := filetree.Describe(t, corpus); after != before {
		t.Errorf("the corpus changed:\n%s", after)
	}

	r, fake, base := httpBot(t, corpus, "STORYBOT_ADMINS", "UADMIN")
	f := fake.Upload("UADMIN", "abc.txt", []byte("abc\n"))
	postSigned(t, base, slackfake.Callback("EvTiny", slackfake.FileShare("D9", "UADMIN", "", "320.1", f)))
	want = "Not added: abc.txt: it has no real sentence (one of 3 words or more)"
	if p := slackfake.Receive(t, fake.Posts, "the reply to the upload"); !strings.Contains(p.Get("text"), want) {
		t.Errorf("reply %q\nwant %q", p.Get("text"), want)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if after := filetree.Describe(t, corpus); after != before {
		t.Errorf("the corpus changed:\n%s", after)
	}

	// One already in the corpus is named when the corpus loads.
	os.WriteFile(filepath.Join(corpus, "abc.txt"), []byte("abc\n"), 0o644)
	_, stderr, err = runAskTest(t, "", env, "ask", "How did the council vote?")
	want = `level=WARN msg="story has no real sentence" file=` + filepath.Join(corpus, "abc.txt") + ` why="it has no real sentence`
	if err != nil || !strings.Contains(stderr, want) {
		t.Errorf("ask: %v\n%s\nwant %q", err, stderr, want)
	}
}
