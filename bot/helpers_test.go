package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"storybot/index"

	"github.com/slack-go/slack"
)

// passage makes an Answer whose Matches are the given words, wherever they
// occur in text.
func passage(text string, src index.Source, words ...string) index.Answer {
	a := index.Answer{Text: text, Score: 1, Source: src}
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			a.Matches = append(a.Matches, index.Span{Start: off + i, End: off + i + len(w)})
			off += i + len(w)
		}
	}
	return a
}

var storyA = index.Source{Story: "a", Title: "Council approves <new> budget & tax plan", URL: "https://news.example/budget?id=1&x=2", Paragraph: 2, Sentence: 1}

// typicalResult is an answer with two passages: one quoted speaker and a
// story with a URL, text that needs escaping, and matched words.
func typicalResult(q string) index.Result {
	return index.Result{Question: q, Answered: true, Answers: []index.Answer{
		passage("The council approved the budget by 7 votes to 2 on Tuesday & cut the <b>tax</b> rate.", storyA, "approved", "budget", "votes"),
		passage(`"This budget is fair," said Mayor Ann Lee, adding that <!channel> should read it.`, index.Source{Story: "a", Title: "Council approves <new> budget & tax plan", Paragraph: 5, Sentence: 2, Speaker: "Ann Lee"}, "budget"),
	}}
}

// fakeAnswerer answers from fixtures: questions about pizza are not in
// the stories, "boom" fails, "panic" panics; everything else gets
// typicalResult.
type fakeAnswerer struct {
	mu      sync.Mutex
	asked   []string
	stories []index.StoryInfo
	// block, when set, holds every Ask until it is closed.
	block chan struct{}
	// unready, when set, is why the answerer is not ready.
	unready string
}

func (f *fakeAnswerer) Ask(ctx context.Context, q string, opt index.AskOptions) (index.Result, error) {
	f.mu.Lock()
	f.asked = append(f.asked, q)
	block := f.block
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	switch {
	case strings.Contains(q, "boom"):
		return index.Result{}, errors.New("index on fire")
	case strings.Contains(q, "panic"):
		panic("engine bug")
	case strings.Contains(q, "pizza"):
		return index.Result{Question: q, Answers: []index.Answer{}}, nil
	case strings.Contains(q, "Kansas"):
		// Off-topic: passages that score well, which the engine refuses.
		res := typicalResult(q)
		res.Answered = false
		return res, nil
	}
	return typicalResult(q), nil
}

func (f *fakeAnswerer) Stories() []index.StoryInfo {
	if f.stories != nil {
		return f.stories
	}
	return []index.StoryInfo{
		{ID: "a", Title: "Council approves <new> budget & tax plan", URL: "https://news.example/budget?id=1&x=2", Outlet: "The Example", Published: "2024-03-01", Sentences: 40},
		{ID: "b", Title: "Storm closes schools", Sentences: 12},
	}
}

// Ready says no, with why, when unready is set.
func (f *fakeAnswerer) Ready() (bool, string) { return f.unready == "", f.unready }

func (f *fakeAnswerer) ReaderStatus() string { return "ready" }

// Paragraph has no paragraphs (paragraphs, in answer_actions_test.go,
// has some).
func (f *fakeAnswerer) Paragraph(story string, para int) ([]string, error) {
	return nil, fmt.Errorf("story %q paragraph %d: %w", story, para, index.ErrNoParagraph)
}

func (f *fakeAnswerer) questions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.asked...)
}

// testLog is a logger whose output the test shows if it fails.
func testLog(t testing.TB) (*slog.Logger, *lockedBuffer) {
	buf := &lockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// metricValue is the value of the metric name with the given label
// pairs, summed over the series that match, as /metrics shows it (for a
// histogram, ask for name_count).
func metricValue(t testing.TB, b *Bot, name string, labels ...string) float64 {
	t.Helper()
	w := httptest.NewRecorder()
	b.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	sum := 0.0
	for _, line := range strings.Split(w.Body.String(), "\n") {
		series, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		metric, set, _ := strings.Cut(series, "{")
		if metric != name {
			continue
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			if !strings.Contains(","+strings.TrimSuffix(set, "}")+",", ","+labels[i]+`="`+labels[i+1]+`",`) {
				match = false
			}
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil && match {
			sum += v
		}
	}
	return sum
}

// pingMarkup is Slack markup that notifies someone.
var pingMarkup = regexp.MustCompile(`<[!@#]`)

// slashOf reads a slash command's form as slack-go does.
func slashOf(t testing.TB, form url.Values) slack.SlashCommand {
	t.Helper()
	r := httptest.NewRequest("POST", "/slack/events", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		t.Fatal(err)
	}
	return cmd
}
