package index

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseStory(t *testing.T) {
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
		{name: "missing title", data: "id: s1\n\nBody.", wantErr: `f.txt:1: missing "title:"`},
		{name: "missing id", data: "title: T\n\nBody.", wantErr: `f.txt:1: missing "id:"`},
		{name: "no header", data: "Just a story. With text.", wantErr: "f.txt:1: want a header line"},
		{name: "unknown key", data: "id: s1\ntitel: T\n\nBody.", wantErr: `f.txt:2: unknown header key "titel"`},
		{name: "empty text", data: "id: s1\ntitle: T\n\n \n\n", wantErr: "f.txt:3: story has no text"},
		{name: "header only", data: "id: s1\ntitle: T", wantErr: "no text"},
		{name: "bad utf8", data: "id: s1\ntitle: T\n\nBad \xff byte.", wantErr: "f.txt:4: not valid UTF-8"},
		{name: "space in id", data: "id: s 1\ntitle: T\n\nBody.", wantErr: "must not contain spaces"},
		{name: "empty file", data: "", wantErr: "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStory("f.txt", []byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	good := "id: %s\ntitle: T\n\nBody."
	fsys := fstest.MapFS{
		"corpus/b.txt":       {Data: []byte(strings.ReplaceAll(good, "%s", "b"))},
		"corpus/a.txt":       {Data: []byte(strings.ReplaceAll(good, "%s", "a"))},
		"corpus/README.md":   {Data: []byte("not a story")},
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
	if len(stories) != 2 || stories[0].ID != "a" || stories[1].ID != "b" {
		t.Fatalf("got %+v, want stories a and b in file order", stories)
	}

	bad := fstest.MapFS{
		"c/1.txt": {Data: []byte(strings.ReplaceAll(good, "%s", "same"))},
		"c/2.txt": {Data: []byte(strings.ReplaceAll(good, "%s", "same"))},
		"c/3.txt": {Data: []byte("id: x\n\nBody.")},
	}
	_, _, err = LoadDir(bad, "c")
	for _, want := range []string{`c/2.txt: duplicate story id "same" (also in c/1.txt)`, `c/3.txt:1: missing "title:"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to contain %q", err, want)
		}
	}

	if _, _, err := LoadDir(fstest.MapFS{"e/x.md": {}}, "e"); err == nil || !strings.Contains(err.Error(), "holds no stories") {
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
		st, err := ParseStory("f.txt", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if st.ID == "" || st.Title == "" || strings.TrimSpace(st.Text) == "" {
			t.Fatalf("accepted a story without id, title or text: %+v", st)
		}
	})
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
