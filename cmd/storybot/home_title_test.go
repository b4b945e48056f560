package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bot/slackfake"
)

// TestHomeShowsTitlesLiterally: a story title with mrkdwn's emphasis
// (*bold*, _italic_, ~strike~, `code`) is shown on the Home tab as
// written, never rendered: its formatting characters become look-alikes
// (issue 18, item 11).
func TestHomeShowsTitlesLiterally(t *testing.T) {
	corpus := testCorpus(t)
	story := "id: marked\ntitle: *Mayor* _quits_ ~today~ `now`\noutlet: *The* _Daily_\n\nThe mayor said on Monday that she would leave office at the end of the month.\n"
	if err := os.WriteFile(filepath.Join(corpus, "marked.txt"), []byte(story), 0o644); err != nil {
		t.Fatal(err)
	}
	r, fake, base := httpBot(t, corpus)
	postSigned(t, base, slackfake.Callback("EvHome", slackfake.AppHomeOpened("U1", "D5")))
	c := slackfake.Receive(t, fake.API, "views.publish")
	var view struct {
		View struct {
			Blocks []struct {
				Text *struct{ Type, Text string } `json:"text"`
			} `json:"blocks"`
		} `json:"view"`
	}
	if err := json.Unmarshal(c.JSON, &view); err != nil {
		t.Fatal(err)
	}
	var line string
	for _, b := range view.View.Blocks {
		if b.Text == nil {
			continue
		}
		for _, l := range strings.Split(b.Text.Text, "\n") {
			if strings.Contains(l, "Mayor") {
				line = l
			}
		}
	}
	want := "• ∗Mayor∗ ‗quits‗ ∼today∼ ˋnowˋ — ∗The∗ ‗Daily‗, 1 passage"
	if line != want {
		t.Errorf("the story's line on the Home tab:\n%q\nwant\n%q", line, want)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}
