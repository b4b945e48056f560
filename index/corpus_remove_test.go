package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRemoveStory: a story is found by its id and removed only while its
// file is the regular one hashed; a link, a changed file, a path or
// another id is refused and nothing is touched.
func TestRemoveStory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "id: a\ntitle: A\n\nThe first story's text.")
	write("b.txt", "id: b\ntitle: B\n\nThe second story's text.")
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("id: s\ntitle: S\n\nNot the corpus's text."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.txt")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, stories, err := FindStory(dir, "zzz"); !errors.Is(err, ErrNoStory) || len(stories) != 2 {
		t.Errorf("FindStory(zzz) = %d stories, %v; want the 2 and ErrNoStory", len(stories), err)
	}
	st, _, err := FindStory(dir, "a")
	if err != nil || st.File != "a.txt" {
		t.Fatalf("FindStory(a) = %+v, %v", st, err)
	}
	_, sum, err := ReadStoryFile(dir, st.File)
	if err != nil || len(sum) != 64 {
		t.Fatalf("ReadStoryFile = %q, %v", sum, err)
	}
	for _, bad := range []struct{ name, id, sum, want string }{
		{"a.txt", "b", sum, ErrStoryChanged.Error()},
		{"a.txt", "a", strings.Repeat("0", 64), ErrStoryChanged.Error()},
		{"link.txt", "s", sum, "is a link or not a regular file"},
		{"../a.txt", "a", sum, "is not a story file of the corpus folder"},
		{"gone.txt", "a", sum, "is gone from the corpus folder"},
	} {
		if _, err := RemoveStory(dir, bad.name, bad.id, bad.sum); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("RemoveStory(%s, %s) = %v, want %q", bad.name, bad.id, err, bad.want)
		}
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("the link's target: %v", err)
	}
	if got, err := RemoveStory(dir, "a.txt", "a", sum); err != nil || got.ID != "a" {
		t.Fatalf("RemoveStory = %+v, %v", got, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "a.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a.txt is still there: %v", err)
	}
}
