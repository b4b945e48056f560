package bot

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"storybot/index"
)

// The action_ids of the buttons under an answer.
const (
	ActionMore     = "story_more"      // the next passages for the same question
	ActionContext  = "story_context"   // the whole paragraph of the first passage
	ActionVoteUp   = "story_vote_up"   // 👍
	ActionVoteDown = "story_vote_down" // 👎
)

// answerRef names an answer in its buttons' values, so that a click on
// one, whenever it comes and whichever replica takes it, can be answered:
// the question as the engine was asked it (it answers the same again),
// how many passages were shown, and which. Nothing of it is secret: it
// comes back only in clicks on the bot's own message, which Slack signs.
type answerRef struct {
	ID       string       `json:"id"`          // random: names the answer (a vote on it)
	Question string       `json:"q"`           // as the engine was asked it
	Asked    string       `json:"a,omitempty"` // as the person asked it, if a follow-up
	Shown    int          `json:"n"`           // passages shown so far
	At       int64        `json:"t"`           // when it was answered (Unix seconds)
	Passages []passageRef `json:"p,omitempty"` // the passages shown last
	Version  int          `json:"v"`
}

// passageRef is where a passage is: story, paragraph, sentence.
type passageRef struct {
	Story     string
	Paragraph int
	Sentence  int
}

// A passageRef is a JSON array ["story", 2, 1]: buttons' values are short.
func (p passageRef) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{p.Story, p.Paragraph, p.Sentence})
}

func (p *passageRef) UnmarshalJSON(b []byte) error {
	var v []json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if len(v) != 3 {
		return errors.New("a passage is [story, paragraph, sentence]")
	}
	if err := json.Unmarshal(v[0], &p.Story); err != nil {
		return err
	}
	if err := json.Unmarshal(v[1], &p.Paragraph); err != nil {
		return err
	}
	return json.Unmarshal(v[2], &p.Sentence)
}

const refVersion = 1

// maxRefShown bounds the passages the More button pages through.
const maxRefShown = 30

// newAnswerID is a random id for an answer.
func newAnswerID() string {
	var b [9]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// refOf is the ref of an answer to question (asked as asked) that showed
// answers, shown passages in all.
func refOf(id, question, asked string, shown int, at int64, answers []index.Answer) answerRef {
	r := answerRef{ID: id, Question: question, Asked: asked, Shown: shown, At: at, Version: refVersion}
	for _, a := range answers {
		r.Passages = append(r.Passages, passageRef{Story: a.Source.Story, Paragraph: a.Source.Paragraph, Sentence: a.Source.Sentence})
	}
	return r
}

// encode is the ref as a button's value, within Slack's 2,000
// characters: what does not fit is left out (the question as asked, then
// the passages: a vote then finds them by asking again); ok is false if
// even the question does not fit.
func (r answerRef) encode() (string, bool) {
	for _, cut := range []func(*answerRef){func(*answerRef) {}, func(r *answerRef) { r.Asked = "" }, func(r *answerRef) { r.Passages = nil }} {
		cut(&r)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // fewer characters; Slack does not read it
		if err := enc.Encode(r); err != nil {
			return "", false
		}
		s := strings.TrimSuffix(buf.String(), "\n")
		if utf8.RuneCountInString(s) <= maxButtonVal {
			return s, true
		}
	}
	return "", false
}

// decodeRef reads a button's value; ok is false for anything that is not
// a ref this bot wrote (an old button, another app's, a forgery).
func decodeRef(value string) (answerRef, bool) {
	var r answerRef
	if len(value) > 4*maxButtonVal || json.Unmarshal([]byte(value), &r) != nil {
		return answerRef{}, false
	}
	if r.Version != refVersion || r.ID == "" || len(r.ID) > 64 || strings.TrimSpace(r.Question) == "" ||
		r.Shown < 0 || r.Shown > maxRefShown || len(r.Passages) > maxRefShown {
		return answerRef{}, false
	}
	return r, true
}
