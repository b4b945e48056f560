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

// Vocabulary draws.

func (g *gen) noun() int {
	var i int
	switch {
	case g.forceTopic:
		g.forceTopic = false
		i = g.topics[g.r.IntN(len(g.topics))]
	case g.r.IntN(100) < 15:
		i = g.topics[g.r.IntN(len(g.topics))]
	default:
		i = int(g.zn.Uint64())
	}
	if g.collect {
		g.collected = append(g.collected, i)
	}
	return i
}

func (g *gen) countable() int {
	for {
		if i := g.noun(); !g.v.nouns[i].mass {
			return i
		}
	}
}

func (g *gen) verb() verb   { return g.v.verbs[g.zv.Uint64()] }
func (g *gen) toVerb() verb { return g.v.toVerbs[g.zt.Uint64()] }
func (g *gen) adj() string  { return g.v.adjs[g.za.Uint64()] }

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) pickPerson() int {
	if g.r.IntN(3) == 0 {
		return 0
	}
	return g.r.IntN(len(g.people))
}

func (g *gen) maybeAdj(pct int) {
	if g.r.IntN(100) < pct {
		g.w(g.adj())
	}
}

func article(next string) string {
	if next != "" && isVowel(next[0]) {
		return "an"
	}
	return "a"
}

// Phrases.

// personRef names person i: in full the first time (with the appositive
// role when withRole is set and the caller writes something after it),
// by surname after that.
func (g *gen) personRef(i int, withRole bool) {
	p := &g.people[i]
	if !g.named[i] {
		g.named[i] = true
		if p.title != "" {
			g.w(p.title)
		}
		g.w(p.fullName())
		if withRole && p.role != "" {
			g.p(",")
			g.w(p.role)
			g.p(",")
		}
		return
	}
	switch x := g.r.IntN(10); {
	case p.title != "" && x < 3:
		g.w(p.title)
	case p.title == "" && x < 2:
		if p.she {
			g.w("Ms.")
		} else {
			g.w("Mr.")
		}
	}
	g.w(p.last)
}

func (g *gen) orgRef(i int) {
	if g.orgNamed[i] && g.r.IntN(10) < 6 {
		g.w(g.orgs[i].short)
		return
	}
	g.orgNamed[i] = true
	g.w(g.orgs[i].full)
}

func (g *gen) place() string { return g.places[g.r.IntN(len(g.places))] }

// subject writes the subject of a clause and notes whether it is plural,
// for the verb that follows.
func (g *gen) subject() {
	g.plural = false
	switch x := g.r.IntN(100); {
	case x < 40:
		g.personRef(g.pickPerson(), true)
	case x < 54:
		g.orgRef(g.r.IntN(len(g.orgs)))
	case x < 80:
		g.w(g.det())
		g.maybeAdj(30)
		g.w(g.v.nouns[g.noun()].sing)
	case x < 92:
		g.plural = g.pluralNP()
	default:
		g.w(g.place())
	}
}

// det is "the", now and then a possessive, as in news copy.
func (g *gen) det() string {
	if g.r.IntN(100) < 72 {
		return "the"
	}
	return g.pick([]string{"its", "their", "his", "her", "this", "that"})
}

// pluralNP writes a plural noun phrase and says whether it came out
// plural (a mass noun cannot).
func (g *gen) pluralNP() bool {
	nn := g.v.nouns[g.noun()]
	if nn.mass {
		g.w("the")
		g.maybeAdj(30)
		g.w(nn.sing)
		return false
	}
	if g.r.IntN(4) > 0 {
		g.w(g.pick(pluralDets))
	}
	g.maybeAdj(30)
	g.w(nn.plural)
	return true
}

// np writes a noun phrase; people may be named only where a role
// appositive cannot end up before the final period.
func (g *gen) np(people bool) {
	r := g.r
	switch x := r.IntN(100); {
	case x < 30:
		g.w(g.det())
		g.maybeAdj(30)
		g.w(g.v.nouns[g.noun()].sing)
	case x < 46:
		g.pluralNP()
	case x < 56:
		nn := g.v.nouns[g.noun()]
		if nn.mass {
			g.w("the")
			g.w(nn.sing)
			return
		}
		if r.IntN(10) < 4 {
			a := g.adj()
			g.w(article(a))
			g.w(a)
		} else {
			g.w(article(nn.sing))
		}
		g.w(nn.sing)
	case x < 63 && g.depth < 2:
		g.w("the")
		g.w(g.v.nouns[g.countable()].sing)
		g.w("of")
		g.depth++
		g.np(false)
		g.depth--
	case x < 69 && g.depth < 2:
		g.depth++
		g.np(false)
		g.w("and")
		g.np(false)
		g.depth--
	case x < 76:
		g.orgRef(r.IntN(len(g.orgs)))
	case x < 84 && people:
		g.personRef(g.pickPerson(), false)
	case x < 87:
		g.w(g.place())
	case x < 96:
		g.numberNP()
	case x < 98:
		g.w("U.S.")
		g.w(g.v.nouns[g.countable()].plural)
	default:
		g.w(g.pick([]string{"it", "them"}))
	}
}

func (g *gen) numberNP() {
	r := g.r
	switch x := r.IntN(10); {
	case x < 5:
		g.w(numberIn(g.count()))
		g.w(g.v.nouns[g.countable()].plural)
	case x < 8:
		g.w(g.money())
	default:
		g.w(g.percent())
		g.w("of")
		g.pluralNP()
	}
}

func (g *gen) count() int {
	switch x := g.r.IntN(10); {
	case x < 3:
		return 2 + g.r.IntN(8)
	case x < 8:
		return 10 + g.r.IntN(90)
	}
	return 100 + g.r.IntN(9900)
}

// numberIn spells a number as AP style does inside a sentence.
func numberIn(n int) string {
	if n < 10 {
		return ones[n]
	}
	return commafy(n)
}

// numberStart writes a count that opens a sentence: spelled out, or
// hedged so that the sentence does not start with a digit.
func (g *gen) numberStart(n int) {
	if n < 100 {
		g.w(numberWords(n))
		return
	}
	g.w(g.pick([]string{"more than", "nearly", "about", "some"}))
	g.w(commafy(n))
}

func numberWords(n int) string {
	if n < 20 {
		return ones[n]
	}
	if n%10 == 0 {
		return tens[n/10]
	}
	return tens[n/10] + "-" + ones[n%10]
}

func commafy(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (g *gen) money() string {
	r := g.r
	switch r.IntN(3) {
	case 0:
		return "$" + commafy((1+r.IntN(999))*1000)
	case 1:
		return "$" + strconv.Itoa(1+r.IntN(99)) + "." + strconv.Itoa(r.IntN(10)) + " million"
	}
	return "$" + strconv.Itoa(1+r.IntN(9)) + "." + strconv.Itoa(r.IntN(10)) + " billion"
}

func (g *gen) percent() string {
	if g.r.IntN(3) == 0 {
		return strconv.Itoa(g.r.IntN(20)) + "." + strconv.Itoa(1+g.r.IntN(9)) + " percent"
	}
	return strconv.Itoa(2+g.r.IntN(97)) + " percent"
}

func (g *gen) timePhrase() {
	g.usedTime = true
	r := g.r
	switch x := r.IntN(14); x {
	case 0, 1:
		g.w("on " + g.pick(weekdays))
	case 2:
		g.w("last week")
	case 3:
		g.w("last month")
	case 4:
		g.w("in " + g.pick(months))
	case 5:
		g.w("on " + g.pick(monthsDated) + " " + strconv.Itoa(1+r.IntN(28)))
	case 6:
		g.w("earlier this year")
	case 7:
		g.w("in " + strconv.Itoa(2000+r.IntN(24)))
	case 8:
		ampm := "a.m."
		if r.IntN(2) == 0 {
			ampm = "p.m."
		}
		g.w("at " + strconv.Itoa(1+r.IntN(12)) + " " + ampm)
	case 9:
		g.w("on " + g.pick(weekdays) + " night")
	case 10:
		g.w("late " + g.pick(weekdays))
	case 11:
		g.w(ones[2+r.IntN(4)] + " weeks ago")
	case 12:
		g.w("since " + strconv.Itoa(2000+r.IntN(24)))
	default:
		g.w("this week")
	}
}

func (g *gen) clause() {
	g.subject()
	g.vp()
}

// agree picks the singular or plural form for the subject just written.
func (g *gen) agree(sing, plural string) string {
	if g.plural {
		return plural
	}
	return sing
}

func (g *gen) vp() {
	r := g.r
	switch x := r.IntN(100); {
	case x < 40:
		g.w(g.verb().past)
		g.np(true)
	case x < 50:
		g.w(g.toVerb().past)
		g.w("to")
		g.w(g.verb().base)
		g.np(true)
	case x < 59 && g.depth < 2:
		g.w("said")
		if r.IntN(2) == 0 {
			g.w("that")
		}
		g.depth++
		g.clause()
		g.depth--
	case x < 68:
		g.w(g.pick(modals))
		g.w(g.verb().base)
		g.np(true)
	case x < 78:
		g.w(g.agree("has", "have"))
		g.w(g.verb().past)
		g.np(true)
	case x < 84:
		g.w("had")
		g.w(g.verb().past)
		g.np(true)
	case x < 91:
		g.w(g.agree("was", "were"))
		if r.IntN(4) == 0 {
			g.w("not")
		}
		g.w(g.adj())
		g.w(g.pick([]string{"about", "with", "for", "in"}))
		g.np(false)
	case x < 96:
		g.w(g.agree("was", "were"))
		g.w(g.verb().past)
		g.w("by")
		g.np(false)
	default:
		g.w(g.agree("is expected to", "are expected to"))
		g.w(g.verb().base)
		g.np(true)
	}
}

// ext lengthens a sentence by one phrase or clause.
func (g *gen) ext() {
	r := g.r
	switch x := r.IntN(100); {
	case x < 38:
		g.w(g.pick(preps))
		g.np(true)
	case x < 50 && !g.usedTime:
		g.timePhrase()
	case x < 56 && g.depth < 2:
		g.p(",")
		g.w("which")
		g.depth++
		g.vp()
		g.depth--
	case x < 64:
		g.w("to")
		g.w(g.verb().base)
		g.np(false)
	case x < 73 && g.depth < 2:
		g.p(",")
		g.w(g.pick(conjs))
		g.depth++
		g.clause()
		g.depth--
	case x < 84 && g.depth < 2:
		g.w(g.pick(subords))
		g.depth++
		g.clause()
		g.depth--
	case x < 88:
		g.w("in")
		g.w(g.place())
	case x < 92:
		g.p(",")
		g.w("according to")
		g.orgRef(r.IntN(len(g.orgs)))
	default:
		g.w(g.pick(preps))
		g.np(false)
	}
}

// Sentences.

// sentence writes one or two sentences (never more than room) and says
// how many.
func (g *gen) sentence(room int, lede bool) int {
	if lede {
		g.begin()
		if g.r.IntN(2) == 0 {
			g.personRef(0, true)
		} else {
			g.orgRef(0)
		}
		g.vp()
		g.fill(max(g.sentLen(), 18))
		g.end(".")
		return 1
	}
	switch x := g.r.IntN(100); {
	case x < 8:
		g.begin()
		g.timePhraseOpener()
		g.clause()
		g.fill(g.sentLen())
		g.end(".")
	case x < 20:
		g.reported()
	case x < 29:
		g.quoteSingle(g.pickPerson())
	case x < 32:
		g.quoteQuestion()
	case x < 37 && room >= 2:
		g.quoteTwoInside()
		return 2
	case x < 42 && room >= 2:
		g.quoteTwoSplit()
		return 2
	case x < 46:
		g.quoteLead()
	case x < 55:
		g.countSentence()
	default:
		g.begin()
		g.clause()
		g.fill(g.sentLen())
		g.end(".")
	}
	return 1
}

func (g *gen) timePhraseOpener() {
	g.timePhrase()
	g.p(",")
}

func (g *gen) reported() {
	g.begin()
	sp := g.pickPerson()
	if g.r.IntN(4) == 0 {
		g.w("according to")
		g.personRef(sp, false)
		g.p(",")
	} else {
		g.personRef(sp, true)
		g.w("said")
		if g.r.IntN(2) == 0 {
			g.w("that")
		}
	}
	g.depth++
	g.clause()
	g.fill(g.sentLen())
	g.depth--
	g.end(".")
}

// quoteBody writes the words of a quotation, which usually touch one of
// the story's topics, and remembers the nouns for questions.
func (g *gen) quoteBody(target int) {
	r := g.r
	g.forceTopic = r.IntN(10) < 7
	g.collect = g.record
	switch x := r.IntN(100); {
	case x < 25:
		g.w("we")
		g.w(g.pick(quoteModals))
		g.w(g.verb().base)
		g.np(false)
	case x < 40:
		g.w("I")
		g.w(strings.Replace(g.pick(quoteModals), "are going", "am going", 1))
		g.w(g.verb().base)
		g.np(false)
	case x < 55:
		g.w("the")
		g.w(g.v.nouns[g.noun()].sing)
		g.w(g.pick(modals))
		g.w(g.verb().base)
		g.np(false)
	case x < 70:
		g.w(g.pick([]string{"this is", "this was", "it is", "that was"}))
		a := g.adj()
		g.w(article(a))
		g.w(a)
		g.w(g.v.nouns[g.countable()].sing)
	case x < 82:
		g.w("we have")
		g.w(g.verb().past)
		g.np(false)
	case x < 90:
		g.w(g.pick([]string{"they do not", "they did not", "people do not"}))
		g.w(g.verb().base)
		g.np(false)
	default:
		g.w(g.pick([]string{"there is no", "there was no"}))
		g.w(g.v.nouns[g.noun()].sing)
	}
	g.forceTopic = false
	g.depth++
	g.fill(target)
	g.depth--
	g.collect = false
}

func (g *gen) noteQuote(sp int) {
	if g.record {
		g.quotes = append(g.quotes, quoteFact{sp, append([]int(nil), g.collected...)})
	}
	g.collected = g.collected[:0]
	g.lastSpeaker = sp
}

// attribute writes "Kellwin said", "said Dara Kellwin, the state
// treasurer" or "she said" after a quotation.
func (g *gen) attribute(sp int) {
	p := &g.people[sp]
	if g.named[sp] && g.lastSpeaker == sp && g.r.IntN(2) == 0 {
		if p.she {
			g.w("she said")
		} else {
			g.w("he said")
		}
		return
	}
	if !g.named[sp] && p.role != "" && g.r.IntN(3) == 0 {
		// "said Dara Kellwin, the state treasurer." ends on the role.
		g.w("said")
		g.personRef(sp, false)
		g.p(",")
		g.w(p.role)
		return
	}
	g.personRef(sp, true)
	g.w(g.pick(sayings))
}

// quoteSingle: "We will ...," Kellwin said.
func (g *gen) quoteSingle(sp int) {
	g.begin()
	g.openQuote()
	g.quoteBody(max(g.sentLen()-3, 7))
	g.p(`,"`)
	g.attribute(sp)
	g.end(".")
	g.noteQuote(sp)
}

// quoteQuestion: "Why would we ...?" Kellwin asked.
func (g *gen) quoteQuestion() {
	g.begin()
	sp := g.pickPerson()
	g.openQuote()
	g.w(g.pick([]string{"why would", "why should", "how can", "who will", "why did"}))
	g.w(g.pick([]string{"we", "anyone", "the " + g.v.nouns[g.noun()].sing}))
	g.w(g.verb().base)
	g.np(false)
	g.fill(max(g.sentLen()-3, 7))
	g.p(`?"`)
	g.personRef(sp, true)
	g.w("asked")
	g.end(".")
	g.noteQuote(sp)
}

// quoteTwoInside: "First sentence. Second sentence," she said.
func (g *gen) quoteTwoInside() {
	sp := g.pickPerson()
	g.begin()
	g.openQuote()
	g.quoteBody(g.sentLen())
	g.end(".")
	g.begin()
	g.quoteBody(max(g.sentLen()-3, 7))
	g.p(`,"`)
	g.attribute(sp)
	g.end(".")
	g.noteQuote(sp)
}

// quoteTwoSplit: "First sentence," Kellwin said. "Second sentence."
func (g *gen) quoteTwoSplit() {
	sp := g.pickPerson()
	g.quoteSingle(sp)
	g.begin()
	g.openQuote()
	g.quoteBody(g.sentLen())
	g.endQuoted()
	g.noteQuote(sp)
}

// quoteLead: Kellwin said, "We will ...."
func (g *gen) quoteLead() {
	g.begin()
	sp := g.pickPerson()
	g.personRef(sp, true)
	g.w("said")
	g.p(",")
	g.openQuote()
	g.capNext = true
	g.quoteBody(max(g.sentLen()-2, 7))
	g.endQuoted()
	g.noteQuote(sp)
}

// countSentence: Forty-four states refused parts of the request.
func (g *gen) countSentence() {
	g.begin()
	ni := g.countable()
	if g.r.IntN(2) == 0 {
		ni = g.topics[g.r.IntN(len(g.topics))]
		if g.v.nouns[ni].mass {
			ni = g.countable()
		}
	}
	n := g.count()
	g.numberStart(n)
	g.w(g.v.nouns[ni].plural)
	from := len(g.buf) + 1
	g.w(g.verb().past)
	g.np(false)
	if g.record {
		g.counts = append(g.counts, countFact{ni, string(g.buf[from:])})
	}
	g.fill(g.sentLen())
	g.end(".")
}

// title writes a present-tense headline: "Kellwin renews request for voter
// data after court declines to halt collection".
func (g *gen) title() {
	r := g.r
	g.glue, g.capNext = true, true
	plural := false
	switch x := r.IntN(10); {
	case x < 4:
		g.w(g.people[0].last)
	case x < 6:
		g.w(strings.TrimPrefix(g.orgs[0].full, "the "))
	case x < 8:
		g.w(g.v.nouns[g.countable()].plural)
		plural = true
	default:
		g.w(g.places[0])
	}
	vb, to := g.verb(), r.IntN(10) < 3
	if to {
		vb = g.toVerb()
	}
	if plural {
		g.w(vb.base)
	} else {
		g.w(vb.pres)
	}
	if to {
		g.w("to")
		g.w(g.verb().base)
	}
	g.maybeAdj(30)
	g.w(g.v.nouns[g.noun()].sing)
	switch r.IntN(7) {
	case 0, 1, 2:
		g.w(g.pick(preps))
		g.maybeAdj(30)
		g.w(g.v.nouns[g.noun()].sing)
	case 3, 4, 5:
		g.w(g.pick([]string{"after", "as", "amid"}))
		g.w(g.v.nouns[g.countable()].sing)
		g.w(g.verb().pres)
		g.w(g.v.nouns[g.noun()].sing)
	}
	g.glue, g.capNext, g.n = false, false, 0
}
