package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot/internal/bottest"
	"storybot/bot/render"
	"storybot/bot/store"
	"storybot/index"
)

// publisher counts the Home tabs published, and keeps the last one's
// size; every other call fails at once (bottest.NoSlack).
type publisher struct {
	Slack
	n      atomic.Int64
	blocks atomic.Int64
}

func (p *publisher) PublishViewContext(_ context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	p.n.Add(1)
	p.blocks.Store(int64(len(req.View.Blocks.BlockSet)))
	return &slack.ViewResponse{}, nil
}

// loggedQuestions fills a new SQLite question log with n questions of
// team over the last four weeks, a third refused, on 400 topics asked in
// several words.
func loggedQuestions(b *testing.B, n int, team string, now time.Time) *store.SQL {
	b.Helper()
	db, err := store.OpenDatabase(context.Background(), "sqlite:"+filepath.Join(b.TempDir(), "storybot.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	forms := []string{"when is the %s %s?", "When's the %s %s", "what about the %s %s", "who runs the %s %s?"}
	things := strings.Fields("parade stadium library bridge school hospital market festival tram harbour")
	places := strings.Fields("north south east west centre river hill old new riverside airport docks castle park square lake station garden tower gate forest field mill quay abbey fort plaza")
	batch := make([]store.Question, 0, 1000)
	for i := range n {
		q := store.Question{ID: fmt.Sprintf("q%07d", i), At: now.Add(-time.Duration(i%(28*24*60)) * time.Minute), Team: team, Surface: "dm", User: "h", Answered: i%3 != 0, Confidence: float64(i%100) / 100}
		q.Text = fmt.Sprintf(forms[i%len(forms)], places[(i/7)%len(places)], things[(i/3)%len(things)])
		if batch = append(batch, q); len(batch) == cap(batch) {
			if err := db.LogQuestions(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	db.LogQuestions(context.Background(), batch)
	return db
}

// BenchmarkEditorHome100k publishes an editor's Home with 100,000
// questions in the log (SQLite): the figures read, the refused
// questions of the week grouped, the blocks built. The issue asks for
// under a second.
func BenchmarkEditorHome100k(b *testing.B) {
	now := time.Now()
	db := loggedQuestions(b, 100_000, "T1", now)
	pub := &publisher{Slack: bottest.NoSlack()}
	bot := New(Options{Engine: &fakeAnswerer{}, Slack: pub, QuestionLog: db, Corpus: CorpusOptions{Admins: []string{"UED"}}, Now: func() time.Time { return now }})
	b.ResetTimer()
	for b.Loop() {
		bot.publishHome(context.Background(), "T1", "UED")
	}
	b.StopTimer()
	if pub.n.Load() == 0 || pub.blocks.Load() < 15 {
		b.Fatalf("%d Homes published, the last of %d blocks", pub.n.Load(), pub.blocks.Load())
	}
}

// BenchmarkLogQuestion is what logging costs the answer: one question
// queued for the log (the writer drains it to SQLite meanwhile).
func BenchmarkLogQuestion(b *testing.B) {
	db := loggedQuestions(b, 0, "T1", time.Now())
	bot := New(Options{Engine: &fakeAnswerer{}, QuestionLog: db, LogDays: 30})
	r := render.Reply{Kind: render.ReplyAnswer, Question: "when is the parade?", Result: index.Result{Answered: true, Answers: []index.Answer{{Source: index.Source{Story: "s", Paragraph: 1, Sentence: 1}}}}}
	in := Incoming{Kind: KindDM, Team: "T1", User: "U1"}
	b.ResetTimer()
	for b.Loop() {
		r.Ref.ID = ""
		bot.editors.logQuestion(in, r)
	}
	b.StopTimer()
	bot.CloseLog()
}

// BenchmarkLogQuestionsWritten is the writer's side: questions written
// to SQLite in batches of logBatch, per question.
func BenchmarkLogQuestionsWritten(b *testing.B) {
	db := loggedQuestions(b, 0, "T1", time.Now())
	batch := make([]store.Question, logBatch)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		for j := range batch {
			i++
			batch[j] = store.Question{ID: fmt.Sprintf("w%09d", i), At: time.Now(), Team: "T1", Surface: "dm", Text: "when is the parade?", User: "h"}
		}
		if err := db.LogQuestions(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*logBatch), "ns/question")
}
