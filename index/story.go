package index

import (
	"bytes"
	"errors"
	"fmt"
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

// LoadDir reads every story (*.txt) in dir of fsys, in file-name order.
// Errors name the file and, where it helps, the line.
func LoadDir(fsys fs.FS, dir string) ([]Story, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
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
		st  Story
		err error
	}
	out := make([]loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(len(files), max(2, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for i := range next {
				data, err := fs.ReadFile(fsys, files[i])
				if err != nil {
					out[i].err = fmt.Errorf("read %s: %w", files[i], err)
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
	seen := map[string]string{}
	var errs []error
	for i, l := range out {
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
		return nil, err
	}
	if len(stories) == 0 {
		return nil, fmt.Errorf("corpus %s holds no stories (*.txt files)", dir)
	}
	return stories, nil
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
