package bot

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"storybot/bot/internal/bottest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
)

// The fixtures of package bottest, under their old names.
type fakeAnswerer = bottest.Engine

var (
	storyA        = bottest.StoryA
	passage       = bottest.Passage
	typicalResult = bottest.TypicalResult
)

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
