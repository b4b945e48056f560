package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"

	"storybot/bot/slackapi"
	"storybot/bot/slackfake"
	"storybot/index"
	"storybot/internal/filetree"
)

// formats is the folder of the index's story fixtures.
const formats = "../index/testdata/formats"

const budgetStory = "id: budget\ntitle: Council passes budget\n\nThe city council approved the budget on Tuesday by seven votes to two.\n"

// corpusRig is the HTTP rig with a corpus folder of one story, UADMIN as
// its admin, and a reload that records why it was asked for and fails
// with reloadErr.
type corpusRig struct {
	*httpRig
	dir       string
	mu        sync.Mutex
	reloads   []string
	reloadErr error
	sent      int
}

func newCorpusRig(t *testing.T) *corpusRig {
	t.Helper()
	c := &corpusRig{dir: t.TempDir()}
	if err := os.WriteFile(filepath.Join(c.dir, "budget.txt"), []byte(budgetStory), 0o644); err != nil {
		t.Fatal(err)
	}
	c.httpRig = newHTTPRig(t, &fakeAnswerer{}, Options{Corpus: CorpusOptions{Dir: c.dir, Admins: []string{"UADMIN"}, Reload: c.reload}})
	return c
}

func (c *corpusRig) reload(ctx context.Context, why string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reloads = append(c.reloads, why)
	return c.reloadErr
}

// share sends a DM from user sharing files with text, and returns the
// one reply.
func (c *corpusRig) share(user, text string, files ...map[string]any) string {
	c.T.Helper()
	c.sent++
	ts := fmt.Sprintf("1.%d", c.sent)
	c.Event(slackfake.Callback("Ev"+ts, slackfake.FileShare("D1", user, text, ts, files...)))
	ps := c.Posts()
	if len(ps) != 1 || ps[0].Get("channel") != "D1" {
		c.T.Fatalf("replies %v, want one in the DM", ps)
	}
	return strings.TrimSuffix(ps[0].Get("text"), "\n")
}

// TestUploadAdded: an admin's story file is added, the stories are
// reloaded once, and the reply says what was added (and that the
// message's words were not a question); a reload that fails, or no
// reload at all, is said too.
func TestUploadAdded(t *testing.T) {
	t.Parallel()
	md := mustReadFile(t, filepath.Join(formats, "school-board.md"))
	for _, tt := range []struct {
		name      string
		reloadErr error
		noReload  bool
		want      string
	}{
		{"reloaded", nil, false, "I answer from the stories as they are now."},
		{"the reload fails", errors.New("disk full"), false, "But reloading the stories failed, so I still answer from them as they were"},
		{"no reload", nil, true, "I'll answer from the stories as they are now after my next reload."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rig := newCorpusRig(t)
			rig.reloadErr = tt.reloadErr
			if tt.noReload {
				rig.Bot.corpus.reload = nil
			}
			got := rig.share("UADMIN", "the school story", rig.Slack.Upload("UADMIN", "notes.md", md))
			added := `Added "Riverton school board picks interim superintendent" as riverton-school-board-picks-interim-superintendent.txt (id riverton-school-board-picks-interim-superintendent): 5 paragraphs, 7 sentences.`
			if !strings.HasPrefix(got, added+"\n"+tt.want) || !strings.HasSuffix(got, "\n"+textTextIgnored) {
				t.Errorf("reply\n%s\nwant\n%s\n%s…\n%s", got, added, tt.want, textTextIgnored)
			}
			if _, err := os.Stat(filepath.Join(rig.dir, "riverton-school-board-picks-interim-superintendent.txt")); err != nil {
				t.Error(err)
			}
			if len(rig.reloads) != map[bool]int{true: 0, false: 1}[tt.noReload] {
				t.Errorf("reloads %q", rig.reloads)
			}
			if n := metricValue(t, rig.Bot, "storybot_corpus_changes_total", "action", "add", "outcome", "done"); n != 1 {
				t.Errorf("%v added", n)
			}
		})
	}
}

// TestUploadRefused: a file that cannot be added gets its reason, naming
// it, and the corpus is left as it was; nothing is reloaded.
func TestUploadRefused(t *testing.T) {
	t.Parallel()
	page := mustReadFile(t, filepath.Join(formats, "Riverton council approves bridge repair _ The Prairie Ledger.html"))
	tests := []struct {
		name  string
		setup func(fake *slackfake.Slack) map[string]any
		want  string
		// downloads is how many downloads there should be.
		downloads int
		// logs is in the log, if set.
		logs string
	}{
		{"binary junk", upload("junk.txt", "\x00\x01\x02junk"), "Not added: junk.txt: binary data, not text (a NUL byte at offset 0)", 1, ""},
		{"a front page", upload("front.html", string(mustReadFile(t, filepath.Join(formats, "section-front.html")))), "Not added: front.html: no article in the page", 1, ""},
		{"an empty file", upload("empty.md", ""), "Not added: empty.md: the file is empty", 1, ""},
		{"over the limit, as files.info says", func(fake *slackfake.Slack) map[string]any {
			f := fake.Upload("UADMIN", "huge.html", page)
			fake.SetFileFields(f["id"].(string), "size", index.MaxInputBytes+1)
			return f
		}, "Not added: huge.html: 16,777,217 bytes, over the 16 MiB I read of a story file", 0, ""},
		{"over the limit, though files.info says less", func(fake *slackfake.Slack) map[string]any {
			f := fake.Upload("UADMIN", "huge.txt", []byte(strings.Repeat("a", index.MaxInputBytes+1)))
			fake.SetFileFields(f["id"].(string), "size", 100)
			return f
		}, "Not added: huge.txt: more than 16,777,216 bytes, over the 16 MiB", 1, ""},
		{"kept outside Slack", func(fake *slackfake.Slack) map[string]any {
			f := fake.Upload("UADMIN", "drive.txt", []byte("x"))
			fake.SetFileFields(f["id"].(string), "is_external", true, "external_type", "gdrive", "url_private", "https://docs.google.com/document/d/1")
			return f
		}, "Not added: drive.txt: a link to a file kept outside Slack: upload the file itself", 0, ""},
		{"a download link off Slack", func(fake *slackfake.Slack) map[string]any {
			f := fake.Upload("UADMIN", "story.txt", []byte("x"))
			fake.SetFileFields(f["id"].(string), "url_private_download", "https://files.example/secret-path/story.txt")
			return f
		}, "Not added: story.txt: its download link is not on Slack's servers, and I send my token only there: not downloaded", 0,
			`msg="file download failed" event_id=Ev1.1 kind=dm team=T0001 channel=D1 user=UADMIN file_id=F000000001 err="refusing to send the token to [url]: not an https Slack URL or the API URL"`},
		{"no files:read scope", func(fake *slackfake.Slack) map[string]any {
			fake.FailFilesInfo("missing_scope")
			return fake.Upload("UADMIN", "story.txt", []byte("x"))
		}, "Not added: story.txt: I may not read files: the app lacks the files:read scope", 0, ""},
		{"gone", func(fake *slackfake.Slack) map[string]any {
			return slackfake.With(fake.Upload("UADMIN", "story.txt", []byte("x")), "id", "F404")
		}, "Not added: story.txt: Slack says the file is gone", 0, ""},
		{"the download fails", func(fake *slackfake.Slack) map[string]any {
			fake.Inject("file download", slackfake.Fault{Status: 404})
			return fake.Upload("UADMIN", "story.txt", []byte("x"))
		}, "Not added: story.txt: the download failed (HTTP 404); please try again", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rig := newCorpusRig(t)
			before := filetree.Describe(t, rig.dir)
			if got := rig.share("UADMIN", "", tt.setup(rig.Slack)); !strings.HasPrefix(got, tt.want) {
				t.Errorf("reply\n%s\nwant it to start\n%s", got, tt.want)
			}
			if after := filetree.Describe(t, rig.dir); after != before {
				t.Errorf("the corpus changed:\n%s", after)
			}
			if len(rig.reloads) != 0 {
				t.Errorf("reloaded: %q", rig.reloads)
			}
			if strings.Contains(rig.Log.String(), "secret-path") || strings.Contains(rig.Log.String(), slackfake.BotToken) {
				t.Errorf("the log holds a URL or the token:\n%s", rig.Log.String())
			}
			if !strings.Contains(rig.Log.String(), tt.logs) {
				t.Errorf("the log lacks %s:\n%s", tt.logs, rig.Log.String())
			}
			if n := downloads(rig.Slack); n != tt.downloads {
				t.Errorf("%d downloads, want %d", n, tt.downloads)
			}
			if n := metricValue(t, rig.Bot, "storybot_corpus_changes_total", "action", "add", "outcome", "failed"); n != 1 {
				t.Errorf("%v failed", n)
			}
		})
	}
}

// upload makes a test's file.
func upload(name, data string) func(fake *slackfake.Slack) map[string]any {
	return func(fake *slackfake.Slack) map[string]any { return fake.Upload("UADMIN", name, []byte(data)) }
}

// downloads counts the file downloads the fake served or refused.
func downloads(fake *slackfake.Slack) int {
	n := 0
	for _, c := range slackfake.Drain(fake.API) {
		if c.Method == "file download" {
			n++
		}
	}
	return n
}

func mustReadFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// otherToken is a Slack client whose downloads carry another token than
// the bot's, as an app without files:read would get: Slack sends them to
// the sign-in page.
type otherToken struct {
	*slack.Client
	other *slack.Client
}

func (o otherToken) GetFileContext(ctx context.Context, u string, w io.Writer) error {
	return o.other.GetFileContext(ctx, u, w)
}

// TestUploadTokenRefused: a download that ends on Slack's sign-in page
// is not taken for the file.
func TestUploadTokenRefused(t *testing.T) {
	t.Parallel()
	rig := newCorpusRig(t)
	api := slack.OptionAPIURL(rig.Slack.APIURL())
	rig.Bot.tenants.slack = otherToken{slack.New(slackfake.BotToken, api), slack.New("xoxb-another", api)}
	before := filetree.Describe(t, rig.dir)
	got := rig.share("UADMIN", "", rig.Slack.Upload("UADMIN", "story.txt", []byte("Title\n\nText.\n")))
	if want := "Not added: story.txt: the bot's token may not read this file"; !strings.HasPrefix(got, want) {
		t.Errorf("reply %s\nwant %s", got, want)
	}
	if filetree.Describe(t, rig.dir) != before {
		t.Error("the corpus changed")
	}
	if strings.Contains(rig.Log.String(), "files-pri") {
		t.Errorf("the log holds the file's URL:\n%s", rig.Log.String())
	}
}

// TestUploadWho: who may upload what. A story file alone from someone who
// is not an admin is refused politely, with a question it is answered; a
// DM whose files are no story files is never an upload; a mention in a
// DM with a story file is the upload once, whichever of its two events
// comes first.
func TestUploadWho(t *testing.T) {
	t.Parallel()
	rig := newCorpusRig(t)
	story := rig.Slack.Upload("UADMIN", "story.txt", []byte("Storm closes schools\n\nA storm closed eleven schools on Monday.\n"))
	if got := rig.share("U5", "", story); got != textNotAdmin {
		t.Errorf("a non-admin's file: %q", got)
	}
	if got := rig.share("U5", "what about the budget?", story); !strings.Contains(got, "budget") || strings.Contains(got, "admins") {
		t.Errorf("a non-admin's question with a file: %q", got)
	}
	if got := rig.share("UADMIN", "what about the budget?", rig.Slack.Upload("UADMIN", "letter.pdf", []byte("%PDF-1.4\n"))); strings.Contains(got, "Added") {
		t.Errorf("an admin's question with a PDF: %q", got)
	}
	if rig.Event(slackfake.Callback("EvN", slackfake.FileShare("D1", "U5", "", "2.1", rig.Slack.Upload("U5", "a.pdf", []byte("%PDF"))))); len(rig.Posts()) != 0 {
		t.Error("a PDF alone was answered")
	}
	mention := slackfake.With(slackfake.Mention("D1", "UADMIN", "<@UBOT>", "3.1", ""), "files", []any{story})
	rig.Event(slackfake.Callback("EvM1", mention))
	rig.Event(slackfake.Callback("EvM2", slackfake.FileShare("D1", "UADMIN", "<@UBOT>", "3.1", story)))
	if ps := rig.Posts(); len(ps) != 1 || !strings.HasPrefix(ps[0].Get("text"), `Added "Storm closes schools"`) {
		t.Errorf("a mention with a file, in both its events: %v", ps)
	}
	if n := metricValue(t, rig.Bot, "storybot_corpus_changes_total", "action", "add", "outcome", "refused"); n != 1 {
		t.Errorf("%v refused", n)
	}
}

// TestDownloadBoundHoldsAStory: Slack's file downloads are read past the
// largest story the corpus takes, so that an upload over it is refused
// by the bot, saying why, not cut off by the guard.
func TestDownloadBoundHoldsAStory(t *testing.T) {
	t.Parallel()
	if slackapi.MaxDownloadBytes <= index.MaxInputBytes {
		t.Errorf("slackapi.MaxDownloadBytes %d is not past index.MaxInputBytes %d", slackapi.MaxDownloadBytes, index.MaxInputBytes)
	}
}
