package main

import "strconv"

// The words and phrases a sentence is made of: vocabulary draws, people
// and organisations, noun phrases, numbers, money and time.

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
