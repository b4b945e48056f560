package slackapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
)

// TestGuardBounds: a Web API answer is read within
// MaxAPIResponseBytes, whether it says its length or streams without
// one; a download within MaxDownloadBytes (issue 18, item 4).
func TestGuardBounds(t *testing.T) {
	t.Parallel()
	big := `{"ok":true,"user_id":"U1","team":"` + strings.Repeat("x", MaxAPIResponseBytes) + `"}`
	mux := http.NewServeMux()
	mux.HandleFunc("POST /long/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		w.Write([]byte(big))
	})
	mux.HandleFunc("POST /stream/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(big); i += 1 << 20 {
			w.Write([]byte(big[i:min(i+1<<20, len(big))]))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("POST /small/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"ok":true,"user_id":"U1"}`))
	})
	mux.HandleFunc("GET /files-pri/T1-F1/story.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("word "), 2*MaxAPIResponseBytes/5))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, tt := range []struct{ base, err string }{{"long", "over"}, {"stream", "over"}, {"small", ""}} {
		api := srv.URL + "/" + tt.base + "/api/"
		c := slack.New("xoxb-1", slack.OptionAPIURL(api), slack.OptionHTTPClient(Guard(nil, api)))
		_, err := c.AuthTestContext(context.Background())
		if tt.err == "" && err != nil || tt.err != "" && !errors.Is(err, ErrResponseTooLarge) {
			t.Errorf("%s: %v", tt.base, err)
		}
	}
	api := srv.URL + "/small/api/"
	c := slack.New("xoxb-1", slack.OptionAPIURL(api), slack.OptionHTTPClient(Guard(nil, api)))
	var buf bytes.Buffer
	if err := c.GetFileContext(context.Background(), srv.URL+"/files-pri/T1-F1/story.txt", &buf); err != nil || buf.Len() <= MaxAPIResponseBytes {
		t.Errorf("download of %d bytes: %v", buf.Len(), err)
	}
}

// TestGuardRedirects: a download redirected to another server
// (here the same host on another port) is refused before the other
// server is asked, so that it never sees the token; a redirect on the
// API's own host, as Slack's to its sign-in page, is followed (issue 18,
// item 5).
func TestGuardRedirects(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Write([]byte("A story from elsewhere.\n"))
	}))
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /files-pri/T1-F1/away.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/away.txt", http.StatusFound)
	})
	mux.HandleFunc("GET /files-pri/T1-F2/here.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved/here.txt", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("GET /moved/here.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("A story kept here.\n"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	api := srv.URL + "/api/"
	c := slack.New("xoxb-secret", slack.OptionAPIURL(api), slack.OptionHTTPClient(Guard(nil, api)))
	var buf bytes.Buffer
	err := c.GetFileContext(context.Background(), srv.URL+"/files-pri/T1-F1/away.txt", &buf)
	if !errors.Is(err, ErrRedirectOffSlack) || buf.Len() != 0 {
		t.Errorf("redirected away: %v, %q", err, buf.String())
	}
	mu.Lock()
	for _, a := range seen {
		if strings.Contains(a, "xoxb-secret") {
			t.Errorf("the other server got the token: %q", a)
		}
	}
	mu.Unlock()
	buf.Reset()
	if err := c.GetFileContext(context.Background(), srv.URL+"/files-pri/T1-F2/here.txt", &buf); err != nil || buf.String() != "A story kept here.\n" {
		t.Errorf("redirected on the API's host: %v, %q", err, buf.String())
	}
}
