package index

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestParseStory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		data    string
		want    Story
		wantErr string // a substring of the error; "" for none
	}{
		{
			name: "full header",
			data: "id: s1\ntitle: A title\nurl: https://example.com/a\npublished: 2017-07-26\noutlet: Example News\n\nBody one.\n\nBody two.\n",
			want: Story{ID: "s1", Title: "A title", URL: "https://example.com/a", Published: "2017-07-26", Outlet: "Example News", Text: "Body one.\n\nBody two.", File: "f.txt"},
		},
		{
			name: "crlf and bom",
			data: "\ufeffID: s1\r\nTitle: T\r\n\r\nBody.\r\n",
			want: Story{ID: "s1", Title: "T", Text: "Body.", File: "f.txt"},
		},
		{
			name: "no header: a headline, then the text",
			data: "Storm closes schools\n\nA storm closed eleven schools.\n\nMore.\n",
			want: Story{ID: "f", Title: "Storm closes schools", Text: "A storm closed eleven schools.\n\nMore.", File: "f.txt"},
		},
		{
			name: "no header, no headline: the opening words",
			data: "Just a story. With text.",
			want: Story{ID: "f", Title: "Just a story.", Text: "Just a story. With text.", File: "f.txt"},
		},
		{
			name: "a first line with a colon is no header",
			data: "Update: the court ruled on Monday.\n\nMore.",
			want: Story{ID: "f", Title: "Update: the court ruled on Monday.", Text: "Update: the court ruled on Monday.\n\nMore.", File: "f.txt"},
		},
		{
			name: "header without title: the headline",
			data: "id: s1\n\nStorm closes schools\n\nA storm closed eleven schools.",
			want: Story{ID: "s1", Title: "Storm closes schools", Text: "A storm closed eleven schools.", File: "f.txt"},
		},
		{
			name: "header without id: the file name",
			data: "title: T\n\nBody.",
			want: Story{ID: "f", Title: "T", Text: "Body.", File: "f.txt"},
		},
		{name: "unknown key", data: "id: s1\ntitel: T\n\nBody.", wantErr: `f.txt:2: unknown header key "titel"`},
		{name: "misspelt first key", data: "titel: T\nid: s1\n\nBody.", wantErr: `f.txt:1: unknown header key "titel"`},
		{name: "empty text", data: "id: s1\ntitle: T\n\n \n\n", wantErr: "f.txt:3: story has no text"},
		{name: "header only", data: "id: s1\ntitle: T", wantErr: "no text"},
		{name: "bad utf8", data: "id: s1\ntitle: T\n\nBad \xff byte.", wantErr: "f.txt:4: not UTF-8 (byte 0xff)"},
		{name: "space in id", data: "id: s 1\ntitle: T\n\nBody.", wantErr: "must not contain spaces"},
		{name: "empty file", data: "", wantErr: "f.txt: no story text"},
		{name: "blank file", data: "\n \n\t\n", wantErr: "f.txt: no story text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStory("f.txt", []byte(tt.data))
			if wantedErr(t, err, tt.wantErr) {
				return
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	t.Parallel()
	good := "id: %s\ntitle: T\n\nBody."
	fsys := fstest.MapFS{
		"corpus/b.txt":       {Data: []byte(strings.ReplaceAll(good, "%s", "b"))},
		"corpus/a.txt":       {Data: []byte(strings.ReplaceAll(good, "%s", "a"))},
		"corpus/c.md":        {Data: []byte("---\ntitle: C\n---\n\nBody of *c*.\n")},
		"corpus/d.htm":       {Data: []byte("<title>D</title><article><p>" + strings.Repeat("Body of d. ", 60) + "</p></article>")},
		"corpus/e.html":      {Data: []byte("<title>E</title><article><p>" + strings.Repeat("Body of e. ", 60) + "</p></article>")}, // read beside d.htm
		"corpus/README.md":   {Data: []byte("# About this folder\n\nNot a story.")},
		"corpus/notes.doc":   {Data: []byte("not a story file")},
		"corpus/.hidden.txt": {Data: []byte("ignored")},
		"corpus/pipe.txt":    {Mode: fs.ModeNamedPipe},
	}
	stories, skipped, err := LoadDir(fsys, "corpus")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Skipped{{"corpus/pipe.txt", "a named pipe (FIFO), not a regular file"}}; !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped %+v, want %+v", skipped, want)
	}
	var ids []string
	for _, st := range stories {
		ids = append(ids, st.ID)
	}
	if got := strings.Join(ids, " "); got != "a b c d e" {
		t.Fatalf("got stories %q, want a b c d e in file order", got)
	}

	// One bad file of many is skipped with its reason; the others load.
	bad := fstest.MapFS{
		"c/1.txt": {Data: []byte(strings.ReplaceAll(good, "%s", "same"))},
		"c/2.txt": {Data: []byte(strings.ReplaceAll(good, "%s", "same"))},
		"c/3.txt": {Data: []byte("id: x\ntitel: T\n\nBody.")},
		"c/4.txt": {Data: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3")},
	}
	stories, skipped, err = LoadDir(bad, "c")
	if err != nil || len(stories) != 1 || stories[0].File != "c/1.txt" {
		t.Fatalf("stories %+v, error %v; want c/1.txt alone", stories, err)
	}
	want := []Skipped{
		{"c/2.txt", `duplicate story id "same" (also in c/1.txt)`},
		{"c/3.txt", `line 2: unknown header key "titel" (want id, title, url, published or outlet)`},
		{"c/4.txt", "a PDF document: save its text as a .txt file"},
	}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped %+v\nwant %+v", skipped, want)
	}

	// No story at all: an error, saying why.
	delete(bad, "c/1.txt")
	delete(bad, "c/2.txt")
	if _, _, err := LoadDir(bad, "c"); err == nil || !strings.Contains(err.Error(), `no story in corpus c loads: c/3.txt: line 2: unknown header key "titel"`) {
		t.Errorf("no good story: error %v", err)
	}
	if _, _, err := LoadDir(fstest.MapFS{"e/x.doc": {}}, "e"); err == nil || !strings.Contains(err.Error(), "holds no stories (.txt, .md") {
		t.Errorf("empty corpus: error %v", err)
	}
	if _, _, err := LoadDir(fstest.MapFS{}, "missing"); err == nil {
		t.Error("missing folder: no error")
	}
}

func FuzzParseStory(f *testing.F) {
	f.Add([]byte("id: s1\ntitle: T\n\nBody. More."))
	f.Add([]byte("id: s1\r\ntitle: T\r\n\r\n\xff"))
	f.Add([]byte("title:\n:\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, "f.txt", data)
	})
}

// checkParsed parses data as file and checks what every parser promises:
// an error that is a *StoryError naming the file, or a story with an id
// without spaces, a title on one line and some text.
func checkParsed(t *testing.T, file string, data []byte) Story {
	t.Helper()
	st, err := ParseStory(file, data)
	if err != nil {
		var se *StoryError
		if !errors.As(err, &se) || se.File != file || !strings.HasPrefix(err.Error(), file+":") {
			t.Fatalf("error %q (%T) does not name the file", err, err)
		}
		return st
	}
	if st.ID == "" || strings.ContainsAny(st.ID, " \t\n") || st.Title == "" || strings.ContainsAny(st.Title, "\n") ||
		strings.TrimSpace(st.Text) == "" || !utf8.ValidString(st.Text) || !utf8.ValidString(st.Title) {
		t.Fatalf("accepted a story without id, title or text: %+v", st)
	}
	return st
}

// wantedErr says whether a test case wanted an error, and fails it when
// err is not the one wanted (one containing want), or an unwanted one.
func wantedErr(t *testing.T, err error, want string) bool {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		return false
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one containing %q", err, want)
	}
	return true
}

// write writes a file of a test, with its folders.
func write(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
