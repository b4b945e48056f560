package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"storybot/index"
)

// maxAddBytes bounds what `storybot add` reads of one file (see
// index.MaxInputBytes).
const maxAddBytes = index.MaxInputBytes

// runAdd puts stories into the corpus: each file named (- for standard
// input) is read in its format, and written into the corpus folder as a
// plain-text story under a name made from its title (index.AddStory).
// Each file's outcome is printed; one that cannot be added does not stop
// the others, and makes the command fail.
func runAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("add", stderr)
	corpus := fs.String("corpus", corpusDefault(getenv), "folder of stories (STORYBOT_CORPUS)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"add: name the story files to add, or - for standard input"}
	}
	failed := 0
	for _, name := range files {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		st, err := addFile(*corpus, name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "storybot add: %v\n", err)
			failed++
			continue
		}
		sentences := index.Split(st.Text)
		fmt.Fprintf(stdout, "added %s: %q (id %s, %s, %s)\n", st.File, st.Title, st.ID,
			count(sentences[len(sentences)-1].Paragraph, "paragraph"), count(len(sentences), "sentence"))
	}
	if failed < len(files) {
		fmt.Fprintln(stdout, "A running storybot serves what was added after its next reload (SIGHUP, or at once with STORYBOT_WATCH set).")
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d not added", failed, len(files))
	}
	return nil
}

// addFile reads one story and adds it to the corpus.
func addFile(corpus, name string, stdin io.Reader) (index.Story, error) {
	shown := name
	in := stdin
	if name == "-" {
		shown = "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return index.Story{}, err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return index.Story{}, fmt.Errorf("%s: a folder, not a story file", name)
		}
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, maxAddBytes+1))
	if err != nil {
		return index.Story{}, fmt.Errorf("read %s: %w", shown, err)
	}
	if len(data) > maxAddBytes {
		return index.Story{}, fmt.Errorf("%s: over %d MiB, more than a story or a saved page holds", shown, maxAddBytes>>20)
	}
	st, err := index.ParseInput(name, data)
	if err != nil {
		return st, err // it names the file
	}
	added, err := index.AddStory(corpus, st)
	if err != nil {
		return added, fmt.Errorf("%s: not added: %w", shown, err)
	}
	return added, nil
}

// count is "1 sentence", "2 sentences".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
