package index

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
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

// Skipped is a corpus entry that LoadDir passed over, and why.
type Skipped struct{ File, Why string }

// maxStoryBytes bounds a story file: news stories are tens of kilobytes,
// and one of many megabytes is a mistake that would cost every question
// (README, Operations).
const maxStoryBytes = 4 << 20

// LoadDir reads every story (*.txt) in dir of fsys, in file-name order.
// Errors name the file and, where it helps, the line. Entries that are not
// regular files (after following links) are skipped and listed.
func LoadDir(fsys fs.FS, dir string) ([]Story, []Skipped, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read corpus: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && !strings.HasPrefix(name, ".") && path.Ext(name) == ".txt" {
			files = append(files, path.Join(dir, name))
		}
	}
	// Reading thousands of files is most of a restart's time, and the
	// reads are independent: a few workers share them.
	type loaded struct {
		st   Story
		skip string
		err  error
	}
	out := make([]loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(len(files), max(2, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for i := range next {
				data, skip, err := readStory(fsys, files[i])
				if err != nil || skip != "" {
					out[i].skip, out[i].err = skip, err
					continue
				}
				out[i].st, out[i].err = ParseStory(files[i], data)
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
	var errs []error
	for i, l := range out {
		if l.skip != "" {
			skipped = append(skipped, Skipped{File: files[i], Why: l.skip})
			continue
		}
		if l.err != nil {
			errs = append(errs, l.err)
			continue
		}
		if prev, dup := seen[l.st.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: duplicate story id %q (also in %s)", files[i], l.st.ID, prev))
			continue
		}
		seen[l.st.ID] = files[i]
		stories = append(stories, l.st)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, skipped, err
	}
	if len(stories) == 0 {
		return nil, skipped, fmt.Errorf("corpus %s holds no stories (*.txt files)", dir)
	}
	return stories, skipped, nil
}

// readStory reads a story file, or says why it skips it. What is not a
// regular file is never opened: opening a FIFO waits for a writer (and a
// stop signal) forever, and a link to /dev/zero never ends. A file over
// maxStoryBytes is refused, and never read past the bound.
func readStory(fsys fs.FS, file string) (data []byte, skip string, err error) {
	fi, err := fs.Stat(fsys, file) // follows links
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "gone, or a link to nothing", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", file, err)
	}
	switch t := fi.Mode().Type(); {
	case t&fs.ModeNamedPipe != 0:
		return nil, "a named pipe (FIFO), not a regular file", nil
	case t&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return nil, "a device, not a regular file", nil
	case !fi.Mode().IsRegular():
		return nil, "not a regular file", nil
	}
	tooBig := func(size int64) error {
		return fmt.Errorf("%s: %d bytes, over the %d (%d MiB) a story file may hold: split it into several stories", file, size, maxStoryBytes, maxStoryBytes>>20)
	}
	if fi.Size() > maxStoryBytes {
		return nil, "", tooBig(fi.Size())
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", file, err)
	}
	defer f.Close()
	// The size may have grown since the look.
	data, err = io.ReadAll(io.LimitReader(f, maxStoryBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", file, err)
	}
	if len(data) > maxStoryBytes {
		return nil, "", tooBig(int64(len(data)))
	}
	return data, "", nil
}

// ParseStory reads one story file: "key: value" header lines (id and title
// required; url, published and outlet optional), a blank line, then the text.
func ParseStory(file string, data []byte) (Story, error) {
	st := Story{File: file}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:validPrefix(data)], []byte("\n"))
		return st, fmt.Errorf("%s:%d: not valid UTF-8 text", file, line)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	line := 0
	for {
		line++
		nl := strings.IndexByte(text, '\n')
		var l string
		if nl < 0 {
			l, text = text, ""
		} else {
			l, text = text[:nl], text[nl+1:]
		}
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			break
		}
		key, value, ok := strings.Cut(l, ":")
		if !ok {
			return st, fmt.Errorf("%s:%d: want a header line \"key: value\" (id, title, url, published, outlet) or a blank line before the text, got %q", file, line, clip(l))
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "id":
			st.ID = value
		case "title":
			st.Title = value
		case "url":
			st.URL = value
		case "published":
			st.Published = value
		case "outlet":
			st.Outlet = value
		default:
			return st, fmt.Errorf("%s:%d: unknown header key %q (want id, title, url, published or outlet)", file, line, clip(key))
		}
		if text == "" {
			break
		}
	}
	switch {
	case st.ID == "":
		return st, fmt.Errorf("%s:1: missing \"id:\" header line", file)
	case strings.ContainsAny(st.ID, " \t"):
		return st, fmt.Errorf("%s: story id %q must not contain spaces", file, st.ID)
	case st.Title == "":
		return st, fmt.Errorf("%s:1: missing \"title:\" header line", file)
	}
	st.Text = strings.TrimRight(text, " \t\r\n")
	if strings.TrimSpace(st.Text) == "" {
		return st, fmt.Errorf("%s:%d: story has no text after the header", file, line)
	}
	return st, nil
}

func validPrefix(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
