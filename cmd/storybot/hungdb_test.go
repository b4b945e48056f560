package main

import (
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"storybot/bot/slackfake"
	"storybot/internal/testservers"
)

// hangingProxy stands between storybot and PostgreSQL on loopback, and
// on hang() stops answering, as a database that hangs does: connections
// are still accepted, and nothing comes back on any of them.
type hangingProxy struct {
	ln       net.Listener
	upstream string
	hung     atomic.Bool
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
}

func newHangingProxy(t *testing.T, upstream string) *hangingProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &hangingProxy{ln: ln, upstream: upstream}
	p.wg.Go(p.accept)
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
	return p
}

func (p *hangingProxy) hang() { p.hung.Store(true) }

func (p *hangingProxy) keep(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns = append(p.conns, c)
}

func (p *hangingProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.keep(c)
		if p.hung.Load() {
			continue // accepted, never answered
		}
		up, err := net.Dial("tcp", p.upstream)
		if err != nil {
			c.Close()
			continue
		}
		p.keep(up)
		p.wg.Go(func() { p.pipe(up, c) })
		p.wg.Go(func() { p.pipe(c, up) })
	}
}

// pipe copies from src to dst until hung, then swallows what comes.
func (p *hangingProxy) pipe(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !p.hung.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestHungDatabase: PostgreSQL reachable but not answering. A workspace
// already served is still answered, events and /story alike, from the
// installation cached in process; /story from another workspace is
// answered at once all the same (it needs no token), and an event from
// one is dropped after the short look-up deadline, saying why.
func TestHungDatabase(t *testing.T) {
	pg, err := url.Parse(testservers.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newHangingProxy(t, pg.Host)
	pg.Host = proxy.ln.Addr().String()
	fake := slackfake.New(t)
	env := manyEnv(t, fake, pg.String(), testEncKey)
	r := start(t, []string{"http", "--addr", "127.0.0.1:0"}, env, nil)
	addr := slackfake.Receive(t, r.stderr.addrs, "the HTTP server to listen")
	base := "http://" + addr
	installThrough(t, base, base, fake, slackfake.Workspace{Team: "TNEW", TeamName: "New", Token: "xoxb-new", BotUser: "UNEW", BotID: "BNEW", Scopes: "app_mentions:read,chat:write"})

	proxy.hang()
	if s := slashNow(t, base, "TNEW", "how many votes approved the budget?", fake); !strings.Contains(s, "seven votes") {
		t.Errorf("/story from the installed workspace, database hung: %s", s)
	}
	event := func(id, team, bot, ts string) {
		auth := map[string]any{"team_id": team, "user_id": bot, "is_bot": true}
		postSigned(t, base, slackfake.With(slackfake.Callback(id, slackfake.Mention("C1", "U1", "<@"+bot+"> how many votes approved the budget?", ts, "")),
			"team_id", team, "authorizations", []any{auth}))
	}
	event("EvHung1", "TNEW", "UNEW", "1.1")
	if p := slackfake.Receive(t, fake.Posts, "the answer, database hung"); p.Get("token") != "xoxb-new" || !strings.Contains(p.Get("text"), "seven votes") {
		t.Errorf("answered with %q: %s", p.Get("token"), p.Get("text"))
	}
	if s := slashNow(t, base, "TOTHER", "how many votes approved the budget?", fake); !strings.Contains(s, "seven votes") {
		t.Errorf("/story from a workspace not cached, database hung: %s", s)
	}
	event("EvHung2", "TOTHER", "UOTHER", "2.1")
	r.waitLog("the database did not answer within 1s")
	r.waitLog("no token to answer with: event dropped")
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("posts: %v", ps)
	}
}
