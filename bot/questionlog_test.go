package bot

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"storybot/bot/render"
	"storybot/bot/store"
	"storybot/index"
)

// stuckStore is a question log whose database does not answer until
// released.
type stuckStore struct {
	QuestionStore
	entered chan struct{}
	release chan struct{}
	got     chan int
}

func (s *stuckStore) LogQuestions(ctx context.Context, qs []store.Question) error {
	s.entered <- struct{}{}
	<-s.release
	s.got <- len(qs)
	return nil
}

// TestQuestionLogNeverBlocks: with the database stuck, answering goes on;
// past the queue's bound questions are dropped and counted, and what was
// queued is written once the database answers.
func TestQuestionLogNeverBlocks(t *testing.T) {
	t.Parallel()
	s := &stuckStore{entered: make(chan struct{}, logQueue), release: make(chan struct{}), got: make(chan int, logQueue)}
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	l := newQuestionLog(s, m, slog.New(slog.DiscardHandler))
	l.add(store.Question{ID: "q"})
	<-s.entered               // the writer is stuck with it
	for range logQueue + 10 { // the queue full, and 10 more
		l.add(store.Question{ID: "q"})
	}
	if n := metricValue(t, &Bot{metrics: m, gatherer: reg}, "storybot_question_log_total", "result", "dropped"); n != 10 {
		t.Errorf("dropped = %v, want 10", n)
	}
	close(s.release)
	l.close()
	written := 0
	for len(s.got) > 0 {
		written += <-s.got
	}
	if written != logQueue+1 || metricValue(t, &Bot{metrics: m, gatherer: reg}, "storybot_question_log_total", "result", "written") != float64(logQueue+1) {
		t.Errorf("written %d, want %d", written, logQueue+1)
	}
}

// TestLoggedQuestion: what the log keeps of an answer and a refusal: the
// question as asked (not as a follow-up was read), the surface, the
// confidence, the passages, and who asked only as a hash.
func TestLoggedQuestion(t *testing.T) {
	t.Parallel()
	got := make(chan int, 10)
	var rows []store.Question
	s := &recordingStore{got: got, rows: &rows}
	b := New(Options{Engine: &fakeAnswerer{}, QuestionLog: s, LogDays: 30, Hasher: NewHasher([]byte("k")), Now: func() time.Time { return time.Unix(1e9, 0) }})
	answer := render.Reply{Kind: render.ReplyAnswer, Question: "what did Ann Lee say?", Asked: "and what did she say?", Ref: render.Ref{ID: "ans1"},
		Result: index.Result{Answered: true, Answers: []index.Answer{{Source: index.Source{Story: "budget", Paragraph: 2, Sentence: 1}, Explain: &index.Explanation{Confidence: 0.8}}}}}
	b.editors.logQuestion(Incoming{Kind: KindThread, Team: "T1", User: "U1"}, answer)
	b.editors.logQuestion(Incoming{Kind: KindThread, Team: "T1", User: "U1"}, render.Reply{Kind: render.ReplyAnswer, Question: "lunch?"}) // talk in a thread
	b.editors.logQuestion(Incoming{Kind: KindDM, Team: "T1", User: "U1", Assistant: true}, render.Reply{Kind: render.ReplyAnswer, Question: "who?", Result: index.Result{Explain: &index.Explanation{Confidence: 0.1}}})
	b.editors.logQuestion(Incoming{Kind: KindDM, Team: "T1", User: "U1"}, render.Reply{Kind: render.ReplyUsage})
	b.CloseLog()
	if len(rows) != 2 {
		t.Fatalf("%d rows logged, want 2: %+v", len(rows), rows)
	}
	a, r := rows[0], rows[1]
	if a.ID != "ans1" || a.Text != "and what did she say?" || a.Surface != "thread" || !a.Answered || a.Confidence != 0.8 || len(a.Passages) != 1 || a.Passages[0].Story != "budget" ||
		a.User == "" || a.User == "U1" || a.User != b.votes.hasher.UserHash("T1", "U1") {
		t.Errorf("answer logged as %+v", a)
	}
	if r.ID == "" || r.Surface != "assistant" || r.Answered || r.Confidence != 0.1 {
		t.Errorf("refusal logged as %+v", r)
	}
}

type recordingStore struct {
	QuestionStore
	got  chan int
	rows *[]store.Question
}

func (s *recordingStore) LogQuestions(_ context.Context, qs []store.Question) error {
	*s.rows = append(*s.rows, qs...)
	return nil
}
