package index

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
)

// Story is one news story of the corpus.
type Story struct {
	ID        string
	Title     string
	URL       string
	Published string
	Outlet    string
	// Text is the story's body: paragraphs separated by blank lines.
	// Sentence offsets point into it.
	Text string
	// File is where the story was read from, for error messages.
	File string
}

// Info describes the story without its text.
func (s Story) Info(sentences int) StoryInfo {
	return StoryInfo{ID: s.ID, Title: s.Title, URL: s.URL, Published: s.Published, Outlet: s.Outlet, Sentences: sentences}
}

// Skipped is a corpus entry that LoadDir passed over, and why: an entry
// that is not a regular file, or a story file that does not load (Why
// then holds the line, where it helps, and the reason).
type Skipped struct{ File, Why string }

// StoryError is a story file that cannot be read as a story.
type StoryError struct {
	File   string // as given to the parser; "standard input" for "-"
	Line   int    // 1-based; 0 when no line helps
	Reason string
}

func (e *StoryError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return e.File + ": " + e.Reason
}

// why is the reason without the file, as Skipped holds it.
func (e *StoryError) why() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return e.Reason
}

func storyErr(file string, line int, format string, args ...any) *StoryError {
	if file == "-" {
		file = "standard input"
	}
	return &StoryError{File: file, Line: line, Reason: fmt.Sprintf(format, args...)}
}

// maxStoryBytes bounds a story file: news stories are tens of kilobytes,
// and one of many megabytes is a mistake that would cost every question
// (README, Operations).
const maxStoryBytes = 4 << 20

// LoadDir reads every story file (see IsStoryFile) in dir of fsys, in
// file-name order. A file that does not load as a story is skipped and
// listed with the reason, as is an entry that is not a regular file (after
// following links), and the others load: one bad file of many does not
// keep the rest from being served. A story whose id an earlier file took
// is skipped too. The error is for a folder that cannot be read, or that
// holds no story that loads.
func LoadDir(fsys fs.FS, dir string) ([]Story, []Skipped, error) {
	stories, skipped, err := loadAll(fsys, dir)
	if err == nil && len(stories) == 0 {
		err = noStories(dir, skipped)
	}
	return stories, skipped, err
}

// loadAll is LoadDir without its error for an empty corpus.
func loadAll(fsys fs.FS, dir string) ([]Story, []Skipped, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read corpus: %w", err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && IsStoryFile(e.Name()) {
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	// Reading thousands of files is most of a restart's time, and the
	// reads are independent: a few workers share them.
	type loaded struct {
		st   Story
		skip string
	}
	out := make([]loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(len(files), max(2, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for i := range next {
				out[i].st, out[i].skip = loadFile(fsys, files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var stories []Story
	var skipped []Skipped
	seen := map[string]string{}
	for i, l := range out {
		if l.skip == "" {
			if prev, dup := seen[l.st.ID]; dup {
				l.skip = fmt.Sprintf("duplicate story id %q (also in %s)", l.st.ID, prev)
			}
		}
		if l.skip != "" {
			skipped = append(skipped, Skipped{File: files[i], Why: l.skip})
			continue
		}
		seen[l.st.ID] = files[i]
		stories = append(stories, l.st)
	}
	return stories, skipped, nil
}

// loadFile reads and parses one story file, or says why it is skipped.
func loadFile(fsys fs.FS, file string) (Story, string) {
	data, skip := readStory(fsys, file)
	if skip != "" {
		return Story{}, skip
	}
	st, err := ParseStory(file, data)
	if se, ok := err.(*StoryError); ok {
		return st, se.why()
	}
	if err != nil {
		return st, err.Error()
	}
	return st, ""
}

// noStories is LoadDir's error for a folder with no story that loads: it
// says why the first few were skipped, since nothing will be served.
func noStories(dir string, skipped []Skipped) error {
	if len(skipped) == 0 {
		return fmt.Errorf("corpus %s holds no stories (%s files)", dir, storyExts)
	}
	var whys []string
	for i, s := range skipped {
		if i == 3 {
			whys = append(whys, fmt.Sprintf("and %d more", len(skipped)-i))
			break
		}
		whys = append(whys, s.File+": "+s.Why)
	}
	return fmt.Errorf("no story in corpus %s loads: %s", dir, strings.Join(whys, "; "))
}

// readStory reads a story file, or says why it skips it. What is not a
// regular file is never opened: opening a FIFO waits for a writer (and a
// stop signal) forever, and a link to /dev/zero never ends. A file over
// maxStoryBytes is refused, and never read past the bound.
func readStory(fsys fs.FS, file string) (data []byte, skip string) {
	fi, err := fs.Stat(fsys, file) // follows links
	if errors.Is(err, ErrOutsideCorpus) {
		return nil, ErrOutsideCorpus.Error()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "gone, or a link to nothing"
	}
	if err != nil {
		return nil, err.Error()
	}
	switch t := fi.Mode().Type(); {
	case t&fs.ModeNamedPipe != 0:
		return nil, "a named pipe (FIFO), not a regular file"
	case t&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return nil, "a device, not a regular file"
	case !fi.Mode().IsRegular():
		return nil, "not a regular file"
	}
	if fi.Size() > maxStoryBytes {
		return nil, tooBig(fi.Size())
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err.Error()
	}
	defer f.Close()
	// The size may have grown since the look.
	data, err = io.ReadAll(io.LimitReader(f, maxStoryBytes+1))
	if err != nil {
		return nil, err.Error()
	}
	if len(data) > maxStoryBytes {
		return nil, tooBig(int64(len(data)))
	}
	return data, ""
}

func tooBig(size int64) string {
	return fmt.Sprintf("%d bytes, over the %d (%d MiB) a story file may hold: split it into several stories", size, maxStoryBytes, maxStoryBytes>>20)
}
