package live

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSnapshot: what the watch counts as a change of the corpus folder.
// Every regular file counts, whatever its extension (the corpus takes
// several formats); hidden files, folders and what is not a regular file
// once links are followed do not.
func TestSnapshot(t *testing.T) {
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
	if _, err := snapshot(os.DirFS(filepath.Join(t.TempDir(), "gone"))); err == nil {
		t.Error("no error for a missing folder")
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	os.Mkdir(dir, 0o755)
	writeFile(t, dir, "a.txt", "one")
	hup := make(chan os.Signal)
	_, g, buf, _, _ := runIndex(t, Options{Corpus: os.DirFS(dir), Watch: time.Millisecond}, hup)
	os.RemoveAll(dir)
	buf.waitFor(t, "cannot read the corpus folder to watch it", 2)
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
