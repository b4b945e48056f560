package insights

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes f as the terminal shows it: the totals, the trend,
// each day, the refused questions grouped and the answers voted down.
func WriteText(w io.Writer, f Figures) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Questions from %s to %s\n", f.Since.UTC().Format("2006-01-02 15:04"), f.Until.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "  answered %d, refused %d (%.0f%% answered)\n", f.Answered, f.Refused, 100*f.Rate())
	fmt.Fprintf(&b, "  votes: %d 👍, %d 👎\n", f.Up, f.Down)
	b.WriteString("\nFour weeks (week from, answered, refused):\n")
	for _, wk := range f.Weeks {
		fmt.Fprintf(&b, "  %s  %5d  %5d\n", wk.Day.Format("2006-01-02"), wk.Answered, wk.Refused)
	}
	b.WriteString("\nBy day (answered, refused, answer rate):\n")
	for _, d := range f.Days {
		fmt.Fprintf(&b, "  %s  %5d  %5d  %3.0f%%\n", d.Day.Format("2006-01-02"), d.Answered, d.Refused, 100*rate(d.Answered, d.Refused))
	}
	fmt.Fprintf(&b, "\nRefused, grouped (%d groups):\n", len(f.Groups))
	for _, g := range f.Groups {
		fmt.Fprintf(&b, "  %4d× %s\n", g.Count, strings.Join(quoted(g.Examples), " / "))
	}
	fmt.Fprintf(&b, "\nVoted down (%d):\n", len(f.DownVoted))
	for _, v := range f.DownVoted {
		where := ""
		if len(v.Passages) > 0 {
			p := v.Passages[0]
			where = fmt.Sprintf(" → %s ¶%d s%d", p.Story, p.Paragraph, p.Sentence)
		}
		fmt.Fprintf(&b, "  %q%s\n", oneLine(v.Question), where)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", oneLine(s))
	}
	return out
}

// oneLine is s on one line, at most 200 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}
