//go:build unix

package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secretStory is a .env-like file that reads as a story: what a link out
// of the corpus must never serve (issue 18, item 1).
const secretStory = "title: settings\n\nSLACK_CLIENT_SECRET=s3cr3t-value and STORYBOT_ENCRYPTION_KEY=00ff are the keys.\n"

// TestLoadCorpusLinks: a link that leads outside the corpus folder is
// skipped with a note naming it and none of its target's words, however
// it leads out (directly, through a linked folder, to a device); links
// that end inside the folder are read, relative or absolute, and through
// a corpus folder that is itself reached by a link.
func TestLoadCorpusLinks(t *testing.T) {
	t.Parallel()
	story := func(id string) string { return "id: " + id + "\ntitle: T\n\nBody of the story " + id + ".\n" }
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir, outside string)
		skipped string
		ids     string
	}{
		{name: "a link to a .env beside the corpus", setup: func(t *testing.T, dir, outside string) {
			symlink(t, filepath.Join(outside, ".env"), filepath.Join(dir, "env.txt"))
		}, skipped: "env.txt: " + ErrOutsideCorpus.Error(), ids: "a"},
		{name: "a relative link out", setup: func(t *testing.T, dir, outside string) {
			rel, _ := filepath.Rel(dir, filepath.Join(outside, ".env"))
			symlink(t, rel, filepath.Join(dir, "env.md"))
		}, skipped: "env.md: " + ErrOutsideCorpus.Error(), ids: "a"},
		{name: "a link through a linked folder", setup: func(t *testing.T, dir, outside string) {
			symlink(t, outside, filepath.Join(dir, "ext"))
			symlink(t, "ext/.env", filepath.Join(dir, "via.txt"))
		}, skipped: "via.txt: " + ErrOutsideCorpus.Error(), ids: "a"},
		{name: "a link to /dev/zero", setup: func(t *testing.T, dir, outside string) {
			symlink(t, "/dev/zero", filepath.Join(dir, "zero.txt"))
		}, skipped: "zero.txt: " + ErrOutsideCorpus.Error(), ids: "a"},
		{name: "links inside, relative and absolute", setup: func(t *testing.T, dir, outside string) {
			os.Mkdir(filepath.Join(dir, "kept"), 0o755)
			write(t, filepath.Join(dir, "kept", "b.txt"), story("b"))
			write(t, filepath.Join(dir, "kept", "c.txt"), story("c"))
			symlink(t, "kept/b.txt", filepath.Join(dir, "b.txt"))
			symlink(t, filepath.Join(dir, "kept", "c.txt"), filepath.Join(dir, "c.txt"))
		}, ids: "a b c"},
		{name: "a link that leaves and comes back", setup: func(t *testing.T, dir, outside string) {
			os.Mkdir(filepath.Join(dir, "kept"), 0o755)
			write(t, filepath.Join(dir, "kept", "b.txt"), story("b"))
			symlink(t, filepath.Join("..", filepath.Base(dir), "kept", "b.txt"), filepath.Join(dir, "b.txt"))
		}, ids: "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent, outside := t.TempDir(), t.TempDir()
			dir := filepath.Join(parent, "corpus")
			os.Mkdir(dir, 0o755)
			write(t, filepath.Join(dir, "a.txt"), story("a"))
			write(t, filepath.Join(outside, ".env"), secretStory)
			tt.setup(t, dir, outside)
			// The corpus folder as given, and reached through a link.
			linked := filepath.Join(t.TempDir(), "stories")
			symlink(t, dir, linked)
			for _, d := range []string{dir, linked} {
				stories, skipped, err := LoadCorpus(d)
				if err != nil {
					t.Fatal(err)
				}
				var ids, notes []string
				for _, st := range stories {
					ids = append(ids, st.ID)
					if strings.Contains(st.Text, "s3cr3t") {
						t.Errorf("%s: served the secret, as %s", d, st.File)
					}
				}
				for _, s := range skipped {
					notes = append(notes, s.File+": "+s.Why)
				}
				if got := strings.Join(ids, " "); got != tt.ids {
					t.Errorf("%s: stories %q, want %q", d, got, tt.ids)
				}
				if got := strings.Join(notes, "; "); got != tt.skipped {
					t.Errorf("%s: skipped %q, want %q", d, got, tt.skipped)
				}
			}
		})
	}
}

// TestCorpusFSLinkSwapped: a file checked as regular and then replaced
// by a link out is still not read through it (the open goes through an
// os.Root on the folder).
func TestCorpusFSLinkSwapped(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	write(t, filepath.Join(outside, ".env"), secretStory)
	rel, _ := filepath.Rel(dir, filepath.Join(outside, ".env"))
	symlink(t, rel, filepath.Join(dir, "x.txt"))
	fsys := CorpusFS(dir).(corpusFS)
	// What resolve would have answered for a regular file x.txt.
	if _, err := os.OpenInRoot(fsys.dir, "x.txt"); err == nil {
		t.Error("opened a link out of the folder through the root")
	}
	if _, err := fsys.Open("x.txt"); !errors.Is(err, ErrOutsideCorpus) {
		t.Errorf("Open: %v, want ErrOutsideCorpus", err)
	}
}

// TestAddStoryIgnoresLinksOut: AddStory's look for a duplicate does not
// read a link out of the corpus, so it neither refuses a story for it nor
// quotes its target's title.
func TestAddStoryIgnoresLinksOut(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	text := "The council met on Tuesday and voted seven to two for the budget."
	write(t, filepath.Join(outside, "private.txt"), "title: Private notes of the clerk\n\n"+text+"\n")
	symlink(t, filepath.Join(outside, "private.txt"), filepath.Join(dir, "private.txt"))
	st, err := AddStory(dir, Story{Title: "Budget passes", Text: text})
	if err != nil {
		t.Fatalf("AddStory: %v", err)
	}
	if filepath.Dir(st.File) != dir {
		t.Errorf("written to %s", st.File)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skip(err)
	}
}
