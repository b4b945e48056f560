package store

import (
	"context"
	"testing"
	"time"
)

// TestQuestionLog: questions in, counted by day and answer; refused ones
// read back latest first; a question logged twice is kept once; the
// purge deletes what is older than the retention.
func TestQuestionLog(t *testing.T) {
	t.Parallel()
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openSQL(t, url(t))
			day := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
			qs := []Question{
				{ID: "a1", At: day, Team: "T1", Surface: "dm", Text: "who won?", User: "h1", Answered: true, Confidence: 0.9, Passages: []Passage{{Story: "s1", Paragraph: 2, Sentence: 1}}},
				{ID: "a2", At: day.Add(time.Hour), Team: "T1", Surface: "slash", Text: "when is the vote?", User: "h2", Confidence: 0.2},
				{ID: "a3", At: day.Add(24 * time.Hour), Team: "T1", Surface: "mention", Text: "what is the vote date?", User: "h1"},
				{ID: "a4", At: day, Team: "T2", Surface: "dm", Text: "other team", User: "h3"},
			}
			if err := s.LogQuestions(ctx, qs); err != nil {
				t.Fatal(err)
			}
			if err := s.LogQuestions(ctx, qs[:1]); err != nil {
				t.Fatalf("logging a question twice: %v", err)
			}
			days, err := s.DayCounts(ctx, "T1", day.Add(-48*time.Hour), day.Add(48*time.Hour))
			if err != nil || len(days) != 2 || days[0].Answered != 1 || days[0].Refused != 1 || days[1].Refused != 1 || !days[0].Day.Equal(day.Truncate(24*time.Hour)) {
				t.Fatalf("day counts = %+v, %v", days, err)
			}
			all, _ := s.DayCounts(ctx, "", day.Add(-48*time.Hour), day.Add(48*time.Hour))
			if all[0].Refused != 2 {
				t.Errorf("every team's day counts = %+v", all)
			}
			ref, err := s.Refused(ctx, "T1", day.Add(-time.Hour), day.Add(48*time.Hour), 10)
			if err != nil || len(ref) != 2 || ref[0].ID != "a3" || ref[1].Text != "when is the vote?" {
				t.Fatalf("refused = %+v, %v", ref, err)
			}
			cs, _ := s.Confidences(ctx, "T1", day.Add(-time.Hour), day.Add(time.Minute))
			if len(cs) != 1 || !cs[0].Answered || cs[0].Value != 0.9 {
				t.Errorf("confidences = %+v", cs)
			}
			if sf, err := s.Surfaces(ctx, "T1", day.Add(-time.Hour), day.Add(48*time.Hour)); err != nil || sf["dm"] != 1 || sf["slash"] != 1 || sf["mention"] != 1 {
				t.Errorf("surfaces = %v, %v", sf, err)
			}
			if teams, _ := s.Teams(ctx, day.Add(-time.Hour)); len(teams) != 2 {
				t.Errorf("teams = %v", teams)
			}
			n, err := s.Purge(ctx, day.Add(2*time.Hour))
			if left, _ := s.QuestionCount(ctx); err != nil || n != 3 || left != 1 {
				t.Errorf("purge deleted %d (%v), left %d; want 3 and 1", n, err, left)
			}
		})
	}
}

// TestVotesOncePerAnswer: a person's vote on an answer is one row however
// often it is clicked; a second vote replaces the first; another
// person's is its own.
func TestVotesOncePerAnswer(t *testing.T) {
	t.Parallel()
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openSQL(t, url(t))
			at := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
			v := Vote{Time: at, ID: "v1", Answer: "a1", Team: "T1", User: "h1", Question: "who?", Vote: VoteUp, Passages: []Passage{{Story: "s", Paragraph: 1, Sentence: 2, Text: "It was him."}}}
			for range 3 {
				if err := s.RecordVote(ctx, v); err != nil {
					t.Fatal(err)
				}
			}
			up, down, err := s.VoteCounts(ctx, "T1", at.Add(-time.Hour), at.Add(time.Hour))
			if err != nil || up != 1 || down != 0 {
				t.Fatalf("after three clicks: %d up, %d down (%v)", up, down, err)
			}
			v.Vote = VoteDown
			s.RecordVote(ctx, v)
			other := v
			other.User, other.ID = "h2", "v2"
			s.RecordVote(ctx, other)
			if up, down, _ = s.VoteCounts(ctx, "", at.Add(-time.Hour), at.Add(time.Hour)); up != 0 || down != 2 {
				t.Errorf("after a change and another voter: %d up, %d down", up, down)
			}
			dv, err := s.DownVoted(ctx, "T1", at.Add(-time.Hour), at.Add(time.Hour), 10)
			if err != nil || len(dv) != 2 || dv[0].Passages[0].Text != "It was him." {
				t.Errorf("down voted = %+v, %v", dv, err)
			}
			if err := s.RecordVote(ctx, Vote{Answer: "a1", Vote: "sideways"}); err == nil {
				t.Error("a vote with no user and no direction was kept")
			}
		})
	}
}

// TestImportVotesOnce: an old feedback log is imported by the first
// call only, and leaves votes already there as they are.
func TestImportVotesOnce(t *testing.T) {
	t.Parallel()
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := url(t)
			s, s2 := openSQL(t, u), openSQL(t, u)
			at := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
			old := []Vote{{Time: at, ID: "v1", Answer: "a1", User: "h1", Question: "q", Vote: VoteUp}, {Time: at, ID: "v2", Answer: "a2", User: "h1", Question: "q2", Vote: VoteDown}}
			done, err := s.ImportVotes(ctx, "feedback.jsonl", old, at)
			if err != nil || !done {
				t.Fatalf("first import: %v %v", done, err)
			}
			if done, err := s2.ImportVotes(ctx, "feedback.jsonl", old, at); err != nil || done {
				t.Errorf("second import, from another replica: %v %v", done, err)
			}
			if vs, _ := s.Votes(ctx); len(vs) != 2 || vs[0].Question != "q" {
				t.Errorf("votes = %+v", vs)
			}
		})
	}
}

// TestLeaseAndHandled: one holder of a lease until it expires; groups
// marked handled are read back with when.
func TestLeaseAndHandled(t *testing.T) {
	t.Parallel()
	for name, url := range sqlURLs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			u := url(t)
			a, b := openSQL(t, u), openSQL(t, u)
			now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
			if ok, err := a.TakeLease(ctx, "digest:T1", "a", now, now.Add(time.Hour)); !ok || err != nil {
				t.Fatalf("a: %v %v", ok, err)
			}
			if ok, _ := b.TakeLease(ctx, "digest:T1", "b", now, now.Add(time.Hour)); ok {
				t.Error("b took a lease a holds")
			}
			if ok, _ := a.TakeLease(ctx, "digest:T1", "a", now, now.Add(2*time.Hour)); !ok {
				t.Error("a could not renew its own lease")
			}
			if ok, _ := b.TakeLease(ctx, "digest:T1", "b", now.Add(3*time.Hour), now.Add(4*time.Hour)); !ok {
				t.Error("b could not take an expired lease")
			}
			if err := a.HandleGroup(ctx, "T1", "vote date", now); err != nil {
				t.Fatal(err)
			}
			a.HandleGroup(ctx, "T1", "vote date", now.Add(time.Minute))
			if h, err := b.Handled(ctx, "T1"); err != nil || len(h) != 1 || !h["vote date"].Equal(now.Add(time.Minute)) {
				t.Errorf("handled = %v, %v", h, err)
			}
		})
	}
}
