package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"storybot/bot/render"
	"storybot/bot/slackfake"
	"storybot/bot/store"
)

const editor = "UEDITOR"

// Questions the budget story answers, and ones it does not.
var (
	answerable = "how many votes approved the budget?"
	refused    = []string{"how do i renew my passport?", "How do I renew my passport", "who won the world cup in 2018?"}
)

// askEverywhere asks on each surface: /story, a mention, a follow-up in
// its thread, a DM, the assistant panel; then the refused questions in
// DMs. It returns the DM answer's buttons.
func askEverywhere(t *testing.T, base string, fake *slackfake.Slack) map[string]string {
	t.Helper()
	send := func(ev map[string]any) { t.Helper(); postSigned(t, base, ev) }
	postForm(t, base, slackfake.Form(slackfake.Slash("C1", "U1", answerable, fake.ResponseURL("s"))))
	send(slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> "+answerable, "100.1", "")))
	slackfake.Receive(t, fake.Posts, "answer to the mention")
	send(slackfake.Callback("Ev2", slackfake.ChannelMessage("C1", "U2", "and who is the mayor?", "100.2", "100.1")))
	slackfake.Receive(t, fake.Posts, "answer in the thread")
	send(slackfake.Callback("Ev3", slackfake.DM("D1", "U1", answerable, "200.1")))
	btns := slackfake.ButtonValues(t, []byte(slackfake.Receive(t, fake.Posts, "answer to the DM").Get("blocks")))
	send(slackfake.Callback("Ev4", slackfake.AssistantThreadStarted("D5", "U1", "500.1", "C1")))
	send(slackfake.Callback("Ev5", slackfake.InThread(slackfake.DM("D5", "U1", answerable, "500.2"), "500.1")))
	slackfake.Receive(t, fake.Posts, "answer in the assistant panel")
	for i, q := range refused {
		send(slackfake.Callback("Ev-r"+string(rune('0'+i)), slackfake.DM("D1", "U3", q, "300."+string(rune('1'+i)))))
		slackfake.Receive(t, fake.Posts, "refusal")
	}
	return btns
}

// homeOf opens the Home tab of user and returns what was published.
func homeOf(t *testing.T, base string, fake *slackfake.Slack, user string) string {
	t.Helper()
	postSigned(t, base, slackfake.Callback("EvH-"+user, slackfake.AppHomeOpened(user, "D9")))
	return readableJSON(calls(t, fake, "views.publish", 1)[0].JSON)
}

// TestQuestionLogEndToEnd: questions asked on each surface are in the
// log, who asked only as a hash; an editor's Home lists the refused ones
// grouped, with counts, and a non-editor's does not; a vote changes the
// figures; Handled hides a group; `storybot report` prints the figures
// and writes the page.
func TestQuestionLogEndToEnd(t *testing.T) {
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "storybot.db")
	corpus := testCorpus(t)
	r, fake, base := httpBot(t, corpus, "DATABASE_URL", dbURL, "STORYBOT_ADMINS", editor)
	askEverywhere(t, base, fake)
	r.stop() // the log's queue is written before the database closes
	checkLogged(t, dbURL)

	r, fake, base = httpBot(t, corpus, "DATABASE_URL", dbURL, "STORYBOT_ADMINS", editor)
	if home := homeOf(t, base, fake, "U1"); strings.Contains(home, "editors only") || strings.Contains(home, "passport") {
		t.Errorf("a non-editor's Home shows the editors' figures:\n%s", home)
	}
	home := homeOf(t, base, fake, editor)
	for _, want := range []string{"editors only", "*5 answered*, *3 refused*", "*2×* “How do I renew my passport” · “how do i renew my passport?”", "*1×* “who won the world cup in 2018?”", "0 👎"} {
		if !strings.Contains(home, want) {
			t.Errorf("the editor's Home lacks %q:\n%s", want, home)
		}
	}
	for _, id := range []string{"U1", "U3", "D1"} {
		if strings.Contains(home, `"`+id+`"`) || strings.Contains(home, " "+id) {
			t.Errorf("the editor's Home names %s", id)
		}
	}
	// A vote down, on a new answer: the figures change.
	postSigned(t, base, slackfake.Callback("Ev9", slackfake.DM("D1", "U1", answerable, "400.1")))
	btns := slackfake.ButtonValues(t, []byte(slackfake.Receive(t, fake.Posts, "answer").Get("blocks")))
	postForm(t, base, clickForm(slackfake.Click("D1", "U1", render.ActionVoteDown, btns[render.ActionVoteDown], "1700000000.000009", "", fake.ResponseURL("v"))))
	slackfake.Receive(t, fake.Responses, "thanks for the vote")
	home = homeOf(t, base, fake, editor)
	if !strings.Contains(home, "1 👎") || !strings.Contains(home, "*Answers voted down* (1)") {
		t.Errorf("after a vote down, the Home says:\n%s", home)
	}
	// Handled hides the passport questions.
	key := handledKey(t, home, "passport")
	postForm(t, base, clickForm(slackfake.HomeClick(editor, render.ActionHandled+":1", key)))
	if home = readableJSON(calls(t, fake, "views.publish", 1)[0].JSON); strings.Contains(home, "passport") || !strings.Contains(home, "world cup") {
		t.Errorf("after Handled, the Home says:\n%s", home)
	}
	r.stop()
	checkReport(t, dbURL)
}

func clickForm(payload map[string]any) map[string][]string {
	return map[string][]string{"payload": {string(mustJSON(payload))}}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// handledKey is the value of the Handled button of the group whose text
// holds word.
func handledKey(t *testing.T, home, word string) string {
	t.Helper()
	m := regexp.MustCompile(`"text":"[^"]*` + word + `[^"]*"[^}]*}[^{]*"accessory":\{"type":"button","text":\{[^}]*\},"action_id":"editors_handled:\d+","value":"([^"]*)"`).FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("no Handled button for %q:\n%s", word, home)
	}
	return m[1]
}

// checkLogged: one row per question, on each surface, with its answer or
// refusal, and no user id in the clear.
func checkLogged(t *testing.T, dbURL string) {
	t.Helper()
	raw, err := os.ReadFile(strings.TrimPrefix(dbURL, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"U1", "U2", "U3"} {
		if strings.Contains(string(raw), id+"\x00") || regexp.MustCompile(`\b`+id+`\b`).Match(raw) {
			t.Errorf("the database holds %s in the clear", id)
		}
	}
	db, err := store.OpenDatabase(context.Background(), dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.QuestionCount(context.Background()); n != 8 {
		t.Errorf("%d questions logged, want 8 (slash, mention, thread, DM, assistant, 3 refused)", n)
	}
	surfaces, err := db.Surfaces(context.Background(), "", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if surfaces["slash"] != 1 || surfaces["mention"] != 1 || surfaces["thread"] != 1 || surfaces["assistant"] != 1 || surfaces["dm"] != 4 {
		t.Errorf("questions by surface: %v", surfaces)
	}
}

// checkReport runs `storybot report --html`: the figures on standard
// output, and the page with both charts.
func checkReport(t *testing.T, dbURL string) {
	t.Helper()
	page := filepath.Join(t.TempDir(), "report.html")
	var stdout, stderr strings.Builder
	env := func(k string) string { return map[string]string{"DATABASE_URL": dbURL}[k] }
	if err := run(t.Context(), []string{"storybot", "report", "--days", "7", "--html", page}, env, nil, &stdout, &stderr, nil); err != nil {
		t.Fatalf("report: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"answered 6, refused 3 (67% answered)", "votes: 0 👍, 1 👎", "1× \"who won the world cup in 2018?\"", "2× \"How do I renew my passport\" / \"how do i renew my passport?\""} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, stdout.String())
		}
	}
	html, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(html), `<svg id="questions-chart"`) || !strings.Contains(string(html), `<svg id="confidence-chart"`) {
		t.Errorf("the page (%v):\n%.2000s", err, html)
	}
}

// TestLogDaysZero: with STORYBOT_LOG_DAYS=0 no question is kept, and
// those kept before are deleted at start.
func TestLogDaysZero(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "storybot.db")
	corpus := testCorpus(t)
	r, fake, base := httpBot(t, corpus, "DATABASE_URL", dbURL)
	postSigned(t, base, slackfake.Callback("Ev1", slackfake.DM("D1", "U1", answerable, "1.1")))
	slackfake.Receive(t, fake.Posts, "answer")
	r.stop()
	r, fake, base = httpBot(t, corpus, "DATABASE_URL", dbURL, "STORYBOT_LOG_DAYS", "0")
	r.waitLog("question log purged")
	askEverywhere(t, base, fake)
	r.stop()
	db, err := store.OpenDatabase(context.Background(), dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.QuestionCount(context.Background()); n != 0 || err != nil {
		t.Errorf("%d questions kept with STORYBOT_LOG_DAYS=0 (%v)", n, err)
	}
}

// TestDigestOnceWithTwoReplicas: two replicas on one database, both with
// STORYBOT_DIGEST=weekly: the editor gets the week's digest once.
func TestDigestOnceWithTwoReplicas(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "storybot.db")
	corpus := testCorpus(t)
	var fakes []*slackfake.Slack
	var rs []*running
	for range 2 {
		r, fake, _ := httpBot(t, corpus, "DATABASE_URL", dbURL, "STORYBOT_DIGEST", "weekly", "STORYBOT_ADMINS", editor, "STORYBOT_FEEDBACK_SECRET", "shared")
		fakes, rs = append(fakes, fake), append(rs, r)
	}
	sent := 0
	for _, r := range rs {
		deadline := time.Now().Add(slackfake.Timeout)
		for !strings.Contains(r.stderr.String(), "weekly digest sent") && !strings.Contains(r.stderr.String(), "weekly digest already sent by another replica") {
			if time.Now().After(deadline) {
				t.Fatalf("no word of the digest:\n%s", r.stderr.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
		if strings.Contains(r.stderr.String(), "weekly digest sent") {
			sent++
		}
		r.stop()
	}
	posts := 0
	for _, f := range fakes {
		for _, p := range slackfake.Drain(f.Posts) {
			if p.Get("channel") == editor && strings.Contains(p.Get("text"), "This week:") {
				posts++
			}
		}
	}
	if sent != 1 || posts != 1 {
		t.Errorf("the digest was sent by %d replicas, %d times; want once", sent, posts)
	}
}
