package live

import (
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"storybot/index"
)

// TestSnapshot: what the watch counts as a change of the corpus folder.
// Every regular file counts, whatever its extension (the corpus takes
// several formats); hidden files, folders and what is not a regular file
// once links are followed do not.
func TestSnapshot(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		change  func(t *testing.T, dir string)
		changed bool
	}{
		{"nothing", func(*testing.T, string) {}, false},
		{"a new .txt story", func(t *testing.T, dir string) { writeFile(t, dir, "b.txt", "two") }, true},
		{"a new .md story", func(t *testing.T, dir string) { writeFile(t, dir, "b.md", "two") }, true},
		{"a new .html story", func(t *testing.T, dir string) { writeFile(t, dir, "b.html", "<p>two</p>") }, true},
		{"a story rewritten, new size", func(t *testing.T, dir string) { writeFile(t, dir, "a.txt", "one more") }, true},
		{"a story touched, same size", func(t *testing.T, dir string) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(dir, "a.txt"), later, later); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a story removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "a.txt")) }, true},
		{"a story renamed", func(t *testing.T, dir string) { os.Rename(filepath.Join(dir, "a.txt"), filepath.Join(dir, "c.txt")) }, true},
		{"a link to a story", func(t *testing.T, dir string) {
			symlink(t, filepath.Join(dir, "a.txt"), filepath.Join(dir, "link.txt"))
		}, true},
		{"a broken link", func(t *testing.T, dir string) {
			symlink(t, filepath.Join(dir, "none"), filepath.Join(dir, "broken.txt"))
		}, true},
		{"a link to a device", func(t *testing.T, dir string) { symlink(t, "/dev/null", filepath.Join(dir, "null.txt")) }, false},
		{"a hidden file", func(t *testing.T, dir string) { writeFile(t, dir, ".a.txt.swp", "swap") }, false},
		{"a folder", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, "old.txt"), 0o755) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.txt", "one")
			before, err := snapshot(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			tt.change(t, dir)
			after, err := snapshot(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if changed := after != before; changed != tt.changed {
				t.Errorf("changed = %v, want %v\nbefore:\n%s\nafter:\n%s", changed, tt.changed, before, after)
			}
		})
	}
}

// TestSnapshotUnreadable: a folder that cannot be read is an error, which
// the watch logs before looking again.
func TestSnapshotUnreadable(t *testing.T) {
	t.Parallel()
	synctest.Test(t, snapshotUnreadable)
}

func snapshotUnreadable(t *testing.T) {
	if _, err := snapshot(os.DirFS(filepath.Join(t.TempDir(), "gone"))); err == nil {
		t.Error("no error for a missing folder")
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	os.Mkdir(dir, 0o755)
	writeFile(t, dir, "a.txt", "one")
	hup := make(chan os.Signal)
	_, g, buf, _, _ := runIndex(t, Options{Corpus: os.DirFS(dir), Watch: time.Millisecond}, hup)
	os.RemoveAll(dir)
	waitFor(t, buf, "cannot read the corpus folder to watch it", 2)
	// Back again, changed: reloaded.
	os.Mkdir(dir, 0o755)
	writeFile(t, dir, "b.txt", "two")
	receive(t, g.started, "the reload once the folder is back")
	g.release <- struct{}{}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skip(err)
	}
}

// TestSnapshotLinksOut: through index.CorpusFS, a link that leads outside
// the corpus folder is seen coming and going, but what it leads to is
// never looked at: its changes reload nothing (issue 18, item 1). A link
// to a file inside the folder is watched as that file.
func TestSnapshotLinksOut(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	writeFile(t, dir, "a.txt", "one")
	os.Mkdir(filepath.Join(dir, "kept"), 0o755)
	writeFile(t, filepath.Join(dir, "kept"), "b.txt", "two")
	writeFile(t, outside, ".env", "SECRET=1")
	fsys := index.CorpusFS(dir)
	look := func() string {
		t.Helper()
		s, err := snapshot(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := look()
	symlink(t, filepath.Join(outside, ".env"), filepath.Join(dir, "env.txt"))
	symlink(t, "kept/b.txt", filepath.Join(dir, "b.txt"))
	withLinks := look()
	if withLinks == before {
		t.Error("new links not seen")
	}
	writeFile(t, outside, ".env", "SECRET=12345")
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(outside, ".env"), later, later)
	if after := look(); after != withLinks {
		t.Errorf("a change outside the corpus was seen:\nbefore\n%s\nafter\n%s", withLinks, after)
	}
	writeFile(t, filepath.Join(dir, "kept"), "b.txt", "two and more")
	if after := look(); after == withLinks {
		t.Error("a change to a story linked inside the corpus was not seen")
	}
}
