package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAddStory(t *testing.T) {
	t.Parallel()
	storm := Story{Title: "Storm closes eleven schools", Published: "2024-03-04", Text: "A storm closed eleven schools on Monday.\n\nThey open again on Wednesday."}
	tests := []struct {
		name     string
		corpus   map[string]string // the files already there
		st       Story
		wantFile string // the file written, in the corpus folder
		wantID   string
		wantErr  string
	}{
		{name: "into an empty folder", st: storm, wantFile: "storm-closes-eleven-schools.txt", wantID: "storm-closes-eleven-schools"},
		{name: "beside other stories", corpus: map[string]string{"a.txt": "id: a\ntitle: A\n\nOther text."}, st: storm,
			wantFile: "storm-closes-eleven-schools.txt", wantID: "storm-closes-eleven-schools"},
		{name: "its own id", st: Story{ID: "s/1", Title: "T", Text: "The text of a story."}, wantFile: "s-1.txt", wantID: "s/1"},
		{name: "an id made from the title is made free", corpus: map[string]string{"x.txt": "id: storm-closes-eleven-schools\ntitle: X\n\nOther text."},
			st: storm, wantFile: "storm-closes-eleven-schools-2.txt", wantID: "storm-closes-eleven-schools-2"},
		{name: "a file name taken by another id", corpus: map[string]string{"s-1.txt": "id: other\ntitle: X\n\nOther text."},
			st: Story{ID: "s/1", Title: "T", Text: "The text of a story."}, wantFile: "s-1-2.txt", wantID: "s/1"},
		{name: "a README's name is no story's", st: Story{ID: "readme", Title: "T", Text: "The text of a story."}, wantFile: "story-readme.txt", wantID: "readme"},
		{name: "the same text, spaced and quoted otherwise, under another title",
			corpus: map[string]string{"old.md": "---\nid: old\ntitle: Old\n---\nA   storm closed *eleven* schools on Monday.\n\n“They” open again on Wednesday!"},
			st:     storm, wantErr: `the corpus already holds this story's text, in CORPUS/old.md (id old, "Old")`},
		{name: "a taken id", corpus: map[string]string{"a.txt": "id: s1\ntitle: A\n\nOther text."}, st: Story{ID: "s1", Title: "T", Text: "The text of a story."},
			wantErr: `story id "s1" is taken by CORPUS/a.txt: give this story another id`},
		{name: "a bad file in the corpus does not stop it", corpus: map[string]string{"bad.txt": "id: x\ntitel: y\n\nText."}, st: storm,
			wantFile: "storm-closes-eleven-schools.txt", wantID: "storm-closes-eleven-schools"},
		{name: "no text", st: Story{Title: "T", Text: " \n"}, wantErr: "a story needs a title and some text"},
		{name: "too long", st: Story{Title: "T", Text: strings.Repeat("word ", maxStoryBytes/5)}, wantErr: "the story is 4194316 bytes, over the 4194304 (4 MiB) a story file may hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "corpus")
			for name, data := range tt.corpus {
				write(t, filepath.Join(dir, name), data)
			}
			got, err := AddStory(dir, tt.st)
			names := func() []string {
				des, _ := os.ReadDir(dir)
				var out []string
				for _, de := range des {
					out = append(out, de.Name())
				}
				return out
			}
			if tt.wantErr != "" {
				want := strings.ReplaceAll(tt.wantErr, "CORPUS", dir)
				if err == nil || !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("error %v, want %q", err, want)
				}
				if n := len(names()); n != len(tt.corpus) {
					t.Errorf("files after a refusal: %v", names())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.File != filepath.Join(dir, tt.wantFile) || got.ID != tt.wantID {
				t.Errorf("added as %s, id %s; want %s, %s", got.File, got.ID, tt.wantFile, tt.wantID)
			}
			if n := len(names()); n != len(tt.corpus)+1 {
				t.Errorf("files: %v; want the corpus and the new one, no temporary file", names())
			}
			// It reads back as what was added.
			back, err := ParseStory(got.File, readFixture(t, got.File))
			if err != nil {
				t.Fatal(err)
			}
			if back != got {
				t.Errorf("read back as %+v\nwant %+v", back, got)
			}
			if fi, err := os.Stat(got.File); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, %v", fi.Mode(), err)
			}
		})
	}
}

func TestAddStoryDuplicateError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st := Story{Title: "T", Text: "The text of a story."}
	if _, err := AddStory(dir, st); err != nil {
		t.Fatal(err)
	}
	_, err := AddStory(dir, st)
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != "t" {
		t.Errorf("error %v, want a *DuplicateError naming story t", err)
	}
}
