//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestSQLiteFileOwnerOnly: a new SQLite file, and the -wal and -shm
// files SQLite makes beside it, are readable by their owner alone
// (0600), not the 0644 of SQLite's own; an existing file readable by others is made
// so, and OpenDatabase says which (issue 18, item 11).
func TestSQLiteFileOwnerOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "storybot.db")
	s := openSQL(t, "sqlite:"+path)
	if err := s.Save(ctx, Installation{TeamID: "T1", BotUserID: "U1", BotToken: "xoxb-1"}); err != nil {
		t.Fatal(err)
	}
	if len(s.Tightened) != 0 {
		t.Errorf("a new file tightened: %v", s.Tightened)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
	s.Close()

	// An existing file left readable by others, as earlier versions made it.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s = openSQL(t, "sqlite:"+path)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("existing file: %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if !slices.Contains(s.Tightened, path) {
		t.Errorf("Tightened %v, want %s among them", s.Tightened, path)
	}
	if _, err := s.Find(ctx, Tenant{TeamID: "T1"}); err != nil {
		t.Errorf("the installation after: %v", err)
	}
}
