package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// riverton is the saved news page of testdata/formats, with its cookie
// banner, navigation, advertisements, "most read" list and footer.
const riverton = "testdata/formats/Riverton council approves bridge repair _ The Prairie Ledger.html"

// readFixture reads a file of testdata.
func readFixture(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFormatsOneStory: the same story as a headerless text file, as
// Markdown with front matter and as a saved web page reads into the same
// paragraphs, whatever each format dresses them in.
func TestFormatsOneStory(t *testing.T) {
	t.Parallel()
	var texts []string
	for _, file := range []string{"testdata/formats/riverton-bridge.txt", "testdata/formats/riverton-bridge.md", riverton} {
		st, err := ParseStory(file, readFixture(t, file))
		if err != nil {
			t.Fatal(err)
		}
		if want := "Riverton council approves $4.2 million bridge repair after months of debate"; st.Title != want {
			t.Errorf("%s: title %q, want %q", file, st.Title, want)
		}
		paras := strings.Split(st.Text, "\n\n")
		if len(paras) != 12 || !strings.HasPrefix(paras[0], "The Third Street bridge") || !strings.HasPrefix(paras[11], "The bridge repair will be") {
			t.Errorf("%s: %d paragraphs from %.30q to %.30q, want the story's 12", file, len(paras), paras[0], paras[len(paras)-1])
		}
		texts = append(texts, st.Text)
	}
	for i, text := range texts[1:] {
		if text != texts[0] {
			t.Errorf("format %d reads otherwise than the text file:\n%s\n---- want\n%s", i+2, text, texts[0])
		}
	}
}

// TestSeedStory: the story the project started from, a text file with no
// header, loads as it is.
func TestSeedStory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "shared", "seed")
	if _, err := os.Stat(filepath.Join(dir, "000_88049dc20f240b8c.txt")); err != nil {
		t.Skipf("no seed story beside the project (%v): nothing to check", err)
	}
	stories, skipped, err := LoadDir(os.DirFS(dir), ".")
	if err != nil || len(skipped) != 0 {
		t.Fatalf("error %v, skipped %v", err, skipped)
	}
	var seed Story
	for _, st := range stories {
		if st.ID == "000_88049dc20f240b8c" {
			seed = st
		}
	}
	if !strings.HasPrefix(seed.Text, "Kris Kobach, vice chairman") {
		t.Fatalf("seed story not loaded as 000_88049dc20f240b8c: %+v", stories)
	}
	// Its first line is a sentence, not a headline, and its file name is
	// an id: the title is its opening words.
	if want := "Kris Kobach, vice chairman of President Trump's voter fraud commission, has renewed his requests to…"; seed.Title != want {
		t.Errorf("title %q, want %q", seed.Title, want)
	}
	// And it is the story of the corpus, header aside.
	corpus, err := ParseStory("000_88049dc20f240b8c.txt", readFixture(t, "../corpus/000_88049dc20f240b8c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(corpus.Text) != strings.TrimSpace(seed.Text) {
		t.Error("the seed's text differs from the corpus story's")
	}
}

func TestIsStoryFile(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"a.txt": true, "a.md": true, "a.markdown": true, "a.html": true, "a.htm": true, "Page.HTML": true,
		"a.txt~": false, ".a.txt": false, "#a.txt#": false, "a.doc": false, "a.pdf": false, "a": false,
		"README.md": false, "readme.txt": false, "notes.md.swp": false,
	} {
		if got := IsStoryFile(name); got != want {
			t.Errorf("IsStoryFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestParseInput: a story given to `storybot add` takes its format from
// its name, or from its content when the name does not say (standard
// input), and has an id only when it names one.
func TestParseInput(t *testing.T) {
	t.Parallel()
	page := string(readFixture(t, riverton))
	tests := []struct {
		name, data string
		title, id  string
		wantErr    string
	}{
		{name: "-", data: page, title: "Riverton council approves $4.2 million bridge repair after months of debate"},
		{name: "-", data: "---\ntitle: Front\n---\nText *here*.", title: "Front"},
		{name: "-", data: "# Heading\n\nText *here*.", title: "Heading"},
		{name: "-", data: "id: s9\ntitle: Header\n\nText.", title: "Header", id: "s9"},
		{name: "-", data: "Headline here\n\nText.", title: "Headline here"},
		{name: "-", data: "Text with no headline. More.", title: "Text with no headline."},
		{name: "-", data: "\x00\x01binary", wantErr: "standard input: binary data"},
		{name: "page", data: page, title: "Riverton council approves $4.2 million bridge repair after months of debate"},
		{name: "notes/kobach-voter-data.txt", data: "Text with no headline. More.", title: "Kobach voter data"},
		{name: "x.md", data: "Plain *text*.", title: "Plain text."},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+clip(tt.data), func(t *testing.T) {
			st, err := ParseInput(tt.name, []byte(tt.data))
			if wantedErr(t, err, tt.wantErr) {
				return
			}
			if st.Title != tt.title || st.ID != tt.id {
				t.Errorf("title %q, id %q; want %q, %q", st.Title, st.ID, tt.title, tt.id)
			}
		})
	}
}
