package bot

import (
	"errors"
	"fmt"
	"net/url"
	"storybot/bot/slackapi"
	"strings"
)

// slackHooksHost is where Slack's response_urls point
// (https://hooks.slack.com/commands/…, /actions/…).
const slackHooksHost = "hooks.slack.com"

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// hookPolicy says which response_urls the bot posts to. A response_url
// comes in the request, and the bot posts its answer there (and, after a
// share, a delete_original): anywhere else than Slack would hand the
// answer to whoever chose the address, inside the network too. So only
// Slack's hooks are accepted, over https, and, when the Web API is
// somewhere else (SLACK_API_URL: a test's fake Slack, a proxy), that
// origin as well.
type hookPolicy struct {
	scheme, host string // the other origin accepted, if any
}

func newHookPolicy(apiURL string) hookPolicy {
	if apiURL == "" || apiURL == DefaultAPIURL {
		return hookPolicy{}
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return hookPolicy{}
	}
	return hookPolicy{scheme: u.Scheme, host: strings.ToLower(u.Host)}
}

var errNoResponseURL = errors.New("no response_url to answer to")

// check returns nil if raw may be posted to, else an error that names
// where it points (its scheme and host, never its path: the path is the
// secret).
func (p hookPolicy) check(raw string) error {
	if raw == "" {
		return errNoResponseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.Host == "" {
		return errors.New("response_url is not a URL of Slack's hooks: not posted")
	}
	host := strings.ToLower(u.Host)
	switch {
	case u.Scheme == "https" && (host == slackHooksHost || host == slackHooksHost+":443"):
		return nil
	case p.host != "" && u.Scheme == p.scheme && host == p.host:
		return nil
	}
	return fmt.Errorf("response_url points to %s://%s, not to https://%s: not posted", slackapi.ClipID(u.Scheme), slackapi.ClipID(u.Host), slackHooksHost)
}
