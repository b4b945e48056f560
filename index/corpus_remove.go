package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Removing a story deletes its file from the corpus folder, and nothing
// else: the story is found by its id (FindStory), its file read and
// hashed (ReadStoryFile), and deleted only if it is still a regular file
// directly in the folder, with the bytes that were hashed, holding that
// id (RemoveStory). The file is reached through an os.Root on the
// folder, so that no link, even one made after the look, leads the
// removal out of it. A running bot serves the change after its next
// reload, as after AddStory.

// ErrNoStory is an id that no story of the corpus has.
var ErrNoStory = errors.New("no story has that id")

// ErrStoryChanged is a story file that is no longer the one hashed.
var ErrStoryChanged = errors.New("the story file has changed")

// What a story file's errors are (errors.Is), beside their words for a
// person, which name the file.
var (
	// ErrStoryGone: the file is not in the corpus folder (any more).
	ErrStoryGone = errors.New("the story file is gone")
	// ErrNotStoryFile: a name that is no story file directly in the
	// folder, or a link, or not a regular file.
	ErrNotStoryFile = errors.New("not a regular story file in the corpus folder")
)

// storyFileError is an error of kind ErrStoryGone or ErrNotStoryFile,
// with its words for a person.
type storyFileError struct {
	kind error
	msg  string
}

func (e *storyFileError) Error() string        { return e.msg }
func (e *storyFileError) Is(target error) bool { return target == e.kind }

// goneError is ErrStoryGone for the file name.
func goneError(name string) error {
	return &storyFileError{ErrStoryGone, name + " is gone from the corpus folder"}
}

// StoryFileName tells whether name can be a story file directly in a
// corpus folder: one path element, no folder, a story's name.
func StoryFileName(name string) bool {
	return name != "" && len(name) <= 255 && !strings.ContainsAny(name, "/\\\x00") &&
		filepath.Base(name) == name && filepath.IsLocal(name) && IsStoryFile(name)
}

// FindStory finds the story whose id is id in the corpus folder dir, as
// LoadCorpus reads it (its File relative to dir), and returns the
// corpus's stories too: ErrNoStory when none has the id. A corpus that
// cannot be read is the error, with no stories.
func FindStory(dir, id string) (Story, []Story, error) {
	stories, _, err := LoadCorpus(dir)
	if err != nil {
		return Story{}, nil, err
	}
	for _, st := range stories {
		if st.ID == id {
			return st, stories, nil
		}
	}
	return Story{}, stories, ErrNoStory
}

// ReadStoryFile reads the story file name of the corpus folder dir, if
// it is a regular file there (not a link, which points elsewhere), and
// returns its bytes (MaxInputBytes and one at most) and their SHA-256,
// in hexadecimal.
func ReadStoryFile(dir, name string) (data []byte, sum string, err error) {
	root, err := openCorpusRoot(dir, name)
	if err != nil {
		return nil, "", err
	}
	defer root.Close()
	return readRegular(root, name)
}

// RemoveStory deletes the story file name from the corpus folder dir if
// it is still a regular file there, with the bytes whose SHA-256 is sum,
// holding the story id; it returns the story deleted. A file that is not
// is ErrStoryChanged, and stays.
func RemoveStory(dir, name, id, sum string) (Story, error) {
	root, err := openCorpusRoot(dir, name)
	if err != nil {
		return Story{}, err
	}
	defer root.Close()
	data, got, err := readRegular(root, name)
	if err != nil {
		return Story{}, err
	}
	st, err := ParseStory(name, data)
	if got != sum || err != nil || st.ID != id {
		return st, ErrStoryChanged
	}
	if err := root.Remove(name); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return st, goneError(name)
		}
		return st, fmt.Errorf("could not delete %s: %w", name, err)
	}
	return st, nil
}

// openCorpusRoot opens the corpus folder dir as an os.Root, for its story
// file name.
func openCorpusRoot(dir, name string) (*os.Root, error) {
	if !StoryFileName(name) {
		return nil, &storyFileError{ErrNotStoryFile, name + " is not a story file of the corpus folder"}
	}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, goneError(name)
	}
	return root, err
}

// readRegular reads and hashes the regular file name of root.
func readRegular(root *os.Root, name string) (data []byte, sum string, err error) {
	fi, err := root.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, "", goneError(name)
	case err != nil:
		return nil, "", err
	case !fi.Mode().IsRegular():
		return nil, "", &storyFileError{ErrNotStoryFile, name + " is a link or not a regular file: remove it from the corpus folder by hand"}
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
	if err != nil {
		return nil, "", err
	}
	h := sha256.Sum256(data)
	return data, hex.EncodeToString(h[:]), nil
}
