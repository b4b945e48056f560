package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// What the editors' views read from the question log. Each takes a team
// ("" for every team) and a time range [since, until).

// DayCount is how many questions of one day (UTC) were answered and
// refused.
type DayCount struct {
	Day      time.Time
	Answered int
	Refused  int
}

const dayMillis = 24 * 60 * 60 * 1000

// teamRange is the WHERE clause of a team and a time range on column at,
// and its arguments.
func teamRange(at, team string, since, until time.Time) (string, []any) {
	where := at + ` >= ? AND ` + at + ` < ?`
	args := []any{since.UnixMilli(), until.UnixMilli()}
	if team != "" {
		where = `team = ? AND ` + where
		args = append([]any{team}, args...)
	}
	return where, args
}

// DayCounts are the questions answered and refused each day, in order of
// day; days with none are left out.
func (s *SQL) DayCounts(ctx context.Context, team string, since, until time.Time) ([]DayCount, error) {
	where, args := teamRange("asked_at", team, since, until)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT asked_at / `+fmt.Sprint(dayMillis)+` AS day, answered, COUNT(*)
		FROM questions WHERE `+where+` GROUP BY day, answered ORDER BY day`), args...)
	if err != nil {
		return nil, fmt.Errorf("count questions: %w", err)
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var day int64
		var answered bool
		var n int
		if err := rows.Scan(&day, &answered, &n); err != nil {
			return nil, fmt.Errorf("count questions: %w", err)
		}
		at := time.UnixMilli(day * dayMillis).UTC()
		if len(out) == 0 || !out[len(out)-1].Day.Equal(at) {
			out = append(out, DayCount{Day: at})
		}
		if answered {
			out[len(out)-1].Answered += n
		} else {
			out[len(out)-1].Refused += n
		}
	}
	return out, rows.Err()
}

// VoteCounts are the 👍 and 👎 given in the range.
func (s *SQL) VoteCounts(ctx context.Context, team string, since, until time.Time) (up, down int, err error) {
	where, args := teamRange("voted_at", team, since, until)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT vote, COUNT(*) FROM votes WHERE `+where+` GROUP BY vote`), args...)
	if err != nil {
		return 0, 0, fmt.Errorf("count votes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return 0, 0, fmt.Errorf("count votes: %w", err)
		}
		if v == VoteUp {
			up = n
		} else {
			down = n
		}
	}
	return up, down, rows.Err()
}

// Refused are the questions refused in the range, the latest first, at
// most limit: their id, time and text.
func (s *SQL) Refused(ctx context.Context, team string, since, until time.Time, limit int) ([]Question, error) {
	where, args := teamRange("asked_at", team, since, until)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT id, asked_at, question FROM questions
		WHERE `+where+` AND answered = FALSE ORDER BY asked_at DESC LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("read refused questions: %w", err)
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		var q Question
		var at int64
		if err := rows.Scan(&q.ID, &at, &q.Text); err != nil {
			return nil, fmt.Errorf("read refused questions: %w", err)
		}
		q.At = time.UnixMilli(at)
		out = append(out, q)
	}
	return out, rows.Err()
}

// Confidence is the engine's confidence in one answer, or refusal.
type Confidence struct {
	Answered bool
	Value    float64
}

// Confidences are the confidences of the questions in the range.
func (s *SQL) Confidences(ctx context.Context, team string, since, until time.Time) ([]Confidence, error) {
	where, args := teamRange("asked_at", team, since, until)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT answered, confidence FROM questions WHERE `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("read confidences: %w", err)
	}
	defer rows.Close()
	var out []Confidence
	for rows.Next() {
		var c Confidence
		if err := rows.Scan(&c.Answered, &c.Value); err != nil {
			return nil, fmt.Errorf("read confidences: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DownVoted are the 👎 votes of the range, the latest first, at most
// limit.
func (s *SQL) DownVoted(ctx context.Context, team string, since, until time.Time, limit int) ([]Vote, error) {
	where, args := teamRange("voted_at", team, since, until)
	return s.votes(ctx, `WHERE `+where+` AND vote = 'down' ORDER BY voted_at DESC LIMIT ?`, append(args, limit)...)
}

// Votes are every vote kept, in the order they were given.
func (s *SQL) Votes(ctx context.Context) ([]Vote, error) {
	return s.votes(ctx, `ORDER BY voted_at, answer_id, user_hash`)
}

func (s *SQL) votes(ctx context.Context, rest string, args ...any) ([]Vote, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT answer_id, user_hash, vote_id, team, voted_at, vote, question, asked, passages
		FROM votes `+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("read votes: %w", err)
	}
	defer rows.Close()
	var out []Vote
	for rows.Next() {
		var v Vote
		var at int64
		var ps string
		if err := rows.Scan(&v.Answer, &v.User, &v.ID, &v.Team, &at, &v.Vote, &v.Question, &v.Asked, &ps); err != nil {
			return nil, fmt.Errorf("read votes: %w", err)
		}
		v.Time, v.Passages = time.UnixMilli(at).UTC(), readPassages(ps)
		out = append(out, v)
	}
	return out, rows.Err()
}

// Handled are the groups of team marked handled, and when.
func (s *SQL) Handled(ctx context.Context, team string) (map[string]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT group_key, handled_at FROM handled_groups WHERE team = ?`), team)
	if err != nil {
		return nil, fmt.Errorf("read handled groups: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var k string
		var at int64
		if err := rows.Scan(&k, &at); err != nil {
			return nil, fmt.Errorf("read handled groups: %w", err)
		}
		out[k] = time.UnixMilli(at)
	}
	return out, rows.Err()
}

// Teams are the workspaces with questions in the log since since.
func (s *SQL) Teams(ctx context.Context, since time.Time) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT DISTINCT team FROM questions WHERE asked_at >= ? AND team <> '' ORDER BY team`), since.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("read teams: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("read teams: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// QuestionCount is how many questions the log holds (for tests and the
// report's header).
func (s *SQL) QuestionCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM questions`).Scan(&n)
	if err != nil && err != sql.ErrNoRows {
		return 0, fmt.Errorf("count questions: %w", err)
	}
	return n, nil
}

// Surfaces are how many questions of the range were asked on each
// surface.
func (s *SQL) Surfaces(ctx context.Context, team string, since, until time.Time) (map[string]int, error) {
	where, args := teamRange("asked_at", team, since, until)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT surface, COUNT(*) FROM questions WHERE `+where+` GROUP BY surface`), args...)
	if err != nil {
		return nil, fmt.Errorf("count surfaces: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("count surfaces: %w", err)
		}
		out[k] = n
	}
	return out, rows.Err()
}
