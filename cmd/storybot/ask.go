package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"

	"storybot/bot/render"
	"storybot/index"
)

// engineFlags are the flags every mode shares: where the stories are and
// where to keep their index.
type engineFlags struct {
	corpus, index string
	// noReader answers by words alone, without the sentence encoder.
	noReader bool
	// served are the story files of the index being served, for reloads.
	served map[string]bool
}

func (f *engineFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&f.corpus, "corpus", corpusDefault(getenv), "folder of stories (STORYBOT_CORPUS)")
	fs.StringVar(&f.index, "index", getenv("STORYBOT_INDEX"), "keep the index on disk in this folder (STORYBOT_INDEX)")
	fs.BoolFunc("no-reader", "answer by words alone, without the sentence encoder (STORYBOT_READER=off)", func(string) error {
		f.noReader = true
		return nil
	})
	f.noReader = readerOff(getenv("STORYBOT_READER"))
}

// readerOff reads STORYBOT_READER: "off" (or "0", "false", "no") turns
// the sentence encoder off.
func readerOff(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "off", "0", "false", "no":
		return true
	}
	return false
}

// corpusDefault is the corpus folder when --corpus is not given.
func corpusDefault(getenv func(string) string) string {
	if corpus := getenv("STORYBOT_CORPUS"); corpus != "" {
		return corpus
	}
	return "corpus"
}

// open loads the corpus and indexes it, logging the files it skips and
// what happens to the on-disk index. A story file that does not load is
// skipped with a warning naming it and why, and the others are served:
// one bad file among many does not keep the bot from starting (a corpus
// with no story that loads does). A reload is stricter: a file that was
// being served and no longer loads (an edit gone wrong, a file caught
// half-written) fails it, so that the running index keeps serving that
// story; a new file that does not load is skipped as at a start.
func (f *engineFlags) open(ctx context.Context, opt index.Options, log *slog.Logger, reload bool) (*index.Engine, error) {
	stories, skipped, err := index.LoadCorpus(f.corpus)
	for _, s := range skipped {
		log.Warn("corpus entry skipped", "file", filepath.Join(f.corpus, s.File), "why", s.Why)
	}
	if err != nil {
		return nil, fmt.Errorf("load corpus %s: %w (set STORYBOT_CORPUS or --corpus to the stories folder)", f.corpus, err)
	}
	for _, st := range stories {
		if err := index.CheckSentences(st.Text); err != nil {
			log.Warn("story has no real sentence", "file", filepath.Join(f.corpus, st.File), "why", err)
		}
	}
	var broken []string
	for _, s := range skipped {
		if reload && f.served[s.File] {
			broken = append(broken, filepath.Join(f.corpus, s.File)+": "+s.Why)
		}
	}
	if len(broken) > 0 {
		return nil, fmt.Errorf("a story being served no longer loads (fix it, or remove its file to drop the story): %s", strings.Join(broken, "; "))
	}
	opt.Dir, opt.Corpus, opt.Logger = f.index, f.corpus, log
	opt.NoReader = opt.NoReader || f.noReader
	eng, err := index.Open(ctx, stories, opt)
	if errors.As(err, new(*index.DirError)) {
		return nil, fmt.Errorf("--index (STORYBOT_INDEX): %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("index corpus %s: %w", f.corpus, err)
	}
	f.served = map[string]bool{}
	for _, st := range stories {
		f.served[st.File] = true
	}
	return eng, nil
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses flags placed anywhere among the arguments, so that
// `storybot ask --json "question"` and `storybot ask "question" --json` both
// work; a bare "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", stderr)
	var ef engineFlags
	ef.register(fs, getenv)
	top := fs.Int("top", 3, "answers per question")
	asJSON := fs.Bool("json", false, "print one JSON object per question")
	explain := fs.Bool("explain", false, "show why each answer came up")
	threshold := fs.Float64("threshold", 0, "the least confidence to answer, for calibration (negative: never abstain)")
	plain := fs.Bool("plain", false, "answer with plain BM25 over the sentences, for comparison")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *top < 1 {
		return usageError{"--top must be at least 1"}
	}
	// Only what needs attention: a skipped file, a damaged index rebuilt.
	log := newLogger(stderr, getenv("LOG_FORMAT"), slog.LevelWarn)
	opt := index.Options{Threshold: *threshold, Plain: *plain}
	if *plain {
		opt.Disable = map[string]bool{"lemma": true} // bleve's own English analysis
	}
	eng, err := ef.open(ctx, opt, log, false)
	if err != nil {
		return err
	}
	defer eng.Close()
	// Questions in a batch are all answered with the reader: wait for it.
	if ready := eng.ReaderReady(); ready != nil {
		select {
		case <-ready:
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	answer := func(q string) error {
		res, err := eng.Ask(ctx, q, index.AskOptions{Top: *top, Explain: *explain})
		if err != nil {
			return err
		}
		if *asJSON {
			return enc.Encode(res)
		}
		writeResult(out, res, *explain)
		return nil
	}
	if len(words) > 0 {
		return answer(strings.Join(words, " "))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" && !*asJSON {
			continue
		}
		if err := answer(q); err != nil {
			return err
		}
		if !*asJSON {
			out.Flush()
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

// writeResult prints an answer for a person at a terminal.
func writeResult(w io.Writer, res index.Result, explain bool) {
	if !res.Answered {
		fmt.Fprintf(w, "Q: %s\nThe story doesn't say. Try other words, or ask about what the story covers.\n", res.Question)
		if explain && res.Explain != nil {
			x, _ := json.Marshal(res.Explain)
			fmt.Fprintf(w, "   why not: %s\n", x)
		}
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "Q: %s\n", res.Question)
	for i, a := range res.Answers {
		fmt.Fprintf(w, "%d. %q\n   — %s\n", i+1, a.Text, render.Attribution(a.Source))
		if explain && a.Explain != nil {
			x, _ := json.Marshal(a.Explain)
			fmt.Fprintf(w, "   why: %s\n", x)
		}
	}
	fmt.Fprintln(w)
}
