package index

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// storybot deletes only what it made. The index folder is recognised by
// the marker it writes there (and in each generation inside it); anything
// else given as the index folder is refused, untouched.

// markerFile marks a folder as storybot's.
const markerFile = ".storybot-index"

const markerText = `storybot index folder
storybot made this folder for its on-disk index (--index, STORYBOT_INDEX)
and deletes and rebuilds what it made here. Keep nothing else in it.
`

// legacyFiles are what an index folder held before the marker (one
// generation, directly in the folder). Such a folder is still recognised as
// storybot's: its passage table's name is storybot's own.
var legacyFiles = []string{"index_meta.json", "store", recordsFile}

// DirError refuses a folder as the index folder.
type DirError struct {
	Dir     string
	Problem string
}

func (e *DirError) Error() string {
	dir := e.Dir
	if abs, err := filepath.Abs(dir); err == nil && abs != dir {
		dir += " (" + abs + ")"
	}
	return fmt.Sprintf("refusing to keep the index in %s: %s. storybot deletes only what it made: "+
		"an index folder marked by its %s file, or an empty folder that it then marks. "+
		"Give it a new or empty folder of its own, outside the corpus", dir, e.Problem, markerFile)
}

// claimDir makes sure dir is storybot's index folder, creating it when it
// is missing and marking it when it is empty. It refuses a symbolic link, a
// file, a folder with anything storybot did not make, and the corpus
// folder, one holding it or one inside it.
func claimDir(dir, corpus string) error {
	if corpus != "" {
		if err := checkApart(dir, corpus); err != nil {
			return err
		}
	}
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create the index folder: %w", err)
		}
		return writeMarker(dir)
	case err != nil:
		return fmt.Errorf("index folder: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		to, _ := os.Readlink(dir)
		return &DirError{dir, fmt.Sprintf("it is a symbolic link (to %s), not a folder; give the folder itself", to)}
	case !fi.IsDir():
		return &DirError{dir, "it is a file, not a folder"}
	}
	if ok, err := hasMarker(dir); ok || err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("index folder: %w", err)
	}
	if isLegacy(entries) {
		// The passage table goes last: a folder left half-cleared by a
		// crash is still recognised.
		for _, name := range legacyFiles {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("remove the old index: %w", err)
			}
		}
		entries = nil
	}
	if len(entries) > 0 {
		return &DirError{dir, "it holds files storybot did not make (" + listNames(entries) + ")"}
	}
	return writeMarker(dir)
}

// hasMarker reports whether dir carries storybot's marker; a file of that
// name that is not storybot's marker is an error.
func hasMarker(dir string) (bool, error) {
	path := filepath.Join(dir, markerFile)
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("index folder: %w", err)
	}
	if fi.Mode().IsRegular() && fi.Size() == int64(len(markerText)) {
		if data, err := os.ReadFile(path); err == nil && bytes.Equal(data, []byte(markerText)) {
			return true, nil
		}
	}
	return false, &DirError{dir, "its " + markerFile + " is not storybot's marker"}
}

func writeMarker(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, markerFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("mark the index folder: %w", err)
	}
	_, err = f.WriteString(markerText)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("mark the index folder: %w", err)
	}
	return nil
}

// isLegacy recognises an index folder of an earlier storybot.
func isLegacy(entries []fs.DirEntry) bool {
	table := false
	for _, d := range entries {
		if !slices.Contains(legacyFiles, d.Name()) {
			return false
		}
		table = table || d.Name() == recordsFile
	}
	return table
}

func listNames(entries []fs.DirEntry) string {
	var names []string
	for i, d := range entries {
		if i == 3 {
			return strings.Join(names, ", ") + fmt.Sprintf(" and %d more", len(entries)-3)
		}
		names = append(names, d.Name())
	}
	return strings.Join(names, ", ")
}

// checkApart refuses an index folder that is the corpus folder, holds it,
// or lies inside it. Folders are compared by identity (os.SameFile), so
// that links, "..", bind mounts and letter case hide nothing.
func checkApart(dir, corpus string) error {
	ci, err := os.Stat(corpus)
	if err != nil {
		return nil // no corpus folder to keep apart from
	}
	if within(dir, ci) {
		if di, err := os.Stat(dir); err == nil && os.SameFile(di, ci) {
			return &DirError{dir, "it is the corpus folder"}
		}
		return &DirError{dir, "it is inside the corpus folder (" + corpus + ")"}
	}
	if di, err := os.Stat(dir); err == nil && within(corpus, di) {
		return &DirError{dir, "it holds the corpus folder (" + corpus + ")"}
	}
	return nil
}

// within reports whether path is the folder outer or lies inside it.
func within(path string, outer fs.FileInfo) bool {
	for p := realPath(path); ; {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, outer) {
			return true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false
		}
		p = parent
	}
}

// realPath is path made absolute with every link resolved, as far as it
// exists.
func realPath(path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}
