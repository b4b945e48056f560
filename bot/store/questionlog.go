package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The question log: each question answered or refused (Question), the
// votes on the answers (Vote), the groups of refused questions editors
// have handled, and leases. Who asked or voted is only ever a keyed hash
// (made by the caller); the store sees no Slack id of a person.

// Question is one question as the log keeps it.
type Question struct {
	ID       string // the answer's id (the votes on it name it)
	At       time.Time
	Team     string
	Surface  string // slash, mention, dm, thread, assistant
	Text     string // as asked
	User     string // keyed hash
	Answered bool
	// Confidence is how sure the engine was that its passages answer (0
	// when it did not say).
	Confidence float64
	Passages   []Passage // shown with the answer
}

// Passage is where a passage shown is: story, paragraph, sentence; and,
// in a vote, its text when it could be found.
type Passage struct {
	Story     string `json:"story"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	Text      string `json:"text,omitempty"`
}

// Vote values.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// Vote is one person's vote on one answer; its JSON is a line of the old
// feedback log (and of what it was imported from).
type Vote struct {
	Time time.Time `json:"time"`
	// ID is the same for every vote of one person on one answer.
	ID     string `json:"id"`
	Answer string `json:"answer"` // the answer's id
	Team   string `json:"team"`
	// User is a keyed hash of the workspace and user ids, never the ids.
	User string `json:"user"`
	// Question is as the engine was asked it; Asked, as the person asked
	// it, when that was a follow-up read in its conversation's context.
	Question string    `json:"question"`
	Asked    string    `json:"asked,omitempty"`
	Passages []Passage `json:"passages"`
	Vote     string    `json:"vote"` // VoteUp or VoteDown
}

// maxBatch bounds the rows of one INSERT (SQLite allows 32,766
// parameters; 9 a row).
const maxBatch = 500

// LogQuestions adds qs to the log, in one transaction. A question
// already there (by id) is left as it is.
func (s *SQL) LogQuestions(ctx context.Context, qs []Question) error {
	if len(qs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("log questions: %w", err)
	}
	defer tx.Rollback()
	for len(qs) > 0 {
		n := min(len(qs), maxBatch)
		q, args := questionsInsert(qs[:n])
		if _, err := tx.ExecContext(ctx, s.d.rebind(q), args...); err != nil {
			return fmt.Errorf("log questions: %w", err)
		}
		qs = qs[n:]
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("log questions: %w", err)
	}
	return nil
}

// questionsInsert is the INSERT of qs, and its arguments.
func questionsInsert(qs []Question) (string, []any) {
	var b strings.Builder
	b.WriteString(`INSERT INTO questions (id, asked_at, team, surface, question, user_hash, answered, confidence, passages) VALUES `)
	args := make([]any, 0, 9*len(qs))
	for i, q := range qs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, q.ID, q.At.UnixMilli(), q.Team, q.Surface, q.Text, q.User, q.Answered, q.Confidence, passagesJSON(q.Passages))
	}
	b.WriteString(` ON CONFLICT (id) DO NOTHING`)
	return b.String(), args
}

func passagesJSON(ps []Passage) string {
	if len(ps) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ps)
	return string(b)
}

func readPassages(s string) []Passage {
	var ps []Passage
	json.Unmarshal([]byte(s), &ps)
	return ps
}

// RecordVote keeps v: one row per person (v.User) and answer, so that a
// replayed click adds nothing and a second vote replaces the first.
func (s *SQL) RecordVote(ctx context.Context, v Vote) error {
	if v.Answer == "" || v.User == "" || (v.Vote != VoteUp && v.Vote != VoteDown) {
		return fmt.Errorf("record vote: answer, user and a vote up or down are needed")
	}
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO votes
		(answer_id, user_hash, vote_id, team, voted_at, vote, question, asked, passages)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (answer_id, user_hash) DO UPDATE SET
		 vote = excluded.vote, voted_at = excluded.voted_at, passages = excluded.passages`),
		v.Answer, v.User, v.ID, v.Team, v.Time.UnixMilli(), v.Vote, v.Question, v.Asked, passagesJSON(v.Passages))
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return nil
}

// ImportVotes adds votes (an old feedback log's) once: the first call
// with a name imports them, any later one (from any replica) does
// nothing and reports done false. A vote already there is kept.
func (s *SQL) ImportVotes(ctx context.Context, name string, votes []Vote, now time.Time) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("import votes: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO leases (name, holder, expires_at) VALUES (?, 'imported', ?)
		ON CONFLICT (name) DO NOTHING`), "import:"+name, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("import votes: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	for _, v := range votes {
		if v.Answer == "" || v.User == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO votes
			(answer_id, user_hash, vote_id, team, voted_at, vote, question, asked, passages)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id, user_hash) DO NOTHING`),
			v.Answer, v.User, v.ID, v.Team, v.Time.UnixMilli(), v.Vote, v.Question, v.Asked, passagesJSON(v.Passages)); err != nil {
			return false, fmt.Errorf("import votes: %w", err)
		}
	}
	return true, tx.Commit()
}

// Purge deletes the questions asked before before, and returns how many.
// Votes are kept: they are the evaluation data (see docs/privacy.md).
func (s *SQL) Purge(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`DELETE FROM questions WHERE asked_at < ?`), before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("purge the question log: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// HandleGroup marks the group of refused questions key, of team,
// handled at: its questions asked until then are hidden.
func (s *SQL) HandleGroup(ctx context.Context, team, key string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO handled_groups (team, group_key, handled_at) VALUES (?, ?, ?)
		ON CONFLICT (team, group_key) DO UPDATE SET handled_at = excluded.handled_at`), team, key, at.UnixMilli())
	if err != nil {
		return fmt.Errorf("mark a group handled: %w", err)
	}
	return nil
}

// TakeLease takes the lease name for holder until expires, if nobody
// holds it at now (or holder does already); ok tells whether it did.
func (s *SQL) TakeLease(ctx context.Context, name, holder string, now, expires time.Time) (ok bool, err error) {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.expires_at < ? OR leases.holder = excluded.holder`), name, holder, expires.UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("take the lease %s: %w", name, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
