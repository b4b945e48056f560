package feedback

import (
	"bytes"
	"encoding/json"
	"storybot/bot/store"
	"strings"
	"testing"
	"time"
)

func voteLine(t *testing.T, v store.Vote) string {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(js) + "\n"
}

func TestExportFeedback(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	p1 := store.Passage{Story: "s", Paragraph: 4, Sentence: 2, Text: "Forty-four states refused parts of the request, and several organizations challenged Kobach's letter in court."}
	p2 := store.Passage{Story: "s", Paragraph: 2, Sentence: 1, Text: `"Once again, my answer is no," he said.`}
	log := voteLine(t, store.Vote{Time: at, ID: "v1", Question: "How many states refused?", Passages: []store.Passage{p1}, Vote: store.VoteUp}) +
		voteLine(t, store.Vote{Time: at, ID: "v2", Question: "what did Padilla say?", Asked: "and what did he say?", Passages: []store.Passage{p2}, Vote: store.VoteDown}) +
		"not json\n" +
		voteLine(t, store.Vote{Time: at, ID: "v2", Question: "what did Padilla say?", Asked: "and what did he say?", Passages: []store.Passage{p2}, Vote: store.VoteUp}) +
		voteLine(t, store.Vote{Time: at, ID: "v3", Question: "how many states refused?", Passages: []store.Passage{p2}, Vote: store.VoteUp}) +
		voteLine(t, store.Vote{Time: at, ID: "v4", Question: "Who is the mayor?", Passages: []store.Passage{p1}, Vote: store.VoteDown}) +
		voteLine(t, store.Vote{Time: at, ID: "v5", Question: "Why?", Passages: []store.Passage{{Story: "s", Paragraph: 1, Sentence: 1}}, Vote: store.VoteUp}) +
		`{"id":"v6","question":"q","vote":"sideways"}` + "\n" +
		`{"id":"v7","question":"half a li`
	var eval, review bytes.Buffer
	st, err := ExportFeedback(strings.NewReader(log), &eval, &review)
	if err != nil {
		t.Fatal(err)
	}
	if st.Votes != 5 || st.Eval != 2 || st.Review != 2 || st.Skipped != 3 || st.Bad == nil || !strings.Contains(st.Bad.Error(), "line 3") {
		t.Errorf("stats %+v", st)
	}
	wantEval := `{"id":"fb-v1","q":"How many states refused?","expect":["Forty-four states refused parts of the request,","Once again, my answer is no,\" he said."]}
{"id":"fb-v2","q":"what did Padilla say?","expect":["Once again, my answer is no,\" he said."]}
`
	if eval.String() != wantEval {
		t.Errorf("eval:\n%s\nwant:\n%s", eval.String(), wantEval)
	}
	for _, line := range strings.Split(strings.TrimSpace(eval.String()), "\n") {
		var q evalQuestion
		if err := json.Unmarshal([]byte(line), &q); err != nil || q.Q == "" || len(q.Expect) == 0 {
			t.Errorf("not an answer-set line: %s", line)
		}
	}
	if !strings.Contains(review.String(), `"q":"Who is the mayor?"`) || !strings.Contains(review.String(), `"q":"Why?"`) || strings.Contains(review.String(), "Padilla") {
		t.Errorf("review:\n%s", review.String())
	}
}

func TestExpectOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{`"We will not," he said.`, `We will not," he said.`},
		{"“…and then it rained on the whole of the parade, for a long time after the speeches were done.", "and then it rained on the whole of the parade, for a long time after the speeches were done."},
		{strings.Repeat("word ", 30), "word word word word word word word word word"},
		{strings.Repeat("x", 300), strings.Repeat("x", 100)},
		{"Line one.\nLine two.", "Line one."},
		{"", ""},
		{`"…"`, ""},
	}
	for _, tt := range tests {
		got := expectOf(tt.text)
		if got != tt.want || !strings.Contains(tt.text, got) {
			t.Errorf("expectOf(%q) = %q, want %q (a substring)", tt.text, got, tt.want)
		}
	}
}

// FuzzReadVotes: any log reads without a panic, and what it gives back
// exports.
func FuzzReadVotes(f *testing.F) {
	f.Add(`{"id":"v1","question":"q?","vote":"up","passages":[{"story":"s","paragraph":1,"sentence":1,"text":"A passage."}]}` + "\n")
	f.Add("not json\n{}\n")
	f.Add(`{"id":"v1","question":"q?","vote":"down"}` + "\n" + `{"id":"v1","question":"q?","vote":"up"}`)
	f.Fuzz(func(t *testing.T, log string) {
		votes, skipped, _, err := ReadVotes(strings.NewReader(log))
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, v := range votes {
			if ids[v.ID] {
				t.Errorf("vote id %q twice", v.ID)
			}
			ids[v.ID] = true
		}
		if skipped < 0 {
			t.Error("negative skip count")
		}
		var eval, review bytes.Buffer
		if _, err := ExportFeedback(strings.NewReader(log), &eval, &review); err != nil {
			t.Errorf("export: %v", err)
		}
		for _, p := range votes {
			for _, ps := range p.Passages {
				if e := expectOf(ps.Text); !strings.Contains(ps.Text, e) {
					t.Errorf("expect %q is not in %q", e, ps.Text)
				}
			}
		}
	})
}
