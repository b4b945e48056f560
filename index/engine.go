package index

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Engine answers questions about the stories it indexed. It is safe for
// concurrent use.
type Engine struct {
	idx      bleve.Index
	stories  []StoryInfo
	analyzer analysis.Analyzer
	// df is how many passages hold each term in their own text: the
	// corpus vocabulary, for rarity (idf) and for telling known words from
	// typos.
	df    map[string]int
	vocab []string // the keys of df, sorted
	docs  int
	recs  []record // by document number
	// titles are the stories' analyzed titles: a story's title is one
	// more field of each of its passages for the re-ranker, but not in
	// bleve, where it would be a million copies of thirty thousand titles.
	titles [][]uint32
	// words numbers the analyzed words the records hold.
	words *vocabulary
	// fieldDF holds each field's vocabulary with its document frequencies,
	// counted while indexing. (bleve's FieldDict miscounts terms spread
	// over several segments of an on-disk index, so it is not asked.)
	fieldDF map[string]map[string]int
	lex     lexicon
	wv      wordVecs
	vecIDs  []uint32  // the words of passages' text that have vectors
	idf     []float32 // by word id: rarity in passages' text (0 for words only in other fields)
	opt     Options
	// reused is true when an on-disk index was opened rather than built.
	reused bool
	w      weights

	cacheMu sync.Mutex
	cache   map[string]termInfo // see alternatives

	reader Reader // nil: words alone
	rs     readerState
}

// Options tune how an Engine is built and how it ranks. The zero value is
// the production configuration.
type Options struct {
	// Dir keeps the index on disk there; it is reused while the corpus is
	// unchanged and rebuilt when it changed. Empty means in memory. It must
	// be a folder storybot made, or an empty or missing one (see claimDir).
	Dir string
	// Corpus is the folder the stories were read from, if any: Dir may be
	// neither it, nor hold it, nor lie inside it.
	Corpus string
	// Logger hears of a damaged index rebuilt, an old one that could not be
	// removed, and sentences cut to length; nil discards.
	Logger *slog.Logger
	// Threshold overrides the judge's threshold (the least confidence for
	// an answer), for calibration; a negative one never abstains.
	Threshold float64
	// Plain answers with plain BM25 over the sentences instead (bleve's
	// English analysis with Disable["lemma"]), for comparison.
	Plain bool
	// weights replaces the previous ranker's numbers, for tuning in tests.
	weights *weights
	// model replaces the trained models, for training.
	model *model
	// Reader is the sentence encoder the ranker and the judge read with;
	// nil takes the built-in one (index/encoder) unless NoReader.
	Reader Reader
	// NoReader answers by words alone (STORYBOT_READER=off).
	NoReader bool
	// Disable turns off named ranking techniques, for ablation: "fields",
	// "synonyms", "fuzzy", "lemma", "pos", "phrase", "kind", "define",
	// "quote", "person".
	Disable map[string]bool
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// Document field names.
const (
	fText    = "text"    // the sentence
	fContext = "context" // its neighbours in the paragraph
	fSpeaker = "speaker" // who says it
	fAbout   = "about"   // other names of what it mentions
	fTitle   = "title"   // the story's title (not in bleve: one per story, see titles)
	fKind    = "kind"    // kinds of fact: number, date, quote, lead, cause
)

// manifestKey is where an on-disk index keeps what it was built from.
const manifestKey = "storybot.manifest"

// formatVersion changes whenever what is indexed changes, so that an old
// on-disk index is rebuilt rather than misread.
const formatVersion = 13

type manifest struct {
	Version int                       `json:"version"`
	Hash    string                    `json:"hash"`
	Stories []StoryInfo               `json:"stories"`
	Lexicon lexicon                   `json:"lexicon"`
	FieldDF map[string]map[string]int `json:"field_df"`
	Titles  [][]uint32                `json:"titles"`
	// WordVecs are the vocabulary's word vectors (see wordVecs).
	WordVecs []byte `json:"word_vecs"`
}

// Open indexes stories, in memory or (with opt.Dir) on disk, reusing an
// on-disk index built from the very same stories (see openOnDisk).
func Open(ctx context.Context, stories []Story, opt Options) (*Engine, error) {
	if len(stories) == 0 {
		return nil, errors.New("no stories to index")
	}
	r, err := opt.reader()
	if err != nil {
		return nil, err
	}
	opt.Reader = r
	e, err := openLexical(ctx, stories, opt)
	if err != nil {
		return nil, err
	}
	e.startReader(ctx)
	return e, nil
}

// reader is the Reader to read with: nil for words alone.
func (o Options) reader() (Reader, error) {
	switch {
	case o.NoReader || o.Plain:
		return nil, nil
	case o.Reader != nil:
		return o.Reader, nil
	}
	return builtinReader()
}

// openLexical builds or reopens the index of words.
func openLexical(ctx context.Context, stories []Story, opt Options) (*Engine, error) {
	if opt.Dir != "" {
		return openOnDisk(ctx, stories, opt)
	}
	e := newEngine(opt)
	idx, err := bleve.NewUsing("", newMapping(opt.analyzer()), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	e.idx = idx
	if err := e.indexStories(ctx, stories); err != nil {
		idx.Close()
		return nil, err
	}
	return e, e.finish()
}

func newEngine(opt Options) *Engine {
	e := &Engine{opt: opt, w: defaultWeights, cache: map[string]termInfo{}, reader: opt.Reader}
	if opt.weights != nil {
		e.w = *opt.weights
	}
	return e
}

// corpusHash identifies a corpus by everything that is indexed from it.
func corpusHash(stories []Story) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, s := range stories {
		for _, f := range []string{s.ID, s.Title, s.URL, s.Published, s.Outlet, s.Text} {
			h.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))]) // lengths keep fields apart
			io.WriteString(h, f)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// analyzer is the analyzer the engine indexes and asks with: storybot's,
// or bleve's plain English one for ablation.
func (o Options) analyzer() string {
	if o.Disable["lemma"] {
		return en.AnalyzerName
	}
	return analyzerName
}

func newMapping(analyzer string) mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	m.DefaultAnalyzer = analyzer
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	doc := bleve.NewDocumentStaticMapping()
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = false
		f.DocValues = false
		f.IncludeInAll = false
		return f
	}
	doc.AddFieldMappingsAt(fText, text(false))
	doc.AddFieldMappingsAt(fContext, text(false))
	doc.AddFieldMappingsAt(fSpeaker, text(false))
	doc.AddFieldMappingsAt(fAbout, text(false))
	kind := bleve.NewKeywordFieldMapping()
	kind.Store, kind.DocValues, kind.IncludeInAll = false, false, false
	doc.AddFieldMappingsAt(fKind, kind)
	m.DefaultMapping = doc
	return m
}

// finish loads what queries need besides the index: the analyzer and the
// vocabulary with its document frequencies.
func (e *Engine) finish() error {
	e.analyzer = e.idx.Mapping().AnalyzerNamed(e.opt.analyzer())
	if e.analyzer == nil {
		return fmt.Errorf("analyzer %s missing", e.opt.analyzer())
	}
	e.df = e.fieldDF[fText]
	e.vocab = slices.Sorted(maps.Keys(e.df))
	e.idf = make([]float32, len(e.words.words))
	n := float64(e.docs)
	for w, df := range e.df {
		e.idf[e.words.ids[w]] = float32(math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5)))
	}
	e.vecIDs = e.vecIDs[:0]
	for _, w := range e.vocab {
		if id := e.words.ids[w]; int(id) < len(e.wv.inv) && e.wv.inv[id] != 0 {
			e.vecIDs = append(e.vecIDs, id)
		}
	}
	// Neighbours are looked for among the commonest words of a large
	// corpus only: a scan costs a dot product per word.
	if len(e.vecIDs) > maxNeighbourScan {
		slices.SortStableFunc(e.vecIDs, func(a, b uint32) int { return cmp.Compare(e.df[e.words.words[b]], e.df[e.words.words[a]]) })
		e.vecIDs = e.vecIDs[:maxNeighbourScan]
	}
	return nil
}

// Stories describes the indexed stories.
func (e *Engine) Stories() []StoryInfo { return e.stories }

// Close releases the index.
func (e *Engine) Close() error {
	e.closeReader()
	return e.idx.Close()
}
