package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"storybot/bot/render"
	"storybot/bot/slackapi"
	"storybot/index"
)

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
func (b *Bot) fetch(ctx context.Context, fc Slack, id, name string) ([]byte, error) {
	f, _, _, err := fc.GetFileInfoContext(ctx, id, 1, 1)
	if err != nil {
		b.metrics.apiErrors.WithLabelValues("files.info", slackapi.ErrorReason(err)).Inc()
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
		b.metrics.apiErrors.WithLabelValues("file download", slackapi.ErrorReason(err)).Inc()
		slackapi.LoggerFrom(ctx, b.log).Warn("file download failed", "file_id", slackapi.ClipID(id), "err", withoutURL(err, u))
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
