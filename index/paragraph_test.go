package index

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestParagraph checks Paragraph against the stories themselves: every
// paragraph of the test corpus comes back as Split cuts it, sentence by
// sentence, though the engine keeps only the passages as shown (some with
// the sentence before, some with a quotation mark added).
func TestParagraph(t *testing.T) {
	e := engine(t)
	stories, _, err := LoadDir(os.DirFS("testdata"), "corpus")
	if err != nil {
		t.Fatal(err)
	}
	paragraphs, combined := 0, 0
	for _, st := range stories {
		byPara := map[int][]string{}
		for _, s := range Split(st.Text) {
			byPara[s.Paragraph] = append(byPara[s.Paragraph], s.Text)
		}
		for p, want := range byPara {
			got, err := e.Paragraph(st.ID, p)
			if err != nil {
				t.Fatalf("%s paragraph %d: %v", st.ID, p, err)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s paragraph %d:\n got %q\nwant %q", st.ID, p, got, want)
			}
			paragraphs++
		}
	}
	// The test proves something only if some passages were shown with the
	// sentence before, or balanced.
	for i := range e.recs {
		if i > 0 && e.recs[i].story == e.recs[i-1].story && strings.HasPrefix(e.recs[i].show, e.recs[i-1].show[:min(20, len(e.recs[i-1].show))]) {
			combined++
		}
	}
	if paragraphs < 15 || combined == 0 {
		t.Errorf("%d paragraphs, %d passages shown with the one before: the corpus does not test Paragraph", paragraphs, combined)
	}
}

func TestParagraphNotFound(t *testing.T) {
	e := engine(t)
	id := e.Stories()[0].ID
	for _, tt := range []struct {
		story string
		para  int
	}{{"no-such-story", 1}, {id, 0}, {id, 10000}, {id, -1}} {
		if _, err := e.Paragraph(tt.story, tt.para); !errors.Is(err, ErrNoParagraph) {
			t.Errorf("Paragraph(%q, %d) = %v, want ErrNoParagraph", tt.story, tt.para, err)
		}
	}
}

func TestParaSentences(t *testing.T) {
	tests := []struct {
		name  string
		shows []string
		want  []string
	}{
		{"plain", []string{"One.", "Two."}, []string{"One.", "Two."}},
		{"leans on the one before", []string{"Kobach wrote.", "Kobach wrote. He said no."}, []string{"Kobach wrote.", "He said no."}},
		{"a quotation over two sentences", []string{`"We will not.…"`, `"We will not. Never," he said.`}, []string{`"We will not.`, `Never," he said.`}},
		{"a sentence that ends in …\" itself", []string{`He said "wait…"`, `Then he left.`}, []string{`He said "wait…"`, `Then he left.`}},
		{"a passage none gives back is kept", []string{"One.", "Two. Three."}, []string{"One.", "Two. Three."}},
	}
	for _, tt := range tests {
		if got := paraSentences(tt.shows); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: paraSentences(%q) = %q, want %q", tt.name, tt.shows, got, tt.want)
		}
	}
}
