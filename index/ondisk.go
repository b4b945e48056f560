package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// The on-disk index (Options.Dir) lives in a folder of storybot's own
// (see claimDir), laid out as
//
//	DIR/.storybot-index   the marker: storybot made this folder
//	DIR/current           the generation being served: its name, what it
//	                      was built from, and its files' sizes and checksums
//	DIR/index-NNNN/       a generation: bleve's index and the passage table
//
// A new index is built in a new generation beside the one being served and
// swapped in by renaming a new "current" over the old one, so a crash at
// any moment leaves either the old pointer or the new one, each naming a
// complete generation. The old generation is removed after the swap: an
// engine still answering from it keeps its open (memory-mapped) files,
// which the system frees when that engine is closed. Generations are opened
// read-only, so bleve never writes (persists, merges) in one being served.

// pointerFile names the generation being served.
const pointerFile = "current"

// genPrefix starts the name of every generation folder.
const genPrefix = "index-"

type pointer struct {
	Index   string             `json:"index"` // the generation's folder name
	Version int                `json:"version"`
	Hash    string             `json:"hash"`
	Files   map[string]fileSum `json:"files"` // by slash path inside the generation
}

type fileSum struct {
	Size   int64  `json:"size"`
	CRC32C uint32 `json:"crc32c"`
}

// openOnDisk serves the generation DIR/current names if it was built from
// these very stories and reads back intact, and otherwise builds a new one
// and swaps it in. A damaged index is logged and rebuilt, never trusted:
// reading one can panic deep inside bleve, so it is read under recover.
func openOnDisk(ctx context.Context, stories []Story, opt Options) (*Engine, error) {
	// Cleaned: "link/" would follow a link that "link" names.
	opt.Dir = filepath.Clean(opt.Dir)
	dir, log := opt.Dir, opt.logger()
	if err := claimDir(dir, opt.Corpus); err != nil {
		return nil, err
	}
	hash := corpusHash(stories)
	p, err := readPointer(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		log.Warn("on-disk index damaged; rebuilding it from the corpus", "path", filepath.Join(dir, pointerFile), "err", err)
	case p.Version != formatVersion || p.Hash != hash:
	default:
		gen := filepath.Join(dir, p.Index)
		e, err := openGeneration(gen, p, opt)
		if err == nil {
			removeStale(dir, p.Index, log)
			return e, nil
		}
		log.Warn("on-disk index damaged; rebuilding it from the corpus", "path", gen, "err", err)
	}
	e := newEngine(opt)
	if err := e.buildGeneration(ctx, stories, hash); err != nil {
		return nil, err
	}
	return e, nil
}

// openGeneration checks the generation's files against their checksums,
// then opens it and reads what queries need, recovering from a panic in
// bleve.
func openGeneration(gen string, p pointer, opt Options) (*Engine, error) {
	if err := verifyFiles(gen, p.Files); err != nil {
		return nil, err
	}
	idx, err := openReadOnly(gen)
	if err != nil {
		return nil, err
	}
	e := newEngine(opt)
	e.idx, e.reused = idx, true
	if err := guard(func() error { return e.load(gen, p.Hash) }); err != nil {
		// After a panic bleve's state is unknown: closing it could panic
		// again, so its files stay open until the process ends.
		if !errors.Is(err, errPanic) {
			idx.Close()
		}
		return nil, err
	}
	return e, nil
}

// load reads the manifest and the passage table of an opened generation and
// probes the index with the reads every question makes.
func (e *Engine) load(gen, hash string) error {
	raw, err := e.idx.GetInternal([]byte(manifestKey))
	if err != nil {
		return fmt.Errorf("read manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("read manifest: %w", err)
	}
	if m.Version != formatVersion || m.Hash != hash {
		return fmt.Errorf("the manifest (version %d) does not match the pointer", m.Version)
	}
	words, recs, err := readRecords(filepath.Join(gen, recordsFile))
	if err != nil {
		return err
	}
	e.stories, e.titles, e.recs, e.docs = m.Stories, m.Titles, recs, len(recs)
	e.words = newVocabulary(words)
	e.lex, e.fieldDF = m.Lexicon, m.FieldDF
	if e.wv, err = wordVecsFrom(m.WordVecs, len(words)); err != nil {
		return err
	}
	if err := e.finish(); err != nil {
		return err
	}
	return e.probe()
}

// probe runs the reads a question makes (a term's postings, the matching
// passages' ids) and checks that the index holds every passage.
func (e *Engine) probe() error {
	n, err := e.idx.DocCount()
	if err != nil {
		return fmt.Errorf("count passages: %w", err)
	}
	if n != uint64(e.docs) {
		return fmt.Errorf("the index holds %d passages, the passage table %d", n, e.docs)
	}
	word, most := "", 0
	for w, df := range e.df {
		if df > most || df == most && w < word {
			word, most = w, df
		}
	}
	q := bleve.NewTermQuery(word)
	q.SetField(fText)
	res, err := e.idx.Search(bleve.NewSearchRequestOptions(q, 10, 0, false))
	if err != nil {
		return fmt.Errorf("probe search: %w", err)
	}
	if int(res.Total) != most {
		return fmt.Errorf("probe search: %q is in %d passages, not %d", word, res.Total, most)
	}
	return nil
}

var errPanic = errors.New("panic")

// guard runs f, turning a panic into an error.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w reading the index: %v", errPanic, r)
		}
	}()
	return f()
}

func openReadOnly(gen string) (idx bleve.Index, err error) {
	err = guard(func() error {
		idx, err = bleve.OpenUsing(gen, map[string]any{"read_only": true})
		return err
	})
	return idx, err
}

// buildGeneration indexes the stories into a new generation, opens it as
// a reused one would be, and swaps it in.
func (e *Engine) buildGeneration(ctx context.Context, stories []Story, hash string) (err error) {
	dir, log := e.opt.Dir, e.opt.logger()
	gen, err := os.MkdirTemp(dir, genPrefix)
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	defer func() {
		if err != nil {
			removeGeneration(gen, log)
		}
	}()
	if err := writeMarker(gen); err != nil {
		return err
	}
	idx, err := bleve.NewUsing(gen, newMapping(e.opt.analyzer()), scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("create index %s: %w", gen, err)
	}
	e.idx = idx
	err = e.indexStories(ctx, stories)
	if err == nil {
		err = e.save(gen, hash)
	}
	// Closing persists every segment before the files are summed.
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("save index %s: %w", gen, cerr)
	}
	e.idx = nil
	if err != nil {
		return err
	}
	files, err := sumFiles(gen)
	if err != nil {
		return fmt.Errorf("save index %s: %w", gen, err)
	}
	if e.idx, err = openReadOnly(gen); err != nil {
		return fmt.Errorf("open the new index %s: %w", gen, err)
	}
	if err := e.finish(); err != nil {
		e.idx.Close()
		return err
	}
	p := pointer{Index: filepath.Base(gen), Version: formatVersion, Hash: hash, Files: files}
	if err := writePointer(dir, p); err != nil {
		e.idx.Close()
		return fmt.Errorf("swap in the new index: %w", err)
	}
	removeStale(dir, p.Index, log)
	return nil
}

// save writes what an index needs besides bleve's own: the passage table,
// and the manifest in bleve.
func (e *Engine) save(gen, hash string) error {
	if err := writeRecords(filepath.Join(gen, recordsFile), e.words.words, e.recs); err != nil {
		return fmt.Errorf("save passages: %w", err)
	}
	m, err := json.Marshal(manifest{Version: formatVersion, Hash: hash, Stories: e.stories, Lexicon: e.lex, FieldDF: e.fieldDF, Titles: e.titles, WordVecs: e.wv.bytes()})
	if err == nil {
		err = e.idx.SetInternal([]byte(manifestKey), m)
	}
	if err != nil {
		return fmt.Errorf("save index manifest: %w", err)
	}
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sumFiles flushes every file of a generation to disk and sums it.
func sumFiles(gen string) (map[string]fileSum, error) {
	sums := map[string]fileSum{}
	err := filepath.WalkDir(gen, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(gen, path)
		if err != nil {
			return err
		}
		s, err := sumFile(path, true)
		sums[filepath.ToSlash(rel)] = s
		return err
	})
	if err != nil {
		return nil, err
	}
	return sums, syncDir(gen)
}

func sumFile(path string, flush bool) (fileSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileSum{}, err
	}
	defer f.Close()
	if flush {
		if err := f.Sync(); err != nil {
			return fileSum{}, err
		}
	}
	h := crc32.New(castagnoli)
	n, err := io.Copy(h, f)
	return fileSum{Size: n, CRC32C: h.Sum32()}, err
}

// verifyFiles checks a generation's files against the sums taken when it
// was built: a flipped byte anywhere is found before bleve reads it.
func verifyFiles(gen string, sums map[string]fileSum) error {
	if len(sums) == 0 {
		return errors.New("no checksums")
	}
	for rel, want := range sums {
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return fmt.Errorf("checksum of a file outside the index: %q", rel)
		}
		path := filepath.Join(gen, filepath.FromSlash(rel))
		got, err := sumFile(path, false)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("%s: %d bytes with checksum %08x, built as %d bytes with checksum %08x", path, got.Size, got.CRC32C, want.Size, want.CRC32C)
		}
	}
	return nil
}

func readPointer(dir string) (pointer, error) {
	var p pointer
	path := filepath.Join(dir, pointerFile)
	fi, err := os.Lstat(path)
	if err != nil {
		return p, err
	}
	if !fi.Mode().IsRegular() {
		return p, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	if !isGeneration(p.Index) {
		return p, fmt.Errorf("%s names %q, not a generation", path, p.Index)
	}
	return p, nil
}

// writePointer swaps in a new pointer: written beside the old one, flushed,
// then renamed over it, which is atomic.
func writePointer(dir string, p pointer) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, pointerFile+".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, pointerFile))
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return syncDir(dir)
}

// syncDir flushes a folder's entries, so that a rename survives a crash.
// Windows cannot open a folder to sync it; there this is skipped.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}

func isGeneration(name string) bool {
	return strings.HasPrefix(name, genPrefix) && filepath.IsLocal(name) && !strings.ContainsAny(name, `/\`)
}

// removeStale removes what earlier builds left in the index folder: every
// generation but keep, and unfinished pointers. Only what storybot made
// goes: a generation folder carrying its marker, or an empty one (a build
// that stopped before writing it).
func removeStale(dir, keep string, log *slog.Logger) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Warn("cannot list the index folder to tidy it", "path", dir, "err", err)
		return
	}
	for _, d := range entries {
		name := d.Name()
		path := filepath.Join(dir, name)
		switch {
		case name == keep:
		case isGeneration(name) && d.Type().IsDir():
			removeGeneration(path, log)
		case (strings.HasPrefix(name, pointerFile+".tmp-") || strings.HasPrefix(name, vecFileName+".tmp-")) && d.Type().IsRegular():
			if err := os.Remove(path); err != nil {
				log.Warn("cannot remove an unfinished index file", "path", path, "err", err)
			}
		}
	}
}

func removeGeneration(gen string, log *slog.Logger) {
	var err error
	if ok, _ := hasMarker(gen); ok {
		err = os.RemoveAll(gen)
	} else {
		err = os.Remove(gen) // only when empty
	}
	if err != nil {
		log.Warn("cannot remove an old index", "path", gen, "err", err)
	}
}
