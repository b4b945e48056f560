package bot

import (
	"context"
	"errors"
	"fmt"
	"path"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/index"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// An admin adds a story by sending the bot a DM with the story's file
// attached (.txt, .md or .html, as `storybot add` reads them): the file is
// looked up (files.info), downloaded with the bot's token (below),
// read in its format, and written into the corpus folder
// (index.AddStory); then the stories are reloaded, and the reply says
// what was added. Such a DM is an upload whatever its text: its words are
// not asked as a question (a note such as "today's council story" is
// common, and is none), and the reply says so.
//
// Anyone else's DM with a file is what it was before: a question when
// it has words (the file aside), and when it has none and the file is a
// story file, a polite refusal. A DM whose files are none of them story
// files is never an upload.

// maxUploadFiles bounds the files read of one message (Slack attaches
// at most 10).
const maxUploadFiles = 10

// Words of the replies to uploads.
const (
	textNotAdmin    = "Thanks! Only storybot's admins can add stories. If this one belongs in the corpus, please ask one of them to add it."
	textTextIgnored = "I took your message as an upload, so I didn't read its words as a question: ask it in a message of its own."
	textNoCorpus    = "I can't add stories here: I have no corpus folder to write them to."
	textNoFiles     = "I can't read files with the Slack client I have."
)

// uploads makes the handler of message events: an admin's DM with a
// story file is an upload, a story file alone from anyone else is
// refused, and every other message goes to next.
func (b *Bot) uploads(next eventHandler) eventHandler {
	return func(ctx context.Context, ev slackevents.EventsAPIEvent) {
		in, files := sharedStoryFiles(ev)
		self := b.tenants.auth(ctx).Self
		switch {
		case len(files) == 0, in.User == self.UserID:
			next(ctx, ev)
		case b.corpus.admins.has(in.Team, in.User):
			b.upload(ctx, in, files)
		case questionOf(in.Text, self.UserID) == "":
			b.refuseUpload(ctx, in)
		default:
			next(ctx, ev)
		}
	}
}

// sharedStoryFiles is a person's DM sharing files, and its files (the
// first maxUploadFiles), when one of them at least is a story file by its
// name; no files otherwise. A DM that mentions the bot comes both as a
// message (subtype file_share) and as an app_mention: whichever comes
// first is the upload, and the other is its duplicate (dedupKeys).
func sharedStoryFiles(ev slackevents.EventsAPIEvent) (Incoming, []slack.File) {
	in, ok := incomingFromEvent(ev)
	if !ok || in.Kind != KindDM || in.BotID != "" || in.User == "" {
		return in, nil
	}
	var files []slack.File
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		if in.SubType == "file_share" && e.Message != nil {
			files = e.Message.Files
		}
	case *slackevents.AppMentionEvent:
		if in.SubType == "" {
			files = e.Files
		}
	}
	files = files[:min(len(files), maxUploadFiles)]
	for _, f := range files {
		if isStoryName(f.Name) {
			return in, files
		}
	}
	return in, nil
}

// isStoryName tells whether a file's name has a story's extension.
// (Whether a README.md or a hidden file may be read is a rule of the
// corpus folder, not of a file sent: the name it gets there is made from
// its title.)
func isStoryName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext != "" && index.IsStoryFile("story"+ext)
}

// refuseUpload answers a story file sent by someone who is not an admin.
func (b *Bot) refuseUpload(ctx context.Context, in Incoming) {
	if !b.limits.firstDelivery(ctx, in) {
		return
	}
	log := b.logFor(in)
	b.metrics.corpusChanges.WithLabelValues("add", changeRefused).Inc()
	if v := b.limits.allow(ctx, in); !v.OK {
		log.Debug("story upload refused: not an admin; over the rate limit, not told")
		return
	}
	log.Info("story upload refused: not an admin")
	if err := b.Deliver(slackapi.WithLogger(ctx, log), in, adminReply(textNotAdmin, textNotAdmin)); err != nil {
		log.Error("reply failed", "err", err)
	}
}

// upload adds the stories of an admin's DM, reloads, and replies with
// what was added and what was not, and why.
func (b *Bot) upload(ctx context.Context, in Incoming, files []slack.File) {
	log := b.logFor(in)
	if !b.limits.firstDelivery(ctx, in) {
		log.Info("duplicate delivery ignored", "ts", slackapi.ClipID(in.TS))
		return
	}
	ctx = slackapi.WithLogger(ctx, log)
	var text, lines []string
	// The files are read with the client of the workspace the work of
	// ctx is for: with many workspaces, the one with that workspace's
	// token (HandleEvent found it); else the bot's one client. Another
	// workspace's token would not be let read them.
	fc := b.tenants.auth(ctx).Slack
	switch {
	case b.corpus.dir == "":
		text, lines = []string{textNoCorpus}, []string{textNoCorpus}
	case fc == nil:
		text, lines = []string{textNoFiles}, []string{textNoFiles}
	default:
		text, lines = b.corpus.addFiles(ctx, fc, files)
	}
	if questionOf(in.Text, b.tenants.auth(ctx).Self.UserID) != "" {
		text, lines = append(text, textTextIgnored), append(lines, textTextIgnored)
	}
	ctx, cancel := replyContext(ctx)
	defer cancel()
	if err := b.Deliver(ctx, in, adminReply(strings.Join(text, "\n"), lines...)); err != nil {
		log.Error("reply failed", "err", err)
	}
}

// addFiles adds each story file, then reloads if one was added; it
// returns the reply's lines, as text and as mrkdwn.
func (c *corpusAdmin) addFiles(ctx context.Context, fc Slack, files []slack.File) (text, lines []string) {
	log := slackapi.LoggerFrom(ctx, c.log)
	c.mu.Lock()
	defer c.mu.Unlock()
	added := 0
	for _, f := range files {
		name := fileName(f)
		st, err := c.addFile(ctx, fc, f, name)
		if err != nil {
			c.metrics.corpusChanges.WithLabelValues("add", changeFailed).Inc()
			log.Info("story not added", "file_id", slackapi.ClipID(f.ID), "name", name, "why", err)
			why := c.withoutDir(errorMessage(err))
			text = append(text, "Not added: "+why)
			lines = append(lines, "*Not added:* "+shownText(why, 2000))
			continue
		}
		added++
		c.metrics.corpusChanges.WithLabelValues("add", changeDone).Inc()
		log.Info("story added", "file_id", slackapi.ClipID(f.ID), "file", shownFile(st.File), "id", st.ID)
		t, l := addedLines(st)
		text, lines = append(text, t), append(lines, l)
	}
	if added > 0 {
		done := c.reloadAfter(ctx, fmt.Sprintf("%s added from Slack", render.Plural(added, "story", "stories")))
		text, lines = append(text, done), append(lines, done)
	}
	return text, lines
}

// addFile adds one file's story to the corpus. Its error is an *Error,
// for the admin: it names the file, and holds no URL or token.
func (c *corpusAdmin) addFile(ctx context.Context, fc Slack, f slack.File, name string) (index.Story, error) {
	if !isStoryName(name) {
		return index.Story{}, Errorf(EINVALID, "%s: not a story file: send a .txt, .md or .html file", name)
	}
	data, err := c.fetch(ctx, fc, f.ID, name)
	if err != nil {
		return index.Story{}, err
	}
	st, err := index.ParseInput(name, data)
	if err != nil {
		return st, Errorf(EINVALID, "%w", err) // it names the file
	}
	added, err := index.AddStory(c.dir, st)
	var dup *index.DuplicateError
	if errors.As(err, &dup) {
		return added, Errorf(ECONFLICT, "%s: the corpus already holds this story's text, in %s (id %s, %q): nothing changed",
			name, shownFile(dup.Existing.File), dup.Existing.ID, dup.Existing.Title)
	}
	if err != nil {
		return added, Errorf(EINTERNAL, "%s: %w", name, err)
	}
	return added, nil
}

// fileName is the name a file was sent under, made fit to show and to
// read a format from: its last path element, on one line.
func fileName(f slack.File) string {
	name := path.Base(strings.ReplaceAll(render.OneLine(f.Name), "\\", "/"))
	if name == "." || name == "/" {
		name = "the file " + slackapi.ClipID(f.ID)
	}
	return render.Clip(name, 200)
}

// addedLines says what was added: its title, file, id, paragraphs and
// sentences, as text and as mrkdwn.
func addedLines(st index.Story) (text, mrkdwn string) {
	sentences := index.Split(st.Text)
	paragraphs := 0
	if len(sentences) > 0 {
		paragraphs = sentences[len(sentences)-1].Paragraph
	}
	counts := render.Plural(paragraphs, "paragraph", "paragraphs") + ", " + render.Plural(len(sentences), "sentence", "sentences")
	file := shownFile(st.File)
	text = fmt.Sprintf("Added %q as %s (id %s): %s.", render.OneLine(st.Title), file, st.ID, counts)
	mrkdwn = fmt.Sprintf("*Added* “%s” as %s (id %s): %s.", shownText(st.Title, 500), shownText(file, 300), shownText(st.ID, 300), counts)
	return text, mrkdwn
}

// A file sent to the bot is looked up with files.info (the event's copy
// of it may be cut short, and files.info is what says where it is now and
// how big), then downloaded from its url_private_download (or
// url_private) with the bot's token in an Authorization: Bearer header,
// which is how Slack serves a private file to an app with files:read.
// Neither the token nor the URLs are ever logged or shown: a file's
// permalink_public carries a secret, and an error from slack-go may quote
// the URL it refused.
//
// What is read is bounded by index.MaxInputBytes (16 MiB), as
// `storybot add` reads a file: the size files.info gives is checked
// before the download, and the download is cut off past it, whatever
// the server says. (A saved page can be megabytes of markup around a
// few kilobytes of article; the story written is held to the corpus's 4
// MiB.) The download is held in memory, one upload at a time.

// errOverLimit is a download cut off at index.MaxInputBytes.
var errOverLimit = errors.New("over the size limit")

// limitedBuffer collects a download, refusing to grow past max bytes.
type limitedBuffer struct {
	data []byte
	max  int
}

func (w *limitedBuffer) Write(p []byte) (int, error) {
	if len(w.data)+len(p) > w.max {
		return 0, errOverLimit
	}
	w.data = append(w.data, p...)
	return len(p), nil
}

// fetch looks the file id up and downloads it; name is what the admin's
// reply calls it. Its error is an *Error, for the admin.
func (c *corpusAdmin) fetch(ctx context.Context, fc Slack, id, name string) ([]byte, error) {
	f, _, _, err := fc.GetFileInfoContext(ctx, id, 1, 1)
	if err != nil {
		c.metrics.apiErrors.WithLabelValues("files.info", slackapi.ErrorReason(err)).Inc()
		return nil, filesInfoError(name, err)
	}
	tooBig := func(size string) error {
		return Errorf(EINVALID, "%s: %s, over the %d MiB I read of a story file (a saved page's markup included): save the article alone, or split the story",
			name, size, index.MaxInputBytes>>20)
	}
	u := f.URLPrivateDownload
	if u == "" {
		u = f.URLPrivate
	}
	switch {
	case f.IsExternal:
		return nil, Errorf(EINVALID, "%s: a link to a file kept outside Slack: upload the file itself", name)
	case f.Mode == "tombstone" || f.Mode == "hidden_by_limit":
		return nil, Errorf(ENOTFOUND, "%s: Slack no longer lets anyone see this file", name)
	case f.Size > index.MaxInputBytes:
		return nil, tooBig(render.Thousands(f.Size) + " bytes")
	case u == "":
		return nil, Errorf(EINTERNAL, "%s: Slack gave no link to download it", name)
	}
	buf := &limitedBuffer{max: index.MaxInputBytes}
	if err := fc.GetFileContext(ctx, u, buf); err != nil {
		if errors.Is(err, errOverLimit) {
			return nil, tooBig("more than " + render.Thousands(index.MaxInputBytes) + " bytes")
		}
		c.metrics.apiErrors.WithLabelValues("file download", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, c.log).Warn("file download failed", "file_id", slackapi.ClipID(id), "err", withoutURL(err, u))
		return nil, downloadError(name, err)
	}
	if len(buf.data) == 0 {
		return nil, Errorf(EINVALID, "%s: the file is empty", name)
	}
	return buf.data, nil
}

// filesInfoError says why files.info did not describe a file.
func filesInfoError(name string, err error) error {
	switch slackapi.ErrorReason(err) {
	case "missing_scope":
		return Errorf(EUNAUTHORIZED, "%s: I may not read files: the app lacks the files:read scope. Paste bot/manifest.yaml under App Manifest and reinstall the app (docs/slack-setup.md)", name)
	case "file_not_found", "file_deleted":
		return Errorf(ENOTFOUND, "%s: Slack says the file is gone", name)
	}
	return Errorf(EINTERNAL, "%s: Slack would not describe the file (files.info: %s); please try again", name, slackapi.ErrorReason(err))
}

// downloadError says why a download failed, without the URL (which
// slack-go's own errors may quote).
func downloadError(name string, err error) error {
	var sc slack.StatusCodeError
	switch {
	case errors.As(err, &sc):
		return Errorf(EINTERNAL, "%s: the download failed (HTTP %d); please try again", name, sc.Code)
	case errors.Is(err, slackapi.ErrRedirectOffSlack):
		return Errorf(EUNAUTHORIZED, "%s: its download was redirected off Slack's servers, and I send my token only there: not downloaded", name)
	case strings.Contains(err.Error(), "refusing to send the token"):
		return Errorf(EUNAUTHORIZED, "%s: its download link is not on Slack's servers, and I send my token only there: not downloaded", name)
	case strings.Contains(err.Error(), "sign-in page"):
		return Errorf(EUNAUTHORIZED, "%s: the bot's token may not read this file: does the app have the files:read scope? (docs/slack-setup.md)", name)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return Errorf(EINTERNAL, "%s: the download took too long; please try again", name)
	}
	return Errorf(EINTERNAL, "%s: the download failed; please try again (the log says why)", name)
}

// withoutURL is err's text without the URL u, however it quotes it (for
// the log).
func withoutURL(err error, u string) string {
	msg := slackapi.Redact(err).Error()
	if u == "" {
		return msg
	}
	q := strconv.Quote(u)
	return strings.NewReplacer(q, "[url]", q[1:len(q)-1], "[url]", u, "[url]").Replace(msg)
}
