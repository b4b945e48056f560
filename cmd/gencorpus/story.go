package main

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// person is someone a story quotes or mentions.
type person struct {
	title  string // "Sen.", "Dr.", "U.S. District Judge" or ""
	first  string
	middle string // an initial such as "M.", or ""
	last   string
	she    bool
	role   string // the appositive of the first mention, or ""
}

func (p person) fullName() string {
	if p.middle != "" {
		return p.first + " " + p.middle + " " + p.last
	}
	return p.first + " " + p.last
}

type org struct {
	full, short string // "the Dunmore County Commission", "the commission"
}

var (
	orgKinds = []struct{ name, short string }{
		{"Commission", "the commission"}, {"City Council", "the council"},
		{"Board of Education", "the board"}, {"Police Department", "the department"},
		{"Water Authority", "the authority"}, {"Transit Authority", "the agency"},
		{"Planning Commission", "the commission"}, {"Election Board", "the board"},
		{"Chamber of Commerce", "the chamber"}, {"Housing Authority", "the authority"},
	}
	federalOrgs = []org{
		{"the U.S. Department of Justice", "the department"},
		{"the U.S. Supreme Court", "the court"},
		{"the U.S. Census Bureau", "the bureau"},
		{"the U.S. Army Corps of Engineers", "the corps"},
		{"the U.S. Postal Service", "the agency"},
	}
	localJobs = strings.Fields("treasurer clerk auditor assessor comptroller")
	// Prepositions repeat by rough frequency in English.
	preps       = strings.Fields("in in in in in in for for for for on on on with with with at at from from by by about after over against under during without into between")
	pluralDets  = []string{"the", "the", "several", "many", "some", "other", "two", "three", "four", "dozens of", "hundreds of", "most", "all"}
	modals      = []string{"would", "will", "could", "might", "would not", "should", "may"}
	quoteModals = []string{"will", "will not", "cannot", "should", "must", "would", "want to", "need to", "are going to"}
	conjs       = []string{"and", "but", "and", "while"}
	subords     = []string{"after", "because", "while", "before", "as", "when", "although", "since"}
	weekdays    = strings.Fields("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
	months      = strings.Fields("January February March April May June July August September October November December")
	// AP style abbreviates a month given with a day, except the short ones.
	monthsDated = strings.Fields("Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.")
	sayings     = []string{"said", "said", "said", "said", "told reporters", "said in a statement", "wrote in a letter", "said Monday", "said in an interview"}
	ones        = strings.Fields("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
	tens        = strings.Fields("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
)

func (v *vocab) newPerson(r *rand.Rand) person {
	f := v.firsts[r.IntN(len(v.firsts))]
	p := person{first: f.name, she: f.she, last: v.lasts[r.IntN(len(v.lasts))]}
	if r.IntN(12) == 0 {
		p.middle = string(rune('A'+r.IntN(26))) + "."
	}
	place := v.places[r.IntN(len(v.places))]
	party := "a Republican"
	if r.IntN(2) == 0 {
		party = "a Democrat"
	}
	kind := orgKinds[r.IntN(len(orgKinds))].name
	switch x := r.IntN(20); x {
	case 0, 1:
		p.title, p.role = "Sen.", party+" from "+place
	case 2:
		p.title, p.role = "Rep.", party+" from "+place
	case 3:
		p.title, p.role = "Gov.", "a first-term "+party[2:]
	case 4:
		p.title, p.role = "Dr.", "a professor of "+v.nouns[r.IntN(len(v.nouns))].sing+" at "+place+" University"
	case 5:
		p.title, p.role = "Dr.", "a physician at "+place+" General Hospital"
	case 6:
		p.title = "U.S. District Judge"
	case 7:
		p.title = "Lt. Gov."
	case 8:
		p.title, p.role = "Mayor", "who took office in "+strconv.Itoa(2010+r.IntN(14))
	case 9, 10:
		p.role = spokes(p.she) + " for the " + place + " " + kind
	case 11:
		p.role = "the chief executive of " + v.lasts[r.IntN(len(v.lasts))] + " Holdings Inc."
	case 12:
		p.role = "a lawyer for the " + place + " " + kind
	case 13:
		p.role = "vice chairman of the " + place + " " + kind
	case 14:
		p.role = "the " + place + " " + localJobs[r.IntN(len(localJobs))]
	case 15, 16:
		p.role = "a resident of " + place
	case 17:
		p.role = "an analyst at " + v.lasts[r.IntN(len(v.lasts))] + " Capital"
	}
	return p
}

func spokes(she bool) string {
	if she {
		return "a spokeswoman"
	}
	return "a spokesman"
}

// gen writes one story at a time into buf. A worker reuses one gen for
// every story it writes, so the steady state allocates little.
type gen struct {
	v              *vocab
	src            *rand.PCG
	r              *rand.Rand
	zn, zv, zt, za *rand.Zipf

	buf       []byte
	glue      bool // the next word follows without a space
	capNext   bool // the next word starts a sentence
	n         int  // words in the current sentence
	sentStart int
	usedTime  bool
	plural    bool // the last subject was plural
	depth     int  // clause nesting, bounded to keep sentences finite

	people      []person
	named       []bool
	orgs        []org
	orgNamed    []bool
	places      []string
	topics      []int // noun indices the story keeps returning to
	lastSpeaker int

	sents []sentInfo

	// Facts for questions, kept only when record is set.
	record     bool
	forceTopic bool
	collect    bool
	collected  []int
	quotes     []quoteFact
	counts     []countFact
}

type sentInfo struct{ start, end, words int }

type quoteFact struct {
	speaker int
	nouns   []int
}

type countFact struct {
	noun int
	pred string // "refused the request"
}

func newGen(v *vocab) *gen {
	g := &gen{v: v, src: rand.NewPCG(0, 0)}
	g.r = rand.New(g.src)
	// s slightly above 1 gives the familiar Zipf shape; v = 3 keeps the
	// very first word from taking one draw in seven. The real words at
	// the head take roughly three fifths of the draws.
	g.zn = rand.NewZipf(g.r, 1.1, 3, uint64(len(v.nouns)-1))
	g.zv = rand.NewZipf(g.r, 1.1, 3, uint64(len(v.verbs)-1))
	g.zt = rand.NewZipf(g.r, 1.2, 2, uint64(len(v.toVerbs)-1))
	g.za = rand.NewZipf(g.r, 1.1, 3, uint64(len(v.adjs)-1))
	return g
}

func storyID(i int) string {
	s := strconv.Itoa(i)
	if len(s) < 6 {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return "gen-" + s
}

// story generates story i of the corpus for seed into g.buf, as a whole
// corpus file. Each story has its own PCG stream, so any story can be made
// alone (for questions) and workers need not coordinate.
func (g *gen) story(seed uint64, i int) {
	g.src.Seed(mix(seed^mix(uint64(i))), mix(uint64(i)+0x73746f7279)^seed)
	r := g.r
	g.buf, g.sents = g.buf[:0], g.sents[:0]
	g.quotes, g.counts = g.quotes[:0], g.counts[:0]
	g.people, g.named, g.orgs, g.orgNamed = g.people[:0], g.named[:0], g.orgs[:0], g.orgNamed[:0]
	g.places, g.topics = g.places[:0], g.topics[:0]
	g.lastSpeaker, g.depth = -1, 0

	for range 2 + r.IntN(4) {
		var p person
		for try := 0; try < 5; try++ {
			if r.IntN(4) == 0 {
				p = g.v.figures[r.IntN(len(g.v.figures))]
			} else {
				p = g.v.newPerson(r)
			}
			if !g.hasLast(p.last) {
				break
			}
		}
		g.people = append(g.people, p)
		g.named = append(g.named, false)
	}
	for range 1 + r.IntN(3) {
		g.places = append(g.places, g.v.places[r.IntN(len(g.v.places))])
	}
	for range 2 + r.IntN(3) {
		g.orgs = append(g.orgs, g.newOrg())
		g.orgNamed = append(g.orgNamed, false)
	}
	for range 3 + r.IntN(3) {
		g.topics = append(g.topics, int(g.zn.Uint64()))
	}

	id := storyID(i)
	g.buf = append(g.buf, "id: "...)
	g.buf = append(g.buf, id...)
	g.buf = append(g.buf, "\ntitle: "...)
	g.title()
	g.buf = append(g.buf, "\nurl: https://example.invalid/"...)
	g.buf = append(g.buf, id...)
	g.buf = append(g.buf, "\n\n"...)

	// A clipped normal around 33 sentences: 30,000 stories come to about
	// a million sentences.
	target := clamp(int(math.Round(r.NormFloat64()*9+33)), 15, 60)
	g.glue = true
	for count := 0; count < target; {
		if count > 0 {
			g.buf = append(g.buf, "\n\n"...)
			g.glue = true
		}
		size := [...]int{1, 1, 1, 2, 2, 2, 2, 3, 3, 4}[r.IntN(10)]
		size = min(size, target-count)
		k := 0
		for k < size {
			k += g.sentence(size-k, count == 0 && k == 0)
		}
		count += k
	}
	g.buf = append(g.buf, '\n')
}

func clamp(x, lo, hi int) int { return max(lo, min(hi, x)) }

func (g *gen) hasLast(last string) bool {
	for _, p := range g.people {
		if p.last == last {
			return true
		}
	}
	return false
}

func (g *gen) newOrg() org {
	r, v := g.r, g.v
	place := v.places[r.IntN(len(v.places))]
	switch x := r.IntN(10); {
	case x < 4:
		k := orgKinds[r.IntN(len(orgKinds))]
		return org{"the " + place + " " + k.name, k.short}
	case x < 5:
		return org{"the Department of " + capitalize(v.nouns[g.zn.Uint64()].sing), "the department"}
	case x < 6:
		return org{v.lasts[r.IntN(len(v.lasts))] + " Holdings Inc.", "the company"}
	case x < 7:
		return org{place + " Energy Corp.", "the company"}
	case x < 8:
		return federalOrgs[r.IntN(len(federalOrgs))]
	case x < 9:
		return org{"the " + capitalize(v.adjs[g.za.Uint64()]) + " " + capitalize(v.nouns[g.zn.Uint64()].sing) + " Association", "the association"}
	}
	return org{"the Presidential Commission on " + capitalize(v.nouns[g.zn.Uint64()].sing) + " " + capitalize(v.nouns[g.zn.Uint64()].sing), "the commission"}
}

// Writing primitives. w appends words (one or more, space separated),
// p appends punctuation with no space before it.

func (g *gen) w(s string) {
	if g.glue {
		g.glue = false
	} else {
		g.buf = append(g.buf, ' ')
	}
	i := len(g.buf)
	g.buf = append(g.buf, s...)
	if g.capNext {
		g.capNext = false
		if c := g.buf[i]; 'a' <= c && c <= 'z' {
			g.buf[i] = c - 'a' + 'A'
		}
	}
	g.n += 1 + strings.Count(s, " ")
}

func (g *gen) p(s string) { g.buf = append(g.buf, s...) }

func (g *gen) openQuote() {
	if g.glue {
		g.glue = false
	} else {
		g.buf = append(g.buf, ' ')
	}
	g.buf = append(g.buf, '"')
	g.glue = true
}

func (g *gen) begin() {
	g.sentStart = len(g.buf)
	if !g.glue {
		g.sentStart++
	}
	g.n, g.capNext, g.usedTime, g.plural = 0, true, false, false
}

// end closes a sentence. A sentence that already ends in an abbreviation
// ("U.S.", "a.m.") takes no second period, as in print.
func (g *gen) end(punct string) {
	if !(punct == "." && g.buf[len(g.buf)-1] == '.') {
		g.p(punct)
	}
	g.finish()
}

// endQuoted closes a sentence that ends inside a quotation.
func (g *gen) endQuoted() {
	if g.buf[len(g.buf)-1] != '.' {
		g.p(".")
	}
	g.p(`"`)
	g.finish()
}

func (g *gen) finish() {
	g.sents = append(g.sents, sentInfo{g.sentStart, len(g.buf), g.n})
	g.capNext = true
}

// sentLen draws a sentence length: mean about 20 words, 8 to 40.
func (g *gen) sentLen() int {
	return clamp(int(math.Round(g.r.NormFloat64()*6.5+18.3)), 7, 37)
}

// fill extends the sentence to about target words. Near the target only
// short phrases are added, so that no sentence runs far past 40 words.
func (g *gen) fill(target int) {
	for g.n < target {
		if target-g.n <= 7 {
			d := g.depth
			g.depth = 2 // no nested phrases
			g.w(g.pick(preps))
			g.np(false)
			g.depth = d
			continue
		}
		g.ext()
	}
}
