package index

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// A corpus folder may hold symbolic links: to a story kept in a folder
// inside it, say. A link that leads outside the folder is not followed:
// a link to a .env beside the corpus would otherwise be served as a
// story, its secrets quoted to anyone who asks. CorpusFS is the folder as
// the corpus's readers see it (LoadCorpus, AddStory, and the watch of
// package live): each link is resolved (filepath.EvalSymlinks) and read
// only if it ends inside the folder, and then through an os.Root on the
// folder, so that a link changed after the look cannot lead out either.

// ErrOutsideCorpus is a corpus entry that is a symbolic link leading
// outside the corpus folder: it is never read.
var ErrOutsideCorpus = errors.New("a symbolic link that leads outside the corpus folder: not read (copy the story into the folder, or link to a file inside it)")

// CorpusFS is the corpus folder dir as an fs.FS (with fs.StatFS and
// fs.ReadDirFS) whose entries that are links leading outside dir fail
// with ErrOutsideCorpus, while links to files inside dir are followed.
func CorpusFS(dir string) fs.FS { return corpusFS{dir} }

type corpusFS struct{ dir string }

// Open implements fs.FS.
func (c corpusFS) Open(name string) (fs.File, error) {
	rel, err := c.resolve("open", name)
	if err != nil {
		return nil, err
	}
	return os.OpenInRoot(c.dir, rel)
}

// Stat implements fs.StatFS, without opening the file (a FIFO would
// block the open).
func (c corpusFS) Stat(name string) (fs.FileInfo, error) {
	rel, err := c.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(c.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Stat(rel)
}

// ReadDir implements fs.ReadDirFS.
func (c corpusFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return os.ReadDir(filepath.Join(c.dir, filepath.FromSlash(name)))
}

// resolve is the path inside the folder that name stands for: name
// itself, or where the link name leads, relative to the folder. A link
// that leads outside is ErrOutsideCorpus; a broken one fs.ErrNotExist.
func (c corpusFS) resolve(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	dir := filepath.Clean(c.dir)
	p := filepath.Join(dir, filepath.FromSlash(name))
	if !hasLink(dir, p) {
		return filepath.FromSlash(name), nil
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	rel, ok := inside(c.dir, target)
	if !ok {
		return "", &fs.PathError{Op: op, Path: name, Err: ErrOutsideCorpus}
	}
	return rel, nil
}

// hasLink tells whether p, a path below the clean folder dir, is a link
// or lies in a folder below dir that is one.
func hasLink(dir, p string) bool {
	for p != dir && len(p) > len(dir) {
		if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return true
		}
		p = filepath.Dir(p)
	}
	return false
}

// inside tells whether target, a path with no links, lies inside the
// folder dir, and where, relative to it. The folder is compared by
// identity (os.SameFile), as the index folder is (checkApart), so that a
// corpus folder reached through a link, or by another name, is still
// itself.
func inside(dir, target string) (string, bool) {
	di, err := os.Stat(dir)
	if err != nil {
		return "", false
	}
	for p := filepath.Dir(target); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, di) {
			rel, err := filepath.Rel(p, target)
			return rel, err == nil && filepath.IsLocal(rel)
		}
		if filepath.Dir(p) == p {
			return "", false
		}
	}
}

// LoadCorpus is LoadDir on the corpus folder dir of the disk, read
// through CorpusFS: a link that leads outside the folder is skipped, and
// listed with why, like any entry that does not load.
func LoadCorpus(dir string) ([]Story, []Skipped, error) {
	return LoadDir(CorpusFS(dir), ".")
}
