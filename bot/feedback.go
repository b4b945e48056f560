package bot

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"storybot/bot/store"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The votes are what people think of the answers: each click on 👍 or 👎
// is kept in the database (store.SQL.RecordVote), one row per person and
// answer, the evaluation data of tomorrow (see ExportFeedback). Who voted
// is kept only as a keyed hash (HMAC-SHA256 of the workspace and user
// ids, with a secret), as is who asked in the question log, so that
// neither holds an id, and one person's votes still tell apart from
// another's. The JSON-lines feedback log of earlier versions is imported
// once (ReadVotes).

// DefaultFeedbackLog is the old feedback log imported at start (and
// beside which the hashes' key is kept) when STORYBOT_FEEDBACK is not
// set: in the working folder.
const DefaultFeedbackLog = "feedback.jsonl"

// VoteRecorder keeps votes, one per person and answer; *store.SQL is one.
type VoteRecorder interface {
	RecordVote(ctx context.Context, v store.Vote) error
}

// ballot records the votes on answers (rec, nil: votes are off, and
// answers have no vote buttons), each voter as a keyed hash, and counts
// them.
type ballot struct {
	rec    VoteRecorder
	hasher *Hasher
	counts *prometheus.CounterVec // by vote
	now    func() time.Time
}

// open tells whether votes are recorded.
func (v *ballot) open() bool { return v.rec != nil }

// cast records vote, c's click on an answer's button, with the passages
// the answer showed (once per person and answer), and counts it.
func (v *ballot) cast(ctx context.Context, c click, vote string, passages []store.Passage) error {
	rec := store.Vote{
		Time: v.now().UTC(), Answer: c.ref.ID, Team: c.team,
		ID: v.hasher.VoteID(c.team, c.user, c.ref.ID), User: v.hasher.UserHash(c.team, c.user),
		Question: c.ref.Question, Asked: c.ref.Asked, Passages: passages, Vote: vote,
	}
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	err := v.rec.RecordVote(ctx, rec)
	cancel()
	if err != nil {
		return err
	}
	v.counts.WithLabelValues(vote).Inc()
	return nil
}

// Hasher makes the keyed hashes that stand for people in the votes and
// the question log.
type Hasher struct{ key []byte }

// NewHasher makes a Hasher with key; with none, a random one (hashes
// then differ from one process to the next).
func NewHasher(key []byte) *Hasher {
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key)
	}
	return &Hasher{key: key}
}

// FeedbackKey is the key of the users' hashes: secret if it is set
// (STORYBOT_FEEDBACK_SECRET: replicas that share it hash a user alike);
// else a random key kept beside the log, in path+".key", made the first
// time.
func FeedbackKey(path, secret string) ([]byte, error) {
	if secret != "" {
		return []byte(secret), nil
	}
	kp := path + ".key"
	if data, err := os.ReadFile(kp); err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(key) < 16 {
			return nil, fmt.Errorf("%s does not hold a feedback key (64 hexadecimal characters): remove it to make a new one, or set STORYBOT_FEEDBACK_SECRET", kp)
		}
		return key, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read the feedback key: %w", err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	f, err := os.OpenFile(kp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return FeedbackKey(path, secret) // made meanwhile by another process
	}
	if err != nil {
		return nil, fmt.Errorf("cannot keep the feedback key beside the log: %w", err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("write the feedback key: %w", err)
	}
	return key, nil
}

// UserHash is the keyed hash of a user, as the log keeps it.
func (l *Hasher) UserHash(team, user string) string { return l.mac("user", team, user)[:32] }

// VoteID names the votes of one user on one answer.
func (l *Hasher) VoteID(team, user, answer string) string {
	return l.mac("vote", team, user, answer)[:24]
}

func (l *Hasher) mac(parts ...string) string {
	m := hmac.New(sha256.New, l.key)
	for _, p := range parts {
		fmt.Fprintf(m, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(m.Sum(nil))
}
