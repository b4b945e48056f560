package index

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "One thing. Another thing.", []string{"One thing.", "Another thing."}},
		{"closing quote stays", `"We will win," she said. "It is over."`, []string{`"We will win," she said.`, `"It is over."`}},
		{"quote ends sentence", `He said "no." Then he left.`, []string{`He said "no."`, `Then he left.`}},
		{"curly quotes", "“We will win.” She left.", []string{"“We will win.”", "She left."}},
		{"question in quote continues", `"Why?" he asked. "Because."`, []string{`"Why?" he asked.`, `"Because."`}},
		{"title", "Sen. Smith spoke. Dr. Jones replied.", []string{"Sen. Smith spoke.", "Dr. Jones replied."}},
		{"month", "It happened on Jan. 20 in Ohio. Nobody came.", []string{"It happened on Jan. 20 in Ohio.", "Nobody came."}},
		{"initials", "J. Smith and Harry S. Truman met. They talked.", []string{"J. Smith and Harry S. Truman met.", "They talked."}},
		{"U.S. inside", "The U.S. Senate voted. It passed.", []string{"The U.S. Senate voted.", "It passed."}},
		{"U.S. at end", "He moved to the U.S. The next day he left.", []string{"He moved to the U.S.", "The next day he left."}},
		{"decimal", "Growth was 3.5 percent. Prices rose 1.2%.", []string{"Growth was 3.5 percent.", "Prices rose 1.2%."}},
		{"number start", "It fell. 30 states agreed.", []string{"It fell.", "30 states agreed."}},
		{"ellipsis", "Wait... What now?", []string{"Wait...", "What now?"}},
		{"exclamation", "Stop! Now go.", []string{"Stop!", "Now go."}},
		{"lower-case continues", "It cost $5 vs. $6 last year. Fine.", []string{"It cost $5 vs. $6 last year.", "Fine."}},
		{"parenthesis", "He won (barely.) Then he left.", []string{"He won (barely.)", "Then he left."}},
		{"no terminator", "A headline without a stop", []string{"A headline without a stop"}},
		{"blank", "   \n\n  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(tt.text) {
				got = append(got, s.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitNumbering(t *testing.T) {
	t.Parallel()
	text := "First one. Second one.\n\nThird, in a new paragraph.\r\n  \r\nFourth. Fifth.\nStill fifth's paragraph."
	type pos struct{ p, n int }
	var got []pos
	for _, s := range Split(text) {
		got = append(got, pos{s.Paragraph, s.Number})
		if text[s.Start:s.End] != s.Text {
			t.Errorf("offsets [%d,%d) point at %q, not %q", s.Start, s.End, text[s.Start:s.End], s.Text)
		}
	}
	want := []pos{{1, 1}, {1, 2}, {2, 1}, {3, 1}, {3, 2}, {3, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("numbering %v, want %v", got, want)
	}
}

// TestSplitCapsLength: a run longer than maxSentence without a sentence
// end (issue 9: a 9.4 MB one-line story made one passage that cost 0.5 s a
// question) is cut into pieces of at most maxSentence bytes, at spaces
// where it has them, never inside a character, losing nothing.
func TestSplitCapsLength(t *testing.T) {
	t.Parallel()
	words := strings.Repeat("budget vote ", 2000)
	tests := []struct {
		name   string
		text   string
		pieces int // sentences expected
		tail   string
	}{
		// 24,000 bytes in pieces of 444 to 450, each ending at a space.
		{name: "a long run of words", text: words, pieces: 54},
		{name: "no spaces at all", text: strings.Repeat("x", 3*maxSentence+1), pieces: 4},
		{name: "letters of two bytes, no spaces", text: strings.Repeat("é", 2*maxSentence), pieces: 4},
		{name: "letters of three bytes", text: strings.Repeat("語", maxSentence), pieces: 3},
		{name: "then a normal sentence", text: words + "end. The vote passed.", pieces: 55, tail: "The vote passed."},
		{name: "exactly the bound", text: strings.Repeat("y", maxSentence), pieces: 1},
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text)
			var all strings.Builder
			for i, s := range got {
				if len(s.Text) > maxSentence || !utf8.ValidString(s.Text) || tt.text[s.Start:s.End] != s.Text {
					t.Fatalf("piece %d: %d bytes, valid %v, offsets [%d,%d)", i, len(s.Text), utf8.ValidString(s.Text), s.Start, s.End)
				}
				if s.Number != i+1 {
					t.Errorf("piece %d numbered %d", i, s.Number)
				}
				wantCut := i < len(got)-1
				if tt.tail != "" {
					wantCut = i < len(got)-2 // the run ends at "end."
				}
				if s.Cut != wantCut {
					t.Errorf("piece %d: Cut %v", i, s.Cut)
				}
				all.WriteString(s.Text)
			}
			if squeeze(all.String()) != squeeze(tt.text) {
				t.Error("the pieces do not add up to the text")
			}
			if len(got) != tt.pieces {
				t.Errorf("%d pieces, want %d", len(got), tt.pieces)
			}
			if tt.tail != "" && (got[len(got)-1].Text != tt.tail || got[len(got)-1].Cut) {
				t.Errorf("last sentence %+v, want %q not cut", got[len(got)-1], tt.tail)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"One. Two.", `"Hi," he said. "Bye."`, "U.S. Sen. J. Smith.\n\nNext.", "3.5. 4!? \"\"", "…“”‘’", "\xff\xfe. A",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prevEnd, prevPara := 0, 0
		for _, s := range Split(text) {
			if s.Start < prevEnd || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("bad offsets [%d,%d) after %d in %q", s.Start, s.End, prevEnd, text)
			}
			if text[s.Start:s.End] != s.Text {
				t.Fatalf("offsets [%d,%d) point at %q, not %q", s.Start, s.End, text[s.Start:s.End], s.Text)
			}
			if len(s.Text) > maxSentence {
				t.Fatalf("sentence of %d bytes", len(s.Text))
			}
			if strings.TrimSpace(s.Text) != s.Text || s.Text == "" {
				t.Fatalf("sentence %q is not trimmed", s.Text)
			}
			if s.Paragraph < prevPara || s.Paragraph < 1 || s.Number < 1 {
				t.Fatalf("bad numbering %d.%d after paragraph %d", s.Paragraph, s.Number, prevPara)
			}
			if utf8.ValidString(text) && !utf8.ValidString(s.Text) {
				t.Fatalf("sentence %q cuts a character", s.Text)
			}
			prevEnd, prevPara = s.End, s.Paragraph
		}
	})
}
