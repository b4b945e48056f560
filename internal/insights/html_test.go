package insights

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"storybot/bot/store"
	"storybot/internal/testservers"
)

var screenshot = flag.String("screenshot", "", "also save the report, as headless chromium renders it, to this PNG (e.g. ../docs/report.png)")

// sampleFigures are two weeks of questions, for the page's tests.
func sampleFigures(t *testing.T) (Figures, []store.Confidence) {
	now := time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)
	src := &fakeSource{up: 12, dn: 3,
		refused: []store.Question{{At: now, Text: "when is the vote?"}, {At: now, Text: "when's the council vote"}, {At: now, Text: "who is <b>the</b> mayor's husband?"}},
		down:    []store.Vote{{Question: "how many schools closed?", Passages: []store.Passage{{Story: "budget", Paragraph: 3, Sentence: 1, Text: "Storms closed three schools."}}}},
	}
	for i := range 14 {
		src.days = append(src.days, store.DayCount{Day: now.Truncate(24*time.Hour).AddDate(0, 0, -i), Answered: 20 + 3*i, Refused: 4 + i%5})
	}
	f, err := Build(context.Background(), src, Options{Now: now, Days: 14})
	if err != nil {
		t.Fatal(err)
	}
	var conf []store.Confidence
	for i := range 200 {
		conf = append(conf, store.Confidence{Answered: i%4 != 0, Value: float64(i%100) / 100})
	}
	return f, conf
}

// TestWriteHTML: the page holds both charts, a bar for each day, and
// escapes what readers typed; it loads nothing from elsewhere.
func TestWriteHTML(t *testing.T) {
	t.Parallel()
	f, conf := sampleFigures(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, f, conf); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, `<rect class="answered"`); n != len(f.Days)+10 {
		t.Errorf("%d answered bars, want %d days and 10 tenths", n, len(f.Days))
	}
	for _, bad := range []string{"<script", "http://", "https://", "<b>the</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !strings.Contains(page, `<polyline class="rate" points="`) || !strings.Contains(page, "&lt;b&gt;the&lt;/b&gt;") {
		t.Errorf("no answer rate line, or the question not escaped:\n%s", page)
	}
}

// TestReportInBrowser opens the page in a real browser (Debian's
// chromium, headless) and checks that both charts were rendered into its
// DOM, bars and line. With -screenshot it saves a PNG of it.
func TestReportInBrowser(t *testing.T) {
	t.Parallel()
	testservers.NeedChromium(t, "the report")
	f, conf := sampleFigures(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, f, conf); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := testservers.Chromium(t, "file://"+file, "--window-size=820,1400", "--dump-dom")
	for id, min := range map[string]int{"questions-chart": 28, "confidence-chart": 20} {
		m := regexp.MustCompile(`(?s)<svg id="` + id + `"[^>]*>(.*?)</svg>`).FindStringSubmatch(dom)
		if m == nil {
			t.Errorf("no svg#%s in the rendered page:\n%s", id, dom)
			continue
		}
		if n := strings.Count(m[1], "<rect "); n < min {
			t.Errorf("svg#%s has %d bars, want %d or more", id, n, min)
		}
	}
	if !strings.Contains(dom, `<polyline class="rate"`) || !strings.Contains(dom, `<b id="answered">`) {
		t.Errorf("the rendered page lacks the rate line or the figures:\n%s", dom)
	}
	if *screenshot == "" {
		return
	}
	png, err := filepath.Abs(*screenshot)
	if err != nil {
		t.Fatal(err)
	}
	testservers.Chromium(t, "file://"+file, "--window-size=820,1400", "--screenshot="+png, "--hide-scrollbars")
	if fi, err := os.Stat(png); err != nil || fi.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
}
