package bottest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"storybot/index"
	"strings"
	"sync"
	"time"
)

// Passage makes an Answer whose Matches are the given words, wherever they
// occur in text.
func Passage(text string, src index.Source, words ...string) index.Answer {
	a := index.Answer{Text: text, Score: 1, Source: src}
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			a.Matches = append(a.Matches, index.Span{Start: off + i, End: off + i + len(w)})
			off += i + len(w)
		}
	}
	return a
}

// StoryA is the source of the first passage of TypicalResult.
var StoryA = index.Source{Story: "a", Title: "Council approves <new> budget & tax plan", URL: "https://news.example/budget?id=1&x=2", Paragraph: 2, Sentence: 1}

// TypicalResult is an answer with two passages: one quoted speaker and a
// story with a URL, text that needs escaping, and matched words.
func TypicalResult(q string) index.Result {
	return index.Result{Question: q, Answered: true, Answers: []index.Answer{
		Passage("The council approved the budget by 7 votes to 2 on Tuesday & cut the <b>tax</b> rate.", StoryA, "approved", "budget", "votes"),
		Passage(`"This budget is fair," said Mayor Ann Lee, adding that <!channel> should read it.`, index.Source{Story: "a", Title: "Council approves <new> budget & tax plan", Paragraph: 5, Sentence: 2, Speaker: "Ann Lee"}, "budget"),
	}}
}

// Engine is a fake engine (package bot's Engine) that answers from
// fixtures: questions about pizza are not in
// the stories, "boom" fails, "panic" panics; everything else gets
// typicalResult.
type Engine struct {
	mu    sync.Mutex
	asked []string
	// Known are the stories it knows (two of its own if nil).
	Known []index.StoryInfo
	// Block, when set, holds every Ask until it is closed.
	Block chan struct{}
	// Unready, when set, is why the answerer is not ready.
	Unready string
}

func (f *Engine) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	f.mu.Lock()
	f.asked = append(f.asked, q)
	block := f.Block
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	switch {
	case strings.Contains(q, "boom"):
		return index.Result{}, errors.New("index on fire")
	case strings.Contains(q, "panic"):
		panic("engine bug")
	case strings.Contains(q, "pizza"):
		return index.Result{Question: q, Answers: []index.Answer{}}, nil
	case strings.Contains(q, "Kansas"):
		// Off-topic: passages that score well, which the engine refuses.
		res := TypicalResult(q)
		res.Answered = false
		return res, nil
	}
	return TypicalResult(q), nil
}

func (f *Engine) Stories() []index.StoryInfo {
	if f.Known != nil {
		return f.Known
	}
	return []index.StoryInfo{
		{ID: "a", Title: "Council approves <new> budget & tax plan", URL: "https://news.example/budget?id=1&x=2", Outlet: "The Example", Published: "2024-03-01", Sentences: 40},
		{ID: "b", Title: "Storm closes schools", Sentences: 12},
	}
}

// Ready says no, with why, when unready is set.
func (f *Engine) Ready() (bool, string) { return f.Unready == "", f.Unready }

func (f *Engine) ReaderStatus() string { return "ready" }

// Paragraph has no paragraphs (package bot's answer_actions_test.go has
// an engine that has some).
func (f *Engine) Paragraph(story string, para int) ([]string, error) {
	return nil, fmt.Errorf("story %q paragraph %d: %w", story, para, index.ErrNoParagraph)
}

// Questions are the questions it was asked.
func (f *Engine) Questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

// SetBlock sets Block while the engine may be asked.
func (f *Engine) SetBlock(block chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Block = block
}

// Big is Engine with answers of passages (10 if zero) of about 2,900
// characters each: too big for a Socket Mode ack (and, at 20, for an
// HTTP response).
type Big struct {
	Engine
	Passages int
}

func (b *Big) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	res, err := b.Engine.Ask(ctx, q, opt)
	a := res.Answers[0]
	a.Text = strings.Repeat("budget and tax ", 190) // ~2,900 characters
	res.Answers = nil
	for range cmp.Or(b.Passages, 10) {
		res.Answers = append(res.Answers, a)
	}
	return res, err
}

// Sleeps records the waits of a slackapi.RetryTransport (its Sleep)
// without waiting; All are the waits so far.
type Sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *Sleeps) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *Sleeps) All() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}
