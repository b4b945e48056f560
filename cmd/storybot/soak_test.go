package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"storybot/bot/slackfake"
)

var (
	soak       = flag.Bool("soak", false, "run the soak test: storybot in HTTP mode under many signed mixed requests over loopback")
	soakN      = flag.Int("soak.n", 100_000, "requests the soak test sends")
	soakWorker = flag.Int("soak.c", 32, "requests the soak test keeps in flight")
)

// soakKind is what a soak request is, and so what it must get.
type soakKind int

const (
	soakMention   soakKind = iota // answered once, in its thread
	soakDM                        // answered once, in the DM
	soakRetry                     // a redelivery of an earlier event: not answered again
	soakLoneRetry                 // a redelivery whose first delivery never came: answered once
	soakSlash                     // answered in the response
	soakVerify                    // url_verification: the challenge
	soakBadSig                    // 401
	soakBadJSON                   // 400
	soakBadForm                   // 400
	soakOversize                  // 413
	numSoakKinds
)

var soakNames = [numSoakKinds]string{"mention", "dm", "retry", "lone-retry", "slash", "url_verification", "bad-signature", "bad-json", "bad-form", "oversize"}

// soakMix is how many of every 100 requests are of each kind.
var soakMix = [numSoakKinds]int{30, 15, 10, 2, 20, 5, 5, 5, 3, 5}

var soakWant = [numSoakKinds]int{200, 200, 200, 200, 200, 200, 401, 400, 400, 413}

// soakKindOf is request i's kind: a fixed, well-spread function of i.
func soakKindOf(i int) soakKind {
	x := uint64(i)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	x ^= x >> 29
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 32
	r := int(x % 100)
	for k, n := range soakMix {
		if r < n {
			return soakKind(k)
		}
		r -= n
	}
	return soakSlash
}

var soakQuestions = []string{
	"How many states refused the request?",
	"Who is Kris Kobach?",
	"what did padilla say",
	"When did the court decline to halt the collection?",
	"what about pizza?",
	"sources",
}

// TestSoak fires many signed, mixed requests at the whole program (run, in
// HTTP mode, against the fake Slack) over loopback, and checks that every
// request got what it must, every valid question was answered exactly
// once, and that neither goroutines nor the heap grew between the first
// and the last tenth. It is opt-in:
//
//	go test ./cmd/storybot -run TestSoak -soak -v
func TestSoak(t *testing.T) {
	if !*soak {
		t.Skip("opt-in: go test ./cmd/storybot -run TestSoak -soak -v")
	}
	n := *soakN
	s := newSoaker(t, n)
	tenth := n / 10
	start := time.Now()
	s.run(0, tenth)
	first := s.measure(tenth)
	s.run(tenth, n-tenth)
	s.run(n-tenth, n)
	took := time.Since(start)
	// Every valid event answered: wait for the last answers.
	valid := 0
	for i := range n {
		if soakAnswered(soakKindOf(i)) {
			valid++
		}
	}
	for deadline := time.Now().Add(30 * time.Second); s.answered() < valid && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	last := s.measure(n)

	if err := s.r.stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	s.checkAnswers()
	s.report(took, valid, first, last)
	if last.goroutines > first.goroutines+5 {
		t.Errorf("goroutines grew from %d to %d", first.goroutines, last.goroutines)
	}
	// The dedup memory fills up to its bound (20,000 keys) during the run:
	// allow for that, and nothing more.
	if last.heap > first.heap+16<<20 {
		t.Errorf("heap grew from %.1f MiB to %.1f MiB", float64(first.heap)/(1<<20), float64(last.heap)/(1<<20))
	}
}

// soakAnswered says whether a request of kind k must be answered once.
func soakAnswered(k soakKind) bool { return k == soakMention || k == soakDM || k == soakLoneRetry }

// soakSecret signs the soak's requests.
const soakSecret = "soak-signing-secret"

// soaker drives the soak: the program under test, the fake Slack, and
// what the requests got.
type soaker struct {
	t        *testing.T
	fake     *slackfake.Slack
	r        *running
	base     string
	tr       *http.Transport
	client   *http.Client
	oversize []byte
	// posts[i] counts the answers to event i, found by its thread (a
	// mention) or its channel (a DM). Allocated up front: the driver's
	// memory does not grow during the run.
	posts []atomic.Int32
	stray atomic.Int32
	late  atomic.Int32

	mu       sync.Mutex
	failures []string
	counts   [numSoakKinds]int
	lat      []time.Duration
}

// newSoaker starts the program in HTTP mode against a fake Slack that
// counts the answers to n requests.
func newSoaker(t *testing.T, n int) *soaker {
	corpus := "../../corpus"
	if _, err := os.Stat(corpus); err != nil {
		corpus = testCorpus(t)
	}
	s := &soaker{t: t, fake: slackfake.New(t), posts: make([]atomic.Int32, n), lat: make([]time.Duration, 0, n),
		oversize: bytes.Repeat([]byte("x"), 1<<20+4096)}
	s.fake.OnPost(func(v url.Values) {
		id := v.Get("thread_ts")
		if id == "" {
			id = strings.TrimPrefix(v.Get("channel"), "D")
		}
		i, err := strconv.Atoi(strings.TrimSuffix(id, ".1"))
		if err != nil || i < 0 || i >= n {
			s.stray.Add(1)
			return
		}
		s.posts[i].Add(1)
	})
	go func() {
		for range s.fake.Responses {
			s.late.Add(1)
		}
	}()
	s.r = start(t, []string{"http", "--addr", "127.0.0.1:0"}, map[string]string{
		"STORYBOT_CORPUS":      corpus,
		"SLACK_BOT_TOKEN":      slackfake.BotToken,
		"SLACK_SIGNING_SECRET": soakSecret,
		"SLACK_API_URL":        s.fake.APIURL(),
		"STORYBOT_RATE_LIMIT":  "0",
	}, nil)
	s.base = "http://" + slackfake.Receive(t, s.r.stderr.addrs, "the HTTP server to listen") + "/slack/events"
	s.r.stderr.mu.Lock()
	s.r.stderr.drop = true
	s.r.stderr.mu.Unlock()
	s.tr = &http.Transport{MaxIdleConns: 2 * *soakWorker, MaxIdleConnsPerHost: 2 * *soakWorker}
	s.client = &http.Client{Transport: s.tr, Timeout: 30 * time.Second}
	return s
}

// event is the body of event i of kind k.
func (s *soaker) event(i int, k soakKind) []byte {
	q := soakQuestions[i%len(soakQuestions)]
	id := fmt.Sprint(i)
	if k == soakRetry {
		// The first delivery of an earlier event (sent before this one
		// or at the same time: both orders must give one answer).
		for j := i - 1; j >= 0 && j > i-1000; j-- {
			if kk := soakKindOf(j); kk == soakMention || kk == soakDM {
				return s.event(j, kk)
			}
		}
		return []byte(`{"type":"event_callback","event_id":"none","event":{"type":"reaction_added"}}`)
	}
	if k == soakDM {
		return slackfake.JSON(s.t, slackfake.Callback("Ev"+id, slackfake.DM("D"+id, "U"+fmt.Sprint(i%97), q, id+".1")))
	}
	return slackfake.JSON(s.t, slackfake.Callback("Ev"+id, slackfake.Mention("C1", "U"+fmt.Sprint(i%97), "<@UBOT> "+q, id+".1", "")))
}

// request is request i, signed, and its kind.
func (s *soaker) request(i int) (soakKind, *http.Request) {
	k := soakKindOf(i)
	ct, sec, body := "application/json", soakSecret, []byte(nil)
	var hdr []string
	switch k {
	case soakMention, soakDM:
		body = s.event(i, k)
	case soakRetry:
		body = s.event(i, k)
		hdr = []string{"X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"}
	case soakLoneRetry:
		body = s.event(i, soakMention)
		hdr = []string{"X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "connection_failed"}
	case soakSlash:
		ct = "application/x-www-form-urlencoded"
		body = []byte(slackfake.Form(slackfake.Slash("C1", "U"+fmt.Sprint(i%97), soakQuestions[i%len(soakQuestions)], s.fake.ResponseURL(fmt.Sprint(i)))).Encode())
	case soakVerify:
		body = []byte(`{"type":"url_verification","token":"x","challenge":"c` + fmt.Sprint(i) + `"}`)
	case soakBadSig:
		body, sec = s.event(i, soakMention), "wrong-secret"
	case soakBadJSON:
		body = s.event(i, soakMention)
		body = body[:len(body)/2]
	case soakBadForm:
		ct, body = "application/x-www-form-urlencoded", []byte("command=%2Fstory&text=%zz")
	case soakOversize:
		body = s.oversize
	}
	req := slackfake.Signed(s.t, s.base, sec, ct, body, time.Now())
	for j := 0; j+1 < len(hdr); j += 2 {
		req.Header.Set(hdr[j], hdr[j+1])
	}
	return k, req
}

// fail keeps one of the first 20 failures.
func (s *soaker) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) < 20 {
		s.failures = append(s.failures, fmt.Sprintf(format, args...))
	}
}

// soakSample is the process's goroutines and heap after request at.
type soakSample struct {
	goroutines int
	heap       uint64
	at         int
}

func (s *soaker) measure(at int) soakSample {
	// Let the work in flight end and idle connections close, then
	// count what is left.
	s.tr.CloseIdleConnections()
	prev := -1
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		g := runtime.NumGoroutine()
		if g == prev {
			break
		}
		prev = g
	}
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return soakSample{goroutines: runtime.NumGoroutine(), heap: ms.HeapAlloc, at: at}
}

// run sends requests from to to, *soakWorker at a time.
func (s *soaker) run(from, to int) {
	next := atomic.Int64{}
	next.Store(int64(from))
	var wg sync.WaitGroup
	for range *soakWorker {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= to {
					return
				}
				s.send(i)
			}
		})
	}
	wg.Wait()
}

// send sends request i and checks what it got.
func (s *soaker) send(i int) {
	k, req := s.request(i)
	t0 := time.Now()
	resp, err := s.client.Do(req)
	d := time.Since(t0)
	if err != nil {
		s.fail("request %d (%s): %v", i, soakNames[k], err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != soakWant[k] {
		s.fail("request %d (%s): status %d, want %d: %s", i, soakNames[k], resp.StatusCode, soakWant[k], body)
	}
	if k == soakSlash && resp.StatusCode == 200 && len(body) > 0 {
		var msg struct {
			Blocks []json.RawMessage `json:"blocks"`
		}
		if json.Unmarshal(body, &msg) != nil || len(msg.Blocks) == 0 {
			s.fail("request %d (slash): no answer in %s", i, body)
		}
	}
	if k == soakVerify && !strings.Contains(string(body), fmt.Sprintf(`"c%d"`, i)) {
		s.fail("request %d (url_verification): %s", i, body)
	}
	s.mu.Lock()
	s.counts[k]++
	s.lat = append(s.lat, d)
	s.mu.Unlock()
}

// answered is how many events have been answered.
func (s *soaker) answered() int {
	c := 0
	for i := range s.posts {
		if s.posts[i].Load() > 0 {
			c++
		}
	}
	return c
}

// checkAnswers fails every event not answered exactly as often as it
// must, stray posts, and errors logged.
func (s *soaker) checkAnswers() {
	for i := range s.posts {
		k := soakKindOf(i)
		want := int32(0)
		if soakAnswered(k) {
			want = 1
		}
		if got := s.posts[i].Load(); got != want {
			s.fail("event %d (%s): answered %d times, want %d", i, soakNames[k], got, want)
		}
	}
	if n := s.stray.Load(); n != 0 {
		s.fail("%d posts to no known event", n)
	}
	if log := s.r.stderr.String(); strings.Contains(log, "level=ERROR") {
		s.fail("errors logged:\n%s", log)
	}
}

// report logs the figures and reports the failures kept.
func (s *soaker) report(took time.Duration, valid int, first, last soakSample) {
	t, lat, n := s.t, s.lat, len(s.posts)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
	t.Logf("%d requests in %v: %.0f/s, %d in flight; latency p50 %v, p99 %v, max %v",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), *soakWorker, pct(0.5), pct(0.99), lat[len(lat)-1])
	var mix []string
	for k, c := range s.counts {
		mix = append(mix, fmt.Sprintf("%s %d", soakNames[k], c))
	}
	t.Logf("mix: %s; %d events answered exactly once; %d slash answers came late, on the response_url", strings.Join(mix, ", "), valid, s.late.Load())
	t.Logf("after %d requests: %d goroutines, heap %.1f MiB; after %d: %d goroutines, heap %.1f MiB",
		first.at, first.goroutines, float64(first.heap)/(1<<20), last.at, last.goroutines, float64(last.heap)/(1<<20))
	for _, f := range s.failures {
		t.Error(f)
	}
}
