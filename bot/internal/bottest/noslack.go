package bottest

import (
	"errors"
	"net/http"

	"github.com/slack-go/slack"
)

// NoSlack stands in for Slack where no call may reach it (a fuzz target,
// a benchmark): every call fails at once.
func NoSlack() *slack.Client {
	return slack.New("xoxb-none", slack.OptionHTTPClient(&http.Client{Transport: NoTransport{}}))
}

// NoTransport fails every request at once.
type NoTransport struct{}

func (NoTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("not posting in this test")
}
