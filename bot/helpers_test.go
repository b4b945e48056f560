package bot

import (
	"net/http/httptest"
	"net/url"
	"regexp"
	"storybot/bot/internal/bottest"
	"storybot/bot/internal/rigs"
	"storybot/internal/testlog"
	"strings"
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

// testLog and lockedBuffer are package testlog's, metricValue package
// rigs'.
var (
	testLog     = testlog.New
	metricValue = rigs.MetricValue
)

type lockedBuffer = testlog.Buffer

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
