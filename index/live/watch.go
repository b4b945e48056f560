package live

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"storybot/index"
)

// watch looks at the corpus folder every Options.Watch and asks for a
// reload when it differs from the last look, until ctx is done. The first
// look is x.since, taken before the first load. A folder that cannot be
// read is logged and looked at again next time.
func (x *Index) watch(ctx context.Context) {
	last := x.since
	t := time.NewTicker(x.opt.Watch)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur, err := snapshot(x.opt.Corpus)
		if err != nil {
			x.log.Warn("cannot read the corpus folder to watch it", "err", err)
			continue
		}
		if cur != last {
			last = cur
			x.pull("the corpus folder changed")
		}
	}
}

// snapshot describes the regular files in fsys's top folder (names, sizes,
// modification times, links followed), as a string to compare. Every
// file counts, whatever its extension, so that the watch needs no list of
// the corpus formats; hidden files (an editor's .x.swp) do not, as the
// corpus loader skips them too. With index.CorpusFS, a link that leads
// outside the corpus folder counts as there, never by what it leads to.
func snapshot(fsys fs.FS) (string, error) {
	des, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", err
	}
	var lines []string
	for _, de := range des {
		name := de.Name()
		if de.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		fi, err := fs.Stat(fsys, name)
		switch {
		case errors.Is(err, index.ErrOutsideCorpus):
			// Never read: what it leads to changes nothing served.
			lines = append(lines, fmt.Sprintf("%q outside", name))
		case err != nil:
			// Removed since the listing, or a broken link.
			lines = append(lines, fmt.Sprintf("%q gone", name))
		case fi.Mode().IsRegular():
			lines = append(lines, fmt.Sprintf("%q %d %d", name, fi.Size(), fi.ModTime().UnixNano()))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n"), nil
}
