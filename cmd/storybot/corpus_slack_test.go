package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/internal/filetree"
)

// The story the tests add from Slack, as the corpus names it.
const (
	rivertonID   = "riverton-council-approves-4-2-million-bridge-repair-after"
	rivertonQ    = "How many vehicles cross the Third Street bridge each day?"
	rivertonSays = "14,000 vehicles a day"
)

// postForm posts a signed form (a slash command, or a click's payload) to
// storybot in HTTP mode, and returns the immediate response's body.
func postForm(t *testing.T, base string, form url.Values) string {
	t.Helper()
	req := slackfake.Signed(t, base+"/slack/events", "ops-signing-secret", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", form, resp.StatusCode, body)
	}
	return string(body)
}

// calls waits for n recorded Web API calls of method and returns them,
// passing over the others.
func calls(t *testing.T, fake *slackfake.Slack, method string, n int) []slackfake.APICall {
	t.Helper()
	var got []slackfake.APICall
	for len(got) < n {
		if c := slackfake.Receive(t, fake.API, method); c.Method == method {
			got = append(got, c)
		}
	}
	return got
}

// TestStoryFromSlack: an admin sends the bot a saved page in a DM (a
// file_share event as Slack sends it); storybot looks it up with
// files.info, downloads it from its url_private_download with the bot's
// token, adds it to the corpus, reloads, says what it added, and answers
// from it at once. A bad file gets its reason and changes nothing; a
// story file from anyone else is refused politely (a DM with a file and a
// question is still answered). No token or file URL reaches the log.
func TestStoryFromSlack(t *testing.T) {
	corpus := testCorpus(t)
	r, fake, base := httpBot(t, corpus, "STORYBOT_ADMINS", "UADMIN, UOTHER")
	page := fake.Upload("UADMIN", filepath.Base(riverton), mustRead(t, riverton))
	postSigned(t, base, slackfake.Callback("EvU1", slackfake.FileShare("D9", "UADMIN", "", "300.1", page)))
	p := slackfake.Receive(t, fake.Posts, "the reply to the upload")
	want := `Added "Riverton council approves $4.2 million bridge repair after months of debate" as ` + rivertonID + `.txt (id ` + rivertonID + `): 12 paragraphs, 18 sentences.` +
		"\nI answer from the stories as they are now."
	if got := p.Get("text"); p.Get("channel") != "D9" || !strings.Contains(got, want) {
		t.Errorf("reply %q\nwant %q", got, want)
	}
	if info := calls(t, fake, "files.info", 1)[0]; info.Form.Get("file") != page["id"] {
		t.Errorf("files.info: %v", info.Form)
	}
	if dl := calls(t, fake, "file download", 1)[0]; dl.Form.Get("token") != slackfake.BotToken || !strings.HasSuffix(dl.Form.Get("path"), "/download/"+filepath.Base(riverton)) {
		t.Errorf("download: %v", dl.Form)
	}
	if _, err := os.Stat(filepath.Join(corpus, rivertonID+".txt")); err != nil {
		t.Fatal(err)
	}
	postSigned(t, base, slackfake.Callback("EvU2", slackfake.DM("D9", "UADMIN", rivertonQ, "300.2")))
	if a := slackfake.Receive(t, fake.Posts, "answer").Get("text"); !strings.Contains(a, rivertonSays) {
		t.Errorf("answer after the upload: %q", a)
	}

	checkRefusedUploads(t, fake, base, corpus)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{slackfake.BotToken, "files-pri", "slack-files.com", "0a1b2c3d4e"} {
		if strings.Contains(r.stderr.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, r.stderr.String())
		}
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("unexpected posts: %v", ps)
	}
}

// checkRefusedUploads: a bad file, a file that is already there, and a
// story file from someone who is not an admin change nothing, and each
// gets its reason; a question with a file from anyone is answered.
func checkRefusedUploads(t *testing.T, fake *slackfake.Slack, base, corpus string) {
	t.Helper()
	before := filetree.Describe(t, corpus)
	latin1 := fake.Upload("UADMIN", "parking-latin1.txt", mustRead(t, filepath.Join(formats, "parking-latin1.txt")))
	again := fake.Upload("UOTHER", "riverton-bridge.md", mustRead(t, filepath.Join(formats, "riverton-bridge.md")))
	pdf := fake.Upload("UOTHER", "letter.pdf", []byte("%PDF-1.4\n"))
	tests := []struct {
		name  string
		event map[string]any
		want  string
	}{
		{"Latin-1", slackfake.FileShare("D9", "UADMIN", "here's the parking story", "301.1", latin1),
			"Not added: parking-latin1.txt:5: not UTF-8 (byte 0xe9); read as Latin-1 (Windows-1252) it says \"The council approved the café owners’ request to exempt Saturday mornings.\": if that is right, convert the file with `iconv -f WINDOWS-1252 -t UTF-8`\n" +
				"I took your message as an upload, so I didn't read its words as a question: ask it in a message of its own."},
		{"already there, and not a story file", slackfake.FileShare("D8", "UOTHER", "", "301.2", again, pdf),
			"Not added: riverton-bridge.md: the corpus already holds this story's text, in " + rivertonID + ".txt (id " + rivertonID + ", \"Riverton council approves $4.2 million bridge repair after months of debate\"): nothing changed\n" +
				"Not added: letter.pdf: not a story file: send a .txt, .md or .html file"},
		{"not an admin", slackfake.FileShare("D7", "U5", "", "301.3", fake.Upload("U5", "mine.txt", []byte("My story\n\nIt happened.\n"))),
			"Thanks! Only storybot's admins can add stories. If this one belongs in the corpus, please ask one of them to add it."},
		{"not an admin, with a question", slackfake.FileShare("D7", "U5", "How many votes approved the budget?", "301.4", fake.Upload("U5", "mine.txt", []byte("My story\n\nIt happened.\n"))),
			"seven votes to two"},
	}
	for i, tt := range tests {
		postSigned(t, base, slackfake.Callback("EvR"+string(rune('a'+i)), tt.event))
		if p := slackfake.Receive(t, fake.Posts, tt.name); !strings.Contains(p.Get("text"), tt.want) {
			t.Errorf("%s: reply\n%s\nwant\n%s", tt.name, p.Get("text"), tt.want)
		}
	}
	if after := filetree.Describe(t, corpus); after != before {
		t.Errorf("the corpus changed:\n%s\nwas\n%s", after, before)
	}
}

// TestRemoveStoryFromSlack: /story remove ID shows an admin the story
// with Remove and Cancel; Cancel changes nothing, a click by someone who
// is not an admin changes nothing, and Remove deletes the story's file,
// reloads, and the story is no longer answered from. A non-admin's
// /story remove, an unknown id and a path are refused.
func TestRemoveStoryFromSlack(t *testing.T) {
	corpus := testCorpus(t)
	if err := os.WriteFile(filepath.Join(corpus, rivertonID+".txt"), mustRead(t, filepath.Join(formats, "riverton-bridge.txt")), 0o644); err != nil {
		t.Fatal(err)
	}
	r, fake, base := httpBot(t, corpus, "STORYBOT_ADMINS", "UADMIN")
	slash := func(user, text string) string {
		return readableJSON([]byte(postForm(t, base, slackfake.Form(slackfake.Slash("C1", user, text, fake.ResponseURL("rm"))))))
	}
	for _, tt := range []struct{ user, text, want string }{
		{"U5", "remove " + rivertonID, "Sorry, only storybot's admins can remove stories."},
		{"UADMIN", "remove", "Say which story: /story remove ID"},
		{"UADMIN", "remove ../budget.txt", `is not a story id: a story id names no folder`},
		{"UADMIN", "remove bridge", "No story has the id bridge. Did you mean " + rivertonID + "?"},
	} {
		if got := slash(tt.user, tt.text); !strings.Contains(got, tt.want) || !strings.Contains(got, `"response_type":"ephemeral"`) {
			t.Errorf("/story %s by %s: %s\nwant %s", tt.text, tt.user, got, tt.want)
		}
	}
	before := filetree.Describe(t, corpus)
	prompt := slash("UADMIN", "remove `"+rivertonID+"`")
	if !strings.Contains(prompt, "*Remove* “Riverton council approves $4.2 million bridge repair after months of debate” (id "+rivertonID+", file "+rivertonID+".txt, 18 sentences)") {
		t.Fatalf("confirmation: %s", prompt)
	}
	var msg struct{ Blocks json.RawMessage }
	if err := json.Unmarshal([]byte(prompt), &msg); err != nil {
		t.Fatal(err)
	}
	btns := slackfake.ButtonValues(t, msg.Blocks)
	click := func(user, action string) string {
		t.Helper()
		c := slackfake.ShareClick("C1", user, action, btns[action], fake.ResponseURL("rm"))
		postForm(t, base, url.Values{"payload": {string(slackfake.JSON(t, c))}})
		return readableJSON(slackfake.Receive(t, fake.Responses, action).Body)
	}
	if got := click("UADMIN", render.ActionRemoveCancel); !strings.Contains(got, "Cancelled: story "+rivertonID+" stays in the corpus.") || !strings.Contains(got, `"replace_original":true`) {
		t.Errorf("cancel: %s", got)
	}
	if got := click("U5", render.ActionRemoveConfirm); !strings.Contains(got, "only storybot's admins can remove stories") {
		t.Errorf("a click by someone else: %s", got)
	}
	if after := filetree.Describe(t, corpus); after != before {
		t.Fatalf("the corpus changed:\n%s\nwas\n%s", after, before)
	}
	if got := click("UADMIN", render.ActionRemoveConfirm); !strings.Contains(got, "*Removed* “Riverton council approves") || !strings.Contains(got, "I answer from the stories as they are now.") {
		t.Errorf("remove: %s", got)
	}
	if _, err := os.Stat(filepath.Join(corpus, rivertonID+".txt")); !os.IsNotExist(err) {
		t.Errorf("the story's file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(corpus, "budget.txt")); err != nil {
		t.Errorf("the other story's file: %v", err)
	}
	postSigned(t, base, slackfake.Callback("EvQ", slackfake.DM("D9", "UADMIN", rivertonQ, "400.1")))
	if a := slackfake.Receive(t, fake.Posts, "answer").Get("text"); strings.Contains(a, rivertonSays) {
		t.Errorf("answered from the removed story: %q", a)
	}
	if got := click("UADMIN", render.ActionRemoveConfirm); !strings.Contains(got, "Not removed: "+rivertonID+".txt is gone from the corpus folder") {
		t.Errorf("a second click: %s", got)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestStoryFromSlackSocket: the same over Socket Mode, with
// STORYBOT_SLASH_RESPONSE=in_channel: an admin's Markdown file is added
// and answered from; /story remove's confirmation comes in the ack, for
// the admin only, and its Remove button, clicked through an interactive
// envelope, removes the story.
func TestStoryFromSlackSocket(t *testing.T) {
	corpus := testCorpus(t)
	r, fake, link := socketBot(t, corpus, "STORYBOT_ADMINS", "UADMIN", "STORYBOT_SLASH_RESPONSE", "in_channel")
	md := fake.Upload("UADMIN", "bridge.md", mustRead(t, filepath.Join(formats, "riverton-bridge.md")))
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("EvS1", slackfake.FileShare("D9", "UADMIN", "", "500.1", md))))
	if p := slackfake.Receive(t, fake.Posts, "the reply to the upload"); !strings.Contains(p.Get("text"), "as "+rivertonID+".txt") {
		t.Fatalf("reply: %v", p)
	}
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("EvS2", slackfake.DM("D9", "UADMIN", rivertonQ, "500.2"))))
	if a := slackfake.Receive(t, fake.Posts, "answer").Get("text"); !strings.Contains(a, rivertonSays) {
		t.Errorf("answer after the upload: %q", a)
	}
	ack := link.WaitAck(t, link.Send(t, "slash_commands", slackfake.Slash("C1", "UADMIN", "remove "+rivertonID, fake.ResponseURL("rm"))))
	var msg struct {
		Blocks       json.RawMessage
		ResponseType string `json:"response_type"`
	}
	if err := json.Unmarshal(ack.Payload, &msg); err != nil || msg.ResponseType != "ephemeral" {
		t.Fatalf("ack: %s (%v)", ack.Payload, err)
	}
	v := slackfake.ButtonValues(t, msg.Blocks)[render.ActionRemoveConfirm]
	link.WaitAck(t, link.Send(t, "interactive", slackfake.ShareClick("C1", "UADMIN", render.ActionRemoveConfirm, v, fake.ResponseURL("rm"))))
	if got := readableJSON(slackfake.Receive(t, fake.Responses, "removed").Body); !strings.Contains(got, "*Removed*") {
		t.Errorf("remove: %s", got)
	}
	if _, err := os.Stat(filepath.Join(corpus, rivertonID+".txt")); !os.IsNotExist(err) {
		t.Errorf("the story's file: %v", err)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}
