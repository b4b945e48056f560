package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"storybot/bot/render"
	"storybot/bot/store"
	"storybot/internal/insights"
)

// The question log: each question answered or refused goes to the
// database (store.SQL.LogQuestions) for the editors' Home, digest and
// report. Logging never holds up an answer: questions are queued, in a
// bounded queue, and written in batches by one goroutine; when the queue
// is full (the database slow or down) a question is dropped and counted
// (storybot_question_log_total{result="dropped"}).

// QuestionStore keeps the questions and votes, and reads them back for
// the editors; *store.SQL is one.
type QuestionStore interface {
	LogQuestions(ctx context.Context, qs []store.Question) error
	insights.Source
	HandleGroup(ctx context.Context, team, key string, at time.Time) error
	TakeLease(ctx context.Context, name, holder string, now, expires time.Time) (bool, error)
	Teams(ctx context.Context, since time.Time) ([]string, error)
}

// editors is the editors' desk: the question log (qlog, which queues
// the questions and writes them), what the editors (the admins) read of
// it (their Home's figures and the groups they mark handled: home.go;
// the weekly digest: digest.go), and who they are. The digest's DMs are
// sent with each workspace's token (tenants).
type editors struct {
	qlog    *questionLog  // nil: questions are not logged
	store   QuestionStore // nil: no editors' Home, no digest
	grouper insights.Grouper
	digest  bool
	admins  adminSet
	tenants *tenants
	hasher  *Hasher
	metrics *Metrics
	log     *slog.Logger
	now     func() time.Time
}

// newEditors makes the editors' desk of o: the question log if o has one
// and LogDays > 0.
func newEditors(o Options, admins adminSet, t *tenants, h *Hasher, m *Metrics, log *slog.Logger, now func() time.Time) *editors {
	e := &editors{store: o.QuestionLog, grouper: o.Grouper, digest: o.Digest, admins: admins, tenants: t, hasher: h, metrics: m, log: log, now: now}
	if o.QuestionLog != nil && o.LogDays > 0 {
		e.qlog = newQuestionLog(o.QuestionLog, m, log)
	}
	return e
}

// Bounds of the question log's writer.
const (
	logQueue     = 4096 // questions waiting to be written
	logBatch     = 256  // questions written in one transaction
	storeTimeout = 5 * time.Second
)

// questionLog writes questions to a QuestionStore in the background.
type questionLog struct {
	store   QuestionStore
	log     *slog.Logger
	queue   chan store.Question
	counts  [3]prometheus.Counter // written, dropped, failed
	stop    sync.Once
	stopped chan struct{}
	// ctx bounds the writes; cancelled when closing takes too long.
	ctx    context.Context
	cancel context.CancelFunc
}

const (
	logWritten = iota
	logDropped
	logFailed
)

func newQuestionLog(s QuestionStore, m *Metrics, log *slog.Logger) *questionLog {
	l := &questionLog{store: s, log: log, queue: make(chan store.Question, logQueue), counts: m.questionLog, stopped: make(chan struct{})}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	go l.run()
	return l
}

// add queues q, or drops it if the queue is full.
func (l *questionLog) add(q store.Question) {
	select {
	case l.queue <- q:
	default:
		l.counts[logDropped].Inc()
	}
}

// run writes what is queued, in batches, until close.
func (l *questionLog) run() {
	defer close(l.stopped)
	batch := make([]store.Question, 0, logBatch)
	for q := range l.queue {
		batch = append(batch[:0], q)
	fill:
		for len(batch) < logBatch {
			select {
			case q, ok := <-l.queue:
				if !ok {
					break fill
				}
				batch = append(batch, q)
			default:
				break fill
			}
		}
		l.write(batch)
	}
}

func (l *questionLog) write(batch []store.Question) {
	ctx, cancel := context.WithTimeout(l.ctx, storeTimeout)
	defer cancel()
	if err := l.store.LogQuestions(ctx, batch); err != nil {
		l.counts[logFailed].Add(float64(len(batch)))
		l.log.Warn("questions not logged", "questions", len(batch), "err", err)
		return
	}
	l.counts[logWritten].Add(float64(len(batch)))
}

// closeWait is how long closing waits for the queue to be written
// before it gives up on a database that does not answer.
const closeWait = 2 * time.Second

// close writes what is queued and stops: within closeWait, after which
// what is left fails (and is counted so).
func (l *questionLog) close() {
	l.stop.Do(func() { close(l.queue) })
	t := time.NewTimer(closeWait)
	defer t.Stop()
	select {
	case <-l.stopped:
	case <-t.C:
		l.cancel()
		<-l.stopped
	}
	l.cancel()
}

// addQuestionLog registers the question log's counts.
func (m *Metrics) addQuestionLog(reg prometheus.Registerer) {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_question_log_total",
		Help: "Questions for the question log, by result: written to the database, dropped (the queue was full), failed (the database refused the batch).",
	}, []string{"result"})
	for i, name := range []string{"written", "dropped", "failed"} {
		m.questionLog[i] = v.WithLabelValues(name)
	}
	reg.MustRegister(v)
}

// logQuestion queues the question in asked and answered with r, if it
// is one for the log: an answer or a refusal (not a usage reply, nor a
// message in a thread the stories do not answer, which is people talking
// among themselves).
func (e *editors) logQuestion(in Incoming, r render.Reply) {
	if e.qlog == nil || r.Kind != render.ReplyAnswer || (in.Kind == KindThread && !r.Result.Answered) {
		return
	}
	q := store.Question{
		ID: r.Ref.ID, At: e.now(), Team: in.Team, Surface: surface(in), Text: r.Question,
		User: e.hasher.UserHash(in.Team, in.User), Answered: r.Result.Answered, Confidence: confidence(r),
	}
	if r.Asked != "" {
		q.Text = r.Asked
	}
	if q.ID == "" {
		q.ID = render.NewAnswerID()
	}
	for _, a := range r.Result.Answers {
		q.Passages = append(q.Passages, store.Passage{Story: a.Source.Story, Paragraph: a.Source.Paragraph, Sentence: a.Source.Sentence})
	}
	e.qlog.add(q)
}

// surface is where in was asked, as the log names it.
func surface(in Incoming) string {
	if in.Assistant {
		return "assistant"
	}
	return in.Kind.String()
}

// confidence is how sure the engine said it was of r, 0 if it did not.
func confidence(r render.Reply) float64 {
	if r.Result.Confidence != 0 {
		return r.Result.Confidence
	}
	if e := r.Result.Explain; e != nil {
		return e.Confidence
	}
	if len(r.Result.Answers) > 0 && r.Result.Answers[0].Explain != nil {
		return r.Result.Answers[0].Explain.Confidence
	}
	return 0
}

// CloseLog writes the questions still queued for the log, and stops
// logging; call it after Shutdown.
func (b *Bot) CloseLog() {
	if b.editors.qlog != nil {
		b.editors.qlog.close()
	}
}
