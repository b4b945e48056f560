//go:build unix

package index

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadDirOddFiles: what is not a regular file is skipped with a note,
// never opened (issue 9: a FIFO hung the start and ignored SIGTERM; a link
// to /dev/zero ran out of memory), and a file over maxStoryBytes is skipped
// with a note saying so, never read whole (issue 14: one bad file of many
// does not stop the others).
func TestLoadDirOddFiles(t *testing.T) {
	t.Parallel()
	for _, tt := range oddFileTests() {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.txt"), oddStory("a"))
			tt.setup(t, dir)
			stories, skipped, err := loadDirGuarded(t, dir)
			var notes []string
			for _, s := range skipped {
				notes = append(notes, s.File+": "+s.Why)
			}
			if got := strings.Join(notes, "; "); got != tt.skipped {
				t.Errorf("skipped %q, want %q", got, tt.skipped)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(stories) != tt.stories {
				t.Errorf("%d stories, error %v; want %d", len(stories), err, tt.stories)
			}
		})
	}
}

// oddStory is a story file's text.
func oddStory(id string) string { return "id: " + id + "\ntitle: T\n\nBody.\n" }

// oddFileTest is a folder with a.txt and what setup adds, and what
// loading it gives.
type oddFileTest struct {
	name    string
	setup   func(t *testing.T, dir string)
	skipped string // the note, "" when nothing is skipped
	err     string // the error, "" when the corpus loads
	stories int
}

func oddFileTests() []oddFileTest {
	story := oddStory
	return []oddFileTest{
		{name: "a named pipe", setup: func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
				t.Skip(err)
			}
		}, skipped: "pipe.txt: a named pipe (FIFO), not a regular file", stories: 1},
		{name: "a link to /dev/zero", setup: func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
				t.Skip(err)
			}
		}, skipped: "zero.txt: a device, not a regular file", stories: 1},
		{name: "a folder named like a story, by a link", setup: func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			os.Symlink("sub", filepath.Join(dir, "sub.txt"))
		}, skipped: "sub.txt: not a regular file", stories: 1},
		{name: "a broken link", setup: func(t *testing.T, dir string) {
			os.Symlink("nowhere", filepath.Join(dir, "gone.txt"))
		}, skipped: "gone.txt: gone, or a link to nothing", stories: 1},
		{name: "a link to a story is read", setup: func(t *testing.T, dir string) {
			other := filepath.Join(t.TempDir(), "b.txt")
			write(t, other, story("b"))
			os.Symlink(other, filepath.Join(dir, "b.txt"))
		}, stories: 2},
		{name: "a story of the largest size", setup: func(t *testing.T, dir string) {
			s := story("big")
			write(t, filepath.Join(dir, "big.txt"), s+strings.Repeat("x", maxStoryBytes-len(s)))
		}, stories: 2},
		{name: "a story one byte over", setup: func(t *testing.T, dir string) {
			s := story("big")
			write(t, filepath.Join(dir, "big.txt"), s+strings.Repeat("x", maxStoryBytes-len(s)+1))
		}, skipped: "big.txt: 4194305 bytes, over the 4194304 (4 MiB) a story file may hold: split it into several stories", stories: 1},
		{name: "a story of 9.4 MB on one line", setup: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "line.txt"), story("line")+strings.Repeat("word ", 9_400_000/5))
		}, skipped: "line.txt: 9400025 bytes, over the 4194304 (4 MiB) a story file may hold: split it into several stories", stories: 1},
		{name: "only a story over the bound", setup: func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "a.txt"))
			write(t, filepath.Join(dir, "big.md"), strings.Repeat("word ", maxStoryBytes/5+1))
		}, skipped: "big.md: 4194305 bytes, over the 4194304 (4 MiB) a story file may hold: split it into several stories",
			err: "no story in corpus . loads: big.md: 4194305 bytes"},
	}
}

// loadDirGuarded loads dir, failing the test if LoadDir hangs.
func loadDirGuarded(t *testing.T, dir string) ([]Story, []Skipped, error) {
	type result struct {
		stories []Story
		skipped []Skipped
		err     error
	}
	done := make(chan result, 1)
	go func() {
		st, sk, err := LoadDir(os.DirFS(dir), ".")
		done <- result{st, sk, err}
	}()
	select {
	case r := <-done:
		return r.stories, r.skipped, r.err
	case <-time.After(time.Minute): // a guard against a hang, not a timing
		t.Fatal("LoadDir hangs")
	}
	return nil, nil, nil
}
