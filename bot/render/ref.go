package render

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

// Ref names an answer in its buttons' values, so that a click on
// one, whenever it comes and whichever replica takes it, can be answered:
// the question as the engine was asked it (it answers the same again),
// how many passages were shown, and which. Nothing of it is secret: it
// comes back only in clicks on the bot's own message, which Slack signs.
type Ref struct {
	ID       string       `json:"id"`          // random: names the answer (a vote on it)
	Question string       `json:"q"`           // as the engine was asked it
	Asked    string       `json:"a,omitempty"` // as the person asked it, if a follow-up
	Shown    int          `json:"n"`           // passages shown so far
	At       int64        `json:"t"`           // when it was answered (Unix seconds)
	Passages []PassageRef `json:"p,omitempty"` // the passages shown last
	Version  int          `json:"v"`
}

// PassageRef is where a passage is: story, paragraph, sentence.
type PassageRef struct {
	Story     string
	Paragraph int
	Sentence  int
}

// A PassageRef is a JSON array ["story", 2, 1]: buttons' values are short.
func (p PassageRef) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{p.Story, p.Paragraph, p.Sentence})
}

func (p *PassageRef) UnmarshalJSON(b []byte) error {
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

// MaxRefShown bounds the passages the More button pages through.
const MaxRefShown = 30

// NewAnswerID is a random id for an answer.
func NewAnswerID() string {
	var b [9]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// RefOf is the ref of an answer to question (asked as asked) that showed
// answers, shown passages in all.
func RefOf(id, question, asked string, shown int, at int64, answers []index.Answer) Ref {
	r := Ref{ID: id, Question: question, Asked: asked, Shown: shown, At: at, Version: refVersion}
	for _, a := range answers {
		r.Passages = append(r.Passages, PassageRef{Story: a.Source.Story, Paragraph: a.Source.Paragraph, Sentence: a.Source.Sentence})
	}
	return r
}

// Encode is the ref as a button's value, within Slack's 2,000
// characters: what does not fit is left out (the question as asked, then
// the passages: a vote then finds them by asking again); ok is false if
// even the question does not fit.
func (r Ref) Encode() (string, bool) {
	for _, cut := range []func(*Ref){func(*Ref) {}, func(r *Ref) { r.Asked = "" }, func(r *Ref) { r.Passages = nil }} {
		cut(&r)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // fewer characters; Slack does not read it
		if err := enc.Encode(r); err != nil {
			return "", false
		}
		s := strings.TrimSuffix(buf.String(), "\n")
		if utf8.RuneCountInString(s) <= MaxButtonVal {
			return s, true
		}
	}
	return "", false
}

// DecodeRef reads a button's value; ok is false for anything that is not
// a ref this bot wrote (an old button, another app's, a forgery).
func DecodeRef(value string) (Ref, bool) {
	var r Ref
	if len(value) > 4*MaxButtonVal || json.Unmarshal([]byte(value), &r) != nil {
		return Ref{}, false
	}
	if r.Version != refVersion || r.ID == "" || len(r.ID) > 64 || strings.TrimSpace(r.Question) == "" ||
		r.Shown < 0 || r.Shown > MaxRefShown || len(r.Passages) > MaxRefShown {
		return Ref{}, false
	}
	return r, true
}
