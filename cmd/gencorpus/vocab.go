package main

import (
	"math/rand/v2"
	"strings"
)

// The real words come first in each list, roughly in order of frequency,
// so that a Zipf draw over "real words then pseudo-words" puts the common
// English words at the head of the distribution and the generated words in
// its long tail, as in real news text.

// realNouns are countable nouns common in news copy. "a/b" gives an
// irregular plural.
const realNouns = `state court commission official law bill election letter request record
company government city county report plan policy program school judge lawyer case decision
vote tax year week month family child/children worker student hospital project contract agency
department council member system market price cost fund investigation statement proposal meeting
rule office leader president governor mayor senator committee hearing campaign district community
business service road bridge fire storm flood job wage rate complaint lawsuit trial agreement deal
issue question concern effort group organization party resident officer immigrant right panel
vehicle tariff factory farm crop tenant landlord union strike teacher nurse patient doctor vaccine
clinic pension loan bank investor share profit loss merger executive board director chairman/chairmen
spokesman/spokesmen spokeswoman/spokeswomen witness suspect victim crime prison border soldier treaty sanction embassy
minister ballot poll candidate voter analysis/analyses document email order appeal permit license
inspector audit budget deficit grant subsidy ruling verdict jury/juries settlement fee fine
payment donor donation survey study researcher scientist expert critic supporter opponent
neighborhood town village region country nation province capital port airport station plant
pipeline well mine highway railroad network platform app user customer consumer driver passenger
owner employee manager founder partner client provider supplier retailer brand product`

// massNouns take no plural and no "a".
const massNouns = `information data money health water energy security safety land housing rent
insurance debt revenue spending evidence privacy integrity registration trade immigration
funding research equipment traffic pollution weather violence legislation oversight testimony
coverage inflation unemployment growth support opposition`

// realVerbs are transitive verbs: "base past" pairs; a lone word is regular.
const realVerbs = `announce refuse approve reject sign propose criticize deny review request
block challenge cite launch release delay expand cut/cut raise defend question praise file
win/won lose/lost pass back oppose support order receive send/sent submit/submitted collect provide publish
investigate examine halt suspend revise fund build/built close open hire fire sue settle acquire
report confirm dispute veto endorse reverse extend reduce increase address reissue renew
seek/sought hold/held lead/led meet/met bring/brought pay/paid find/found tell/told keep/kept
leave/left sell/sold buy/bought spend/spent weigh consider accept allow require limit ban/banned target
track monitor inspect restore replace repair protect reach ease tighten overturn uphold/upheld
negotiate finalize unveil postpone cancel schedule recommend demand accuse charge arrest convict`

// realToVerbs take "to" and an infinitive: "declined to halt the collection".
const realToVerbs = `decline agree try plan/planned vote seek/sought promise threaten move fail vow
hope refuse want need intend ask pledge offer prepare decide`

const realAdjs = `federal local new former public private national political economic financial
legal personal military foreign senior major key final recent previous current annual early
large small full independent bipartisan preliminary temporary additional significant
controversial sensitive popular illegal official medical environmental rural urban regional
international criminal civil confidential statistical registered skeptical fundamental
inaugural original unpaid proposed interim routine emergency chief deputy top longtime`

const realFirstF = `Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy
Lisa Margaret Sandra Ashley Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca
Laura Sharon Maria Helen Anna Grace`

const realFirstM = `James Robert John Michael David William Richard Joseph Thomas Charles
Christopher Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian
George Edward Ronald Timothy Jason Jeffrey Ryan`

const realLast = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts`

// Pieces of pseudo-words. Clusters only start or end a syllable, and a
// syllable ending in a consonant is followed by a plain one, so the words
// stay pronounceable ("brastie", "kelmond").
var (
	onsets      = strings.Fields("b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sh sk sl sp st str t th tr v w z")
	plainOnsets = strings.Fields("b c d f g h k l m n p r s t v w z")
	nuclei      = strings.Fields("a e i o u a e i o u a e o ai ea ee oo ou ie oa")
	codas       = strings.Fields("n r l s t m nd rt st ck ng sk lt mp x rn ld")
	midCodas    = strings.Fields("n r l s m")
	adjSuffixes = strings.Fields("al ic ous ive ish ful ary ent ian")
	lastEndings = strings.Fields("son er ley man ton ez ski berg well ford wood field ham stein ing by")
	placeEnds   = strings.Fields("ton ville burg field port dale wood ford mouth haven")
	firstEndsF  = strings.Fields("a ia ie elle ine ette")
	firstEndsM  = strings.Fields("o an en us er el")
)

type noun struct {
	sing, plural string
	mass         bool
}

type verb struct {
	base, past, pres string // pres is the third person singular
}

type firstName struct {
	name string
	she  bool
}

// vocab is everything a story draws words from. It is built once per seed
// and shared read-only by every worker.
type vocab struct {
	nouns   []noun
	verbs   []verb
	toVerbs []verb
	adjs    []string
	firsts  []firstName
	lasts   []string
	places  []string
	figures []person // public figures who recur across stories
	types   int      // distinct word types generated, for the summary
}

// Sizes of the generated (pseudo-word) vocabulary: about 50,000 types.
const (
	pseudoNouns  = 32000
	pseudoVerbs  = 7000
	pseudoAdjs   = 7000
	pseudoFirsts = 600
	pseudoLasts  = 3000
	pseudoPlaces = 800
	numFigures   = 60
)

// newVocab draws the vocabulary of seed. The steps draw from one random
// stream in a fixed order, so that a seed always makes the same corpus.
func newVocab(seed uint64) *vocab {
	vb := &vocabBuilder{
		r:    rand.New(rand.NewPCG(mix(seed), mix(seed^0x766f636162))),
		v:    &vocab{},
		seen: map[string]bool{},
	}
	vb.nouns()
	vb.verbs()
	vb.adjectives()
	vb.names()
	vb.places()
	v := vb.v
	for range numFigures {
		v.figures = append(v.figures, v.newPerson(vb.r))
	}
	v.types = len(vb.seen) + len(v.firsts) + len(v.lasts) + len(v.places)
	return v
}

// vocabBuilder is a vocabulary being drawn.
type vocabBuilder struct {
	r    *rand.Rand
	v    *vocab
	seen map[string]bool // the words of every list so far
}

// fresh draws a pseudo-word not used before in any list, so the types of
// different parts of speech never collide.
func (vb *vocabBuilder) fresh(minSyl, maxSyl int) string {
	for {
		w := pseudoWord(vb.r, minSyl+vb.r.IntN(maxSyl-minSyl+1))
		if !vb.seen[w] {
			vb.seen[w] = true
			return w
		}
	}
}

func (vb *vocabBuilder) nouns() {
	v := vb.v
	for _, f := range strings.Fields(realNouns) {
		sing, plural, ok := strings.Cut(f, "/")
		if !ok {
			plural = pluralize(sing)
		}
		vb.seen[sing] = true
		v.nouns = append(v.nouns, noun{sing: sing, plural: plural})
	}
	// Mass nouns go among the common ones so that they are drawn often.
	for i, f := range strings.Fields(massNouns) {
		vb.seen[f] = true
		at := 3 + 5*i
		if at > len(v.nouns) {
			at = len(v.nouns)
		}
		v.nouns = append(v.nouns[:at], append([]noun{{sing: f, plural: f, mass: true}}, v.nouns[at:]...)...)
	}
	for range pseudoNouns {
		w := vb.fresh(1, 3)
		v.nouns = append(v.nouns, noun{sing: w, plural: pluralize(w)})
	}
}

func (vb *vocabBuilder) verbs() {
	v := vb.v
	v.verbs = realVerbList(realVerbs, vb.seen)
	v.toVerbs = realVerbList(realToVerbs, vb.seen)
	for range pseudoVerbs {
		// A stem that ends in a consonant takes "-ed" cleanly.
		stem := vb.fresh(1, 2)
		if isVowel(stem[len(stem)-1]) && stem[len(stem)-1] != 'e' {
			stem += plainOnsets[vb.r.IntN(len(plainOnsets))]
		}
		v.verbs = append(v.verbs, regularVerb(stem))
	}
}

func (vb *vocabBuilder) adjectives() {
	v, r := vb.v, vb.r
	v.adjs = strings.Fields(realAdjs)
	for _, a := range v.adjs {
		vb.seen[a] = true
	}
	for range pseudoAdjs {
		for {
			a := suffixed(pseudoWord(r, 1+r.IntN(2)), adjSuffixes[r.IntN(len(adjSuffixes))])
			if !vb.seen[a] {
				vb.seen[a] = true
				v.adjs = append(v.adjs, a)
				break
			}
		}
	}
}

// names draws first and last names.
func (vb *vocabBuilder) names() {
	v, r := vb.v, vb.r
	for _, f := range strings.Fields(realFirstF) {
		v.firsts = append(v.firsts, firstName{f, true})
	}
	for _, f := range strings.Fields(realFirstM) {
		v.firsts = append(v.firsts, firstName{f, false})
	}
	for range pseudoFirsts {
		she := r.IntN(2) == 0
		ends := firstEndsM
		if she {
			ends = firstEndsF
		}
		v.firsts = append(v.firsts, firstName{capitalize(suffixed(vb.fresh(1, 2), ends[r.IntN(len(ends))])), she})
	}
	v.lasts = strings.Fields(realLast)
	for range pseudoLasts {
		w := vb.fresh(1, 2)
		if r.IntN(2) == 0 {
			w = suffixed(w, lastEndings[r.IntN(len(lastEndings))])
		}
		v.lasts = append(v.lasts, capitalize(w))
	}
}

func (vb *vocabBuilder) places() {
	v, r := vb.v, vb.r
	for range pseudoPlaces {
		w := capitalize(vb.fresh(1, 2))
		switch x := r.IntN(20); {
		case x < 8:
			w = suffixed(w, placeEnds[r.IntN(len(placeEnds))])
		case x < 10:
			w += " County"
		case x == 10:
			w = "Port " + w
		case x == 11:
			w = "St. " + w // an abbreviation in the middle of a sentence
		}
		v.places = append(v.places, w)
	}
}

func realVerbList(list string, seen map[string]bool) []verb {
	var out []verb
	for _, f := range strings.Fields(list) {
		base, past, irregular := strings.Cut(f, "/")
		vb := regularVerb(base)
		if irregular {
			vb.past = past
		}
		seen[base] = true
		out = append(out, vb)
	}
	return out
}

// pseudoWord strings syllables together; see onsets for the rules.
func pseudoWord(r *rand.Rand, syllables int) string {
	var b []byte
	coda := true // treat the start as after a consonant: any onset may follow
	diphthong := false
	for s := range syllables {
		last := s == syllables-1
		switch {
		case s == 0 && r.IntN(5) > 0:
			b = append(b, onsets[r.IntN(len(onsets))]...)
		case s > 0 && coda:
			if r.IntN(3) > 0 {
				b = append(b, plainOnsets[r.IntN(len(plainOnsets))]...)
			}
		case s > 0:
			// Two vowels in a row read badly: always start a consonant.
			b = append(b, plainOnsets[r.IntN(len(plainOnsets))]...)
		}
		nuc := nuclei[r.IntN(len(nuclei))]
		if len(nuc) > 1 {
			if diphthong {
				nuc = nuc[:1] // one diphthong a word reads better than "oumpoo"
			}
			diphthong = true
		}
		b = append(b, nuc...)
		coda = false
		switch {
		case last && r.IntN(3) > 0:
			b = append(b, codas[r.IntN(len(codas))]...)
			coda = true
		case !last && r.IntN(2) == 0:
			b = append(b, midCodas[r.IntN(len(midCodas))]...)
			coda = true
		}
	}
	return string(b)
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func pluralize(w string) string {
	n := len(w)
	switch {
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

func regularVerb(base string) verb {
	n := len(base)
	past := base + "ed"
	switch {
	case base[n-1] == 'e':
		past = base + "d"
	case n > 1 && base[n-1] == 'y' && !isVowel(base[n-2]):
		past = base[:n-1] + "ied"
	}
	pres := pluralize(base) // the same spelling rules as plurals
	if base[n-1] == 'o' {
		pres = base + "es"
	}
	return verb{base: base, past: past, pres: pres}
}

// suffixed joins a stem and an ending, dropping a final vowel of the
// stem before an ending that starts with one ("Dara" + "elle").
func suffixed(stem, suffix string) string {
	if isVowel(stem[len(stem)-1]) && isVowel(suffix[0]) && len(stem) > 2 {
		stem = stem[:len(stem)-1]
	}
	return stem + suffix
}

func capitalize(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}

// mix is SplitMix64's finalizer: it turns nearby seeds (1, 2, 3, story
// numbers) into unrelated PCG states.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
