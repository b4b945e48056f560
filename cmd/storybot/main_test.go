package main

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"storybot/bot/slackfake"
)

// TestMain lets the test binary be storybot itself: with
// STORYBOT_TEST_MAIN=1 it runs main, so that a test can run the whole
// program as a process and send it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("STORYBOT_TEST_MAIN") == "1" {
		if line := os.Getenv("STORYBOT_TEST_STDLOG"); line != "" {
			// Once main has pointed the log package at its logger, write
			// a line through it, as bleve does.
			go func() {
				for log.Writer() == io.Writer(os.Stderr) {
					time.Sleep(time.Millisecond)
				}
				log.Print(line)
			}()
		}
		os.Args = append([]string{"storybot"}, strings.Fields(os.Getenv("STORYBOT_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// process is storybot running as a child process.
type process struct {
	t    testing.TB
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  strings.Builder // stdout and stderr, interleaved
	done chan error
}

func startProcess(t testing.TB, args string, env map[string]string) *process {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("sends Unix signals")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Dir = t.TempDir() // no .env there
	cmd.Env = []string{"STORYBOT_TEST_MAIN=1", "STORYBOT_TEST_ARGS=" + args, "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{t: t, cmd: cmd, done: make(chan error, 1)}
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, r := range []io.Reader{stdout, stderr} {
		wg.Go(func() {
			sc := bufio.NewScanner(r)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				p.mu.Lock()
				p.out.WriteString(sc.Text() + "\n")
				p.mu.Unlock()
			}
		})
	}
	go func() {
		wg.Wait()
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("output:\n%s", p.output())
		}
	})
	return p
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitFor waits until the output matches re and returns the first match's
// groups.
func (p *process) waitFor(re string) []string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(2 * slackfake.Timeout)
	for {
		if m := rx.FindStringSubmatch(p.output()); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the output never matched %s", re)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *process) signal(s os.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(s); err != nil {
		p.t.Fatal(err)
	}
}

// exit waits for the process to end and returns its exit code.
func (p *process) exit() int {
	p.t.Helper()
	err := slackfake.Receive(p.t, p.done, "storybot to exit")
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		p.t.Fatal(err)
	}
	return 0
}

// TestWholeProgram runs storybot as a process, in HTTP mode and then in
// Socket Mode, with known secrets: it answers, reloads on a real SIGHUP
// (and keeps its index when the corpus is broken), stops on SIGTERM with
// exit code 0, and nothing it wrote holds a token, the signing secret or
// a response_url.
func TestWholeProgram(t *testing.T) {
	t.Run("http", testWholeHTTP)
	t.Run("socket", testWholeSocket)
}

// The secrets TestWholeProgram runs with, none of which may show in what
// the program writes.
const (
	wholeSecret     = "whole-program-signing-secret-7c1d"
	wholeHookSecret = "T0001/1234/hook-secret-5e6f"
)

var wholeSecrets = []string{wholeSecret, slackfake.BotToken, slackfake.AppToken, wholeHookSecret, "fake-bot-token", "fake-app-token"}

// wholeHTTP sends signed requests to the process in HTTP mode.
type wholeHTTP struct {
	t    *testing.T
	base string
}

func (w wholeHTTP) send(sec, ct string, body []byte, header ...string) int {
	req := slackfake.Signed(w.t, w.base+"/slack/events", sec, ct, body, time.Now())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (w wholeHTTP) event(id, text string, header ...string) int {
	return w.send(wholeSecret, "application/json", slackfake.JSON(w.t, slackfake.Callback(id, slackfake.Mention("C1", "U1", text, id, ""))), header...)
}

func testWholeHTTP(t *testing.T) {
	fake := slackfake.New(t)
	corpus := testCorpus(t)
	p := startProcess(t, "http --addr 127.0.0.1:0", map[string]string{
		"STORYBOT_CORPUS": corpus, "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_SIGNING_SECRET": wholeSecret,
		"SLACK_API_URL": fake.APIURL(), "LOG_LEVEL": "debug", "LOG_FORMAT": "json",
	})
	w := wholeHTTP{t: t, base: "http://" + p.waitFor(`"msg":"listening","addr":"([^"]+)"`)[1]}
	// Answers, with Slack failing in every way it can.
	fake.Inject("chat.postMessage", slackfake.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}}}, slackfake.Fault{Status: 500})
	w.event("1.1", "<@UBOT> how many votes approved the budget?")
	if p := slackfake.Receive(t, fake.Posts, "answer"); !strings.Contains(p.Get("text"), "seven votes") {
		t.Errorf("answer: %q", p.Get("text"))
	}
	fake.Inject("chat.postMessage", slackfake.Fault{Hangup: true})
	w.event("2.1", "<@UBOT> who is Ann Lee?")
	p.waitFor(`"msg":"reply failed","event_id":"2.1"`)
	fake.Inject("response", slackfake.Fault{Hangup: true})
	fake.Inject("response", slackfake.Fault{Hangup: true})
	click := slackfake.ShareClick("C1", "U1", "share_answer", "how many votes?", fake.Server.URL+"/response/"+wholeHookSecret)
	w.send(wholeSecret, "application/x-www-form-urlencoded", []byte("payload="+string(slackfake.JSON(t, click))))
	p.waitFor(`"msg":"share failed"`)
	// Refusals.
	if c := w.send("wrong-"+wholeSecret, "application/json", []byte(`{"type":"event_callback"}`)); c != 401 {
		t.Errorf("bad signature: %d", c)
	}
	if c := w.send(wholeSecret, "application/json", []byte(`{"type":`)); c != 400 {
		t.Errorf("bad JSON: %d", c)
	}
	if c := w.event("1.1", "<@UBOT> how many votes approved the budget?", "X-Slack-Retry-Num", "1"); c != 200 {
		t.Errorf("retry: %d", c)
	}
	// A real SIGHUP: reloaded; a story being served broken: kept.
	os.WriteFile(filepath.Join(corpus, "storm.txt"), []byte(otherStory), 0o644)
	p.signal(syscall.SIGHUP)
	p.waitFor(`"msg":"corpus reloaded","stories":2`)
	os.WriteFile(filepath.Join(corpus, "storm.txt"), []byte("id: storm\n"), 0o644)
	p.signal(syscall.SIGHUP)
	p.waitFor(`"msg":"reload failed; still serving the previous index"`)
	w.event("3.1", "<@UBOT> how many schools did the storm close?")
	if p := slackfake.Receive(t, fake.Posts, "answer after the reloads"); !strings.Contains(p.Get("text"), "eleven") {
		t.Errorf("answer after the reloads: %q", p.Get("text"))
	}
	checkStops(t, p, `"msg":"stopped"`)
	if ps := slackfake.Drain(fake.Posts); len(ps) != 0 {
		t.Errorf("%d more posts: the retry was answered again?", len(ps))
	}
}

func testWholeSocket(t *testing.T) {
	fake := slackfake.New(t)
	p := startProcess(t, "", map[string]string{
		"STORYBOT_CORPUS": testCorpus(t), "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_APP_TOKEN": slackfake.AppToken,
		"SLACK_API_URL": fake.APIURL(), "LOG_LEVEL": "debug", "ADMIN_ADDR": "127.0.0.1:0",
	})
	admin := "http://" + p.waitFor(`msg="admin listening" addr=(\S+)`)[1]
	link := slackfake.Receive(t, fake.Links, "socket mode connection")
	link.WaitAck(t, link.Send(t, "events_api", slackfake.Callback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> how many votes approved the budget?", "1.1", ""))))
	slackfake.Receive(t, fake.Posts, "answer")
	link.WaitAck(t, link.Send(t, "slash_commands", slackfake.Slash("C1", "U1", "sources", fake.Server.URL+"/response/"+wholeHookSecret)))
	if c, _ := get(t, admin+"/readyz"); c != 200 {
		t.Errorf("readyz: %d", c)
	}
	link.Drop()
	slackfake.Receive(t, fake.Links, "reconnection")
	checkStops(t, p, "msg=stopped")
}

// checkStops sends SIGTERM: the process must exit 0, logging stopped,
// and nothing it wrote may hold a secret.
func checkStops(t *testing.T, p *process, stopped string) {
	t.Helper()
	p.signal(syscall.SIGTERM)
	if code := p.exit(); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0", code)
	}
	out := p.output()
	if !strings.Contains(out, stopped) {
		t.Error("no clean stop")
	}
	for _, s := range wholeSecrets {
		if strings.Contains(out, s) {
			t.Errorf("the output holds the secret %q", s)
		}
	}
}

// TestSecondSignalStops: a second SIGTERM stops storybot at once even with
// an answer stuck in flight.
func TestSecondSignalStops(t *testing.T) {
	fake := slackfake.New(t)
	release := fake.HoldPosts()
	defer release()
	p := startProcess(t, "http --addr 127.0.0.1:0", map[string]string{
		"STORYBOT_CORPUS": testCorpus(t), "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_SIGNING_SECRET": "s",
		"SLACK_API_URL": fake.APIURL(), "LOG_LEVEL": "debug",
	})
	base := "http://" + p.waitFor(`msg=listening addr=(\S+)`)[1]
	req := slackfake.Signed(t, base+"/slack/events", "s", "application/json",
		slackfake.JSON(t, slackfake.Callback("Ev1", slackfake.DM("D1", "U1", "how many votes?", "1.1"))), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	p.waitFor(`msg=answered`)
	p.signal(syscall.SIGTERM)
	p.waitFor(`msg="shutting down"`)
	p.signal(syscall.SIGTERM)
	if code := p.exit(); code != 143 {
		t.Errorf("exit code %d after a second SIGTERM cut the shutdown short, want 143", code)
	}
}
