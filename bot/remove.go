package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/index"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// "/story remove ID" removes a story, for an admin: the bot finds the
// one story file in the corpus folder that holds exactly that id, and
// shows it with two buttons, Remove and Cancel (only the admin sees
// them). Remove deletes that file, and nothing else: the button carries
// the file's name and a hash of its bytes, and the file is deleted only
// if it is still a regular file directly in the corpus folder, with the
// same bytes, holding that id (index.FindStory, index.RemoveStory). Then
// the stories are reloaded. An id is
// matched as a whole, never as a path: an id with a folder in it is
// refused.

// maxRemoveID is the longest id /story remove takes.
const maxRemoveID = 200

// Words of the replies to /story remove.
const (
	textNotAdminRemove = "Sorry, only storybot's admins can remove stories."
	textRemoveUsage    = "Say which story: /story remove ID, with the id my reply gave when the story was added (or the id in its file's header)."
	textRemoveUnread   = "I can't read that button any more. Please run /story remove again."
	textRemoveBtn      = "Remove"
	textCancelBtn      = "Cancel"
)

// parseRemove reads the id of "/story remove ID" (args is what follows
// "remove"): one word, quotes or backticks around it dropped. An id that
// could name a path (a slash, a backslash, a leading dot), with control
// characters, or over maxRemoveID characters is refused, with why (an
// *Error).
func parseRemove(args string) (string, error) {
	id := strings.Trim(strings.TrimSpace(args), "`'\"“”‘’")
	switch {
	case id == "":
		return "", Errorf(EINVALID, "%s", textRemoveUsage)
	case strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return "", Errorf(EINVALID, "A story id has no spaces. %s", textRemoveUsage)
	case utf8.RuneCountInString(id) > maxRemoveID:
		return "", Errorf(EINVALID, "That is longer than any story id (%d characters at most). %s", maxRemoveID, textRemoveUsage)
	case !utf8.ValidString(id) || strings.IndexFunc(id, func(r rune) bool { return unicode.IsControl(r) || render.IsFormat(r) }) >= 0:
		return "", Errorf(EINVALID, "A story id has no control or invisible characters. %s", textRemoveUsage)
	case strings.ContainsAny(id, `/\`) || strings.HasPrefix(id, "."):
		return "", Errorf(EINVALID, "%q is not a story id: a story id names no folder, and I remove only a story file in the corpus folder, by its id.", id)
	}
	return id, nil
}

// removeRef is what the Remove button carries: the story's id, its file
// in the corpus folder, and a hash of the file's bytes when it was shown.
type removeRef struct {
	V    int    `json:"v"`
	ID   string `json:"id"`
	File string `json:"file"`
	Sum  string `json:"sum"`
}

func (r removeRef) encode() (string, bool) {
	js, err := json.Marshal(r)
	return string(js), err == nil && len(js) <= render.MaxButtonVal
}

// decodeRemove reads a Remove button's value; ok is false for one the
// bot did not make (or no longer reads).
func decodeRemove(v string) (r removeRef, ok bool) {
	if len(v) > render.MaxButtonVal || json.Unmarshal([]byte(v), &r) != nil || r.V != 1 {
		return removeRef{}, false
	}
	if _, err := parseRemove(r.ID); err != nil || !index.StoryFileName(r.File) || len(r.Sum) != 64 {
		return removeRef{}, false
	}
	return r, true
}

// removeCommand answers "/story remove ID": the story shown with the
// confirmation's buttons, or why not.
func (c *corpusAdmin) removeCommand(ctx context.Context, in Incoming, args string) render.Reply {
	log := slackapi.LoggerFrom(ctx, c.log)
	if !c.admins.has(in.Team, in.User) {
		c.metrics.corpusChanges.WithLabelValues("remove", changeRefused).Inc()
		log.Info("story removal refused: not an admin")
		return adminReply(textNotAdminRemove, textNotAdminRemove)
	}
	fail := func(why string) render.Reply {
		c.metrics.corpusChanges.WithLabelValues("remove", changeFailed).Inc()
		return adminReply(why, shownText(why, render.MaxTextObject))
	}
	id, err := parseRemove(args)
	if err != nil {
		return fail(errorMessage(err))
	}
	if c.dir == "" {
		return fail("I can't remove stories here: I have no corpus folder.")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ref, err := c.findStory(id)
	if err != nil {
		log.Info("story not removed", "id", slackapi.ClipID(id), "why", err)
		return fail(c.withoutDir(errorMessage(err)))
	}
	v, ok := ref.encode()
	if !ok {
		return fail(fmt.Sprintf("The id of %s is too long to remove from Slack: delete the file from the corpus folder.", ref.File))
	}
	sentences := render.Plural(len(index.Split(st.Text)), "sentence", "sentences")
	what := fmt.Sprintf("“%s” (id %s, file %s, %s)", render.OneLine(st.Title), st.ID, ref.File, sentences)
	shown := fmt.Sprintf("“%s” (id %s, file %s, %s)", shownText(st.Title, 500), shownText(st.ID, 300), shownText(ref.File, 300), sentences)
	r := adminReply("Remove "+what+" from the corpus? This deletes its file.",
		"*Remove* "+shown+" *from the corpus?* This deletes its file from the corpus folder.")
	danger := slack.NewButtonBlockElement(render.ActionRemoveConfirm, v, slack.NewTextBlockObject(slack.PlainTextType, textRemoveBtn, false, false))
	danger.Style = slack.StyleDanger
	r.AdminBlocks = append(r.AdminBlocks, slack.NewActionBlock("", danger, render.Button(render.ActionRemoveCancel, textCancelBtn, v)))
	return r
}

// findStory finds the story file of the corpus folder that holds the id,
// as the corpus loads it, and what its Remove button carries. Its error
// is an *Error, for the admin.
func (c *corpusAdmin) findStory(id string) (index.Story, removeRef, error) {
	st, stories, err := index.FindStory(c.dir, id)
	switch {
	case errors.Is(err, index.ErrNoStory):
		return st, removeRef{}, Errorf(ENOTFOUND, "No story has the id %s.%s", id, similarIDs(stories, id))
	case err != nil:
		return st, removeRef{}, Errorf(EINTERNAL, "I can't read the corpus: %w", err)
	case len(stories) == 1:
		return st, removeRef{}, Errorf(ECONFLICT, "%s is my only story, and I need one to answer from: add another first.", id)
	}
	_, sum, err := index.ReadStoryFile(c.dir, st.File)
	return st, removeRef{V: 1, ID: id, File: st.File, Sum: sum}, corpusError(err)
}

// similarIDs names a few stories whose id or title holds id, to help an
// admin who mistyped it.
func similarIDs(stories []index.Story, id string) string {
	var ids []string
	for _, st := range stories {
		if strings.Contains(strings.ToLower(st.ID), strings.ToLower(id)) || strings.Contains(strings.ToLower(st.Title), strings.ToLower(id)) {
			ids = append(ids, st.ID)
		}
		if len(ids) == 5 {
			break
		}
	}
	if len(ids) == 0 {
		return " Story ids are in my reply when a story is added, and in the header of its file."
	}
	return " Did you mean " + strings.Join(ids, ", ") + "?"
}

// corpusError is an error of the corpus folder's (package index) as the
// admin reads it: its own words, which name the file as the admin sees
// it (without the folder: corpusAdmin.withoutDir), with the code of its
// kind.
func corpusError(err error) error {
	code := EINTERNAL
	switch {
	case err == nil:
		return nil
	case errors.Is(err, index.ErrStoryGone):
		code = ENOTFOUND
	case errors.Is(err, index.ErrNotStoryFile):
		code = EINVALID
	}
	return Errorf(code, "%w", err)
}

// The buttons of /story remove's confirmation (remove.go): Remove deletes
// the story's file, if it is still the one shown, and reloads; Cancel
// changes nothing. Either replaces the confirmation with what came of it.
// A click is acted on only for an admin, whoever's buttons they were.

// removeClick checks a click on the confirmation's buttons: its
// response_url, its clicker, its value. ok is false when it was answered
// already.
func (c *corpusAdmin) removeClick(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) (ref removeRef, log *slog.Logger, ok bool) {
	log = c.log.With("action", slackapi.ClipID(a.ActionID), "team", slackapi.ClipID(teamOf(cb)), "channel", slackapi.ClipID(cb.Channel.ID), "user", slackapi.ClipID(cb.User.ID))
	if err := c.hooks.check(cb.ResponseURL); err != nil {
		c.metrics.apiErrors.WithLabelValues("response_url", "not_slack").Inc()
		log.Warn("click ignored", "err", err)
		return ref, log, false
	}
	ctx = slackapi.WithLogger(ctx, log)
	if !c.admins.has(teamOf(cb), cb.User.ID) {
		c.metrics.corpusChanges.WithLabelValues("remove", changeRefused).Inc()
		log.Info("story removal refused: not an admin")
		c.hooks.ephemeral(ctx, cb.ResponseURL, adminReply(textNotAdminRemove, textNotAdminRemove))
		return ref, log, false
	}
	if ref, ok = decodeRemove(a.Value); !ok {
		log.Info("click on a removal the bot cannot read")
		c.hooks.replace(ctx, cb.ResponseURL, adminReply(textRemoveUnread, textRemoveUnread))
		return ref, log, false
	}
	return ref, log, true
}

// removeConfirmed removes the story the confirmation showed, then reloads.
func (c *corpusAdmin) removeConfirmed(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	ref, log, ok := c.removeClick(ctx, cb, a)
	if !ok {
		return
	}
	ctx = slackapi.WithLogger(ctx, log)
	c.mu.Lock()
	st, err := c.removeStory(ref)
	done := ""
	if err == nil {
		done = c.reloadAfter(ctx, "a story removed from Slack")
	}
	c.mu.Unlock()
	if err != nil {
		c.metrics.corpusChanges.WithLabelValues("remove", changeFailed).Inc()
		log.Info("story not removed", "id", slackapi.ClipID(ref.ID), "file", ref.File, "why", err)
		why := "Not removed: " + c.withoutDir(errorMessage(err))
		c.hooks.replace(ctx, cb.ResponseURL, adminReply(why, shownText(why, render.MaxTextObject)))
		return
	}
	c.metrics.corpusChanges.WithLabelValues("remove", changeDone).Inc()
	log.Info("story removed", "id", slackapi.ClipID(st.ID), "file", ref.File)
	c.hooks.replace(ctx, cb.ResponseURL, adminReply(
		fmt.Sprintf("Removed “%s” (id %s): its file %s is deleted. %s", render.OneLine(st.Title), st.ID, ref.File, done),
		fmt.Sprintf("*Removed* “%s” (id %s): its file %s is deleted. %s", shownText(st.Title, 500), shownText(st.ID, 300), shownText(ref.File, 300), done)))
}

// removeCancelled answers Cancel: nothing changes.
func (c *corpusAdmin) removeCancelled(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) {
	ref, log, ok := c.removeClick(ctx, cb, a)
	if !ok {
		return
	}
	log.Info("story removal cancelled", "id", slackapi.ClipID(ref.ID))
	c.hooks.replace(slackapi.WithLogger(ctx, log), cb.ResponseURL, adminReply(
		fmt.Sprintf("Cancelled: story %s stays in the corpus.", ref.ID),
		fmt.Sprintf("Cancelled: story %s stays in the corpus.", shownText(ref.ID, 300))))
}

// removeStory deletes the file ref names from the corpus folder if it is
// still a regular file there, with the bytes that were shown, holding
// ref's id (index.RemoveStory); it returns the story deleted. The caller
// holds corpus.mu.
func (c *corpusAdmin) removeStory(ref removeRef) (index.Story, error) {
	st, err := index.RemoveStory(c.dir, ref.File, ref.ID, ref.Sum)
	if errors.Is(err, index.ErrStoryChanged) {
		return st, Errorf(ECONFLICT, "%s has changed since I showed it: run /story remove %s again", ref.File, ref.ID)
	}
	return st, corpusError(err)
}
