package install

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"storybot/bot"
	"storybot/bot/slackapi"
	"storybot/bot/store"
)

// Redirect serves GET /slack/oauth_redirect: within its rate limits, it
// checks the state (and that it was never used before), exchanges the
// code for the bot's token (oauth.v2.access), checks the token
// (auth.test), keeps the installation and says how it went.
func (i *Installer) Redirect() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The state is good for one try, whatever comes of it.
		http.SetCookie(w, i.stateCookie("", -1))
		if !i.admit(w, r) {
			return
		}
		q := r.URL.Query()
		if e := q.Get("error"); e != "" {
			i.o.Metrics.installed("failed")
			i.logLimited(slog.LevelInfo, "install cancelled", "error", clip(e))
			i.render(w, http.StatusOK, page{Title: "Not installed", Message: "Slack says the install did not go ahead (" + clip(e) + "): nothing was installed.", Retry: true})
			return
		}
		if !i.stateOK(w, r) {
			return
		}
		if i.o.Refused != nil {
			i.o.Metrics.installed("refused")
			i.logLimited(slog.LevelError, "install refused", "why", i.o.Refused)
			i.render(w, http.StatusServiceUnavailable, page{Title: "Installs are off", Message: i.o.Refused.Error()})
			return
		}
		i.install(w, r.Context(), q.Get("code"))
	})
}

// admit takes the request from the redirect's rate limits (see
// redirectLimits), or answers it 429.
func (i *Installer) admit(w http.ResponseWriter, r *http.Request) bool {
	client := clientIP(r)
	ok, wait := i.limits.allow(client, i.o.Now())
	if ok {
		return true
	}
	i.o.Metrics.installed("refused")
	i.logLimited(slog.LevelWarn, "install refused: too many attempts", "client", clip(client))
	secs := int(wait.Round(time.Second) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(1, secs)))
	i.render(w, http.StatusTooManyRequests, page{Title: "Not installed", Message: "Too many install attempts: wait a minute, then start the install again.", Retry: true})
	return false
}

// stateOK checks the state the redirect brought against the browser's
// cookie, and that it was never used before (on any replica); if not, it
// says so.
func (i *Installer) stateOK(w http.ResponseWriter, r *http.Request) bool {
	got := r.URL.Query().Get("state")
	var cv string
	if cookie, _ := r.Cookie(cookieName); cookie != nil {
		cv = cookie.Value
	}
	err := checkState(i.key, got, cv, i.o.Now())
	status := http.StatusBadRequest
	if err == nil {
		status, err = i.firstUse(r.Context(), got)
	}
	if err == nil {
		return true
	}
	i.o.Metrics.installed("failed")
	i.logLimited(slog.LevelWarn, "install refused: bad OAuth state", "why", err)
	i.render(w, status, page{Title: "Not installed", Message: err.Error() + ": nothing was installed.", Retry: true})
	return false
}

// errStateUsed is a state brought back a second time.
var errStateUsed = errors.New("this install link was used already")

// firstUse records a good state as used; it fails if it was already, or
// if that cannot be known (the shared store does not answer: then the
// install is refused rather than risk a second use).
func (i *Installer) firstUse(ctx context.Context, state string) (int, error) {
	nonce, _, _ := strings.Cut(state, ".")
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	fresh, err := i.o.UsedStates.First(ctx, "oauth_state:"+nonce)
	switch {
	case err != nil:
		i.o.Logger.Error("install refused: cannot tell whether its link was used", "err", err)
		return http.StatusServiceUnavailable, errors.New("storybot cannot check this install link just now")
	case !fresh:
		return http.StatusBadRequest, errStateUsed
	}
	return 0, nil
}

// install exchanges code, keeps the installation, and says how it went.
func (i *Installer) install(w http.ResponseWriter, ctx context.Context, code string) {
	inst, err := i.exchange(ctx, code)
	if err == nil {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if serr := i.o.Installations.Save(sctx, inst); serr != nil {
			err = saveError{serr}
		}
		cancel()
	}
	if err != nil {
		i.failed(w, err)
		return
	}
	key := inst.Tenant().Key()
	i.cache.drop(key) // the one cached before this install, if any
	i.cache.put(key, inst, i.cache.generation())
	i.o.Metrics.installed("installed")
	missing := missingScopes(i.o.Scopes, inst.Scopes)
	if len(missing) > 0 {
		i.o.Logger.Warn("installed without some of the scopes asked for", "installation", inst, "missing", strings.Join(missing, ","))
	} else {
		i.o.Logger.Info("installed", "installation", inst)
	}
	i.render(w, http.StatusOK, successPage(inst, missing))
}

// missingScopes are the scopes asked for that were not granted.
func missingScopes(asked, granted []string) []string {
	var missing []string
	for _, s := range asked {
		if !slices.Contains(granted, s) {
			missing = append(missing, s)
		}
	}
	return missing
}

// successPage says where storybot is installed, what to do next, and
// which scopes are missing, if any.
func successPage(inst store.Installation, missing []string) page {
	msg := "storybot is installed in " + inst.TeamName +
		". Invite it to a channel with /invite @storybot and mention it, DM it, or ask with /story."
	if inst.EnterpriseInstall {
		msg = "storybot is installed for the organization " + inst.EnterpriseName +
			", but in none of its workspaces yet: an org admin must now add it to workspaces, from the organization's admin dashboard " +
			"(Integrations, Installed apps, storybot). Then invite it to a channel with /invite @storybot and mention it, DM it, or ask with /story."
	}
	p := page{Title: "storybot is installed", Message: msg}
	if len(missing) > 0 {
		p.Warning = "Slack did not grant these permissions, so part of storybot will not work: " + strings.Join(missing, ", ") +
			". Add them to the app's bot token scopes (OAuth & Permissions, or paste bot/manifest.yaml under App Manifest), then install again."
	}
	return p
}

// logLimited logs msg at level, at most once per 10 s (with the count
// of the attempts since): failures anyone can cause do not flood the log.
func (i *Installer) logLimited(level slog.Level, msg string, args ...any) {
	if n, ok := i.logs.Due(msg, i.o.Now()); ok {
		i.o.Logger.Log(context.Background(), level, msg, append(args, "attempts", n)...)
	}
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
	i.o.Metrics.installed(outcome)
	i.logLimited(slog.LevelError, "install failed", "err", store.OneLine(err))
	i.render(w, status, page{Title: "Not installed", Message: msg, Retry: status == http.StatusBadGateway})
}

// saveError is an installation that could not be kept.
type saveError struct{ err error }

func (e saveError) Error() string { return e.err.Error() }
func (e saveError) Unwrap() error { return e.err }

// exchange turns an OAuth code into an installation: the bot token from
// oauth.v2.access, and the bot's id from auth.test with it. Its error
// is a *bot.Error, whose message the install page shows.
func (i *Installer) exchange(ctx context.Context, code string) (store.Installation, error) {
	if code == "" {
		return store.Installation{}, bot.Errorf(bot.EINVALID, "Slack sent no code to exchange for a token")
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	res, err := slack.GetOAuthV2ResponseContext(ctx, i.o.HTTPClient, i.o.ClientID, i.o.ClientSecret, code, i.o.RedirectURL, slack.OAuthOptionAPIURL(i.o.APIURL))
	if errors.Is(err, slackapi.ErrResponseTooLarge) {
		return store.Installation{}, bot.Errorf(bot.EINTERNAL, "Slack's answer to oauth.v2.access was over %d MiB, more than any install's: not read, nothing installed; start again", slackapi.MaxAPIResponseBytes>>20)
	}
	if err != nil {
		return store.Installation{}, bot.Errorf(bot.EUNAUTHORIZED, "Slack refused to exchange the code for a token (oauth.v2.access: %s): check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, and start again", clip(slackapi.Redact(err).Error()))
	}
	if res.TokenType != "bot" || !strings.HasPrefix(res.AccessToken, "xoxb-") || res.BotUserID == "" {
		return store.Installation{}, bot.Errorf(bot.EINVALID, "Slack gave no bot token (token type %q): does the app have a bot user and bot scopes?", clip(res.TokenType))
	}
	auth, err := slack.New(res.AccessToken, i.slackOpt...).AuthTestContext(ctx)
	if err != nil {
		return store.Installation{}, bot.Errorf(bot.EUNAUTHORIZED, "the new bot token does not work (auth.test: %s): start again", clip(slackapi.Redact(err).Error()))
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
		return store.Installation{}, bot.Errorf(bot.EINVALID, "Slack's answer to oauth.v2.access is not an install's (%v): nothing installed; start again", err)
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
