package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"storybot/bot/render"
	"storybot/bot/slackfake"
)

// realCorpus is the repository's corpus: the Kobach story, where Alex
// Padilla is named, then quoted.
const realCorpus = "../../corpus"

func readableJSON(b []byte) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}

// TestConversationsHTTP drives storybot in HTTP mode through a
// conversation as Slack sends it: a mention, a follow-up in its thread
// without a mention, the buttons under the answer (More, the paragraph,
// votes, one from an org-wide install), the assistant panel, the Home
// tab; then exports the votes.
func TestConversationsHTTP(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "storybot.db")
	r, fake, base := httpBot(t, realCorpus, "DATABASE_URL", db, "LOG_LEVEL", "info")
	send := func(ev map[string]any) { t.Helper(); postSigned(t, base, ev) }
	form := func(payload map[string]any) {
		t.Helper()
		body := url.Values{"payload": {string(slackfake.JSON(t, payload))}}.Encode()
		req := slackfake.Signed(t, base+"/slack/events", "ops-signing-secret", "application/x-www-form-urlencoded", []byte(body), time.Now())
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("click: %v %v", resp, err)
		}
		resp.Body.Close()
	}

	send(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Alex Padilla?", "100.1", "")))
	if p := slackfake.Receive(t, fake.Posts, "answer to the mention"); p.Get("thread_ts") != "100.1" || !strings.Contains(p.Get("text"), "Padilla") {
		t.Fatalf("mention answered with %v", p)
	}
	// Channel talk: not answered.
	send(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U3", "lunch anyone?", "100.2", "")))
	// The follow-up, by someone else, without a mention.
	send(slackfake.Callback("Ev3", slackfake.ChannelMessage("C1", "U2", "and what did he say?", "100.3", "100.1")))
	p := slackfake.Receive(t, fake.Posts, "answer to the follow-up")
	blocks := readableJSON([]byte(p.Get("blocks")))
	if p.Get("thread_ts") != "100.1" || !strings.Contains(blocks, "Taking it as: _what did Alex Padilla say?_") || !strings.Contains(p.Get("text"), "my answer is no") {
		t.Fatalf("follow-up answered with %s\n%s", p.Get("text"), blocks)
	}
	btns := slackfake.ButtonValues(t, []byte(p.Get("blocks")))

	respURL := fake.ResponseURL("clicks")
	click := func(action, value string, org bool) string {
		t.Helper()
		c := slackfake.Click("C1", "U2", action, value, "1700000000.000002", "100.1", respURL)
		if org {
			c = slackfake.OrgWide(c)
		}
		form(c)
		return readableJSON(slackfake.Receive(t, fake.Responses, action+" response").Body)
	}
	if got := click(render.ActionMore, btns[render.ActionMore], false); !strings.Contains(got, `"response_type":"ephemeral"`) || !strings.Contains(got, "More passages: 4") {
		t.Errorf("More: %s", got)
	}
	got := click(render.ActionContext, btns[render.ActionContext], false)
	if !strings.Contains(got, `commission has requested California voters' personal data. *Once again, my answer is no,\" he said in a statement.* \"The commission's`) ||
		!strings.Contains(got, "paragraph 13") {
		t.Errorf("paragraph: %s", got)
	}
	if got := click(render.ActionVoteUp, btns[render.ActionVoteUp], true); !strings.Contains(got, "Thanks! Glad it helped.") {
		t.Errorf("vote: %s", got)
	}
	if got := click(render.ActionMore, `{"v":0,"old":"button"}`, false); !strings.Contains(got, "I can't find that answer any more") {
		t.Errorf("a click on an answer storybot cannot read: %s", got)
	}
	// A DM with a file attached is answered from its text.
	send(slackfake.Callback("Ev7", slackfake.With(slackfake.DM("D2", "U1", "How many states refused?", "200.1"), "subtype", "file_share",
		"files", []any{map[string]any{"id": "F1", "name": "letter.pdf"}})))
	if p := slackfake.Receive(t, fake.Posts, "answer to a DM with a file"); p.Get("channel") != "D2" || !strings.Contains(p.Get("text"), "Forty-four states refused") {
		t.Errorf("DM with a file: %v", p)
	}

	checkAssistantAndHome(t, fake, send)
	if code, body := get(t, base+"/metrics"); code != 200 || !strings.Contains(body, `storybot_feedback_total{vote="up"} 1`) ||
		!strings.Contains(body, `storybot_questions_total{kind="thread",outcome="answered"} 1`) || !strings.Contains(body, "storybot_followups_total 1") {
		t.Errorf("metrics:\n%s", body)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("unexpected posts: %v", ps)
	}

	checkExport(t, db, p.Get("text"))
}

// checkAssistantAndHome: the assistant panel suggests questions from the
// corpus and answers in its thread, with a status and a title; the Home
// tab lists the stories.
func checkAssistantAndHome(t *testing.T, fake *slackfake.Slack, send func(map[string]any)) {
	t.Helper()
	send(slackfake.Callback("Ev4", slackfake.AssistantThreadStarted("D5", "U1", "500.1", "C1")))
	c := slackfake.Receive(t, fake.API, "suggested prompts")
	if c.Method != "assistant.threads.setSuggestedPrompts" || !strings.Contains(c.Form.Get("prompts"), "Who is") {
		t.Errorf("prompts: %+v", c)
	}
	send(slackfake.Callback("Ev5", slackfake.InThread(slackfake.DM("D5", "U1", "How many states refused?", "500.2"), "500.1")))
	if c := slackfake.Receive(t, fake.API, "status"); c.Method != "assistant.threads.setStatus" {
		t.Errorf("first call while answering: %+v", c)
	}
	if p := slackfake.Receive(t, fake.Posts, "answer in the assistant thread"); p.Get("thread_ts") != "500.1" || !strings.Contains(p.Get("text"), "Forty-four states refused") {
		t.Errorf("assistant answer: %v", p)
	}
	if c := slackfake.Receive(t, fake.API, "title"); c.Method != "assistant.threads.setTitle" || c.Form.Get("title") != "How many states refused?" {
		t.Errorf("title: %+v", c)
	}
	// The Home tab.
	send(slackfake.Callback("Ev6", slackfake.AppHomeOpened("U1", "D5")))
	if c := slackfake.Receive(t, fake.API, "views.publish"); c.Method != "views.publish" || !strings.Contains(string(c.JSON), "Kobach renews request") {
		t.Errorf("home: %s", c.JSON)
	}
}

// checkExport exports the votes in the database: the one vote (of an
// org-wide click, whose workspace came from user.team_id), as an
// evaluation question whose expect is in the answer voted for
// (answerText).
func checkExport(t *testing.T, db, answerText string) {
	t.Helper()
	dir := t.TempDir()
	evalPath, reviewPath := filepath.Join(dir, "eval.jsonl"), filepath.Join(dir, "review.jsonl")
	env := func(k string) string { return map[string]string{"DATABASE_URL": db}[k] }
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"storybot", "feedback", "export", "--eval", evalPath, "--review", reviewPath}, env, nil, &stdout, &stderr, nil); err != nil {
		t.Fatalf("export: %v %s", err, stderr.String())
	}
	data, _ := os.ReadFile(evalPath)
	var q struct {
		Q      string   `json:"q"`
		Expect []string `json:"expect"`
	}
	if err := json.Unmarshal(data, &q); err != nil || q.Q != "what did Alex Padilla say?" || len(q.Expect) != 1 || !strings.Contains(answerText, q.Expect[0]) {
		t.Errorf("exported %s (%v); the answer was %s", data, err, answerText)
	}
	if !strings.Contains(stderr.String(), "1 votes: 1 evaluation questions") {
		t.Errorf("export said %q", stderr.String())
	}
	// Exporting again does not replace what was written.
	if err := run(t.Context(), []string{"storybot", "feedback", "export", "--eval", evalPath, "--review", filepath.Join(dir, "r2")}, env, nil, &stdout, &stderr, nil); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second export over the first: %v", err)
	}
}

// TestConversationsSocket: the same conversation over Socket Mode, with
// a redelivered envelope of the follow-up (retry_attempt 1) not answered
// twice, and a click through an interactive envelope.
func TestConversationsSocket(t *testing.T) {
	r, fake, link := socketBot(t, realCorpus)
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Alex Padilla?", "100.1", ""))))
	slackfake.Receive(t, fake.Posts, "answer to the mention")
	followUp := slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "what did he say?", "100.2", "100.1"))
	link.WaitAck(t, link.Send(t, "events_api", followUp))
	p := slackfake.Receive(t, fake.Posts, "answer to the follow-up")
	if p.Get("thread_ts") != "100.1" || !strings.Contains(p.Get("text"), "my answer is no") {
		t.Fatalf("follow-up answered with %v", p)
	}
	link.WaitAck(t, link.SendRetry(t, "events_api", followUp, 1, "timeout"))
	// A reply also sent to the channel is a follow-up too.
	broadcast := slackfake.With(slackfake.ChannelMessage("C1", "U2", "when did he say it?", "100.3", "100.1"), "subtype", "thread_broadcast")
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("Ev3", broadcast)))
	if b := slackfake.Receive(t, fake.Posts, "answer to the broadcast reply"); b.Get("thread_ts") != "100.1" || !strings.Contains(b.Get("blocks"), "Alex Padilla") {
		t.Errorf("broadcast reply answered with %v", b)
	}

	btns := slackfake.ButtonValues(t, []byte(p.Get("blocks")))
	id := link.Send(t, "interactive", slackfake.Click("C1", "U2", render.ActionContext, btns[render.ActionContext], "1700000000.000002", "100.1", fake.ResponseURL("ctx")))
	link.WaitAck(t, id)
	if got := readableJSON(slackfake.Receive(t, fake.Responses, "paragraph").Body); !strings.Contains(got, "paragraph 13") {
		t.Errorf("paragraph: %s", got)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("the redelivered follow-up was answered again: %v", ps)
	}
	if !strings.Contains(r.stderr.String(), "event redelivered") {
		t.Errorf("the redelivery is not logged:\n%s", r.stderr.String())
	}
}

// TestFeedbackLogAtStart: a feedback log that cannot be written stops the
// start, saying what to set; off runs without vote buttons.
func TestFeedbackLogAtStart(t *testing.T) {
	r, _, _ := func() (*running, *slackfake.Slack, string) {
		fake := slackfake.New(t)
		r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, map[string]string{
			"STORYBOT_CORPUS": testCorpus(t), "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_SIGNING_SECRET": "s",
			"SLACK_API_URL": fake.APIURL(), "STORYBOT_FEEDBACK": filepath.Join(t.TempDir(), "no-such-folder", "feedback.jsonl"),
		}, nil)
		return r, fake, ""
	}()
	if err := r.wait(); err == nil || !strings.Contains(err.Error(), "STORYBOT_FEEDBACK=") || !strings.Contains(err.Error(), "or to off") {
		t.Errorf("run = %v, want an error naming STORYBOT_FEEDBACK", err)
	}

	r, fake, base := httpBot(t, testCorpus(t), "STORYBOT_FEEDBACK", "off")
	postSigned(t, base, slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "how many votes approved the budget?", "1.1")))
	btns := slackfake.ButtonValues(t, []byte(slackfake.Receive(t, fake.Posts, "answer").Get("blocks")))
	if btns[render.ActionVoteUp] != "" || btns[render.ActionContext] == "" {
		t.Errorf("buttons with the feedback log off: %v", btns)
	}
	r.stop()
}

// TestConsoleFollowUps: the console reads a follow-up with the last
// question.
func TestConsoleFollowUps(t *testing.T) {
	r := start(t, []string{"console"}, map[string]string{"STORYBOT_CORPUS": realCorpus}, strings.NewReader("Who is Alex Padilla?\nand what did he say?\n"))
	if err := r.wait(); err != nil {
		t.Fatal(err)
	}
	out := r.stdout.String()
	if !strings.Contains(out, "(taking it as: what did Alex Padilla say?)\n1. “\"Once again, the president's sham election commission") {
		t.Errorf("console:\n%s", out)
	}
}

// TestFollowUpAfterReload: a reload of the stories does not lose the
// conversations.
func TestFollowUpAfterReload(t *testing.T) {
	r, fake, base := httpBot(t, realCorpus)
	postSigned(t, base, slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> Who is Alex Padilla?", "100.1", "")))
	slackfake.Receive(t, fake.Posts, "answer to the mention")
	r.hup <- syscall.SIGHUP
	r.waitLog("msg=\"corpus reloaded\"")
	postSigned(t, base, slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and what did he say?", "100.2", "100.1")))
	p := slackfake.Receive(t, fake.Posts, "answer to the follow-up")
	if !strings.Contains(p.Get("blocks"), "Taking it as: _what did Alex Padilla say?_") {
		t.Errorf("follow-up after a reload: %s", p.Get("blocks"))
	}
	if n := fake.Calls("conversations.replies"); n != 0 {
		t.Errorf("the thread was read back from Slack %d times: the memory was lost", n)
	}
}
