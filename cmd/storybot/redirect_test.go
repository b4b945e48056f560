package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"storybot/bot/slackfake"
	"storybot/internal/filetree"
)

// TestStoryDownloadRedirectedAway: a story file whose url_private, on
// Slack's host, redirects to another server (here another port of the
// same host) is not downloaded from it: the other server never sees the
// bot's token, nothing it would serve becomes a story, and the admin is
// told why (issue 18, item 5).
func TestStoryDownloadRedirectedAway(t *testing.T) {
	var mu sync.Mutex
	var auths []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Write([]byte("Planted story\n\nThe planted story says the bridge will close for a year.\n"))
	}))
	defer other.Close()
	corpus := testCorpus(t)
	r, fake, base := httpBot(t, corpus, "STORYBOT_ADMINS", "UADMIN")
	before := filetree.Describe(t, corpus)
	f := fake.Upload("UADMIN", "planted.txt", []byte("Real story\n\nThe real story is on Slack.\n"))
	fake.RedirectDownload(f["id"].(string), other.URL+"/planted.txt")
	postSigned(t, base, slackfake.Callback("EvRedir", slackfake.FileShare("D9", "UADMIN", "", "310.1", f)))
	want := "Not added: planted.txt: its download was redirected off Slack's servers, and I send my token only there: not downloaded"
	if p := slackfake.Receive(t, fake.Posts, "the reply to the upload"); !strings.Contains(p.Get("text"), want) {
		t.Errorf("reply %q\nwant %q", p.Get("text"), want)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range auths {
		if strings.Contains(a, slackfake.BotToken) {
			t.Errorf("the other server got the bot's token: %q", a)
		}
	}
	if after := filetree.Describe(t, corpus); after != before {
		t.Errorf("the corpus changed:\n%s\nwas\n%s", after, before)
	}
	if strings.Contains(r.stderr.String(), slackfake.BotToken) || strings.Contains(r.stderr.String(), other.URL) {
		t.Errorf("the log holds the token or the other server's URL:\n%s", r.stderr.String())
	}
}
