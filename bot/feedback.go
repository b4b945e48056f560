package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"
)

// The feedback log is what people think of the answers: each click on 👍
// or 👎 appends one JSON line (a Vote) to a file, the evaluation data of
// tomorrow (see ExportFeedback). Who voted is kept only as a keyed hash
// (HMAC-SHA256 of the workspace and user ids, with a secret), so that the
// log can be shared without the ids, and one person's votes still tell
// apart from another's.

// DefaultFeedbackLog is the feedback log when STORYBOT_FEEDBACK is not
// set: in the working folder.
const DefaultFeedbackLog = "feedback.jsonl"

// Vote values.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// Vote is one line of the feedback log.
type Vote struct {
	Time time.Time `json:"time"`
	// ID is the same for every vote of one person on one answer: the last
	// one counts (a second vote replaces the first).
	ID     string `json:"id"`
	Answer string `json:"answer"` // the answer's id (see answerRef)
	Team   string `json:"team"`
	// User is a keyed hash of the workspace and user ids, never the ids.
	User string `json:"user"`
	// Question is as the engine was asked it; Asked, as the person asked
	// it, when that was a follow-up read in its conversation's context.
	Question string         `json:"question"`
	Asked    string         `json:"asked,omitempty"`
	Passages []VotedPassage `json:"passages"`
	Vote     string         `json:"vote"` // VoteUp or VoteDown
}

// VotedPassage is a passage shown with the answer voted on, and its
// sentence's text when it could be found.
type VotedPassage struct {
	Story     string `json:"story"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	Text      string `json:"text,omitempty"`
}

// FeedbackLog appends votes to a JSON-lines file. It is safe for
// concurrent use.
type FeedbackLog struct {
	path string
	key  []byte
	mu   sync.Mutex
	f    *os.File
}

// OpenFeedbackLog opens (or creates) the feedback log at path, for
// appending, with key for the users' hashes. A log that cannot be written
// is an error now, not votes lost later.
func OpenFeedbackLog(path string, key []byte) (*FeedbackLog, error) {
	if len(key) == 0 {
		return nil, errors.New("feedback log: no key for the users' hashes")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot write the feedback log: %w", err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("the feedback log %s is not a regular file", path)
	}
	return &FeedbackLog{path: path, key: key, f: f}, nil
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

// Path is where the log is.
func (l *FeedbackLog) Path() string { return l.path }

// Record appends v to the log, as one line.
func (l *FeedbackLog) Record(v Vote) error {
	js, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode the vote: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(js, '\n')); err != nil {
		return fmt.Errorf("write the feedback log: %w", err)
	}
	return nil
}

// Close closes the log.
func (l *FeedbackLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

// UserHash is the keyed hash of a user, as the log keeps it.
func (l *FeedbackLog) UserHash(team, user string) string { return l.mac("user", team, user)[:32] }

// VoteID names the votes of one user on one answer.
func (l *FeedbackLog) VoteID(team, user, answer string) string {
	return l.mac("vote", team, user, answer)[:24]
}

func (l *FeedbackLog) mac(parts ...string) string {
	m := hmac.New(sha256.New, l.key)
	for _, p := range parts {
		fmt.Fprintf(m, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(m.Sum(nil))
}
