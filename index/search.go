package index

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"storybot/index/thesaurus"
	"storybot/index/vectors"
)

// AskOptions shape one answer.
type AskOptions struct {
	Top     int  // how many passages at most; 3 when zero
	Explain bool // fill Answer.Explain (and Result.Explain on abstention)
}

// MaxQuestion is the longest question, in bytes, the engine reads; the rest
// is ignored.
const MaxQuestion = 1000

// Answering is two stages: bleve's BM25 over the passage fields picks
// candidates, then a re-ranker that knows which question word matched
// where (and how: itself, a synonym, a spelling fix) orders them and
// decides whether the best is good enough to show.

// candidates is how many passages the first stage hands the re-ranker.
const candidates = 20

// postingBudget is how many postings the first stage reads at most, past
// the rarest word's: about a millisecond's work.
const postingBudget = 20000

// How much an alternative form of a question word earns of its weight.
const (
	altSynonym = 0.6  // a synonym of the word instead of the word
	altRelated = 0.35 // a broader word (WordNet hypernym) instead of the word
	altFix     = 0.8  // a spelling fix instead of the word
)

// weights are the ranking's numbers, chosen on the evaluation questions
// (public and dev sets; see the ablation table in the README).
type weights struct {
	// Field weights. In the first stage a field's boost; in the re-ranker
	// the share of a question word's weight that a match in that field
	// earns. A word in the sentence itself counts most; in the name of who
	// says it or in another name for what it mentions nearly as much; in
	// the neighbouring sentences or the story's title a little.
	Text, Speaker, About, Context, Title float64

	// The other evidence, relative to a question word's rarity.
	Phrase float64 // per pair of question words next to each other in the passage
	Kind   float64 // the passage holds the kind of fact asked for
	// KindMiss scales a passage without the number or date that a "how
	// many" or "when" question asks for.
	KindMiss float64
	Define   float64 // the passage introduces or describes a name the question asks about
	Quote    float64 // the passage quotes the person whose words are asked for
	Person   float64 // a "who" question's passage names somebody the question does not

	// UnknownNonNoun is the weight kept by a question word the corpus never
	// uses when it is a verb, adjective or adverb; see unknownWeight.
	UnknownNonNoun float64
	// CommonVerb is the weight kept by one of English's most common verbs;
	// see knownWeight.
	CommonVerb float64

	// Threshold is the least share of the question's weight (by rarity)
	// that the best passage must match for the engine to answer.
	Threshold float64
}

var defaultWeights = weights{
	Text: 1, Speaker: 0.9, About: 0.7, Context: 0.6, Title: 0.2,
	Phrase: 0.35, Kind: 2, KindMiss: 0.8, Define: 2, Quote: 1.0, Person: 1.0,
	UnknownNonNoun: 0.25, CommonVerb: 0.5,
	Threshold: 0.43,
}

func (w *weights) field(f string) float64 {
	switch f {
	case fText:
		return w.Text
	case fSpeaker:
		return w.Speaker
	case fAbout:
		return w.About
	case fContext:
		return w.Context
	case fTitle:
		return w.Title
	}
	return 0
}

func (e *Engine) threshold() float64 {
	if e.opt.Threshold != 0 {
		return e.opt.Threshold
	}
	return e.w.Threshold
}

// qterm is one word of the question, after analysis.
type qterm struct {
	term string  // the analyzed form ("refus")
	word string  // as the question has it, lower-cased ("refused")
	vec  vectors.Vec
	inv  float32 // 1/|vec|
	pos  byte    // its dominant part of speech (thesaurus.Class), 0 if unknown
	// rarity is how rare the word is in English (vectors.Rarity): a word
	// the corpus does not know tells more the rarer it is.
	rarity float64
	// name is true for a name (thesaurus.IsName) or a number: the
	// particular things a question can be about.
	name bool
	id   uint32  // its word id, noWord if the corpus does not hold it
	idf  float64 // how rare it is in the corpus: how much matching it tells
	// weight is how much the question is about it, for abstention: a word
	// the corpus never uses is weighed by what kind of word it is.
	weight float64
	// alts are other analyzed forms that count for it: synonyms and
	// spelling fixes, each with the share of the weight it earns.
	alts map[string]float64
}

// Ask answers one question.
func (e *Engine) Ask(ctx context.Context, question string, opt AskOptions) (Result, error) {
	res := Result{Question: question, Answers: []Answer{}}
	if opt.Top <= 0 {
		opt.Top = 3
	}
	if len(question) > MaxQuestion {
		cut := MaxQuestion
		for cut > 0 && !utf8.RuneStart(question[cut]) {
			cut-- // never split a character
		}
		question = question[:cut]
	}
	intent := intentOf(question)
	terms := e.questionTerms(intent.rest)
	if len(terms) == 0 && intent.kind != kindLead {
		return res, nil
	}
	sr, err := e.idx.SearchInContext(ctx, e.request(terms, intent))
	if err != nil {
		return res, fmt.Errorf("search %q: %w", question, err)
	}
	rs := e.rerank(terms, intent, sr.Hits)
	if best := bestCoverage(rs, opt.Top); best < e.threshold() {
		if opt.Explain && len(rs) > 0 {
			// Say why nothing was good enough.
			res.Explain = e.explain(terms, intent, rs[0])
		}
		return res, nil
	}
	res.Answered = true
	for _, r := range rs {
		if len(res.Answers) == opt.Top {
			break
		}
		a, err := e.answer(r)
		if err != nil {
			return res, err
		}
		if opt.Explain {
			a.Explain = e.explain(terms, intent, r)
		}
		res.Answers = append(res.Answers, a)
	}
	return res, nil
}

// bestCoverage is the largest coverage among the passages that would be
// shown: the engine answers when one of them matches enough of the
// question, whatever order the ranking put them in.
func bestCoverage(rs []ranked, top int) float64 {
	best := 0.0
	for i := 0; i < len(rs) && i < top; i++ {
		best = math.Max(best, rs[i].coverage)
	}
	return best
}

// questionTerms analyzes a question into its words, weighted by rarity,
// with the other forms that may stand for each: synonyms, and spelling
// fixes for words the corpus does not know.
func (e *Engine) questionTerms(question string) []qterm {
	var terms []qterm
	n := float64(e.docs)
	maxIDF := math.Log(1 + (n+0.5)/0.5)
	toks := e.analyzer.Analyze([]byte(question))
	prev := "" // the word before, for phrasal verbs
	for _, tok := range toks {
		t := string(tok.Term)
		word := strings.ToLower(question[tok.Start:tok.End])
		// The particle of a phrasal verb ("back" in "pushed back") is part
		// of the verb, looked up with it, not a word of its own.
		particle := particles[word] && prev != "" && thesaurus.Lookup(prev+" "+word) != nil
		prev = word
		if particle || questionFiller[t] || slices.ContainsFunc(terms, func(q qterm) bool { return q.term == t }) {
			continue
		}
		df := float64(e.df[t])
		phrase := ""
		if next := nextWord(question[tok.End:]); next != "" {
			phrase = word + " " + strings.ToLower(next)
		}
		alts, pos, count := e.alternatives(t, word, phrase)
		qt := qterm{term: t, word: word, id: e.words.ids[t], idf: math.Log(1 + (n-df+0.5)/(df+0.5)), alts: alts, pos: pos}
		bare := strings.TrimSuffix(strings.TrimSuffix(word, "'s"), "’s")
		qt.rarity, _ = vectors.Rarity(bare)
		qt.name = thesaurus.IsName(bare) || strings.IndexFunc(bare, func(r rune) bool { return r < '0' || r > '9' }) < 0
		if v, ok := lookupVec(word); ok {
			qt.vec, qt.inv = v, invNorm(v)
		} else if qt.id != noWord && e.wv.inv != nil && e.wv.inv[qt.id] != 0 {
			qt.vec, qt.inv = e.wv.vec(qt.id), e.wv.inv[qt.id]
		}
		if df == 0 {
			qt.weight = maxIDF * e.unknownWeight(pos)
		} else {
			qt.weight = qt.idf * e.knownWeight(pos, count)
		}
		terms = append(terms, qt)
	}
	return terms
}

// nextWord returns the word that opens s after spaces, or "" if
// something else comes first.
func nextWord(s string) string {
	s = strings.TrimLeft(s, " ")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

// termInfo is what a question word brings besides itself; it depends only
// on the word and the corpus, so it is computed once per word.
type termInfo struct {
	alts  map[string]float64 // read-only once cached
	pos   byte               // the word's dominant part of speech (thesaurus.Class)
	count int                // how common it is in English (thesaurus.Class)
}

// particles make a phrasal verb of the word before them.
var particles = map[string]bool{
	"over": true, "up": true, "down": true, "back": true, "out": true, "off": true,
	"in": true, "on": true, "away": true, "through": true, "about": true, "around": true,
}

// commonVerbCount is the SemCor tag count above which a verb is among
// English's most common ("make" 1613, "see" 1214, "go" 598, "ask" 428).
const commonVerbCount = 300

// maxCachedWords bounds the word cache: questions can bring any word.
const maxCachedWords = 50000

// alternatives returns the other analyzed forms that count for the
// analyzed term t (surface form word, followed by phrase when the next
// word makes one with it), with their weights, and the weight the word
// keeps if the corpus does not know it. The result must not be modified.
func (e *Engine) alternatives(t, word, phrase string) (alts map[string]float64, pos byte, count int) {
	key := t + "\x00" + word + "\x00" + phrase
	e.cacheMu.Lock()
	info, ok := e.cache[key]
	e.cacheMu.Unlock()
	if ok {
		return info.alts, info.pos, info.count
	}
	qt := qterm{term: t}
	phrasal := false
	if phrase != "" {
		// A phrasal verb or compound: "pushed back", "hand over".
		syns := thesaurus.Lookup(phrase)
		_, particle, _ := strings.Cut(phrase, " ")
		phrasal = syns != nil && particles[particle]
		if !e.opt.Disable["synonyms"] {
			e.addAlts(&qt, syns, altSynonym)
		}
	}
	if !e.opt.Disable["synonyms"] {
		for alt, w := range e.lex[t] {
			qt.setAlt(alt, w)
		}
		e.addAlts(&qt, thesaurus.Lookup(word), altSynonym)
		e.addAlts(&qt, thesaurus.Related(word), altRelated)
	}
	if e.df[t] == 0 && !e.opt.Disable["fuzzy"] {
		for _, fix := range e.spellingFixes(t) {
			if _, ok := qt.alts[fix]; !ok {
				qt.setAlt(fix, altFix)
			}
		}
	}
	info = termInfo{alts: qt.alts}
	info.pos, info.count = thesaurus.Class(word)
	if phrasal {
		info.pos = 'v' // "hand" in "hand over" is a verb
	}
	e.cacheMu.Lock()
	if len(e.cache) >= maxCachedWords {
		clear(e.cache)
	}
	e.cache[key] = info
	e.cacheMu.Unlock()
	return info.alts, info.pos, info.count
}

// unknownWeight is the share of the full weight that a question word the
// corpus never uses keeps for abstention. Nouns and names carry a
// question's topic: "calories", "France", "password" the corpus does not
// know mean the question is not about it. Verbs, adjectives and adverbs
// are more often the asker's own way of saying what the story says in
// other words ("happen", "create", "official"), so missing them tells
// less.
func (e *Engine) unknownWeight(pos byte) float64 {
	if e.opt.Disable["pos"] {
		return 1
	}
	switch pos {
	case 'v', 'a', 'r':
		return e.w.UnknownNonNoun
	}
	return 1
}

// knownWeight is the share of its rarity that a question word the corpus
// uses keeps for abstention. The verbs English uses most ("make", "go",
// "take", "say") are in nearly every story in some form: finding one says
// little about whether a question is about this one ("How do I make
// pancakes?").
func (e *Engine) knownWeight(pos byte, count int) float64 {
	if e.opt.Disable["pos"] || pos != 'v' || count < commonVerbCount {
		return 1
	}
	return e.w.CommonVerb
}

// addAlts adds the words the corpus knows among alternatives, analyzed as
// the corpus was.
func (e *Engine) addAlts(qt *qterm, words []string, weight float64) {
	for _, w := range words {
		for _, tok := range e.analyzer.Analyze([]byte(w)) {
			alt := string(tok.Term)
			if alt != qt.term && e.df[alt] > 0 && qt.alts[alt] < weight {
				qt.setAlt(alt, weight)
			}
		}
	}
}

func (qt *qterm) setAlt(alt string, weight float64) {
	if qt.alts == nil {
		qt.alts = map[string]float64{}
	}
	qt.alts[alt] = weight
}

// spellingFixes returns the corpus words within a small edit distance of
// an unknown word: one edit for words of 4 to 7 letters, two for longer.
func (e *Engine) spellingFixes(t string) []string {
	k := 0
	switch n := len(t); {
	case n >= 8:
		k = 2
	case n >= 4:
		k = 1
	default:
		return nil
	}
	var fixes []string
	var rows [2][]int
	for _, w := range e.vocab {
		if d := len(w) - len(t); d <= k && d >= -k && editDistance(t, w, k, &rows) <= k {
			fixes = append(fixes, w)
		}
	}
	return fixes
}

// editDistance is the Levenshtein distance between a and b, or max+1 when
// it is larger than max. rows is scratch space, reused across calls.
func editDistance(a, b string, max int, rows *[2][]int) int {
	if cap(rows[0]) < len(b)+1 {
		rows[0], rows[1] = make([]int, len(b)+1, 2*len(b)+2), make([]int, len(b)+1, 2*len(b)+2)
	}
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// questionFiller are words of asking, not of the thing asked about.
var questionFiller = map[string]bool{
	"tell": true, "pleas": true, "know": true, "explain": true, "describ": true, "me": true,
}

// The kinds of fact a question may ask for, matching annotate's kinds.
const (
	kindNumber = "number"
	kindDate   = "date"
	kindLead   = "lead"
	kindCause  = "cause"
	kindQuote  = "quote"
	kindCommit = "commit" // a first-person commitment, what "promise" asks for
)

// intent is what a question asks for besides its words.
type intent struct {
	kind string // a kind of fact, or ""
	rest string // the question without the words that asked for the kind
	// define is true for "who is…", "what is…", "which…" questions, which
	// want the sentence that says what a named person or thing is.
	define bool
	// quote is true when the question asks what somebody said, thinks or
	// promised: it wants that person's own words.
	quote bool
	// person is true for "who" questions: the answer names somebody the
	// question does not.
	person bool
}

// intentOf reads the kind of fact a question asks for: "how many" wants a
// number, "when" a date, "tl;dr" or "what is the story about" the lead.
func intentOf(q string) intent {
	in := kindOf(q)
	l := strings.ToLower(strings.TrimSpace(q))
	in.person = strings.HasPrefix(l, "who ") || strings.HasPrefix(l, "whom ") || strings.HasPrefix(l, "to whom ")
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if sayingWords[w] {
			in.quote = true
		}
		if promiseWords[w] && in.kind == "" {
			in.kind = kindCommit
		}
	}
	for _, p := range []string{"who ", "who's ", "what is ", "what's ", "what are ", "which "} {
		if strings.HasPrefix(l, p) {
			in.define = true
		}
	}
	return in
}

// sayingWords are verbs of saying and thinking: a question that uses one
// about somebody wants what they said.
var sayingWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`say says said saying tell tells told call calls called
		describe describes described think thinks thought believe believes believed feel feels felt
		claim claims claimed argue argues argued promise promises promised vow vows vowed pledge
		pledges pledged respond responds responded react reacts reacted answer answers answered
		write writes wrote written comment comments commented reply replies replied warn warns
		warned insist insists insisted assure assures assured reassure reassures reassured mention
		mentions mentioned complain complains complained view views consider considers considered
		criticize criticizes criticized criticise criticises criticised`) {
		sayingWords[w] = true
	}
}

// promiseWords ask for a commitment.
var promiseWords = map[string]bool{
	"promise": true, "promises": true, "promised": true, "pledge": true, "pledges": true,
	"pledged": true, "vow": true, "vows": true, "vowed": true, "commit": true, "commits": true,
	"committed": true, "guarantee": true, "guarantees": true, "guaranteed": true,
}

func kindOf(q string) intent {
	l := strings.ToLower(q)
	words := strings.FieldsFunc(l, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ';') })
	has := func(seq ...string) int {
		for i := 0; i+len(seq) <= len(words); i++ {
			ok := true
			for j, s := range seq {
				if words[i+j] != s {
					ok = false
					break
				}
			}
			if ok {
				return i
			}
		}
		return -1
	}
	drop := func(i, n int) string {
		return strings.Join(append(append([]string{}, words[:i]...), words[i+n:]...), " ")
	}
	switch {
	case has("how", "many") >= 0:
		return intent{kind: kindNumber, rest: drop(has("how", "many"), 2)}
	case has("how", "much") >= 0:
		return intent{kind: kindNumber, rest: drop(has("how", "much"), 2)}
	case has("what", "number") >= 0:
		return intent{kind: kindNumber, rest: q}
	case len(words) > 0 && words[0] == "when", has("how", "long", "ago") >= 0:
		return intent{kind: kindDate, rest: q}
	case has("what", "day") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "day"), 2)}
	case has("what", "date") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "date"), 2)}
	case has("what", "year") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "year"), 2)}
	case has("what", "month") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "month"), 2)}
	case has("what", "time") >= 0:
		return intent{kind: kindDate, rest: drop(has("what", "time"), 2)}
	case has("name", "of") >= 0 && len(words) > 0 && (words[0] == "what" || words[0] == "whats"):
		// "What is the (full, official) name of…" asks for a name: "name"
		// and the words that say which name are not what the answer is
		// about. intentOf makes it a define question.
		i := has("name", "of")
		if i > 0 && words[i-1] != "the" && words[i-1] != "is" && words[i-1] != "s" {
			return intent{rest: drop(i-1, 2)}
		}
		return intent{rest: drop(i, 1)}
	case len(words) > 0 && words[0] == "why", has("what", "reason") >= 0, has("for", "what", "purpose") >= 0:
		return intent{kind: kindCause, rest: q}
	}
	for _, w := range words {
		switch w {
		case "tldr", "tl;dr", "summary", "summarize", "summarise", "gist", "overview", "recap":
			return intent{kind: kindLead, rest: ""}
		}
	}
	if (has("what", "is", "this") >= 0 || has("what", "s", "this") >= 0 || has("what", "is", "the") >= 0) &&
		(has("story", "about") >= 0 || has("article", "about") >= 0 || has("news", "about") >= 0) {
		return intent{kind: kindLead, rest: ""}
	}
	return intent{rest: q}
}

// request makes the first-stage search: per question word, a disjunction
// over the fields and the word's alternatives; over the words, a
// disjunction whose coordination factor favours passages that match more.
//
// In a large corpus a question's first stage costs what its postings cost:
// every passage that holds any of its words in any field is scored. So the
// first stage looks words up rarest first (they tell the most) until a
// budget of postings is spent, the rarest always; the re-ranker still
// counts every word in every candidate. In a small corpus everything fits.
func (e *Engine) request(terms []qterm, in intent) *bleve.SearchRequest {
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return terms[order[a]].idf > terms[order[b]].idf })
	budget := postingBudget
	per := make([]query.Query, 0, len(terms)+1)
	for _, i := range order {
		t := terms[i]
		var fields []query.Query
		add := func(f, term string, boost float64) {
			n := e.postings(f, term)
			if n > 0 && (n <= budget || len(per) == 0 && len(fields) == 0 && f == fText) {
				budget -= n
				fields = append(fields, termQuery(f, term, boost))
			}
		}
		for _, f := range []string{fText, fSpeaker, fAbout, fContext} {
			if f == fText || !e.opt.Disable["fields"] {
				add(f, t.term, e.w.field(f))
			}
		}
		for alt, w := range t.alts {
			// Broader words only count in the re-ranker: each is one more
			// term to look up, for little.
			if w >= altSynonym {
				add(fText, alt, w)
			}
		}
		if len(fields) > 0 {
			per = append(per, bleve.NewDisjunctionQuery(fields...))
		}
	}
	if in.kind == kindLead {
		per = append(per, termQuery(fKind, kindLead, 1))
	}
	return bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(per...), candidates, 0, false)
}

// postings is how many passages hold term in field.
func (e *Engine) postings(field, term string) int {
	switch field {
	case fText:
		return e.df[term]
	case fContext:
		return 2 * e.df[term] // a sentence is the context of up to two others
	}
	return e.fieldDF[field][term]
}

func termQuery(field, term string, boost float64) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// ranked is a candidate passage with what the re-ranker found out.
type ranked struct {
	hit      *search.DocumentMatch
	rec      *record
	matched  []match // by question term, in question order
	coverage float64 // the share of the question's weight it matches
	score    float64
	features []string // what else counted, for explanations
}

// match is where a question term was found in a passage; the zero value
// means nowhere.
type match struct {
	field  string
	form   uint32  // the word id of the form found: the term, a synonym, a fix
	weight float64 // the share of the term's weight it earns
}

// formRef says which question term an analyzed form stands for, and for
// how much of its weight.
type formRef struct {
	term   int
	weight float64
}

// questionForms indexes, by word id, every form that counts for a
// question term; forms the corpus does not hold have no id and no entry.
func (e *Engine) questionForms(terms []qterm) map[uint32][]formRef {
	forms := make(map[uint32][]formRef, len(terms)*4)
	add := func(word string, ref formRef) {
		if id, ok := e.words.ids[word]; ok {
			forms[id] = append(forms[id], ref)
		}
	}
	for i, t := range terms {
		add(t.term, formRef{i, 1})
		for alt, w := range t.alts {
			add(alt, formRef{i, w})
		}
	}
	return forms
}

// rerank scores the candidates and sorts them best first.
func (e *Engine) rerank(terms []qterm, in intent, hits search.DocumentMatchCollection) []ranked {
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	forms := e.questionForms(terms)
	rs := make([]ranked, 0, len(hits))
	for _, hit := range hits {
		n, err := strconv.Atoi(hit.ID)
		if err != nil || n < 0 || n >= len(e.recs) {
			continue // not a passage: cannot happen with an index this package built
		}
		r := ranked{hit: hit, rec: &e.recs[n], matched: make([]match, len(terms))}
		for f, words := range e.fieldsOf(n) {
			if f != fText && e.opt.Disable["fields"] {
				continue
			}
			fw := e.w.field(f)
			for _, w := range words {
				for _, ref := range forms[w] {
					if m := &r.matched[ref.term]; fw*ref.weight > m.weight {
						*m = match{field: f, form: w, weight: fw * ref.weight}
					}
				}
			}
		}
		var got, evidence float64
		for i, t := range terms {
			got += t.weight * r.matched[i].weight
			evidence += t.idf * r.matched[i].weight
		}
		if total > 0 {
			r.coverage = got / total
		}
		r.score = evidence + e.titleBonus(terms, r.rec.story)
		if !e.opt.Disable["phrase"] {
			if n := adjacentPairs(r.matched, r.rec.text); n > 0 {
				r.score *= e.w.KindMiss + e.w.Phrase*float64(n)
				r.features = append(r.features, fmt.Sprintf("%d question word pair(s) side by side", n))
			}
		}
		if in.define && !e.opt.Disable["define"] {
			if t := definedTerm(terms, r.rec.defines); t != "" {
				r.score += e.w.Define
				r.features = append(r.features, "says what "+t+" is")
			}
		}
		if in.person && !e.opt.Disable["person"] && namesOther(terms, r.rec.persons) {
			r.score += e.w.Person
			r.features = append(r.features, "names somebody the question does not")
		}
		if in.quote && !e.opt.Disable["quote"] && r.rec.kinds.has(kindQuote) {
			for _, m := range r.matched {
				if m.field == fSpeaker {
					r.score += e.w.Quote
					r.features = append(r.features, "quotes the person asked about")
					break
				}
			}
		}
		if in.kind != "" && !e.opt.Disable["kind"] {
			if r.rec.kinds.has(in.kind) {
				r.score += e.w.Kind
				r.features = append(r.features, "holds a "+in.kind)
				if in.kind == kindLead {
					r.coverage = 1 // a summary is what was asked for
				}
			} else if in.kind == kindNumber || in.kind == kindDate {
				// "How many" and "when" cannot be answered without a
				// number or a date.
				r.score *= e.w.KindMiss
			}
		}
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].score > rs[j].score })
	return rs
}

// titleBonus is what a story's title adds to each of its passages: the
// same for all of them, it ranks stories, not passages within one, and it
// does not count towards coverage, for a title's words are not an answer.
func (e *Engine) titleBonus(terms []qterm, story int32) float64 {
	if e.opt.Disable["fields"] {
		return 0
	}
	bonus := 0.0
	for _, w := range e.titles[story] {
		for _, t := range terms {
			if t.id == w && w != noWord {
				bonus += e.w.Title * t.idf
			}
		}
	}
	return bonus
}

// fieldsOf yields the analyzed words of each field the re-ranker reads for
// passage n: its own, and as its context its neighbours' in the paragraph.
func (e *Engine) fieldsOf(n int) iter.Seq2[string, []uint32] {
	return func(yield func(string, []uint32) bool) {
		r := &e.recs[n]
		if !yield(fText, r.text) || !yield(fSpeaker, r.speakerTerms) || !yield(fAbout, r.about) {
			return
		}
		for _, m := range [2]int{n - 1, n + 1} {
			if m >= 0 && m < len(e.recs) && e.recs[m].story == r.story && e.recs[m].para == r.para {
				if !yield(fContext, e.recs[m].text) {
					return
				}
			}
		}
	}
}

// adjacentPairs counts the pairs of consecutive question words whose
// matched forms stand next to each other (stop words aside) in the
// passage's own text.
func adjacentPairs(matched []match, text []uint32) int {
	n := 0
	for i := 0; i+1 < len(matched); i++ {
		a, b := matched[i], matched[i+1]
		if a.field != fText || b.field != fText {
			continue
		}
		for j := 0; j+1 < len(text); j++ {
			if text[j] == a.form && text[j+1] == b.form || text[j] == b.form && text[j+1] == a.form {
				n++
				break
			}
		}
	}
	return n
}

// namesOther reports whether one of the people a passage names (word
// ids, noWord between people) is not named by the question.
func namesOther(terms []qterm, persons []uint32) bool {
	named, some := false, false
	for i := 0; i <= len(persons); i++ {
		if i == len(persons) || persons[i] == noWord {
			if some && !named {
				return true
			}
			named, some = false, false
			continue
		}
		some = true
		for _, t := range terms {
			if t.id == persons[i] {
				named = true
			}
		}
	}
	return false
}

// definedTerm returns a question term among the analyzed words of the
// names a passage defines, or "".
func definedTerm(terms []qterm, defined []uint32) string {
	for _, d := range defined {
		for _, t := range terms {
			if d == t.id && d != noWord {
				return t.term
			}
		}
	}
	return ""
}

func (e *Engine) answer(r ranked) (Answer, error) {
	rec := r.rec
	if int(rec.story) >= len(e.stories) {
		return Answer{}, fmt.Errorf("passage %s: no story %d", r.hit.ID, rec.story)
	}
	st := e.stories[rec.story]
	show := rec.show
	a := Answer{
		Text:  show,
		Score: round3(r.score),
		Source: Source{
			Story: st.ID, Title: st.Title, URL: st.URL,
			Paragraph: int(rec.para), Sentence: int(rec.sent), Speaker: rec.speaker,
		},
	}
	a.Matches = e.highlight(show, r.matched)
	return a, nil
}

// highlight returns where the passage holds the forms matched in its own
// text. Analyzing a whole passage is the costliest step of an answer, so
// only its words that could stem to a matched form are analyzed: an
// analyzed form keeps the first two letters of its word (stemming cuts
// endings; base forms of irregular words keep their start, "said" → "say").
func (e *Engine) highlight(show string, matched []match) []Span {
	var forms []string
	for _, m := range matched {
		if form := e.words.words[m.form]; m.field == fText && len(form) >= 2 {
			forms = append(forms, form)
		}
	}
	if len(forms) == 0 {
		return nil
	}
	var spans []Span
	for start := 0; start < len(show); {
		r, size := utf8.DecodeRuneInString(show[start:])
		if !isWordRune(r) {
			start += size
			continue
		}
		end := start
		for end < len(show) {
			r, size := utf8.DecodeRuneInString(show[end:])
			if !isWordRune(r) && !(r == '\'' || r == '’') {
				break
			}
			end += size
		}
		word := show[start:end]
		if len(word) >= 2 && slices.ContainsFunc(forms, func(f string) bool { return strings.EqualFold(word[:2], f[:2]) }) {
			for _, tok := range e.analyzer.Analyze([]byte(word)) {
				if slices.Contains(forms, string(tok.Term)) {
					spans = append(spans, Span{Start: start + tok.Start, End: start + tok.End})
				}
			}
		}
		start = end
	}
	return spans
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func (e *Engine) explain(terms []qterm, in intent, r ranked) *Explanation {
	x := &Explanation{
		Coverage:  round3(r.coverage),
		Threshold: e.threshold(),
		Margin:    round3(r.coverage - e.threshold()),
		Features:  r.features,
	}
	for i, t := range terms {
		m := r.matched[i]
		tm := TermMatch{Term: t.term, Weight: round3(t.weight), Field: m.field, Earned: round3(m.weight)}
		if m.field != "" {
			tm.Form = e.words.words[m.form]
		}
		x.Terms = append(x.Terms, tm)
	}
	if in.kind != "" {
		x.Features = append(x.Features, "question wants a "+in.kind)
	}
	return x
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
