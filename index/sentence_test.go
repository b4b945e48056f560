package index

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
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
