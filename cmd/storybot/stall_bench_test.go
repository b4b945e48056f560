package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"storybot/bot/slackfake"
	"storybot/internal/slacksig"
)

// BenchmarkStalledBodies measures storybot's resident memory, as a
// process in HTTP mode with the real corpus, while 200 connections each
// send a 1 MB body but its last byte and stall: unsigned, and with a forged
// signature and a fresh timestamp (which must be read to be found out).
// It checks that a signed request is still answered meanwhile, and
// reports the resident memory then (rss-MiB) and at its peak (peak-MiB).
//
//	go test ./cmd/storybot -run '^$' -bench StalledBodies -benchtime 1x
func BenchmarkStalledBodies(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc")
	}
	corpus, err := filepath.Abs("../../corpus")
	if err != nil {
		b.Fatal(err)
	}
	const conns, secret = 200, "0123456789abcdef0123456789abcdef"
	for _, kind := range []string{"unsigned", "forged"} {
		b.Run(kind, func(b *testing.B) {
			var rss, peak float64
			for range b.N {
				fake := slackfake.New(b)
				p := startProcess(b, "http --addr 127.0.0.1:0", map[string]string{
					"STORYBOT_CORPUS": corpus, "SLACK_BOT_TOKEN": slackfake.BotToken, "SLACK_SIGNING_SECRET": secret,
					"SLACK_API_URL": fake.APIURL(), "STORYBOT_RATE_LIMIT": "0",
				})
				addr := p.waitFor(`msg=listening addr=(\S+)`)[1]
				var header string
				if kind == "forged" {
					header = fmt.Sprintf("%s: %d\r\n%s: v0=%s\r\n", slacksig.HeaderTimestamp, time.Now().Unix(), slacksig.HeaderSignature, strings.Repeat("ab", 32))
				}
				stop := stallBodies(b, addr, conns, header)
				// Let the server take them all in (a benchmark may wait).
				time.Sleep(3 * time.Second)
				r, pk := procMemory(b, p.cmd.Process.Pid)
				rss, peak = rss+r, peak+pk
				req := slackfake.Signed(b, "http://"+addr+"/slack/events", secret, "application/json", []byte(`{"type":"url_verification","challenge":"c"}`), time.Now())
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 && !(kind == "forged" && resp.StatusCode == 503) {
					b.Errorf("signed request among stalled ones: %d", resp.StatusCode)
				}
				b.Logf("%s: signed request answered %d", kind, resp.StatusCode)
				stop()
				p.signal(syscall.SIGTERM)
				p.exit()
			}
			b.ReportMetric(rss/float64(b.N), "rss-MiB")
			b.ReportMetric(peak/float64(b.N), "peak-MiB")
		})
	}
}

// stallBodies opens n connections to addr that each send the headers of a
// 1 MB JSON POST (with extra header lines) and all of its body but the
// last byte, and then nothing. stop closes them.
func stallBodies(b *testing.B, addr string, n int, header string) (stop func()) {
	const size = 1 << 20
	body := strings.Repeat("a", size-1)
	var mu sync.Mutex
	var cs []net.Conn
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				b.Error(err)
				return
			}
			mu.Lock()
			cs = append(cs, c)
			mu.Unlock()
			// The server may refuse and close before the body is sent:
			// write errors are expected.
			io.WriteString(c, fmt.Sprintf("POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n", size, header))
			io.WriteString(c, body)
		})
	}
	wg.Wait()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range cs {
			c.Close()
		}
	}
}

// procMemory reads a process's resident memory now and at its peak, in
// MiB.
func procMemory(b *testing.B, pid int) (rss, peak float64) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak
}
