package install

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"storybot/bot/slackfake"
	"storybot/bot/store"
)

// rig is an Installer against a fake Slack, served over HTTP as in
// production, with a browser that keeps cookies.
type rig struct {
	t       *testing.T
	slack   *slackfake.Slack
	inst    *Installer
	store   store.Installations
	srv     *httptest.Server
	browser *http.Client
	now     time.Time
	metrics *prometheus.Registry
}

func newRig(t *testing.T, o Options) *rig {
	r := &rig{t: t, slack: slackfake.New(t), now: time.Unix(1_700_000_000, 0), metrics: prometheus.NewRegistry()}
	if o.Installations == nil {
		o.Installations = store.NewMemoryInstallations()
	}
	r.store = o.Installations
	o.ClientID, o.ClientSecret, o.APIURL = slackfake.ClientID, slackfake.ClientSecret, r.slack.APIURL()
	o.Scopes, o.Metrics = []string{"app_mentions:read", "chat:write"}, NewMetrics(r.metrics)
	o.Now = func() time.Time { return r.now }
	r.inst = New(o)
	mux := http.NewServeMux()
	mux.Handle("GET /slack/install", r.inst.InstallPage())
	mux.Handle("GET /slack/oauth_redirect", r.inst.Redirect())
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	r.browser = newBrowser(t)
	return r
}

// newBrowser is an HTTP client that keeps cookies, as a browser does.
func newBrowser(t *testing.T) *http.Client {
	jar := &cookieJar{m: map[string][]*http.Cookie{}}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type cookieJar struct{ m map[string][]*http.Cookie }

func (j *cookieJar) SetCookies(u *url.URL, cs []*http.Cookie) {
	for _, c := range cs {
		keep := j.m[u.Host][:0]
		for _, o := range j.m[u.Host] {
			if o.Name != c.Name {
				keep = append(keep, o)
			}
		}
		if c.MaxAge >= 0 {
			keep = append(keep, c)
		}
		j.m[u.Host] = keep
	}
}

func (j *cookieJar) Cookies(u *url.URL) []*http.Cookie { return j.m[u.Host] }

func (r *rig) get(c *http.Client, path string) (int, string) {
	r.t.Helper()
	resp, err := c.Get(r.srv.URL + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var addLink = regexp.MustCompile(`href="([^"]+)">Add to Slack`)

// startInstall opens the install page in c and returns the state of its
// "Add to Slack" link.
func (r *rig) startInstall(c *http.Client) string {
	r.t.Helper()
	code, body := r.get(c, "/slack/install")
	m := addLink.FindStringSubmatch(body)
	if code != 200 || m == nil {
		r.t.Fatalf("install page: %d\n%s", code, body)
	}
	link, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		r.t.Fatal(err)
	}
	return link.Query().Get("state")
}

func (r *rig) redirect(c *http.Client, q url.Values) (int, string) {
	return r.get(c, "/slack/oauth_redirect?"+q.Encode())
}

func TestInstallPage(t *testing.T) {
	t.Parallel()
	r := newRig(t, Options{RedirectURL: "https://bot.example/slack/oauth_redirect"})
	code, body := r.get(r.browser, "/slack/install")
	m := addLink.FindStringSubmatch(body)
	if code != 200 || m == nil {
		t.Fatalf("%d\n%s", code, body)
	}
	link, _ := url.Parse(html.UnescapeString(m[1]))
	q := link.Query()
	if !strings.HasPrefix(link.String(), r.slack.Server.URL+"/oauth/v2/authorize?") || q.Get("client_id") != slackfake.ClientID ||
		q.Get("scope") != "app_mentions:read,chat:write" || q.Get("redirect_uri") != "https://bot.example/slack/oauth_redirect" || q.Get("state") == "" {
		t.Errorf("Add to Slack link: %s", link)
	}
	u, _ := url.Parse(r.srv.URL)
	cookies := r.browser.Jar.Cookies(u)
	// Secure although this request came over plain HTTP: in production
	// TLS ends in front of storybot, whatever the request says.
	if len(cookies) != 1 || cookies[0].Value != q.Get("state") || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode || !cookies[0].Secure {
		t.Errorf("state cookie: %+v", cookies)
	}
	if strings.Contains(body, slackfake.ClientSecret) {
		t.Error("the page shows the client secret")
	}
}

func TestInstall(t *testing.T) {
	t.Parallel()
	ws := slackfake.Workspace{Team: "T0042", TeamName: "Acme <News>", Token: "xoxb-acme", BotUser: "UACME", BotID: "BACME", Scopes: "app_mentions:read,chat:write", Installer: "U77"}
	for name, s := range map[string]func(t *testing.T) store.Installations{
		"memory": func(t *testing.T) store.Installations { return store.NewMemoryInstallations() },
		"sqlite": func(t *testing.T) store.Installations { return openSQLite(t, testKey) },
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, Options{Installations: s(t)})
			state := r.startInstall(r.browser)
			r.slack.GrantCode("code-1", ws)
			code, body := r.redirect(r.browser, url.Values{"code": {"code-1"}, "state": {state}})
			if code != 200 || !strings.Contains(body, "storybot is installed in Acme &lt;News&gt;") {
				t.Fatalf("%d\n%s", code, body)
			}
			inst, err := r.store.Find(context.Background(), store.Tenant{TeamID: "T0042"})
			if err != nil || inst.BotToken != "xoxb-acme" || inst.BotUserID != "UACME" || inst.BotID != "BACME" ||
				inst.InstallerUserID != "U77" || len(inst.Scopes) != 2 || !inst.InstalledAt.Equal(r.now) {
				t.Errorf("installation: %+v, %v", inst, err)
			}
			if got := metric(t, r.metrics, `storybot_installs_total{outcome="installed"}`); got != "1" {
				t.Errorf("installs metric %s", got)
			}
			// The state was for one try: the same link again installs nothing.
			r.slack.GrantCode("code-2", ws)
			if code, _ := r.redirect(r.browser, url.Values{"code": {"code-2"}, "state": {state}}); code != http.StatusBadRequest {
				t.Errorf("the state worked twice: %d", code)
			}
			// Authorize serves the workspace with its own token and bot.
			a, err := r.inst.Authorize(context.Background(), store.Tenant{TeamID: "T0042"})
			if err != nil || a.Self.UserID != "UACME" || a.Self.BotID != "BACME" {
				t.Fatalf("Authorize: %+v, %v", a, err)
			}
			if _, _, err := a.Slack.PostMessageContext(context.Background(), "C1"); err != nil {
				t.Fatal(err)
			}
			if p := slackfake.Receive(t, r.slack.Posts, "a post"); p.Get("token") != "xoxb-acme" {
				t.Errorf("posted with %q", p.Get("token"))
			}
			if err := r.inst.Uninstalled(context.Background(), store.Tenant{TeamID: "T0042"}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.inst.Authorize(context.Background(), store.Tenant{TeamID: "T0042"}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("after the uninstall: %v", err)
			}
			if got := metric(t, r.metrics, `storybot_installs_total{outcome="uninstalled"}`); got != "1" {
				t.Errorf("uninstalls metric %s", got)
			}
		})
	}
}

// TestInstallOrgWide installs for a whole organization: Slack sends no
// team, and every workspace of the organization is served.
func TestInstallOrgWide(t *testing.T) {
	t.Parallel()
	r := newRig(t, Options{})
	state := r.startInstall(r.browser)
	r.slack.GrantCode("org", slackfake.Workspace{Enterprise: "E9", OrgWide: true, Token: "xoxb-org", BotUser: "UORG", Scopes: "app_mentions:read,chat:write"})
	code, body := r.redirect(r.browser, url.Values{"code": {"org"}, "state": {state}})
	body = html.UnescapeString(body)
	// Slack's docs: an org-wide install is in no workspace until an org
	// admin adds it to some.
	if code != 200 || !strings.Contains(body, "installed for the organization Org E9") || strings.Contains(body, "every workspace") ||
		!strings.Contains(body, "an org admin must now add it to workspaces, from the organization's admin dashboard") {
		t.Fatalf("%d\n%s", code, body)
	}
	a, err := r.inst.Authorize(context.Background(), store.Tenant{EnterpriseID: "E9", TeamID: "T5", EnterpriseInstall: true})
	if err != nil || a.Self.UserID != "UORG" {
		t.Errorf("a workspace of the organization: %+v %v", a, err)
	}
}

func TestInstallFailures(t *testing.T) {
	t.Parallel()
	ws := slackfake.Workspace{Team: "T1", Token: "xoxb-1", BotUser: "U1", Scopes: "chat:write"}
	tests := []struct {
		name   string
		opt    Options
		setup  func(r *rig) url.Values // the redirect's query, in r.browser
		status int
		says   string
	}{
		{"cancelled in Slack", Options{}, func(r *rig) url.Values {
			return url.Values{"error": {"access_denied"}, "state": {r.startInstall(r.browser)}}
		}, 200, "did not go ahead (access_denied)"},
		{"no state", Options{}, func(r *rig) url.Values {
			r.startInstall(r.browser)
			return url.Values{"code": {"c"}}
		}, 400, "did not come back with its state"},
		{"another browser's link", Options{}, func(r *rig) url.Values {
			r.startInstall(r.browser)
			return url.Values{"code": {"c"}, "state": {r.startInstall(newBrowser(r.t))}}
		}, 400, "started in another browser"},
		{"a forged state in both", Options{}, func(r *rig) url.Values {
			r.startInstall(r.browser)
			u, _ := url.Parse(r.srv.URL)
			forged := enc(make([]byte, 24)) + "." + enc(make([]byte, 32))
			r.browser.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: forged}})
			return url.Values{"code": {"c"}, "state": {forged}}
		}, 400, "not one storybot made"},
		{"expired", Options{}, func(r *rig) url.Values {
			s := r.startInstall(r.browser)
			r.now = r.now.Add(11 * time.Minute)
			return url.Values{"code": {"c"}, "state": {s}}
		}, 400, "expired"},
		{"a code Slack does not know", Options{}, func(r *rig) url.Values {
			return url.Values{"code": {"nope"}, "state": {r.startInstall(r.browser)}}
		}, 502, "oauth.v2.access: invalid_code"},
		{"no encryption key", Options{Refused: store.ErrNoKey}, func(r *rig) url.Values {
			u, _ := url.Parse(r.srv.URL)
			s := newState(r.inst.key, r.now.Add(time.Minute))
			r.browser.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: s}})
			r.slack.GrantCode("c", ws)
			return url.Values{"code": {"c"}, "state": {s}}
		}, 503, "STORYBOT_ENCRYPTION_KEY is not set"},
		{"the store has no key", Options{Installations: &failingStore{err: store.ErrNoKey}}, func(r *rig) url.Values {
			r.slack.GrantCode("c", ws)
			return url.Values{"code": {"c"}, "state": {r.startInstall(r.browser)}}
		}, 503, "openssl rand -hex 32"},
		{"the database fails", Options{Installations: &failingStore{err: errors.New("disk I/O error at /secret/path")}}, func(r *rig) url.Values {
			r.slack.GrantCode("c", ws)
			return url.Values{"code": {"c"}, "state": {r.startInstall(r.browser)}}
		}, 500, "could not keep the installation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tt.opt)
			code, body := r.redirect(r.browser, tt.setup(r))
			if code != tt.status || !strings.Contains(html.UnescapeString(body), tt.says) {
				t.Errorf("%d, want %d saying %q:\n%s", code, tt.status, tt.says, body)
			}
			if strings.Contains(body, "/secret/path") || strings.Contains(body, slackfake.ClientSecret) {
				t.Errorf("the page shows what is for the operator:\n%s", body)
			}
			if _, err := r.store.Find(context.Background(), store.Tenant{TeamID: "T1"}); err == nil {
				t.Error("installed all the same")
			}
		})
	}
}

// TestInstallPageRefused: without a key, the install page says why
// instead of offering a link that cannot work.
func TestInstallPageRefused(t *testing.T) {
	t.Parallel()
	r := newRig(t, Options{Refused: store.ErrNoKey})
	code, body := r.get(r.browser, "/slack/install")
	if code != 503 || addLink.MatchString(body) || !strings.Contains(body, "STORYBOT_ENCRYPTION_KEY") {
		t.Errorf("%d\n%s", code, body)
	}
}

type failingStore struct {
	store.MemoryInstallations
	err error
}

func (f *failingStore) Save(ctx context.Context, inst store.Installation) error { return f.err }
func (f *failingStore) Find(ctx context.Context, t store.Tenant) (store.Installation, error) {
	return store.Installation{}, store.ErrNotFound
}

const testKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func openSQLite(t *testing.T, key string) store.Installations {
	c, err := store.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenDatabase(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "s.db"), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// metric is the value of one series, as /metrics shows it.
func metric(t *testing.T, reg *prometheus.Registry, series string) string {
	w := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	for _, line := range strings.Split(w.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}
