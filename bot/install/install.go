package install

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"storybot/bot/slackapi"
	"storybot/bot/store"
	"storybot/internal/logthrottle"
)

// Options configure an Installer.
type Options struct {
	ClientID     string // SLACK_CLIENT_ID
	ClientSecret string // SLACK_CLIENT_SECRET
	// RedirectURL is where Slack sends the browser back
	// (https://HOST/slack/oauth_redirect); "" lets Slack use the app's
	// only redirect URL.
	RedirectURL string
	// APIURL is the Web API base (SLACK_API_URL); the authorize page is
	// beside it (https://slack.com/oauth/v2/authorize).
	APIURL string
	Scopes []string // the bot scopes to ask for
	// Installations keep what installs make.
	Installations store.Installations
	// Refused, when set, says why installs are refused (no encryption
	// key): the install page says it instead of offering the link.
	Refused error
	// HTTPClient makes every call to Slack (oauth.v2.access, and each
	// workspace's calls).
	HTTPClient *http.Client
	Logger     *slog.Logger
	Metrics    *Metrics         // on a registry of their own if nil
	Now        func() time.Time // time.Now if nil
	// UsedStates remember the install links (OAuth states) already
	// brought back, so that each works once, on whichever replica: with
	// Redis, its deduplication shared by the replicas; in process if nil.
	UsedStates store.Dedupe
	// LookupTimeout bounds each look-up of an installation in the
	// database (DefaultLookupTimeout if zero).
	LookupTimeout time.Duration
}

// DefaultLookupTimeout is how long a look-up of an installation may
// take: an event, a command or a click waits no longer on a database
// that hangs.
const DefaultLookupTimeout = time.Second

// Installer is the install flow and each workspace's token (it is the
// bot's bot.Workspaces).
type Installer struct {
	o        Options
	key      []byte // signs the OAuth states
	page     *template.Template
	slackOpt []slack.Option
	cache    *cache
	limits   *redirectLimits
	logs     *logthrottle.Throttle
	// secure marks the state cookie Secure: always, but for a redirect
	// URL on http://localhost (development).
	secure bool
}

// New makes an Installer.
func New(o Options) *Installer {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics(prometheus.NewRegistry())
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	// Slack's answers read within bounds, redirects only on its hosts.
	o.HTTPClient = slackapi.Guard(o.HTTPClient, o.APIURL)
	if o.UsedStates == nil {
		o.UsedStates = store.NewMemoryDedupe(stateTTL+time.Minute, 10000, o.Now)
	}
	if o.LookupTimeout <= 0 {
		o.LookupTimeout = DefaultLookupTimeout
	}
	return &Installer{
		o: o, key: stateKey(o.ClientSecret), page: parsePage(),
		slackOpt: []slack.Option{slack.OptionAPIURL(o.APIURL), slack.OptionHTTPClient(o.HTTPClient)},
		cache:    newCache(o.Now), limits: newRedirectLimits(), logs: logthrottle.New(10 * time.Second),
		secure: !isLocalDevelopment(o.RedirectURL),
	}
}

// isLocalDevelopment tells whether the redirect URL is plain HTTP on this
// machine (http://localhost:3000/slack/oauth_redirect), where a browser
// might not keep a Secure cookie. Anything else, or none, is served over
// HTTPS in front of storybot, whatever the request looks like from
// behind the proxy.
func isLocalDevelopment(redirectURL string) bool {
	u, err := url.Parse(redirectURL)
	if err != nil || u.Scheme != "http" {
		return false
	}
	h := u.Hostname()
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.IsLoopback()
	}
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}

// stateCookie is the cookie of the OAuth state (value "" and maxAge -1
// remove it).
func (i *Installer) stateCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: cookieName, Value: value, Path: "/slack/", MaxAge: maxAge,
		HttpOnly: true, Secure: i.secure, SameSite: http.SameSiteLaxMode,
	}
}

// cookieName holds the OAuth state in the browser that started the
// install.
const cookieName = "storybot_oauth_state"

// authorizeURL is Slack's authorize page, beside the Web API base
// (https://slack.com/api/ → https://slack.com/oauth/v2/authorize).
func (i *Installer) authorizeURL() string {
	base := strings.TrimSuffix(strings.TrimSuffix(i.o.APIURL, "/"), "/api")
	return base + "/oauth/v2/authorize"
}

// InstallPage serves GET /slack/install: the "Add to Slack" link, with a
// fresh state that the browser also keeps in a cookie.
func (i *Installer) InstallPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i.o.Refused != nil {
			i.o.Metrics.installed("refused")
			i.render(w, http.StatusServiceUnavailable, page{Title: "Installs are off", Message: i.o.Refused.Error()})
			return
		}
		state := newState(i.key, i.o.Now().Add(stateTTL))
		http.SetCookie(w, i.stateCookie(state, int(stateTTL/time.Second)))
		q := url.Values{"client_id": {i.o.ClientID}, "scope": {strings.Join(i.o.Scopes, ",")}, "state": {state}}
		if i.o.RedirectURL != "" {
			q.Set("redirect_uri", i.o.RedirectURL)
		}
		i.render(w, http.StatusOK, page{
			Title:   "Add storybot to Slack",
			Message: "storybot answers questions about its news stories, quoting the passages that say so. Add it to your workspace, then mention it, DM it, or use /story.",
			Link:    i.authorizeURL() + "?" + q.Encode(),
		})
	})
}
