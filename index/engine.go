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
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
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
	model  *model

	cacheMu sync.Mutex
	cache   map[string]termInfo // see alternatives
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
	e := &Engine{opt: opt, w: defaultWeights, model: &trained, cache: map[string]termInfo{}}
	if opt.weights != nil {
		e.w = *opt.weights
	}
	if opt.model != nil {
		e.model = opt.model
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

// aheadStories bounds how many prepared stories may wait for the goroutine
// that adds them to bleve, and so the memory they hold: enough that the
// workers keep preparing while a batch is being indexed.
const aheadStories = 256

// batchDocs is how many passages go into one batch at least. Each batch
// is a segment, and in memory scorch never merges segments: a question
// visits every segment, so a corpus of many small stories must not make
// as many segments. A story is never split across batches.
const batchDocs = 5000

// indexStories annotates the stories and indexes their passages.
//
// Annotating and analyzing a story is most of the work, and stories are
// independent: workers prepare them in parallel while this goroutine adds
// them, in order, to bleve batches. Each sentence is analyzed once: its
// tokens are handed to bleve as they are (see tokens) for its own text
// field and its neighbours' context fields, and joined into the record.
func (e *Engine) indexStories(ctx context.Context, stories []Story) error {
	an := e.idx.Mapping().AnalyzerNamed(e.opt.analyzer())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]chan prepared, len(stories))
	for i := range results {
		results[i] = make(chan prepared, 1)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	// ahead bounds how many prepared stories wait for bleve, and so the
	// memory they hold.
	ahead := make(chan struct{}, aheadStories)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for i := range stories {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			for i := range jobs {
				results[i] <- prepare(an, i, stories[i])
			}
		}()
	}

	words := map[string]bool{}
	e.words = newVocabulary(nil)
	e.fieldDF = map[string]map[string]int{}
	for _, f := range docFields {
		e.fieldDF[f] = map[string]int{}
	}
	b := e.idx.NewBatch()
	// A batch goes to bleve in the background while the next one is
	// assembled: one in flight at a time, so memory stays bounded.
	var inFlight chan error
	wait := func() error {
		if inFlight == nil {
			return nil
		}
		err := <-inFlight
		inFlight = nil
		return err
	}
	flush := func(file string) error {
		if b.Size() == 0 {
			return nil
		}
		if err := wait(); err != nil {
			return err
		}
		batch, done := b, make(chan error, 1)
		go func() {
			if err := e.idx.Batch(batch); err != nil {
				done <- fmt.Errorf("index %s: %w", file, err)
				return
			}
			done <- nil
		}()
		inFlight, b = done, e.idx.NewBatch()
		return nil
	}
	defer wait() // never leave a batch running on an early return
	for i, st := range stories {
		var p prepared
		select {
		case p = <-results[i]:
			<-ahead
		case <-ctx.Done():
			return ctx.Err()
		}
		if p.cuts > 0 {
			e.opt.logger().Warn("story has runs of text too long for one passage; cut them", "file", st.File, "cuts", p.cuts, "max_bytes", maxSentence)
		}
		for w := range p.surface {
			words[w] = true
		}
		// The story's word ids become the engine's.
		global := make([]uint32, len(p.words.words))
		for i, w := range p.words.words[1:] {
			global[i+1] = e.words.id(w)
		}
		for j := range p.recs {
			for _, l := range p.recs[j].lists() {
				for k, id := range *l {
					(*l)[k] = global[id]
				}
			}
		}
		for k, id := range p.title {
			p.title[k] = global[id]
		}
		for f, df := range p.df {
			for term, n := range df {
				e.fieldDF[docFields[f]][term] += n
			}
		}
		for j := range p.recs {
			doc := document.NewDocument(strconv.Itoa(len(e.recs)))
			for f, toks := range p.fields[j] {
				if len(toks) > 0 {
					doc.AddField(document.NewTextFieldCustom(docFields[f], nil, nil, bindex.IndexField, toks))
				}
			}
			if err := b.IndexAdvanced(doc); err != nil {
				return fmt.Errorf("index %s: %w", st.File, err)
			}
			e.recs = append(e.recs, p.recs[j])
		}
		e.stories = append(e.stories, st.Info(len(p.recs)))
		e.titles = append(e.titles, p.title)
		e.docs += len(p.recs)
		if b.Size() >= batchDocs {
			if err := flush(st.File); err != nil {
				return err
			}
		}
	}
	if err := flush(stories[len(stories)-1].File); err != nil {
		return err
	}
	if err := wait(); err != nil {
		return err
	}
	e.lex = buildLexicon(an, words)
	e.wv = buildWordVecs(an, words, e.words)
	return nil
}

// docFields are the indexed fields of a passage, in prepared.fields order.
var docFields = [...]string{fText, fContext, fSpeaker, fAbout, fKind}

// prepared is a story ready to index: per passage, its record and the
// tokens of each of its fields, and the story's distinct words.
type prepared struct {
	recs    []record // their word ids are the story's own (words)
	fields  [][len(docFields)]tokens
	words   *vocabulary                    // the story's analyzed words
	surface map[string]bool                // the story's distinct words as written
	df      [len(docFields)]map[string]int // how many passages hold each term, by field
	title   []uint32                       // the analyzed title
	cuts    int                            // sentences cut at maxSentence
}

// tokens is a field analyzed beforehand, handed to bleve as its own
// analyzer, which gives the tokens back: nothing is analyzed twice. bleve
// only reads them.
type tokens analysis.TokenStream

func (t tokens) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(t) }

// prepare annotates and analyzes one story.
func prepare(an analysis.Analyzer, storyIdx int, st Story) prepared {
	ps := annotate(storyIdx, st)
	out := prepared{
		recs: make([]record, len(ps)), fields: make([][len(docFields)]tokens, len(ps)),
		words: newVocabulary(nil), surface: map[string]bool{},
	}
	ids := func(ts tokens) []uint32 {
		l := make([]uint32, len(ts))
		for i, t := range ts {
			l[i] = out.words.id(string(t.Term))
		}
		return l
	}
	memo := map[string]tokens{}
	analyze := func(s string) tokens {
		t, ok := memo[s]
		if !ok {
			t = tokens(an.Analyze([]byte(s)))
			memo[s] = t
		}
		return t
	}
	own := make([]tokens, len(ps))
	for j, p := range ps {
		if p.Cut {
			out.cuts++
		}
		own[j] = tokens(an.Analyze([]byte(p.Text)))
		surfaceWords(out.surface, p.Text)
	}
	out.title = ids(analyze(st.Title))
	for j, p := range ps {
		about := strings.Join(p.about, " ; ")
		var context tokens
		if j > 0 && ps[j-1].Paragraph == p.Paragraph {
			context = append(context, own[j-1]...)
		}
		if j+1 < len(ps) && ps[j+1].Paragraph == p.Paragraph {
			context = append(context, own[j+1]...)
		}
		kinds := make(tokens, len(p.kinds))
		for k, kind := range p.kinds {
			kinds[k] = &analysis.Token{Term: []byte(kind), Position: k + 1, Type: analysis.AlphaNumeric}
		}
		out.fields[j] = [len(docFields)]tokens{own[j], context, analyze(p.speaker), analyze(about), kinds}
		for f, toks := range out.fields[j] {
			countTerms(&out.df[f], toks)
		}
		// The re-ranker reads what is shown: a sentence that leans on the
		// one before is shown with it, and is about what they say together.
		shown := own[j]
		if p.text != p.Text {
			shown = tokens(an.Analyze([]byte(p.text)))
		}
		var persons []uint32
		for k, name := range p.persons {
			if k > 0 {
				persons = append(persons, noWord)
			}
			persons = append(persons, ids(analyze(name))...)
		}
		out.recs[j] = record{
			story: int32(storyIdx), para: int32(p.Paragraph), sent: int32(p.Number),
			kinds: kindSetOf(p.kinds), show: p.text, speaker: p.speaker,
			text: ids(shown), speakerTerms: ids(analyze(p.speaker)), about: ids(analyze(about)),
			defines: ids(analyze(strings.Join(p.defines, " "))), persons: persons,
		}
	}
	return out
}

// countTerms adds one to df for each distinct term of toks.
func countTerms(df *map[string]int, toks tokens) {
	if *df == nil {
		*df = map[string]int{}
	}
	for i, t := range toks {
		seen := false
		for _, u := range toks[:i] {
			if string(u.Term) == string(t.Term) {
				seen = true
				break
			}
		}
		if !seen {
			(*df)[string(t.Term)]++
		}
	}
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
func (e *Engine) Close() error { return e.idx.Close() }
