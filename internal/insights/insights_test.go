package insights

import (
	"context"
	"strings"
	"testing"
	"time"

	"storybot/bot/store"
)

// TestWordsGroups: questions that ask the same thing in other words meet
// in one group; others do not; the most asked group is named by its
// most asked form.
func TestWordsGroups(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	var qs []store.Question
	for i, text := range []string{
		"When is the council vote?", "when is the council voting", "When's the council vote", "council vote date?",
		"Who is the mayor's husband?", "Who is the mayors husband",
		"What about the schools?",
	} {
		qs = append(qs, store.Question{ID: string(rune('a' + i)), At: at.Add(time.Duration(-i) * time.Minute), Text: text})
	}
	groups := openGroups(Words{}.Group(qs), nil)
	if len(groups) != 3 {
		for _, g := range groups {
			t.Logf("%q: %d %q", g.Key, g.Count, g.Examples)
		}
		t.Fatalf("%d groups, want 3", len(groups))
	}
	if g := groups[0]; g.Count != 4 || g.Key != "council vot" || len(g.Examples) != 2 || g.Examples[0] != "When is the council vote?" {
		t.Errorf("first group: %q %d %q", g.Key, g.Count, g.Examples)
	}
	if g := groups[1]; g.Count != 2 || !strings.Contains(g.Examples[0], "husband") {
		t.Errorf("second group: %q %d %q", g.Key, g.Count, g.Examples)
	}
}

func TestContentWords(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"What did Alex Padilla say?":          "alex padilla",
		"How many states refused the request": "refus request stat",
		"what?":                               "",
	} {
		if got := strings.Join(ContentWords(text), " "); got != want {
			t.Errorf("ContentWords(%q) = %q, want %q", text, got, want)
		}
	}
}

// fakeSource is a question log in memory.
type fakeSource struct {
	days    []store.DayCount
	up, dn  int
	refused []store.Question
	down    []store.Vote
	handled map[string]time.Time
}

func (f *fakeSource) DayCounts(context.Context, string, time.Time, time.Time) ([]store.DayCount, error) {
	return f.days, nil
}
func (f *fakeSource) VoteCounts(context.Context, string, time.Time, time.Time) (int, int, error) {
	return f.up, f.dn, nil
}
func (f *fakeSource) Refused(context.Context, string, time.Time, time.Time, int) ([]store.Question, error) {
	return f.refused, nil
}
func (f *fakeSource) DownVoted(context.Context, string, time.Time, time.Time, int) ([]store.Vote, error) {
	return f.down, nil
}
func (f *fakeSource) Handled(context.Context, string) (map[string]time.Time, error) {
	return f.handled, nil
}

// TestBuild: the week's totals from its days only, the four weeks of
// the trend, and a group marked handled hidden until asked again.
func TestBuild(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)
	day := func(ago int) time.Time { return now.Truncate(24*time.Hour).AddDate(0, 0, -ago) }
	src := &fakeSource{
		days: []store.DayCount{{Day: day(20), Answered: 9, Refused: 1}, {Day: day(10), Answered: 5}, {Day: day(3), Answered: 3, Refused: 2}, {Day: day(0), Answered: 1, Refused: 1}},
		up:   2, dn: 1,
		refused: []store.Question{
			{At: now.Add(-time.Hour), Text: "when is the vote?"},
			{At: now.Add(-48 * time.Hour), Text: "when is the vote"},
			{At: now.Add(-50 * time.Hour), Text: "who is the mayor's husband?"},
		},
		handled: map[string]time.Time{"vot": now.Add(-2 * time.Hour), "husband mayor": now.Add(-time.Minute)},
	}
	f, err := Build(context.Background(), src, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if f.Answered != 4 || f.Refused != 3 || f.Up != 2 || f.Down != 1 || len(f.Days) != 8 {
		t.Errorf("totals: %d answered, %d refused, %d/%d votes, %d days", f.Answered, f.Refused, f.Up, f.Down, len(f.Days))
	}
	if w := f.Weeks; len(w) != 4 || w[0].Answered != 0 || w[1].Answered != 9 || w[2].Answered != 5 || w[3].Answered != 4 || w[3].Refused != 3 {
		t.Errorf("weeks: %+v", w)
	}
	if len(f.Groups) != 1 || f.Groups[0].Count != 1 || f.Groups[0].Examples[0] != "when is the vote?" {
		t.Errorf("groups after handling: %+v", f.Groups)
	}
}
