package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// Adding a story writes it into the corpus folder in storybot's own
// plain-text form (FormatStory), whatever form it came in: one form to
// read and to edit, the article alone rather than the whole saved page,
// its title, url and date written out where a person can check them, and
// a .txt file that a corpus watch sees. A running bot serves it after its
// next reload (SIGHUP, or STORYBOT_WATCH).

// MaxInputBytes bounds what is read of one file given to be added (by
// `storybot add`, or sent to the bot in Slack): a saved page can be
// several megabytes of markup around a few kilobytes of article, and
// only the article is kept (the story written is held to the corpus's
// 4 MiB like any other).
const MaxInputBytes = 16 << 20

// DuplicateError is a story whose text the corpus already holds.
type DuplicateError struct{ Existing Story }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("the corpus already holds this story's text, in %s (id %s, %q)", e.Existing.File, e.Existing.ID, e.Existing.Title)
}

// AddStory writes st into the corpus folder dir (made if missing) and
// returns it as written: its id (st.ID if set, else one made from its
// title and free in the corpus) and its file. It refuses a story whose
// text the corpus already holds (a *DuplicateError), whatever its spacing,
// case, punctuation or title, and a story whose id another story has.
// It refuses a story with no real sentence too (ErrNoSentence).
// Nothing is written then. The file appears whole or not at all: it is
// written under a hidden name and linked into place, never over another.
func AddStory(dir string, st Story) (Story, error) {
	if strings.TrimSpace(st.Text) == "" || oneLine(st.Title) == "" {
		return st, errors.New("a story needs a title and some text")
	}
	if err := CheckSentences(st.Text); err != nil {
		return st, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("make the corpus folder: %w", err)
	}
	stories, _, err := loadAll(CorpusFS(dir), ".")
	if err != nil {
		return st, err
	}
	key := textKey(st.Text)
	ids := map[string]string{}
	for _, old := range stories {
		if textKey(old.Text) == key {
			old.File = filepath.Join(dir, old.File)
			return st, &DuplicateError{Existing: old}
		}
		ids[old.ID] = filepath.Join(dir, old.File)
	}
	switch {
	case st.ID == "":
		st.ID = freeName(slug(st.Title), func(id string) bool { return ids[id] != "" })
	case ids[st.ID] != "":
		return st, fmt.Errorf("story id %q is taken by %s: give this story another id", st.ID, ids[st.ID])
	}
	data := FormatStory(st)
	if len(data) > maxStoryBytes {
		return st, fmt.Errorf("the story is %s", tooBig(int64(len(data))))
	}
	base := safeName(st.ID)
	if !IsStoryFile(base + ".txt") {
		base = "story-" + base
	}
	st.File, err = writeNew(dir, base, ".txt", data)
	return st, err
}

// minSentenceWords is how many words (runs holding a letter) a sentence
// needs to be a real one.
const minSentenceWords = 3

// ErrNoSentence is a story with no real sentence: nothing in it could
// answer a question (issue 18: a 4-byte file was added as a story).
var ErrNoSentence = fmt.Errorf("it has no real sentence (one of %d words or more), so nothing in it could answer a question: is it the right file?", minSentenceWords)

// CheckSentences is ErrNoSentence when no sentence of text has
// minSentenceWords words or more.
func CheckSentences(text string) error {
	for _, s := range Split(text) {
		words := 0
		for _, w := range strings.Fields(s.Text) {
			if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				words++
			}
		}
		if words >= minSentenceWords {
			return nil
		}
	}
	return ErrNoSentence
}

// textKey is a story's text as compared for duplicates: its words, in
// lower case, without punctuation, quotes' shapes or spacing.
func textKey(text string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// freeName is base, or base-2, base-3… the first that is not taken.
func freeName(base string, taken func(string) bool) string {
	name := base
	for n := 2; taken(name); n++ {
		name = base + "-" + strconv.Itoa(n)
	}
	return name
}

// writeNew writes data to a new file base+ext in dir, or base-2+ext… when
// that name is taken, and returns its path. The data is written and
// synced under a hidden temporary name (which LoadDir and the watch pass
// over), then linked to its name, which fails rather than replace a file.
func writeNew(dir, base, ext string, data []byte) (string, error) {
	tmp, err := os.CreateTemp(dir, ".storybot-add-*")
	if err != nil {
		return "", fmt.Errorf("write the story: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return "", fmt.Errorf("write the story: %w", err)
	}
	exists := func(name string) bool {
		_, err := os.Lstat(filepath.Join(dir, name+ext))
		return !errors.Is(err, fs.ErrNotExist)
	}
	for {
		path := filepath.Join(dir, freeName(base, exists)+ext)
		err := os.Link(tmp.Name(), path)
		if errors.Is(err, fs.ErrExist) {
			continue // taken since the look: the next name
		}
		if err != nil {
			// A file system without hard links: a rename, after the look.
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			return "", fmt.Errorf("write the story: %w", err)
		}
		return path, nil
	}
}
