package index

import (
	"context"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// countingReader is a stand-in sentence encoder: a text's vector is its
// hashed bag of words, unit length, and every text it encodes is counted,
// so tests see what was encoded again. gate, if set, holds EncodeBatch
// until it is closed.
type countingReader struct {
	mu      sync.Mutex
	encoded map[string]int
	gate    chan struct{}
	model   string
}

func newCountingReader() *countingReader {
	return &countingReader{encoded: map[string]int{}, model: "counting-" + randomName()}
}

// randomName keeps each test's vectors apart in the process's cache.
func randomName() string {
	f, _ := os.CreateTemp("", "n")
	f.Close()
	os.Remove(f.Name())
	return filepath.Base(f.Name())
}

func (r *countingReader) Hash() string { return r.model }

func (r *countingReader) Encode(text string) []float32 {
	v := make([]float32, 16)
	for _, w := range strings.Fields(strings.ToLower(text)) {
		h := fnv.New32a()
		h.Write([]byte(strings.Trim(w, ".,?!\"'")))
		v[h.Sum32()%16]++
	}
	normalize(v)
	return v
}

func (r *countingReader) EncodeBatch(texts []string) [][]float32 {
	if r.gate != nil {
		<-r.gate
	}
	out := make([][]float32, len(texts))
	r.mu.Lock()
	for i, t := range texts {
		r.encoded[t]++
		out[i] = r.Encode(t)
	}
	r.mu.Unlock()
	return out
}

func (r *countingReader) count() (texts, calls int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.encoded {
		texts++
		calls += n
	}
	return texts, calls
}

func dropCache() {
	globalVecs.mu.Lock()
	clear(globalVecs.m)
	globalVecs.mu.Unlock()
}

// The passages' vectors are kept in the index folder, keyed by the model:
// a restart encodes nothing, a changed story only its own sentences, and
// another model everything.
func TestReaderVectorsKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	stories := testStories(t)
	r := newCountingReader()
	open := func(stories []Story, r Reader) *Engine {
		t.Helper()
		dropCache() // as a new process
		e, err := Open(context.Background(), stories, Options{Dir: dir, Reader: r})
		if err != nil {
			t.Fatal(err)
		}
		<-e.ReaderReady()
		if got := e.ReaderStatus(); got != "ready" {
			t.Fatalf("reader status %q, want ready", got)
		}
		e.Close()
		return e
	}
	open(stories, r)
	all, _ := r.count()
	if all == 0 {
		t.Fatal("nothing encoded")
	}
	if _, err := os.Stat(filepath.Join(dir, vecFileName)); err != nil {
		t.Fatalf("no vector file: %v", err)
	}
	open(stories, r)
	if n, _ := r.count(); n != all {
		t.Errorf("a restart encoded %d new texts", n-all)
	}
	changed := append([]Story(nil), stories...)
	changed[0].Text += "\n\nA wholly new paragraph was added to the story today."
	open(changed, r)
	if n, calls := r.count(); n != all+1 || calls != all+1 {
		t.Errorf("a changed story: %d texts encoded in %d calls, want %d and %d", n, calls, all+1, all+1)
	}
	other := newCountingReader()
	open(stories, other)
	if n, _ := other.count(); n != all {
		t.Errorf("another model encoded %d texts, want all %d", n, all)
	}
}

// A damaged vector file is not trusted: the vectors are encoded again.
func TestReaderVectorFileDamaged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	r := newCountingReader()
	e, err := Open(context.Background(), testStories(t), Options{Dir: dir, Reader: r})
	if err != nil {
		t.Fatal(err)
	}
	<-e.ReaderReady()
	e.Close()
	all, _ := r.count()
	path := filepath.Join(dir, vecFileName)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 0xff
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	dropCache()
	var log strings.Builder
	e, err = Open(context.Background(), testStories(t), Options{Dir: dir, Reader: r, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	<-e.ReaderReady()
	defer e.Close()
	if _, calls := r.count(); calls != 2*all {
		t.Errorf("after damage %d encodings, want %d", calls, 2*all)
	}
	if !strings.Contains(log.String(), "unreadable") {
		t.Errorf("damage not logged: %s", log.String())
	}
}

// A corpus with many new sentences is answered by words alone at once,
// and by the reader once its vectors are ready.
func TestReaderInBackground(t *testing.T) {
	var stories []Story
	base := testStories(t)
	for i := 0; len(stories) == 0 || countSentences(t, stories) <= syncSentences; i++ {
		s := base[i%len(base)]
		s.ID, s.File = s.ID+"-"+string(rune('a'+i)), ""
		s.Text = strings.ReplaceAll(s.Text, ".", " "+string(rune('a'+i%26))+"x.")
		stories = append(stories, s)
	}
	r := newCountingReader()
	r.gate = make(chan struct{})
	e, err := Open(context.Background(), stories, Options{Reader: r})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := e.ReaderStatus(); got != "encoding" {
		t.Fatalf("reader status %q, want encoding", got)
	}
	res, err := e.Ask(context.Background(), "How many states refused the request?", AskOptions{})
	if err != nil || !res.Answered {
		t.Fatalf("while encoding: %+v, %v", res, err)
	}
	close(r.gate)
	<-e.ReaderReady()
	if got := e.ReaderStatus(); got != "ready" {
		t.Fatalf("reader status %q, want ready", got)
	}
}

func countSentences(t *testing.T, stories []Story) int {
	e, err := Open(context.Background(), stories, Options{NoReader: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	return len(e.recs)
}

// Without a reader the engine says so, and answers.
func TestReaderOff(t *testing.T) {
	e, err := Open(context.Background(), testStories(t), Options{NoReader: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.ReaderStatus() != "off" || e.ReaderReady() != nil {
		t.Errorf("status %q", e.ReaderStatus())
	}
	res, err := e.Ask(context.Background(), "How many states refused the request?", AskOptions{})
	if err != nil || !res.Answered {
		t.Fatalf("%+v, %v", res, err)
	}
}
