package bot

import (
	"context"
	"log/slog"
	"path/filepath"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The admins (admins.go) change the corpus from Slack: a DM with a story
// file adds it (upload.go), /story remove ID removes one (remove.go).
// Each change is written into the corpus folder, then the stories are
// reloaded at once, so that the admin's reply can say whether the bot
// answers from them now. The bot knows the folder and a reload function,
// never the index being served (package live): the command wires them.

// CorpusOptions let the admins change the corpus from Slack.
type CorpusOptions struct {
	// Dir is the corpus folder; "" turns adding and removing off.
	Dir string
	// Admins are the member ids of the people who may (Config.Admins).
	Admins []string
	// Reload reloads the stories now and returns once the new index is
	// served, or why not. nil: a change is served after the next reload
	// (SIGHUP, or the corpus watch).
	Reload func(ctx context.Context, why string) error
}

// corpusAdmin is the admins' changes to the corpus: what they may
// change (CorpusOptions), who they are, and the changes themselves (the
// files added: upload.go; removed: remove.go), each replied to through
// hooks (a click's response_url) or by the caller.
type corpusAdmin struct {
	dir    string
	admins adminSet
	reload func(ctx context.Context, why string) error
	// mu makes the changes one at a time: index.AddStory's look for a
	// duplicate and its write are two steps, and an upload is held in
	// memory while it is read.
	mu      sync.Mutex
	hooks   *hooks
	metrics *Metrics
	log     *slog.Logger
}

func newCorpusAdmin(o CorpusOptions, h *hooks, m *Metrics, log *slog.Logger) *corpusAdmin {
	return &corpusAdmin{dir: o.Dir, admins: newAdminSet(o.Admins), reload: o.Reload, hooks: h, metrics: m, log: log}
}

// reloadAfter reloads the stories after a change to the corpus, and says
// what came of it, as the last words of the admin's reply.
func (c *corpusAdmin) reloadAfter(ctx context.Context, why string) string {
	if c.reload == nil {
		return "I'll answer from the stories as they are now after my next reload."
	}
	if err := c.reload(ctx, why); err != nil {
		slackapi.LoggerFrom(ctx, c.log).Error("reload after a change from Slack failed", "why", why, "err", err)
		return "But reloading the stories failed, so I still answer from them as they were (the log says why); the change is served after the next reload that succeeds."
	}
	return "I answer from the stories as they are now."
}

// replyTimeout bounds the reply to a change to the corpus.
const replyTimeout = 10 * time.Second

// replyContext is the context of the reply to a change: the change is
// made, and the admin must hear of it even when the download, the write
// and the reload took the task's whole time.
func replyContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), replyTimeout)
}

// shownFile is a file of the corpus as a reply names it: its name alone,
// never the server's folders.
func shownFile(path string) string { return filepath.Base(path) }

// shownText is text from a story or a file's name as a reply shows it:
// on one line, escaped, its formatting characters inert, clipped to max.
func shownText(s string, max int) string { return render.EscClip(render.Inert(render.OneLine(s)), max) }

// withoutDir takes the corpus folder out of an error's text: a reply
// names the corpus's files, not where the server keeps them.
func (c *corpusAdmin) withoutDir(msg string) string {
	if c.dir == "" {
		return msg
	}
	dir := filepath.Clean(c.dir) + string(filepath.Separator)
	return strings.ReplaceAll(msg, dir, "")
}

// adminReply is an admin's reply of mrkdwn lines (each a section), with
// text, their plain form, for notifications and the console.
func adminReply(text string, mrkdwnLines ...string) render.Reply {
	r := render.Reply{Kind: render.ReplyAdmin, Note: text}
	for _, l := range mrkdwnLines {
		r.AdminBlocks = append(r.AdminBlocks, render.SectionBlock(render.Clip(l, render.MaxTextObject)))
	}
	return r
}

// The outcomes of a change to the corpus, for
// storybot_corpus_changes_total.
const (
	changeDone    = "done"    // added, removed
	changeRefused = "refused" // not an admin
	changeFailed  = "failed"  // a bad file, a story not found, Slack's or the disk's failure
)

// addCorpusChanges registers the count of changes to the corpus from
// Slack.
func (m *Metrics) addCorpusChanges(reg prometheus.Registerer) {
	m.corpusChanges = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "storybot_corpus_changes_total",
		Help: "Stories added (a DM with a story file) and removed (/story remove) from Slack, by action (add, remove) and outcome (done, refused: not an admin, failed: a bad file, no such story, a failure).",
	}, []string{"action", "outcome"})
	for _, a := range []string{"add", "remove"} {
		for _, o := range []string{changeDone, changeRefused, changeFailed} {
			m.corpusChanges.WithLabelValues(a, o)
		}
	}
	reg.MustRegister(m.corpusChanges)
}
