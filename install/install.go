package install

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/store"
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
	Metrics    *bot.Metrics
	Now        func() time.Time // time.Now if nil
}

// Installer is the install flow and each workspace's token (it is the
// bot's bot.Workspaces).
type Installer struct {
	o        Options
	key      []byte // signs the OAuth states
	page     *template.Template
	slackOpt []slack.Option
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
		o.Metrics = bot.NewMetrics()
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	// Slack's answers read within bounds, redirects only on its hosts.
	o.HTTPClient = bot.GuardSlackClient(o.HTTPClient, o.APIURL)
	return &Installer{
		o: o, key: stateKey(o.ClientSecret), page: parsePage(),
		slackOpt: []slack.Option{slack.OptionAPIURL(o.APIURL), slack.OptionHTTPClient(o.HTTPClient)},
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
			i.o.Metrics.Installed("refused")
			i.render(w, http.StatusServiceUnavailable, page{Title: "Installs are off", Message: i.o.Refused.Error()})
			return
		}
		state := newState(i.key, i.o.Now().Add(stateTTL))
		http.SetCookie(w, &http.Cookie{
			Name: cookieName, Value: state, Path: "/slack/", MaxAge: int(stateTTL / time.Second),
			HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode,
		})
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

// isHTTPS tells whether the browser reached us over TLS (directly, or
// through a proxy that says so), where the cookie may be Secure.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// Redirect serves GET /slack/oauth_redirect: it checks the state,
// exchanges the code for the bot's token (oauth.v2.access), checks the
// token (auth.test), keeps the installation and says how it went.
func (i *Installer) Redirect() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log := i.o.Logger
		// The state is good for one try, whatever comes of it.
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/slack/", MaxAge: -1, HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode})
		q := r.URL.Query()
		if e := q.Get("error"); e != "" {
			i.o.Metrics.Installed("failed")
			log.Info("install cancelled", "error", clip(e))
			i.render(w, http.StatusOK, page{Title: "Not installed", Message: "Slack says the install did not go ahead (" + clip(e) + "): nothing was installed.", Retry: true})
			return
		}
		cookie, _ := r.Cookie(cookieName)
		var cv string
		if cookie != nil {
			cv = cookie.Value
		}
		if err := checkState(i.key, q.Get("state"), cv, i.o.Now()); err != nil {
			i.o.Metrics.Installed("failed")
			log.Warn("install refused: bad OAuth state", "why", err)
			i.render(w, http.StatusBadRequest, page{Title: "Not installed", Message: err.Error() + ": nothing was installed.", Retry: true})
			return
		}
		if i.o.Refused != nil {
			i.o.Metrics.Installed("refused")
			log.Error("install refused", "why", i.o.Refused)
			i.render(w, http.StatusServiceUnavailable, page{Title: "Installs are off", Message: i.o.Refused.Error()})
			return
		}
		inst, err := i.exchange(r.Context(), q.Get("code"))
		if err == nil {
			if serr := i.o.Installations.Save(r.Context(), inst); serr != nil {
				err = saveError{serr}
			}
		}
		if err != nil {
			i.failed(w, err)
			return
		}
		i.o.Metrics.Installed("installed")
		log.Info("installed", "installation", inst)
		where := inst.TeamName
		if inst.EnterpriseInstall {
			where = "every workspace of " + inst.EnterpriseName
		}
		i.render(w, http.StatusOK, page{Title: "storybot is installed", Message: "storybot is installed in " + where +
			". Invite it to a channel with /invite @storybot and mention it, DM it, or ask with /story."})
	})
}

// failed says that an install failed, and why.
func (i *Installer) failed(w http.ResponseWriter, err error) {
	status, outcome, msg := http.StatusBadGateway, "failed", err.Error()
	switch {
	case errors.Is(err, store.ErrNoKey):
		status, outcome = http.StatusServiceUnavailable, "refused"
	case errors.As(err, new(saveError)):
		// The database's words are for the operator, not the browser.
		status, msg = http.StatusInternalServerError, "storybot could not keep the installation; its operator will find why in the log (install failed)."
	}
	i.o.Metrics.Installed(outcome)
	i.o.Logger.Error("install failed", "err", err)
	i.render(w, status, page{Title: "Not installed", Message: msg, Retry: status == http.StatusBadGateway})
}

// saveError is an installation that could not be kept.
type saveError struct{ err error }

func (e saveError) Error() string { return e.err.Error() }
func (e saveError) Unwrap() error { return e.err }

// exchange turns an OAuth code into an installation: the bot token from
// oauth.v2.access, and the bot's id from auth.test with it.
func (i *Installer) exchange(ctx context.Context, code string) (store.Installation, error) {
	if code == "" {
		return store.Installation{}, errors.New("Slack sent no code to exchange for a token")
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	res, err := slack.GetOAuthV2ResponseContext(ctx, i.o.HTTPClient, i.o.ClientID, i.o.ClientSecret, code, i.o.RedirectURL, slack.OAuthOptionAPIURL(i.o.APIURL))
	if errors.Is(err, bot.ErrResponseTooLarge) {
		return store.Installation{}, fmt.Errorf("Slack's answer to oauth.v2.access was over %d MiB, more than any install's: not read, nothing installed; start again", bot.MaxAPIResponseBytes>>20)
	}
	if err != nil {
		return store.Installation{}, fmt.Errorf("Slack refused to exchange the code for a token (oauth.v2.access: %s): check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, and start again", clip(bot.RedactedError(err)))
	}
	if res.TokenType != "bot" || !strings.HasPrefix(res.AccessToken, "xoxb-") || res.BotUserID == "" {
		return store.Installation{}, fmt.Errorf("Slack gave no bot token (token type %q): does the app have a bot user and bot scopes?", clip(res.TokenType))
	}
	auth, err := slack.New(res.AccessToken, i.slackOpt...).AuthTestContext(ctx)
	if err != nil {
		return store.Installation{}, fmt.Errorf("the new bot token does not work (auth.test: %s): start again", clip(bot.RedactedError(err)))
	}
	inst, clipped := store.Installation{
		EnterpriseID: res.Enterprise.ID, EnterpriseName: res.Enterprise.Name,
		TeamID: res.Team.ID, TeamName: res.Team.Name, EnterpriseInstall: res.IsEnterpriseInstall,
		AppID: res.AppID, BotUserID: res.BotUserID, BotID: auth.BotID, BotToken: store.Secret(res.AccessToken),
		Scopes: strings.Split(res.Scope, ","), InstallerUserID: res.AuthedUser.ID, InstalledAt: i.o.Now(),
	}.Clip()
	if len(clipped) > 0 {
		i.o.Logger.Warn("install: names clipped", "fields", strings.Join(clipped, ", "), "max_bytes", store.MaxNameBytes, "team_id", clip(inst.TeamID))
	}
	if err := inst.CheckSizes(); err != nil {
		return store.Installation{}, fmt.Errorf("Slack's answer to oauth.v2.access is not an install's (%v): nothing installed; start again", err)
	}
	return inst, nil
}

// clip keeps what Slack (or a browser) sent short in pages and logs.
func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}

// Authorize implements bot.Workspaces: the installation that serves t,
// as a Slack client with its token and the bot's identity there.
func (i *Installer) Authorize(ctx context.Context, t store.Tenant) (bot.Authorization, error) {
	inst, err := i.o.Installations.Find(ctx, t)
	if err != nil {
		return bot.Authorization{}, fmt.Errorf("team %s, enterprise %s: %w", clip(t.TeamID), clip(t.EnterpriseID), err)
	}
	return bot.Authorization{
		Poster: slack.New(string(inst.BotToken), i.slackOpt...),
		Self:   bot.Identity{UserID: inst.BotUserID, BotID: inst.BotID, TeamID: inst.TeamID},
	}, nil
}

// Uninstalled implements bot.Workspaces.
func (i *Installer) Uninstalled(ctx context.Context, t store.Tenant) error {
	return i.o.Installations.Delete(ctx, t)
}
